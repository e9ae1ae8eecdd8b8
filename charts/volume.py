"""The weekly volume chart: one bar per week of sets × reps × weight."""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from charts.canvas import (
    ValueLocator,
    add_plot,
    day_numbers,
    draw_header,
    draw_no_data,
    render_png,
    setup_date_axis,
)
from charts.chart_data import ThemeName, Unit, VolumeChartData, WeeklyVolume
from charts.labels import ENGLISH, ChartLabels
from charts.theme import Theme
from charts.units import from_kg

MAX_VALUE_LABELS = 14


def render_volume(
    data: VolumeChartData,
    *,
    unit: Unit = "kg",
    theme: ThemeName = "light",
    labels: ChartLabels = ENGLISH,
) -> bytes:
    """Render weekly volume over the period as a 1280×720 PNG."""
    return render_png(theme=theme, draw=partial(draw_volume, data=data, unit=unit, labels=labels))


def format_volume(value: float) -> str:
    """Format a volume compactly: 950, 12.5k, 1.2M."""
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f}M".replace(".0M", "M")
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f}k"
    if abs(value) >= 1000:
        return f"{value / 1000:.1f}k".replace(".0k", "k")
    return f"{value:.0f}"


def weeks_in_period(data: VolumeChartData) -> list[WeeklyVolume]:
    """Return the weeks that overlap the period and hold any volume, oldest first."""
    weeks = [
        w
        for w in data.weeks
        if w.volume_kg > 0 and data.start - timedelta(days=6) <= w.week_start <= data.end
    ]
    return sorted(weeks, key=lambda w: w.week_start)


def draw_volume(
    figure: Figure, theme: Theme, *, data: VolumeChartData, unit: Unit, labels: ChartLabels
) -> None:
    """Draw the bars with an average line, or the no-data image when there is no volume."""
    from_kg(np.zeros(1), unit=unit)
    title = f"{labels.volume_title} · {data.exercise or labels.all_lifts}"
    period = labels.period(start=data.start, end=data.end)
    weeks = weeks_in_period(data)
    if not weeks:
        subtitle = f"{labels.volume_no_data_subtitle} · {period}"
        draw_no_data(figure, theme, title=title, subtitle=subtitle, labels=labels)
        return
    axes = add_plot(figure)
    starts = day_numbers([w.week_start for w in weeks])
    volumes = from_kg(np.array([w.volume_kg for w in weeks]), unit=unit)
    # A week still running at the end of the period is drawn paler: it is not finished yet.
    finished = np.array([w.week_start + timedelta(days=6) <= data.end for w in weeks])
    bars = axes.bar(starts + 3, volumes, width=5.6, color=theme.bars, linewidth=0, zorder=2)
    for bar, done in zip(bars, finished, strict=True):
        bar.set_alpha(1.0 if done else 0.45)
    average = float(volumes[finished].mean()) if finished.any() else float(volumes.mean())
    axes.axhline(average, color=theme.trend, linewidth=1.2, linestyle=(0, (4, 3)), zorder=3)
    mean = labels.volume_subtitle.format(average=format_volume(average), unit=unit)
    subtitle = f"{mean} · {period}"
    draw_header(figure, theme, title=title, subtitle=subtitle)
    if len(weeks) <= MAX_VALUE_LABELS:
        value_labels = [
            format_volume(v) if done else labels.volume_so_far.format(value=format_volume(v))
            for v, done in zip(volumes, finished, strict=True)
        ]
        texts = axes.bar_label(bars, labels=value_labels, padding=3, fontsize=8, color=theme.muted)
        for text in texts:
            text.set_bbox({"facecolor": theme.background, "edgecolor": "none", "pad": 1.0})
            text.set_zorder(4)
    setup_date_axis(axes, start=data.start, end=data.end, labels=labels)
    first, last = axes.get_xlim()
    axes.set_xlim(min(first, starts[0] - 0.5), max(last, starts[-1] + 6.5))
    axes.set_ylim(0, float(volumes.max()) * 1.15)
    axes.yaxis.set_major_locator(ValueLocator(nbins=5))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: format_volume(value)))
    axes.set_ylabel(labels.volume_axis.format(unit=unit))
