"""Points with a trend line, the shape every over-time chart shares, and the latest-value label."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

from charts.canvas import DPI, setup_date_axis
from charts.labels import ChartLabels
from charts.layout import marker_boxes, marker_radius_px, place_label
from charts.theme import Theme
from charts.trend import capacity_trend, smooth_trend, trend_bandwidth

POINT_LINEWIDTH = 0.5


def draw_points_and_trend(
    axes: Axes,
    theme: Theme,
    *,
    x: np.ndarray,
    y: np.ndarray,
    span_days: int,
    compact: bool,
    capacity: bool,
    point_label: str = "",
    trend_label: str = "",
) -> tuple[PathCollection, Line2D | None]:
    """Draw daily values as dots under a trend line; return the dots and the line, if drawn.

    `capacity` picks the capacity trend (e1RM, percentile: one light day can't drag it down)
    over the plain smoothed mean (bodyweight); see `charts.trend`.
    """
    fit = capacity_trend if capacity else smooth_trend
    trend_x, trend_y = fit(x=x, y=y, bandwidth=trend_bandwidth(span_days=span_days))
    line = None
    if len(trend_x):
        (line,) = axes.plot(
            trend_x,
            trend_y,
            color=theme.trend,
            linewidth=1.6 if compact else 2.2,
            zorder=2,
            label=trend_label,
        )
    points = axes.scatter(
        x,
        y,
        s=point_size(compact=compact),
        color=theme.points,
        edgecolors=theme.background,
        linewidths=POINT_LINEWIDTH,
        zorder=3,
        label=point_label,
    )
    return points, line


def point_size(*, compact: bool) -> float:
    """Return the dot area (points²) of daily values."""
    return 14.0 if compact else 24.0


def annotate_last(
    axes: Axes,
    theme: Theme,
    *,
    x: np.ndarray,
    y: np.ndarray,
    label: str,
    compact: bool,
    markers: Sequence[PathCollection],
) -> Annotation:
    """Label the most recent value next to its dot, where it covers none of `markers`."""
    text = axes.annotate(
        label,
        (x[-1], y[-1]),
        xytext=(0, 9),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=8.5 if compact else 10,
        fontweight="bold",
        color=theme.text,
        zorder=5,
    )
    place_label(text, axes=axes, avoid=[box for m in markers for box in marker_boxes(m)])
    return text


def draw_daily_series(
    axes: Axes,
    theme: Theme,
    *,
    start: date,
    end: date,
    x: np.ndarray,
    y: np.ndarray,
    labels: ChartLabels,
    capacity: bool,
) -> PathCollection:
    """Draw one value per day with its trend over the period's date axis; return the dots."""
    points, _ = draw_points_and_trend(
        axes,
        theme,
        x=x,
        y=y,
        span_days=(end - start).days + 1,
        compact=False,
        capacity=capacity,
    )
    radius = marker_radius_px(size=point_size(compact=False), linewidth=POINT_LINEWIDTH, dpi=DPI)
    setup_date_axis(axes, start=start, end=end, labels=labels, marker_radius_px=radius)
    return points
