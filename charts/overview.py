"""The overview chart: several lifts' e1RM as small multiples on one image."""

from __future__ import annotations

from functools import partial

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from charts.canvas import (
    draw_footnote,
    draw_header,
    draw_no_data,
    render_png,
    skip_label_placement,
)
from charts.chart_data import E1rmChartData, OverviewChartData, ThemeName, Unit
from charts.e1rm import days_in_period, draw_e1rm_axes
from charts.labels import ENGLISH, ChartLabels
from charts.theme import Theme
from charts.units import from_kg

# Panels fill this box (left, bottom, right, top in figure fractions).
GRID_BOX = (0.075, 0.125, 0.975, 0.735)
H_GAP = 0.065
V_GAP = 0.15


def render_overview(
    data: OverviewChartData,
    *,
    unit: Unit = "kg",
    theme: ThemeName = "light",
    labels: ChartLabels = ENGLISH,
) -> bytes:
    """Render up to six lifts' e1RM side by side as a 1280×720 PNG."""
    return render_png(theme=theme, draw=partial(draw_overview, data=data, unit=unit, labels=labels))


def grid_shape(count: int) -> tuple[int, int]:
    """Return (rows, columns) for `count` panels: one row up to three, then two rows."""
    if count <= 3:
        return 1, max(count, 1)
    return 2, (count + 1) // 2


def panel_rects(count: int) -> list[tuple[float, float, float, float]]:
    """Return the (left, bottom, width, height) of each panel, row by row from the top left."""
    rows, columns = grid_shape(count)
    left, bottom, right, top = GRID_BOX
    width = (right - left - H_GAP * (columns - 1)) / columns
    height = (top - bottom - V_GAP * (rows - 1)) / rows
    return [
        (left + c * (width + H_GAP), top - (r + 1) * height - r * V_GAP, width, height)
        for r in range(rows)
        for c in range(columns)
    ][:count]


def draw_overview(
    figure: Figure, theme: Theme, *, data: OverviewChartData, unit: Unit, labels: ChartLabels
) -> None:
    """Draw one panel per lift, or the no-data image when no lift has sets in the period."""
    from_kg(np.zeros(1), unit=unit)
    title = labels.overview_title
    subtitle = f"{labels.overview_subtitle} · {labels.period(start=data.start, end=data.end)}"
    if not any(days_in_period(lift) for lift in data.lifts):
        draw_no_data(figure, theme, title=title, subtitle=subtitle, labels=labels)
        return
    draw_header(figure, theme, title=title, subtitle=subtitle)
    for lift, rect in zip(data.lifts, panel_rects(len(data.lifts)), strict=True):
        _draw_panel(figure.add_axes(rect), theme, lift=lift, data=data, unit=unit, labels=labels)
    if any(lift.bands is not None for lift in data.lifts):
        draw_footnote(figure, theme, labels.levels_credit)


def _draw_panel(
    axes: Axes,
    theme: Theme,
    *,
    lift: E1rmChartData,
    data: OverviewChartData,
    unit: Unit,
    labels: ChartLabels,
) -> None:
    """Draw one lift's panel with its name, level and latest e1RM above it."""
    axes.tick_params(labelsize=8)
    skip_label_placement(axes.yaxis)  # panels name no axis
    # Every panel shows the overview's period so the lifts line up in time.
    lift = E1rmChartData(
        exercise=lift.exercise,
        start=data.start,
        end=data.end,
        days=lift.days,
        bands=lift.bands,
        level=lift.level,
        percentile=lift.percentile,
    )
    # Plain texts rather than set_title: title placement measures every tick label, twice.
    axes.text(
        0,
        1.04,
        lift.exercise,
        transform=axes.transAxes,
        fontsize=10.5,
        fontweight="bold",
        color=theme.text,
        va="bottom",
    )
    days = days_in_period(lift)
    if not days:
        axes.set_xticks([])
        axes.set_yticks([])
        axes.text(
            0.5,
            0.5,
            labels.panel_no_data,
            transform=axes.transAxes,
            ha="center",
            va="center",
            fontsize=10,
            color=theme.muted,
        )
        return
    draw_e1rm_axes(axes, theme, data=lift, days=days, unit=unit, compact=True, labels=labels)
    summary = labels.weight(days[-1].e1rm_kg, unit)
    if lift.level:
        summary = f"{labels.level(lift.level)} · {summary}"
    axes.text(
        1,
        1.04,
        summary,
        transform=axes.transAxes,
        fontsize=9,
        color=theme.muted,
        ha="right",
        va="bottom",
    )
