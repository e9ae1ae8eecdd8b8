"""The standalone defaults of ChartLabels agree with display.py, the one formatting rule."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from backend.workouts import display
from charts import ENGLISH, KOREAN, chart_labels
from charts.labels import default_weight


@pytest.mark.parametrize("unit", ["kg", "lb"])
def test_the_default_weight_reads_like_display_format_estimate(unit: str) -> None:
    values = [0.0, 100.0, 127.06, 190.55, 190.6, 163.25, *np.round(np.linspace(20, 400, 97), 2)]

    differ = [
        (kg, default_weight(float(kg), unit), display.format_estimate(float(kg), unit))
        for kg in values
        if default_weight(float(kg), unit) != display.format_estimate(float(kg), unit)
    ]

    assert differ == []


def test_dates_read_in_each_language() -> None:
    start, end = date(2024, 12, 1), date(2025, 5, 31)

    assert ENGLISH.period(start=start, end=end) == "Dec 1, 2024 – May 31, 2025"
    assert KOREAN.period(start=start, end=end) == "2024년 12월 1일 – 2025년 5월 31일"
    assert KOREAN.month(date(2025, 1, 1), with_year=True) == "2025년 1월"


def test_level_names_merge_over_the_languages_own_and_ignore_casing() -> None:
    labels = chart_labels("ko", level_names={"Elite": "최상급"})

    assert [labels.level(i) for i in ("ELITE", "advanced", "mystery")] == [
        "최상급",
        "상급",
        "mystery",
    ]


def test_an_unknown_language_falls_back_to_english() -> None:
    assert chart_labels("fr").trend == "Trend"
