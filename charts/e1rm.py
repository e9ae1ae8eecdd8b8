"""The e1RM chart: best set per day, the capacity trend, PR stars and the lifter's level bands."""

from __future__ import annotations

from functools import partial

import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from charts.canvas import (
    ValueLocator,
    add_plot,
    day_numbers,
    draw_footnote,
    draw_header,
    draw_no_data,
    render_png,
    setup_date_axis,
)
from charts.chart_data import DailyBest, E1rmChartData, ThemeName, Unit
from charts.labels import ENGLISH, ChartLabels
from charts.layout import marker_radius_px
from charts.levels import draw_level_bands, level_at
from charts.series import POINT_LINEWIDTH, annotate_last, draw_points_and_trend, point_size
from charts.theme import Theme
from charts.units import from_kg

E1RM_PLOT_RECT = (0.095, 0.13, 0.745, 0.65)
PR_SIZE_FACTOR = 5.0
PR_LINEWIDTH = 0.6


def render_e1rm(
    data: E1rmChartData,
    *,
    unit: Unit = "kg",
    theme: ThemeName = "light",
    labels: ChartLabels = ENGLISH,
) -> bytes:
    """Render one exercise's e1RM over the period as a 1280×720 PNG."""
    return render_png(theme=theme, draw=partial(draw_e1rm, data=data, unit=unit, labels=labels))


def e1rm_title(data: E1rmChartData, labels: ChartLabels = ENGLISH) -> str:
    """Return 'Bench press · Intermediate · stronger than 63% of lifters' (parts as known)."""
    parts = [data.exercise]
    if data.level:
        parts.append(labels.level(data.level))
    if data.percentile is not None:
        parts.append(labels.stronger(data.percentile))
    return " · ".join(parts)


def days_in_period(data: E1rmChartData) -> list[DailyBest]:
    """Return the data's days inside its period, oldest first."""
    return sorted((d for d in data.days if data.start <= d.day <= data.end), key=lambda d: d.day)


def draw_e1rm(
    figure: Figure, theme: Theme, *, data: E1rmChartData, unit: Unit, labels: ChartLabels
) -> None:
    """Draw the e1RM chart, or the no-data image when the period holds no sets."""
    from_kg(np.zeros(1), unit=unit)
    period = labels.period(start=data.start, end=data.end)
    subtitle = f"{labels.e1rm_subtitle} · {period}"
    title = e1rm_title(data, labels)
    days = days_in_period(data)
    if not days:
        draw_no_data(figure, theme, title=title, subtitle=subtitle, labels=labels)
        return
    draw_header(figure, theme, title=title, subtitle=subtitle)
    axes = add_plot(figure, E1RM_PLOT_RECT)
    drawn = draw_e1rm_axes(
        axes, theme, data=data, days=days, unit=unit, compact=False, labels=labels
    )
    axes.set_ylabel(labels.e1rm_axis.format(unit=unit))
    # Only what is drawn is listed: no "Trend" without a line, no "PR" without a star.
    figure.legend(
        handles=drawn,
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
        draw_footnote(figure, theme, labels.levels_credit)


def draw_e1rm_axes(
    axes: Axes,
    theme: Theme,
    *,
    data: E1rmChartData,
    days: list[DailyBest],
    unit: Unit,
    compact: bool,
    labels: ChartLabels = ENGLISH,
) -> list[Artist]:
    """Draw points, trend, PR stars, latest value and level bands of one lift on `axes`.

    Return the drawn artists that carry a legend label.
    """
    x = day_numbers([d.day for d in days])
    y_kg = np.array([d.e1rm_kg for d in days])
    y = from_kg(y_kg, unit=unit)
    span_days = (data.end - data.start).days + 1
    points, trend = draw_points_and_trend(
        axes,
        theme,
        x=x,
        y=y,
        span_days=span_days,
        compact=compact,
        capacity=True,
        point_label=labels.best_of_day,
        trend_label=labels.trend,
    )
    drawn: list[Artist] = [points] + ([trend] if trend is not None else [])
    markers = [points]
    dpi = axes.get_figure(root=True).dpi  # type: ignore[union-attr]
    radius = marker_radius_px(size=point_size(compact=compact), linewidth=POINT_LINEWIDTH, dpi=dpi)
    is_pr = np.array([d.is_pr for d in days])
    if is_pr.any():
        star_size = point_size(compact=compact) * PR_SIZE_FACTOR
        stars = axes.scatter(
            x[is_pr],
            y[is_pr],
            s=star_size,
            marker="*",
            color=theme.pr,
            edgecolors=theme.background,
            linewidths=PR_LINEWIDTH,
            zorder=4,
            label=labels.pr,
        )
        drawn.append(stars)
        markers.append(stars)
        radius = max(radius, marker_radius_px(size=star_size, linewidth=PR_LINEWIDTH, dpi=dpi))
    setup_date_axis(
        axes,
        start=data.start,
        end=data.end,
        max_ticks=4 if compact else 7,
        labels=labels,
        marker_radius_px=radius,
    )
    axes.yaxis.set_major_locator(ValueLocator(nbins=4 if compact else 6))
    bounds: list[tuple[str, float]] = []
    bounds_kg: list[float] = []
    if data.bands is not None:
        for level, low in data.bands.thresholds():
            bounds.append((labels.level(level), float(from_kg(np.array(low), unit=unit))))
            bounds_kg.append(low)
    axes.set_ylim(*_value_limits(y, thresholds=[low for _, low in bounds], unit=unit))
    if bounds:
        value_labels = None if compact else [labels.weight(low, unit) for low in bounds_kg]
        # The band of the period's best, the same e1RM the title's level and percentile rank.
        current = level_at(float(y.max()), bounds=bounds)
        draw_level_bands(axes, theme, bounds=bounds, current=current, value_labels=value_labels)
    if not compact:
        label = labels.weight(float(y_kg[-1]), unit)
        annotate_last(axes, theme, x=x, y=y, label=label, compact=compact, markers=markers)
    return drawn


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
