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
    render_png,
)
from charts.chart_data import PercentileChartData, PercentilePoint, ThemeName, Unit
from charts.e1rm import E1RM_PLOT_RECT
from charts.labels import ENGLISH, ChartLabels
from charts.levels import draw_level_bands, level_at
from charts.series import annotate_last, draw_daily_series
from charts.theme import LEVEL_IDS, LEVEL_PERCENTILES, Theme
from charts.units import from_kg


def render_percentile(
    data: PercentileChartData,
    *,
    unit: Unit = "kg",
    theme: ThemeName = "light",
    labels: ChartLabels = ENGLISH,
) -> bytes:
    """Render one exercise's percentile over the period as a 1280×720 PNG (unit is unused)."""
    return render_png(
        theme=theme, draw=partial(draw_percentile, data=data, unit=unit, labels=labels)
    )


def points_in_period(data: PercentileChartData) -> list[PercentilePoint]:
    """Return the data's points inside its period, oldest first."""
    points = (p for p in data.points if data.start <= p.day <= data.end)
    return sorted(points, key=lambda p: p.day)


def draw_percentile(
    figure: Figure, theme: Theme, *, data: PercentileChartData, unit: Unit, labels: ChartLabels
) -> None:
    """Draw the percentile line over the level bands, or the no-data image."""
    from_kg(np.zeros(1), unit=unit)
    period = labels.period(start=data.start, end=data.end)
    points = points_in_period(data)
    if not points:
        title = f"{data.exercise} · {labels.percentile_name}"
        draw_no_data(figure, theme, title=title, subtitle=period, labels=labels)
        return
    x = day_numbers([p.day for p in points])
    y = np.clip(np.array([p.percentile for p in points]), 0.0, 100.0)
    change = f"{round(y[-1]) - round(y[0]):+d}".replace("-", "−")
    title = f"{data.exercise} · {labels.stronger(float(y[-1]))}"
    subtitle = f"{labels.percentile_subtitle.format(change=change)} · {period}"
    draw_header(figure, theme, title=title, subtitle=subtitle)
    axes = add_plot(figure, E1RM_PLOT_RECT)
    points_drawn = draw_daily_series(
        axes, theme, start=data.start, end=data.end, x=x, y=y, labels=labels, capacity=True
    )
    axes.set_ylim(0, 100)
    axes.yaxis.set_major_locator(FixedLocator([0, 25, 50, 75, 100]))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:.0f}%"))
    axes.set_ylabel(labels.percentile_axis)
    names = [labels.level(level) for level in LEVEL_IDS]
    bounds = list(zip(names, LEVEL_PERCENTILES, strict=True))
    draw_level_bands(
        axes,
        theme,
        bounds=bounds,
        current=level_at(float(y[-1]), bounds=bounds),
        value_labels=[f"{p:.0f}%+" for p in LEVEL_PERCENTILES],
    )
    label = f"{labels.percent(float(y[-1]))}%"
    annotate_last(axes, theme, x=x, y=y, label=label, compact=False, markers=[points_drawn])
    draw_footnote(figure, theme, labels.levels_credit)
