"""Placing chart text where it hides no marker, and keeping markers inside the axes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from matplotlib.text import Annotation
from matplotlib.transforms import Bbox

# (x, y) offset in points, horizontal and vertical alignment: above first, then below, then aside.
HAlign = Literal["left", "center", "right"]
VAlign = Literal["bottom", "center", "top"]
Spot = tuple[tuple[float, float], HAlign, VAlign]
LABEL_SPOTS: tuple[Spot, ...] = (
    ((0.0, 9.0), "right", "bottom"),
    ((0.0, 9.0), "center", "bottom"),
    ((0.0, -9.0), "right", "top"),
    ((0.0, -9.0), "center", "top"),
    ((-10.0, 0.0), "right", "center"),
    ((0.0, 18.0), "right", "bottom"),
    ((0.0, -18.0), "right", "top"),
    ((0.0, 28.0), "right", "bottom"),
    ((0.0, -28.0), "right", "top"),
)


def renderer_of(axes: Axes) -> Any:
    """Return the Agg renderer of the figure `axes` is on."""
    canvas = axes.get_figure(root=True).canvas  # type: ignore[union-attr]
    assert isinstance(canvas, FigureCanvasAgg)
    return canvas.get_renderer()


def marker_radius_px(*, size: float, linewidth: float, dpi: float) -> float:
    """Return half the width in pixels of a scatter marker of area `size` (points²)."""
    return (np.sqrt(size) / 2 + linewidth / 2) * dpi / 72


def marker_boxes(collection: PathCollection) -> list[Bbox]:
    """Return the display-space box of every marker of a scatter collection."""
    dpi = collection.get_figure(root=True).dpi  # type: ignore[union-attr]
    centers = collection.get_offset_transform().transform(collection.get_offsets())
    sizes = np.broadcast_to(collection.get_sizes(), (len(centers),))
    widths = np.broadcast_to(collection.get_linewidth(), (len(centers),))
    extent = collection.get_paths()[0].get_extents()  # the unit marker path, about ±0.5
    boxes = []
    for (cx, cy), size, width in zip(centers, sizes, widths, strict=True):
        scale = np.sqrt(size) * dpi / 72
        pad = width / 2 * dpi / 72
        boxes.append(
            Bbox.from_extents(
                cx + extent.x0 * scale - pad,
                cy + extent.y0 * scale - pad,
                cx + extent.x1 * scale + pad,
                cy + extent.y1 * scale + pad,
            )
        )
    return boxes


def overlap_area(box: Bbox, others: Sequence[Bbox]) -> float:
    """Return the total area `box` shares with `others`."""
    total = 0.0
    for other in others:
        width = min(box.x1, other.x1) - max(box.x0, other.x0)
        height = min(box.y1, other.y1) - max(box.y0, other.y0)
        if width > 0 and height > 0:
            total += width * height
    return total


def outside_area(box: Bbox, frame: Bbox) -> float:
    """Return the area of `box` that lies outside `frame`."""
    inside = Bbox.intersection(box, frame)
    inside_area = 0.0 if inside is None else inside.width * inside.height
    return box.width * box.height - inside_area


def place_label(label: Annotation, *, axes: Axes, avoid: Sequence[Bbox]) -> None:
    """Move `label` to the first spot in LABEL_SPOTS that covers no box of `avoid` and stays
    inside the axes; when none is free, to the spot covering the least."""
    renderer = renderer_of(axes)
    frame = axes.get_window_extent(renderer)
    best: tuple[float, Spot] | None = None
    for spot in LABEL_SPOTS:
        offset, ha, va = spot
        label.xyann = offset
        label.set_horizontalalignment(ha)
        label.set_verticalalignment(va)
        box = label.get_window_extent(renderer)
        cost = overlap_area(box, avoid) + outside_area(box, frame)
        if cost == 0:
            return
        if best is None or cost < best[0]:
            best = (cost, spot)
    assert best is not None
    (offset, ha, va) = best[1]
    label.xyann = offset
    label.set_horizontalalignment(ha)
    label.set_verticalalignment(va)


def x_margin_days(axes: Axes, *, span_days: float, radius_px: float) -> float:
    """Return the days to add on each side of the x axis so a marker of `radius_px` fits."""
    figure = axes.get_figure(root=True)
    assert figure is not None
    width = axes.get_position().width * figure.bbox.width
    return radius_px * span_days / max(width - 2 * radius_px, 1.0)
