"""Progress charts: pure matplotlib renderers, plain data in, 1280×720 PNG bytes out."""

from __future__ import annotations

from functools import partial
from typing import Any, Protocol

from matplotlib.figure import Figure

from charts.bodyweight import draw_bodyweight, render_bodyweight
from charts.canvas import render_figure
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
from charts.e1rm import draw_e1rm, render_e1rm
from charts.labels import ENGLISH, KOREAN, LEVEL_IDS, ChartLabels, chart_labels
from charts.overview import draw_overview, render_overview
from charts.percentile import draw_percentile, render_percentile
from charts.periods import PERIOD_DAYS, Period, period_start
from charts.volume import draw_volume, render_volume

ChartData = (
    E1rmChartData | VolumeChartData | PercentileChartData | BodyweightChartData | OverviewChartData
)


class Renderer(Protocol):
    """A chart renderer: one kind's data in, PNG bytes out."""

    def __call__(
        self,
        data: Any,
        /,
        *,
        unit: Unit = "kg",
        theme: ThemeName = "light",
        labels: ChartLabels = ENGLISH,
    ) -> bytes:
        """Render `data` as a 1280×720 PNG with the words and number formats of `labels`."""
        ...


# Kind name (the API's `kind=` value) → renderer; each takes the data class named in its docs.
CHART_KINDS: dict[str, Renderer] = {
    "e1rm": render_e1rm,
    "volume": render_volume,
    "percentile": render_percentile,
    "bodyweight": render_bodyweight,
    "overview": render_overview,
}
# Kind name → the function that draws it on a figure (what the renderer saves as PNG).
CHART_DRAWERS: dict[str, Any] = {
    "e1rm": draw_e1rm,
    "volume": draw_volume,
    "percentile": draw_percentile,
    "bodyweight": draw_bodyweight,
    "overview": draw_overview,
}
# Kind name → the data class its renderer takes.
CHART_DATA_TYPES: dict[str, type] = {
    "e1rm": E1rmChartData,
    "volume": VolumeChartData,
    "percentile": PercentileChartData,
    "bodyweight": BodyweightChartData,
    "overview": OverviewChartData,
}


def chart_figure(
    kind: str,
    data: Any,
    *,
    unit: Unit = "kg",
    theme: ThemeName = "light",
    labels: ChartLabels = ENGLISH,
) -> Figure:
    """Return the drawn Figure the renderer of `kind` would save (for layout and text checks)."""
    draw = partial(CHART_DRAWERS[kind], data=data, unit=unit, labels=labels)
    return render_figure(theme=theme, draw=draw)


__all__ = [
    "CHART_DATA_TYPES",
    "CHART_DRAWERS",
    "CHART_KINDS",
    "ENGLISH",
    "KOREAN",
    "LEVEL_IDS",
    "MAX_OVERVIEW_LIFTS",
    "PERIOD_DAYS",
    "THEMES",
    "UNITS",
    "BodyweightChartData",
    "BodyweightPoint",
    "ChartData",
    "ChartLabels",
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
    "chart_figure",
    "chart_labels",
    "daily_bests",
    "period_start",
    "render_bodyweight",
    "render_e1rm",
    "render_overview",
    "render_percentile",
    "render_volume",
]
