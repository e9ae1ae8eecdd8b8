"""Every chart kind drawn in Korean: the strings on the Figure are Korean, with no English left."""

from __future__ import annotations

import dataclasses
import re
import warnings

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from charts import CHART_KINDS, KOREAN, chart_figure, chart_labels
from charts.demo import empty_samples, sample_one_point, samples
from charts.labels import MONTHS
from charts.theme import font_families

KOREAN_NAMES = {
    "Squat": "스쿼트",
    "Bench press": "벤치프레스",
    "Deadlift": "데드리프트",
    "Overhead press": "오버헤드프레스",
}
# English words a Korean chart must not show (exercise names are swapped for Korean ones above).
ENGLISH_WORDS = [
    "Trend",
    "Best set",
    "PR",
    "Estimated",
    "Beginner",
    "Novice",
    "Intermediate",
    "Advanced",
    "Elite",
    "stronger",
    "lifters",
    "Levels",
    "Weekly",
    "volume",
    "Volume",
    "Percentile",
    "percentile",
    "Bodyweight",
    "since",
    "so far",
    "average",
    "dashed",
    "No data",
    "Progress",
    "All lifts",
    "points",
    *MONTHS,
]
pytestmark = pytest.mark.skipif(len(font_families()) == 1, reason="no CJK font installed")


def korean(data: object) -> object:
    """The sample data with Korean exercise names (lifters see their exercises in Korean)."""
    if hasattr(data, "lifts"):
        return dataclasses.replace(data, lifts=tuple(korean(lift) for lift in data.lifts))  # type: ignore[attr-defined]
    name = getattr(data, "exercise", None)
    return dataclasses.replace(data, exercise=KOREAN_NAMES[name]) if name else data  # type: ignore[type-var]


def drawn_strings(figure: Figure) -> list[str]:
    """Every non-empty string drawn on the figure: titles, ticks, axis labels, legend, bands."""
    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


def render_korean(kind: str, data: object) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph warns
        figure = chart_figure(kind, data, labels=chart_labels("ko"))
    return drawn_strings(figure)


def english_leftovers(strings: list[str]) -> list[str]:
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH_WORDS) + r")\b")
    return [s for s in strings if pattern.search(s)]


EXPECTED = {
    "e1rm": [
        "벤치프레스 · 중급 · 리프터 68%보다 강함",
        "추정 1RM (kg)",
        "그날의 최고 세트",
        "추세",
        "개인 최고 기록",
        "상급",
        "엘리트",
        "레벨: Strength Level 기준",
    ],
    "volume": ["주간 볼륨 · 벤치프레스", "볼륨 (kg)", "5월 15일"],
    "percentile": ["벤치프레스 · 리프터 68%보다 강함", "백분위", "중급", "상급"],
    "bodyweight": ["체중 (kg)", "3월 15일"],
    "overview": ["진행 요약", "스쿼트", "중급 · 163.1 kg", "상급 · 213.4 kg"],
}


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_each_kind_draws_korean_words_and_no_english(kind: str) -> None:
    strings = render_korean(kind, korean(samples(period="3m")[kind]))

    assert [e for e in EXPECTED[kind] if e not in strings] == []
    assert english_leftovers(strings) == []


def test_the_korean_subtitles_read_korean_dates() -> None:
    strings = render_korean("e1rm", korean(samples(period="3m")["e1rm"]))

    assert "추정 1RM · 2025년 3월 2일 – 5월 31일" in strings


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_the_no_data_image_is_korean_too(kind: str) -> None:
    strings = render_korean(kind, korean(empty_samples()[kind]))

    assert KOREAN.no_data in strings
    assert english_leftovers(strings) == []


def test_the_english_chart_is_unchanged_in_words() -> None:
    strings = drawn_strings(chart_figure("e1rm", samples(period="3m")["e1rm"]))

    assert "Bench press · Intermediate · stronger than 68% of lifters" in strings
    assert "Estimated 1RM · Mar 2 – May 31, 2025" in strings
    assert {"Best set of the day", "Trend", "PR", "Advanced", "e1RM (kg)"} <= set(strings)


def test_levels_and_weights_come_from_the_callers_formatters() -> None:
    labels = chart_labels(
        "ko",
        weight=lambda kg, unit: f"<{kg:.2f} {unit}>",
        level_names={"intermediate": "INT"},
    )
    figure = chart_figure("e1rm", sample_one_point(), labels=labels)

    strings = drawn_strings(figure)
    assert "<190.60 kg>" in strings  # the last value
    assert "<207.00 kg>" in strings  # a band's floor
    assert "데드리프트" not in strings and "Deadlift · INT · 리프터 62%보다 강함" in strings
