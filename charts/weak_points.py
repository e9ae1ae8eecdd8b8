"""The weak-point chart: each trained lift's percentile as a bar, the lifter's median as a line.

Pure: plain data in, PNG bytes out (`render_weak_points`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matplotlib.figure import Figure

from charts.canvas import add_plot, draw_header, render_png
from charts.chart_data import ThemeName
from charts.theme import Theme


@dataclass(frozen=True)
class WeakPointsChartData:
    title: str
    subtitle: str
    lifts: tuple[tuple[str, float], ...]  # (lift name, percentile 0–100), weakest first
    median: float
    median_label: str
    theme: ThemeName = "light"


def render_weak_points(data: WeakPointsChartData) -> bytes:
    """A 1280×720 PNG of the lifts' percentiles against the median."""

    def draw(figure: Figure, theme: Theme) -> None:
        draw_weak_points(figure, theme, data)

    return render_png(theme=data.theme, draw=draw)


def draw_weak_points(figure: Figure, theme: Theme, data: WeakPointsChartData) -> None:
    """Draw horizontal percentile bars, lagging lifts in the PR colour, and the median line."""
    draw_header(figure, theme, title=data.title, subtitle=data.subtitle)
    axes = add_plot(figure, (0.27, 0.1, 0.68, 0.68))
    names: Sequence[str] = [name for name, _ in data.lifts]
    values = [value for _, value in data.lifts]
    colors = [theme.pr if value < data.median else theme.bars for value in values]
    positions = list(range(len(values)))
    axes.barh(positions, values, color=colors, height=0.6)
    axes.set_yticks(positions, labels=names)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.axvline(data.median, color=theme.trend, linewidth=1.5, linestyle="--")
    axes.text(data.median, -0.7, data.median_label, color=theme.trend, fontsize=8, ha="center")
    for position, value in zip(positions, values, strict=True):
        axes.text(min(value + 1, 92), position, f"{value:.0f}", va="center", fontsize=8)
    axes.grid(axis="x", color=theme.grid)
