"""The e1RM chart: best set per day, a smoothed trend, PR stars and the lifter's level bands."""

from __future__ import annotations

from functools import partial

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

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
from charts.chart_data import DailyBest, E1rmChartData, ThemeName, Unit
from charts.levels import draw_level_bands, format_percentile, level_at
from charts.series import annotate_last, draw_points_and_trend, point_size
from charts.theme import LEVELS_CREDIT, Theme
from charts.units import format_weight, from_kg

E1RM_PLOT_RECT = (0.095, 0.13, 0.745, 0.65)


def render_e1rm(data: E1rmChartData, *, unit: Unit = "kg", theme: ThemeName = "light") -> bytes:
    """Render one exercise's e1RM over the period as a 1280×720 PNG."""
    from_kg(np.zeros(1), unit=unit)
    return render_png(theme=theme, draw=partial(_draw, data=data, unit=unit))


def e1rm_title(data: E1rmChartData) -> str:
    """Return 'Bench press · Intermediate · stronger than 63% of lifters' (parts as known)."""
    parts = [data.exercise]
    if data.level:
        parts.append(data.level)
    if data.percentile is not None:
        parts.append(format_percentile(data.percentile))
    return " · ".join(parts)


def days_in_period(data: E1rmChartData) -> list[DailyBest]:
    """Return the data's days inside its period, oldest first."""
    return sorted((d for d in data.days if data.start <= d.day <= data.end), key=lambda d: d.day)


def _draw(figure: Figure, theme: Theme, *, data: E1rmChartData, unit: Unit) -> None:
    """Draw the e1RM chart, or the no-data image when the period holds no sets."""
    subtitle = f"Estimated 1RM · {format_period(start=data.start, end=data.end)}"
    days = days_in_period(data)
    if not days:
        draw_no_data(figure, theme, title=e1rm_title(data), subtitle=subtitle)
        return
    draw_header(figure, theme, title=e1rm_title(data), subtitle=subtitle)
    axes = add_plot(figure, E1RM_PLOT_RECT)
    draw_e1rm_axes(axes, theme, data=data, days=days, unit=unit, compact=False)
    axes.set_ylabel(f"e1RM ({unit})")
    legend = [
        Line2D([], [], color=theme.points, marker="o", linestyle="", label="Best set of the day"),
        Line2D([], [], color=theme.trend, linewidth=2, label="Trend"),
        Line2D([], [], color=theme.pr, marker="*", markersize=11, linestyle="", label="PR"),
    ]
    figure.legend(
        handles=legend,
        loc="lower left",
        bbox_to_anchor=(0.015, -0.01),
        ncol=3,
        fontsize=8,
        handlelength=1.6,
        handletextpad=0.5,
        columnspacing=1.2,
        labelcolor=theme.muted,
    )
    if data.bands is not None:
        draw_footnote(figure, theme, LEVELS_CREDIT)


def draw_e1rm_axes(
    axes: Axes,
    theme: Theme,
    *,
    data: E1rmChartData,
    days: list[DailyBest],
    unit: Unit,
    compact: bool,
) -> None:
    """Draw points, trend, PR stars, latest value and level bands of one lift on `axes`."""
    x = day_numbers([d.day for d in days])
    y = from_kg(np.array([d.e1rm_kg for d in days]), unit=unit)
    span_days = (data.end - data.start).days + 1
    draw_points_and_trend(axes, theme, x=x, y=y, span_days=span_days, compact=compact)
    is_pr = np.array([d.is_pr for d in days])
    if is_pr.any():
        axes.scatter(
            x[is_pr],
            y[is_pr],
            s=point_size(compact=compact) * 5,
            marker="*",
            color=theme.pr,
            edgecolors=theme.background,
            linewidths=0.6,
            zorder=4,
        )
    setup_date_axis(axes, start=data.start, end=data.end, max_ticks=4 if compact else 7)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4 if compact else 6, steps=[1, 2, 2.5, 5, 10]))
    bounds = []
    if data.bands is not None:
        bounds = [
            (name, float(from_kg(np.array(low), unit=unit)))
            for name, low in data.bands.thresholds()
        ]
    axes.set_ylim(*_value_limits(y, thresholds=[low for _, low in bounds], unit=unit))
    if bounds:
        value_labels = None if compact else [format_weight(low, unit=unit) for _, low in bounds]
        current = level_at(float(y[-1]), bounds=bounds)
        draw_level_bands(axes, theme, bounds=bounds, current=current, value_labels=value_labels)
    if not compact:
        label = format_weight(float(y[-1]), unit=unit)
        annotate_last(axes, theme, x=x, y=y, label=label, compact=compact)


def _value_limits(y: np.ndarray, *, thresholds: list[float], unit: Unit) -> tuple[float, float]:
    """Return y limits around the data that also show the current band's floor and the next goal."""
    low, high = float(y.min()), float(y.max())
    below = [t for t in thresholds if t <= low]
    above = [t for t in thresholds if t > high]
    if below:
        low = max(below)
    if above:
        high = min(above)
    pad = max((high - low) * 0.12, 5.0 if unit == "kg" else 10.0)
    return low - pad, high + pad
