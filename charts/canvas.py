"""The chart canvas shared by every kind: figure, header, date axis, no-data image and PNG."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from io import BytesIO
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator
from PIL import Image

from charts.chart_data import ThemeName
from charts.labels import ENGLISH, ChartLabels
from charts.layout import x_margin_days
from charts.theme import Theme, get_theme, rc_params

WIDTH_PX = 1280
HEIGHT_PX = 720
DPI = 200
PNG_COMPRESS_LEVEL = 3
# Room for the two-line header at the top and the date labels and footnote at the bottom.
Rect = tuple[float, float, float, float]
PLOT_RECT: Rect = (0.095, 0.13, 0.875, 0.65)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# rc_context changes matplotlib's global rcParams, so renders in one process take turns.
_render_lock = threading.Lock()

Draw = Callable[[Figure, Theme], None]


def render_png(*, theme: ThemeName, draw: Draw) -> bytes:
    """Build a 1280×720 figure with `draw` under the theme's rc settings and return PNG bytes."""
    buffer = BytesIO()
    with _render_lock, _collected_once_after():
        _drawn_figure(theme=theme, draw=draw, buffer=buffer)
    return buffer.getvalue()


@contextmanager
def _collected_once_after() -> Iterator[None]:
    """Run the block without garbage collections, then collect the youngest generation once.

    A render allocates tens of thousands of objects that all stay alive until the PNG is written,
    so collections during it only move them to older generations, which later full collections
    scan again; the figure's artists point at each other, so refcounting alone can't free them.
    Collected once after, while still young, they go in one cheap pass.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.collect(0)


def render_figure(*, theme: ThemeName, draw: Draw) -> Figure:
    """Build and draw the 1280×720 figure `render_png` would save, for tests to inspect."""
    with _render_lock:
        return _drawn_figure(theme=theme, draw=draw, buffer=None)


def _drawn_figure(*, theme: ThemeName, draw: Draw, buffer: BytesIO | None) -> Figure:
    colors = get_theme(theme)
    rc: Any = rc_params(colors)  # plain keys; matplotlib types them as a Literal of names
    with matplotlib.rc_context(rc):
        figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
        canvas = FigureCanvasAgg(figure)
        draw(figure, colors)
        canvas.draw()
        if buffer is not None:
            _write_png(canvas, buffer)
    return figure


def _write_png(canvas: FigureCanvasAgg, buffer: BytesIO) -> None:
    """Save the drawn canvas as an RGB PNG: every chart is opaque, so no alpha channel.

    zlib level 3 on three channels takes about 60% of the time of matplotlib's own RGBA at level
    6, for files of about the same size. Like matplotlib it records the DPI; unlike it, it writes
    no Software key, so the bytes depend on the drawing only, not on the matplotlib version.
    """
    rgba = Image.frombuffer(
        "RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1
    )
    rgb = rgba.convert("RGB")
    rgb.save(buffer, format="png", compress_level=PNG_COMPRESS_LEVEL, dpi=(DPI, DPI))


class ValueLocator(MaxNLocator):
    """Round value ticks (steps of 1, 2, 2.5 or 5 times a power of ten), only those in view.

    MaxNLocator also returns a tick just beyond each end of the axis; matplotlib builds each of
    those (lines and texts) and then leaves it out of the drawing, which costs as much as a drawn
    tick. The ends are kept with room for rounding, so every tick matplotlib would draw stays.
    """

    def __init__(self, *, nbins: int) -> None:
        super().__init__(nbins=nbins, steps=[1, 2, 2.5, 5, 10])

    def __call__(self) -> Any:
        low, high = sorted(self.axis.get_view_interval())  # type: ignore[union-attr]
        room = (high - low) * 1e-6
        return [tick for tick in super().__call__() if low - room <= tick <= high + room]


def day_numbers(days: Sequence[date]) -> np.ndarray:
    """Return matplotlib date numbers (days since 1970-01-01) of local days."""
    return np.fromiter((day.toordinal() - _EPOCH_ORDINAL for day in days), float, len(days))


def format_period(*, start: date, end: date, labels: ChartLabels = ENGLISH) -> str:
    """Format a period as 'Mar 1 – May 31, 2025' (both years shown when they differ)."""
    return labels.period(start=start, end=end)


def draw_header(figure: Figure, theme: Theme, *, title: str, subtitle: str) -> None:
    """Write the bold title and the muted subtitle at the top left, shrinking a long title."""
    text = figure.text(
        0.03, 0.955, title, fontsize=15, fontweight="bold", va="top", color=theme.text
    )
    fit_width(text, max_px=WIDTH_PX * 0.94, min_size=10.0)
    figure.text(0.03, 0.865, subtitle, fontsize=10.5, va="top", color=theme.muted)


def fit_width(text: Text, *, max_px: float, min_size: float) -> None:
    """Shrink `text` until it is at most `max_px` wide, then cut it with an ellipsis."""
    canvas = text.get_figure(root=True).canvas  # type: ignore[union-attr]
    assert isinstance(canvas, FigureCanvasAgg)
    renderer = canvas.get_renderer()
    width = text.get_window_extent(renderer).width
    if width <= max_px:
        return
    text.set_fontsize(max(min_size, float(text.get_fontsize()) * max_px / width))
    content = text.get_text()
    while len(content) > 1 and text.get_window_extent(renderer).width > max_px:
        content = content[:-2] + "…"
        text.set_text(content)


def draw_footnote(figure: Figure, theme: Theme, text: str) -> None:
    """Write a small credit line at the bottom right."""
    figure.text(0.985, 0.02, text, fontsize=7, ha="right", va="bottom", color=theme.muted)


def add_plot(figure: Figure, rect: Rect = PLOT_RECT) -> Axes:
    """Add the axes charts draw on."""
    return figure.add_axes(rect)


def date_ticks(*, start: date, end: date, max_ticks: int = 7) -> list[date]:
    """Return round tick days between start and end: Mondays, 1st/15th or month starts."""
    span = (end - start).days + 1
    if span <= 45:
        step = max(1, (span // 7 + max_ticks - 1) // max_ticks)
        first = start.toordinal() + (7 - start.weekday()) % 7
        return [date.fromordinal(o) for o in range(first, end.toordinal() + 1, 7 * step)]
    month_days = (1, 15) if span <= 120 else (1,)
    ticks = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        ticks += [date(year, month, d) for d in month_days if start <= date(year, month, d) <= end]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return ticks[:: -(-len(ticks) // max_ticks) or 1]


def setup_date_axis(
    axes: Axes,
    *,
    start: date,
    end: date,
    max_ticks: int = 7,
    labels: ChartLabels = ENGLISH,
    marker_radius_px: float = 0.0,
) -> None:
    """Show the whole period on the x axis with short, round date labels.

    The axis reaches half a day past each end, more when a marker of `marker_radius_px` drawn on
    the first or last day needs the room to show whole.
    """
    ticks = date_ticks(start=start, end=end, max_ticks=max_ticks)
    show_day = (end - start).days < 120
    names = {
        number: labels.day(day) if show_day else labels.month(day, with_year=day.month == 1)
        for number, day in zip(day_numbers(ticks), ticks, strict=True)
    }
    axes.xaxis.set_major_locator(FixedLocator(list(names)))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: names.get(x, "")))
    first, last = day_numbers([start, end])
    span = float(last - first)
    margin = max(0.5, x_margin_days(axes, span_days=span, radius_px=marker_radius_px + 2.0))
    axes.set_xlim(first - margin, last + margin)
    axes.grid(axis="x", visible=False)
    skip_label_placement(axes.xaxis)  # dates need no axis label


def skip_label_placement(axis: Axis) -> None:
    """Pin the label of an axis that shows none, so drawing does not place it.

    To place an axis label matplotlib updates the ticks and measures every tick label a second
    time, even when the label is empty and nothing is drawn.
    """
    axis.set_label_coords(0.5, 0.5)


def draw_no_data(
    figure: Figure, theme: Theme, *, title: str, subtitle: str, labels: ChartLabels = ENGLISH
) -> None:
    """Draw the header and a clear 'no data for this period yet' message instead of axes."""
    draw_header(figure, theme, title=title, subtitle=subtitle)
    figure.text(
        0.5, 0.47, labels.no_data, fontsize=20, fontweight="bold", ha="center", color=theme.text
    )
    figure.text(0.5, 0.37, labels.no_data_hint, fontsize=11, ha="center", color=theme.muted)
