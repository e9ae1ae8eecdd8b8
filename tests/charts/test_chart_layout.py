"""Layout read from the drawn Figure: no clipped last point, no label over a marker, an honest
legend. Extents come from matplotlib's own draw-time transforms, not from pixels."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Annotation
from matplotlib.ticker import MaxNLocator
from matplotlib.transforms import Affine2D, Bbox

from charts import chart_figure
from charts.demo import (
    sample_bodyweight,
    sample_dense,
    sample_e1rm,
    sample_light_last_day,
    sample_one_point,
    sample_percentile,
    samples,
)

E1RM_CASES = {
    "three-months": sample_e1rm,
    "light-last-day": sample_light_last_day,
    "one-point": sample_one_point,
    "dense": sample_dense,
    "six-months": lambda: sample_e1rm(period="6m"),
}


def plot_axes(figure: Figure) -> Axes:
    """The chart's axes: the one holding the scatter of daily values."""
    (axes,) = [a for a in figure.axes if any(isinstance(c, PathCollection) for c in a.collections)]
    return axes


def marker_boxes(collection: PathCollection) -> list[Bbox]:
    """Display boxes of each marker as the last draw placed them (size transforms × offsets)."""
    dpi = collection.get_figure(root=True).dpi
    path = collection.get_paths()[0]
    scales = collection.get_transforms()
    centers = collection.get_offset_transform().transform(collection.get_offsets())
    pad = float(np.max(collection.get_linewidth())) / 2 * dpi / 72
    boxes = []
    for i, (cx, cy) in enumerate(centers):
        transform = Affine2D(scales[i % len(scales)]).translate(cx, cy)
        extent = path.get_extents(transform)
        boxes.append(
            Bbox.from_extents(extent.x0 - pad, extent.y0 - pad, extent.x1 + pad, extent.y1 + pad)
        )
    return boxes


def value_label(axes: Axes) -> Annotation:
    (label,) = [t for t in axes.texts if isinstance(t, Annotation)]
    return label


def overlapping(box: Bbox, others: list[Bbox]) -> list[Bbox]:
    return [o for o in others if box.overlaps(o)]


@pytest.mark.parametrize("case", E1RM_CASES, ids=str)
def test_the_value_label_covers_no_dot_and_no_pr_star(case: str) -> None:
    figure = chart_figure("e1rm", E1RM_CASES[case]())
    axes = plot_axes(figure)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    label = value_label(axes).get_window_extent(renderer)
    markers = [
        box for c in axes.collections if isinstance(c, PathCollection) for box in marker_boxes(c)
    ]

    assert overlapping(label, markers) == []
    assert axes.get_window_extent(renderer).contains(label.x0, label.y0)
    assert axes.get_window_extent(renderer).contains(label.x1, label.y1)


def test_the_dense_case_really_needed_the_label_moved() -> None:
    # Placed where it used to go (9 pt above, right-aligned), the label would cover the PR star.
    figure = chart_figure("e1rm", sample_dense())
    axes = plot_axes(figure)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    label = value_label(axes)
    stars = [c for c in axes.collections if isinstance(c, PathCollection)][1]
    label.xyann = (0.0, 9.0)
    label.set_horizontalalignment("right")
    label.set_verticalalignment("bottom")

    assert overlapping(label.get_window_extent(renderer), marker_boxes(stars)) != []


@pytest.mark.parametrize("case", E1RM_CASES, ids=str)
def test_every_marker_is_drawn_whole_inside_the_axes(case: str) -> None:
    figure = chart_figure("e1rm", E1RM_CASES[case]())
    axes = plot_axes(figure)
    frame = axes.get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]
    boxes = [
        box for c in axes.collections if isinstance(c, PathCollection) for box in marker_boxes(c)
    ]

    outside = [b for b in boxes if b.x0 < frame.x0 or b.x1 > frame.x1]
    assert outside == []


@pytest.mark.parametrize(
    ("kind", "data"), [("percentile", sample_percentile), ("bodyweight", sample_bodyweight)]
)
def test_other_kinds_keep_the_last_point_whole_and_its_label_clear(kind: str, data) -> None:
    figure = chart_figure(kind, data())
    axes = plot_axes(figure)
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = axes.get_window_extent(renderer)
    (dots,) = [c for c in axes.collections if isinstance(c, PathCollection)]
    boxes = marker_boxes(dots)

    assert boxes[-1].x1 <= frame.x1
    assert overlapping(value_label(axes).get_window_extent(renderer), boxes) == []


def legend_texts(figure: Figure) -> list[str]:
    (legend,) = figure.legends
    return [t.get_text() for t in legend.get_texts()]


def test_the_legend_lists_what_is_drawn() -> None:
    figure = chart_figure("e1rm", sample_e1rm())
    axes = plot_axes(figure)
    drawn = [
        a.get_label()
        for a in [*axes.collections, *axes.lines]
        if a.get_label() and not a.get_label().startswith("_")
    ]

    assert legend_texts(figure) == ["Best set of the day", "Trend", "PR"]
    assert sorted(drawn) == sorted(legend_texts(figure))


def test_one_point_lists_no_trend() -> None:
    figure = chart_figure("e1rm", sample_one_point())

    assert legend_texts(figure) == ["Best set of the day", "PR"]
    assert [line for line in plot_axes(figure).lines if line.get_label() == "Trend"] == []


def test_no_pr_in_the_period_lists_no_pr() -> None:
    data = sample_e1rm()
    data = dataclasses.replace(
        data, days=tuple(dataclasses.replace(d, is_pr=False) for d in data.days)
    )

    assert legend_texts(chart_figure("e1rm", data)) == ["Best set of the day", "Trend"]


@pytest.mark.parametrize("kind", ["e1rm", "volume", "bodyweight", "overview"])
def test_value_axes_build_only_the_ticks_they_draw(kind: str) -> None:
    figure = chart_figure(kind, samples(period="6m")[kind])

    for axes in figure.axes:
        low, high = sorted(axes.get_ylim())
        every = MaxNLocator.__call__(axes.yaxis.get_major_locator())  # ends beyond the view too
        drawn = [tick for tick in every if low <= tick <= high]
        assert len(drawn) >= 2
        assert list(axes.yaxis.get_majorticklocs()) == drawn
        assert len(axes.yaxis.majorTicks) == len(drawn)  # built, drawn or not
