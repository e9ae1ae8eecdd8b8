"""Level bands (beginner … elite) drawn as shaded horizontal bands behind a chart."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.colors import to_rgba

from charts.theme import Theme

MIN_LABEL_SHARE = 0.045


def level_at(value: float, *, bounds: Sequence[tuple[str, float]]) -> int | None:
    """Return the index of the band `value` falls in, or None below the first band."""
    index = None
    for i, (_, low) in enumerate(bounds):
        if value >= low:
            index = i
    return index


def draw_level_bands(
    axes: Axes,
    theme: Theme,
    *,
    bounds: Sequence[tuple[str, float]],
    current: int | None,
    value_labels: Sequence[str] | None,
) -> None:
    """Shade each band, stronger for the current one; label visible bands outside the right edge.

    `bounds` are (name, lower bound) pairs in the axis unit; labels are skipped when
    `value_labels` is None (small multiples).
    """
    bottom, top = axes.get_ylim()
    # x in axes fractions (the whole width), y in data units, as axhspan and axhline draw.
    transform = axes.get_yaxis_transform()
    # The shades and the floor lines go in one collection each: 2 artists to add and draw, not 10.
    shades, floors, shade_colors, floor_colors = [], [], [], []
    for i, (name, low) in enumerate(bounds):
        high = bounds[i + 1][1] if i + 1 < len(bounds) else max(top, low) + 1e9
        color = theme.band_colors[i % len(theme.band_colors)]
        alpha = theme.band_alpha * (1.8 if i == current else 1.0)
        shades.append([(0.0, low), (1.0, low), (1.0, high), (0.0, high)])
        shade_colors.append(to_rgba(color, alpha))
        floors.append([(0.0, low), (1.0, low)])
        floor_colors.append(to_rgba(color, 0.6))
        visible_low, visible_high = max(low, bottom), min(high, top)
        if value_labels is None or visible_high - visible_low < MIN_LABEL_SHARE * (top - bottom):
            continue
        middle = (visible_low + visible_high) / 2
        weight = "bold" if i == current else "normal"
        axes.text(
            1.015,
            middle,
            name,
            transform=transform,
            color=color,
            fontsize=8,
            fontweight=weight,
            va="bottom",
            ha="left",
            clip_on=False,
        )
        axes.text(
            1.015,
            middle,
            value_labels[i],
            transform=transform,
            color=theme.muted,
            fontsize=7.5,
            va="top",
            ha="left",
            clip_on=False,
        )
    axes.add_collection(
        PolyCollection(
            shades, facecolors=shade_colors, linewidths=0, zorder=0, transform=transform
        ),
        autolim=False,
    )
    axes.add_collection(
        LineCollection(
            floors, colors=floor_colors, linewidths=0.7, zorder=0.5, transform=transform
        ),
        autolim=False,
    )
    axes.set_ylim(bottom, top)
