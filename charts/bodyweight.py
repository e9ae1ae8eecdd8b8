"""The bodyweight chart: weigh-ins with a smoothed trend."""

from __future__ import annotations

from functools import partial

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from charts.canvas import (
    add_plot,
    day_numbers,
    draw_header,
    draw_no_data,
    format_period,
    render_png,
    setup_date_axis,
)
from charts.chart_data import BodyweightChartData, BodyweightPoint, ThemeName, Unit
from charts.series import annotate_last, draw_points_and_trend
from charts.theme import Theme
from charts.units import from_kg


def render_bodyweight(
    data: BodyweightChartData, *, unit: Unit = "kg", theme: ThemeName = "light"
) -> bytes:
    """Render bodyweight over the period as a 1280×720 PNG."""
    from_kg(np.zeros(1), unit=unit)
    return render_png(theme=theme, draw=partial(_draw, data=data, unit=unit))


def points_in_period(data: BodyweightChartData) -> list[BodyweightPoint]:
    """Return the data's weigh-ins inside its period, oldest first."""
    points = (p for p in data.points if data.start <= p.day <= data.end)
    return sorted(points, key=lambda p: p.day)


def _draw(figure: Figure, theme: Theme, *, data: BodyweightChartData, unit: Unit) -> None:
    """Draw weigh-ins and their trend, or the no-data image."""
    period = format_period(start=data.start, end=data.end)
    points = points_in_period(data)
    if not points:
        draw_no_data(figure, theme, title="Bodyweight", subtitle=period)
        return
    x = day_numbers([p.day for p in points])
    y = from_kg(np.array([p.bodyweight_kg for p in points]), unit=unit)
    change = f"{y[-1] - y[0]:+.1f} {unit}".replace("-", "−")
    draw_header(
        figure,
        theme,
        title=f"Bodyweight · {y[-1]:.1f} {unit}",
        subtitle=f"{change} since {points[0].day:%b} {points[0].day.day} · {period}",
    )
    axes = add_plot(figure)
    draw_points_and_trend(
        axes, theme, x=x, y=y, span_days=(data.end - data.start).days + 1, compact=False
    )
    setup_date_axis(axes, start=data.start, end=data.end)
    pad = max(float(y.max() - y.min()) * 0.15, 1.0 if unit == "kg" else 2.0)
    axes.set_ylim(float(y.min()) - pad, float(y.max()) + pad)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axes.set_ylabel(f"Bodyweight ({unit})")
    annotate_last(axes, theme, x=x, y=y, label=f"{y[-1]:.1f} {unit}", compact=False)
