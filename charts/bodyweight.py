"""The bodyweight chart: weigh-ins with a smoothed trend."""

from __future__ import annotations

from functools import partial

import numpy as np
from matplotlib.figure import Figure

from charts.canvas import (
    ValueLocator,
    add_plot,
    day_numbers,
    draw_header,
    draw_no_data,
    render_png,
)
from charts.chart_data import BodyweightChartData, BodyweightPoint, ThemeName, Unit
from charts.labels import ENGLISH, ChartLabels
from charts.series import annotate_last, draw_daily_series
from charts.theme import Theme
from charts.units import from_kg


def render_bodyweight(
    data: BodyweightChartData,
    *,
    unit: Unit = "kg",
    theme: ThemeName = "light",
    labels: ChartLabels = ENGLISH,
) -> bytes:
    """Render bodyweight over the period as a 1280×720 PNG."""
    return render_png(
        theme=theme, draw=partial(draw_bodyweight, data=data, unit=unit, labels=labels)
    )


def points_in_period(data: BodyweightChartData) -> list[BodyweightPoint]:
    """Return the data's weigh-ins inside its period, oldest first."""
    points = (p for p in data.points if data.start <= p.day <= data.end)
    return sorted(points, key=lambda p: p.day)


def draw_bodyweight(
    figure: Figure, theme: Theme, *, data: BodyweightChartData, unit: Unit, labels: ChartLabels
) -> None:
    """Draw weigh-ins and their trend, or the no-data image."""
    from_kg(np.zeros(1), unit=unit)
    period = labels.period(start=data.start, end=data.end)
    points = points_in_period(data)
    if not points:
        draw_no_data(figure, theme, title=labels.bodyweight_title, subtitle=period, labels=labels)
        return
    x = day_numbers([p.day for p in points])
    y_kg = np.array([p.bodyweight_kg for p in points])
    y = from_kg(y_kg, unit=unit)
    difference = float(y_kg[-1] - y_kg[0])
    sign = "−" if difference < 0 else "+"
    change = f"{sign}{labels.weight(abs(difference), unit)}"
    since = labels.bodyweight_since.format(change=change, day=labels.day(points[0].day))
    latest = labels.weight(float(y_kg[-1]), unit)
    draw_header(
        figure,
        theme,
        title=f"{labels.bodyweight_title} · {latest}",
        subtitle=f"{since} · {period}",
    )
    axes = add_plot(figure)
    points_drawn = draw_daily_series(
        axes, theme, start=data.start, end=data.end, x=x, y=y, labels=labels, capacity=False
    )
    pad = max(float(y.max() - y.min()) * 0.15, 1.0 if unit == "kg" else 2.0)
    axes.set_ylim(float(y.min()) - pad, float(y.max()) + pad)
    axes.yaxis.set_major_locator(ValueLocator(nbins=6))
    axes.set_ylabel(labels.bodyweight_axis.format(unit=unit))
    annotate_last(axes, theme, x=x, y=y, label=latest, compact=False, markers=[points_drawn])
