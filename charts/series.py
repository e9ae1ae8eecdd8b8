"""Points with a smoothed trend line, the shape every over-time chart shares."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from charts.theme import Theme
from charts.trend import smooth_trend, trend_bandwidth


def draw_points_and_trend(
    axes: Axes, theme: Theme, *, x: np.ndarray, y: np.ndarray, span_days: int, compact: bool
) -> None:
    """Draw daily values as dots under a smoothed trend line."""
    trend_x, trend_y = smooth_trend(x=x, y=y, bandwidth=trend_bandwidth(span_days=span_days))
    axes.plot(trend_x, trend_y, color=theme.trend, linewidth=1.6 if compact else 2.2, zorder=2)
    axes.scatter(
        x,
        y,
        s=point_size(compact=compact),
        color=theme.points,
        edgecolors=theme.background,
        linewidths=0.5,
        zorder=3,
    )


def point_size(*, compact: bool) -> float:
    """Return the dot area (points²) of daily values."""
    return 14.0 if compact else 24.0


def annotate_last(
    axes: Axes, theme: Theme, *, x: np.ndarray, y: np.ndarray, label: str, compact: bool
) -> None:
    """Label the most recent value just above its dot."""
    axes.annotate(
        label,
        (x[-1], y[-1]),
        xytext=(0, 9),
        textcoords="offset points",
        ha="right" if len(x) > 1 else "center",
        va="bottom",
        fontsize=8.5 if compact else 10,
        fontweight="bold",
        color=theme.text,
        zorder=5,
    )
