"""The words and number formats drawn inside chart images, in English (default) and Korean.

`charts` stays a pure library: callers that own the display rules (the backend's
`workouts.display`) pass their level names and weight formatter in through `chart_labels`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from charts.units import LB_PER_KG
from facts import LEVEL_NAMES, LEVELS

LEVEL_IDS = LEVELS  # level ids, weakest first
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

WeightFormat = Callable[[float, str], str]
PercentFormat = Callable[[float], str]


def _half_up(value: float, places: int) -> float:
    """Round half away from zero at `places` decimals (the way lifters and display.py round)."""
    scale = 10**places
    return math.copysign(math.floor(abs(value) * scale + 0.5 + 1e-9) / scale, value)


def default_weight(kg: float, unit: str) -> str:
    """Format an estimated mass given in kg as one-decimal `127.1 kg` or `280.2 lb`."""
    value = kg * LB_PER_KG if unit == "lb" else kg
    text = f"{_half_up(value, 1):.1f}".removesuffix(".0")
    return f"{'0' if text == '-0' else text} {unit}"


def default_percent(percentile: float) -> str:
    """Format a percentile as a whole number below 100: `63`."""
    return str(int(min(max(_half_up(percentile, 0), 0), 99)))


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class ChartLabels:
    """Every string a chart draws, plus the weight and percentile formatters it prints with.

    Templates use `str.format` fields: `{unit}`, `{month}` (short month name), `{m}` (month number),
    `{day}`, `{year}`, `{start}`, `{end}`, `{percentile}`, `{change}`, `{average}`, `{value}`.
    """

    language: str = "en"
    weight: WeightFormat = default_weight
    percent: PercentFormat = default_percent
    level_names: Mapping[str, str] = field(default_factory=lambda: _frozen(LEVEL_NAMES["en"]))
    months: tuple[str, ...] = MONTHS
    day_format: str = "{month} {day}"
    month_format: str = "{month}"
    month_year_format: str = "{month} {year}"
    period_same_year: str = "{start} – {end}, {year}"
    period_two_years: str = "{start}, {start_year} – {end}, {end_year}"
    no_data: str = "No data for this period yet"
    no_data_hint: str = "Log a set and your progress will show up here."
    panel_no_data: str = "No data yet"
    levels_credit: str = "Levels: Strength Level standards"
    stronger_than: str = "stronger than {percentile}% of lifters"
    e1rm_subtitle: str = "Estimated 1RM"
    e1rm_axis: str = "e1RM ({unit})"
    best_of_day: str = "Best set of the day"
    trend: str = "Trend"
    pr: str = "PR"
    overview_title: str = "Progress overview"
    overview_subtitle: str = "Estimated 1RM per lift"
    volume_title: str = "Weekly volume"
    all_lifts: str = "All lifts"
    volume_subtitle: str = "Weight × reps per week · average {average} {unit} (dashed)"
    volume_no_data_subtitle: str = "Weight × reps per week"
    volume_so_far: str = "{value} so far"
    volume_axis: str = "Volume ({unit})"
    percentile_name: str = "percentile"
    percentile_subtitle: str = "Percentile · {change} points"
    percentile_axis: str = "Percentile"
    bodyweight_title: str = "Bodyweight"
    bodyweight_since: str = "{change} since {day}"
    bodyweight_axis: str = "Bodyweight ({unit})"

    def level(self, level: str) -> str:
        """Return the name of a level id (any casing); an unknown name is shown as given."""
        return self.level_names.get(level.casefold(), level)

    def day(self, day: date) -> str:
        """Return a short day: `Mar 4` / `3월 4일`."""
        return self.day_format.format(month=self.months[day.month - 1], m=day.month, day=day.day)

    def month(self, day: date, *, with_year: bool = False) -> str:
        """Return a month name, with its year when asked: `Jan 2025` / `2025년 1월`."""
        template = self.month_year_format if with_year else self.month_format
        return template.format(month=self.months[day.month - 1], m=day.month, year=day.year)

    def period(self, *, start: date, end: date) -> str:
        """Return a period: `Mar 1 – May 31, 2025` (both years shown when they differ)."""
        if start.year == end.year:
            return self.period_same_year.format(
                start=self.day(start), end=self.day(end), year=end.year
            )
        return self.period_two_years.format(
            start=self.day(start), end=self.day(end), start_year=start.year, end_year=end.year
        )

    def stronger(self, percentile: float) -> str:
        """Return `stronger than 63% of lifters` in this language."""
        return self.stronger_than.format(percentile=self.percent(percentile))


ENGLISH = ChartLabels()
KOREAN = ChartLabels(
    language="ko",
    level_names=_frozen(LEVEL_NAMES["ko"]),
    day_format="{m}월 {day}일",
    month_format="{m}월",
    month_year_format="{year}년 {m}월",
    period_same_year="{year}년 {start} – {end}",
    period_two_years="{start_year}년 {start} – {end_year}년 {end}",
    no_data="이 기간에는 아직 기록이 없어요",
    no_data_hint="세트를 기록하면 여기에 진행 상황이 나타나요.",
    panel_no_data="아직 기록 없음",
    levels_credit="레벨: Strength Level 기준",
    stronger_than="리프터 {percentile}%보다 강함",
    e1rm_subtitle="추정 1RM",
    e1rm_axis="추정 1RM ({unit})",
    best_of_day="그날의 최고 세트",
    trend="추세",
    pr="개인 최고 기록",
    overview_title="진행 요약",
    overview_subtitle="종목별 추정 1RM",
    volume_title="주간 볼륨",
    all_lifts="모든 종목",
    volume_subtitle="주별 무게 × 횟수 · 평균 {average} {unit} (점선)",
    volume_no_data_subtitle="주별 무게 × 횟수",
    volume_so_far="{value} (진행 중)",
    volume_axis="볼륨 ({unit})",
    percentile_name="백분위",
    percentile_subtitle="백분위 · {change}점",
    percentile_axis="백분위",
    bodyweight_title="체중",
    bodyweight_since="{day} 이후 {change}",
    bodyweight_axis="체중 ({unit})",
)
LANGUAGES: dict[str, ChartLabels] = {"en": ENGLISH, "ko": KOREAN}


def chart_labels(
    language: str = "en",
    *,
    weight: WeightFormat | None = None,
    percent: PercentFormat | None = None,
    level_names: Mapping[str, str] | None = None,
) -> ChartLabels:
    """Return the labels of `language` (English when unknown), with the caller's formats and
    level names (merged over the language's own)."""
    labels = LANGUAGES.get(language, ENGLISH)
    changes: dict[str, object] = {}
    if weight is not None:
        changes["weight"] = weight
    if percent is not None:
        changes["percent"] = percent
    if level_names is not None:
        given = {k.casefold(): v for k, v in level_names.items()}
        changes["level_names"] = _frozen({**labels.level_names, **given})
    return replace(labels, **changes)  # type: ignore[arg-type]
