"""Progress charts: pure matplotlib renderers, plain data in, 1280×720 PNG bytes out."""

from __future__ import annotations

from typing import Any, Protocol

from charts.bodyweight import render_bodyweight
from charts.chart_data import (
    MAX_OVERVIEW_LIFTS,
    THEMES,
    UNITS,
    BodyweightChartData,
    BodyweightPoint,
    DailyBest,
    E1rmChartData,
    LevelBands,
    OverviewChartData,
    PercentileChartData,
    PercentilePoint,
    ThemeName,
    Unit,
    VolumeChartData,
    WeeklyVolume,
    daily_bests,
)
from charts.e1rm import render_e1rm
from charts.overview import render_overview
from charts.percentile import render_percentile
from charts.periods import PERIOD_DAYS, Period, period_start
from charts.volume import render_volume

ChartData = (
    E1rmChartData | VolumeChartData | PercentileChartData | BodyweightChartData | OverviewChartData
)


class Renderer(Protocol):
    """A chart renderer: one kind's data in, PNG bytes out."""

    def __call__(self, data: Any, /, *, unit: Unit = "kg", theme: ThemeName = "light") -> bytes:
        """Render `data` as a 1280×720 PNG."""
        ...


# Kind name (the API's `kind=` value) → renderer; each takes the data class named in its docs.
CHART_KINDS: dict[str, Renderer] = {
    "e1rm": render_e1rm,
    "volume": render_volume,
    "percentile": render_percentile,
    "bodyweight": render_bodyweight,
    "overview": render_overview,
}
# Kind name → the data class its renderer takes.
CHART_DATA_TYPES: dict[str, type] = {
    "e1rm": E1rmChartData,
    "volume": VolumeChartData,
    "percentile": PercentileChartData,
    "bodyweight": BodyweightChartData,
    "overview": OverviewChartData,
}

__all__ = [
    "CHART_DATA_TYPES",
    "CHART_KINDS",
    "MAX_OVERVIEW_LIFTS",
    "PERIOD_DAYS",
    "THEMES",
    "UNITS",
    "BodyweightChartData",
    "BodyweightPoint",
    "ChartData",
    "DailyBest",
    "E1rmChartData",
    "LevelBands",
    "OverviewChartData",
    "PercentileChartData",
    "PercentilePoint",
    "Period",
    "Renderer",
    "ThemeName",
    "Unit",
    "VolumeChartData",
    "WeeklyVolume",
    "daily_bests",
    "period_start",
    "render_bodyweight",
    "render_e1rm",
    "render_overview",
    "render_percentile",
    "render_volume",
]
