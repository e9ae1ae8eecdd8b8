"""The percentile chart: how many lifters of the same sex, age and bodyweight one beats."""

from __future__ import annotations

from functools import partial

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, FuncFormatter

from charts.canvas import (
    add_plot,
    day_numbers,
    draw_footnote,
    draw_header,
    draw_no_data,
    format_period,
    render_png,
    setup_date_axis,
)
from charts.chart_data import PercentileChartData, PercentilePoint, ThemeName, Unit
from charts.e1rm import E1RM_PLOT_RECT
from charts.levels import draw_level_bands, format_percentile, level_at
from charts.series import annotate_last, draw_points_and_trend
from charts.theme import LEVEL_NAMES, LEVEL_PERCENTILES, LEVELS_CREDIT, Theme
from charts.units import from_kg


def render_percentile(
    data: PercentileChartData, *, unit: Unit = "kg", theme: ThemeName = "light"
) -> bytes:
    """Render one exercise's percentile over the period as a 1280×720 PNG (unit is unused)."""
    from_kg(np.zeros(1), unit=unit)
    return render_png(theme=theme, draw=partial(_draw, data=data))


def points_in_period(data: PercentileChartData) -> list[PercentilePoint]:
    """Return the data's points inside its period, oldest first."""
    points = (p for p in data.points if data.start <= p.day <= data.end)
    return sorted(points, key=lambda p: p.day)


def _draw(figure: Figure, theme: Theme, *, data: PercentileChartData) -> None:
    """Draw the percentile line over the level bands, or the no-data image."""
    period = format_period(start=data.start, end=data.end)
    points = points_in_period(data)
    if not points:
        draw_no_data(figure, theme, title=f"{data.exercise} · percentile", subtitle=period)
        return
    x = day_numbers([p.day for p in points])
    y = np.clip(np.array([p.percentile for p in points]), 0.0, 100.0)
    change = round(y[-1]) - round(y[0])
    title = f"{data.exercise} · {format_percentile(float(y[-1]))}"
    subtitle = f"Percentile · {change:+d} points · {period}".replace("-", "−")
    draw_header(figure, theme, title=title, subtitle=subtitle)
    axes = add_plot(figure, E1RM_PLOT_RECT)
    draw_points_and_trend(
        axes, theme, x=x, y=y, span_days=(data.end - data.start).days + 1, compact=False
    )
    setup_date_axis(axes, start=data.start, end=data.end)
    axes.set_ylim(0, 100)
    axes.yaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}%"))
    axes.set_ylabel("Percentile")
    bounds = list(zip(LEVEL_NAMES, LEVEL_PERCENTILES, strict=True))
    draw_level_bands(
        axes,
        theme,
        bounds=bounds,
        current=level_at(float(y[-1]), bounds=bounds),
        value_labels=[f"{p:.0f}%+" for p in LEVEL_PERCENTILES],
    )
    annotate_last(axes, theme, x=x, y=y, label=f"{y[-1]:.0f}%", compact=False)
    draw_footnote(figure, theme, LEVELS_CREDIT)
