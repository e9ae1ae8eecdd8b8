from charts.canvas import render_figure
from charts.weak_points import WeakPointsChartData, draw_weak_points, render_weak_points

DATA = WeakPointsChartData(
    title="Your lifts against your median",
    subtitle="percentile among lifters like you",
    lifts=(("Bench Press", 22.0), ("Squat", 55.3), ("Deadlift", 61.0)),
    median=55.3,
    median_label="median",
)


def test_it_renders_a_png() -> None:
    assert render_weak_points(DATA).startswith(b"\x89PNG")


def test_it_draws_a_bar_per_lift_and_colours_the_lagging_one() -> None:
    figure = render_figure(theme="light", draw=lambda f, t: draw_weak_points(f, t, DATA))

    axes = figure.axes[0]
    bars = axes.patches
    assert [round(b.get_width(), 1) for b in bars] == [22.0, 55.3, 61.0]
    assert bars[0].get_facecolor() != bars[2].get_facecolor()  # lagging vs at or above median
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Bench Press", "Squat", "Deadlift"]
