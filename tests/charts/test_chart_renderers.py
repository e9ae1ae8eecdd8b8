"""Every chart kind renders a valid 1280×720 PNG, for any data, theme and unit."""

from __future__ import annotations

import dataclasses
import gc
import json
import struct
import subprocess
import sys
import warnings
import weakref
from datetime import date, timedelta
from pathlib import Path

import matplotlib
import numpy as np
import pytest

from charts import (
    CHART_DATA_TYPES,
    CHART_KINDS,
    MAX_OVERVIEW_LIFTS,
    E1rmChartData,
    OverviewChartData,
    daily_bests,
    period_start,
    render_e1rm,
    render_overview,
)
from charts.canvas import render_png
from charts.demo import BENCH_BANDS, DEMO_END, empty_samples, sample_e1rm, samples
from charts.theme import font_families

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KINDS = sorted(CHART_KINDS)


def png_size(png: bytes) -> tuple[int, int]:
    """Return (width, height) from a PNG's IHDR chunk."""
    assert png[:8] == PNG_SIGNATURE
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_it_renders_a_1280_by_720_png_for_every_kind(kind: str, theme: str) -> None:
    png = CHART_KINDS[kind](samples(period="3m")[kind], unit="kg", theme=theme)  # type: ignore[arg-type]

    assert png_size(png) == (1280, 720)


@pytest.mark.parametrize("kind", KINDS)
def test_it_renders_the_no_data_image_for_every_kind(kind: str) -> None:
    empty = CHART_KINDS[kind](empty_samples()[kind])
    with_data = CHART_KINDS[kind](samples()[kind])

    assert png_size(empty) == (1280, 720)
    assert empty != with_data


@pytest.mark.parametrize("kind", KINDS)
def test_it_maps_each_kind_to_its_data_type(kind: str) -> None:
    actual = type(samples()[kind])

    assert actual == CHART_DATA_TYPES[kind]


def test_it_draws_no_data_when_every_set_is_outside_the_period() -> None:
    data = sample_e1rm(period="3m")
    before = dataclasses.replace(data, start=date(2024, 1, 1), end=date(2024, 1, 31))
    nothing = dataclasses.replace(data, days=(), start=before.start, end=before.end)

    assert render_e1rm(before) == render_e1rm(nothing)


@pytest.mark.parametrize("kind", KINDS)
def test_it_draws_pounds_differently_from_kilograms(kind: str) -> None:
    data = samples()[kind]

    kilograms = CHART_KINDS[kind](data, unit="kg")
    pounds = CHART_KINDS[kind](data, unit="lb")

    assert (kilograms != pounds) == (kind != "percentile")


def test_it_renders_the_same_bytes_every_time() -> None:
    data = sample_e1rm(period="1m")

    assert render_e1rm(data) == render_e1rm(data)


def test_it_leaves_global_rcparams_alone() -> None:
    before = dict(matplotlib.rcParams)

    render_e1rm(sample_e1rm(), theme="dark")

    assert dict(matplotlib.rcParams) == before


def test_it_runs_no_garbage_collection_while_it_draws_and_turns_it_back_on() -> None:
    enabled = []

    render_png(theme="light", draw=lambda figure, theme: enabled.append(gc.isenabled()))

    assert enabled == [False]
    assert gc.isenabled()


def test_it_frees_the_figure_before_it_returns() -> None:
    # A figure's artists point at each other: only a collection frees it, and the render runs one.
    figures: list[weakref.ref] = []
    gc.disable()  # so that no automatic collection frees it instead
    try:
        render_png(theme="light", draw=lambda figure, theme: figures.append(weakref.ref(figure)))

        assert figures[0]() is None
        assert not gc.isenabled()  # the caller's setting stays
    finally:
        gc.enable()


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_it_writes_an_8_bit_rgb_png_without_an_alpha_channel(theme: str) -> None:
    png = render_e1rm(sample_e1rm(), theme=theme)  # type: ignore[arg-type]

    bit_depth, color_type = png[24], png[25]
    assert (bit_depth, color_type) == (8, 2)  # 2: truecolour, no alpha


def test_it_writes_no_software_or_date_metadata() -> None:
    png = render_e1rm(sample_e1rm())

    assert b"tEXt" not in png
    assert b"tIME" not in png


@pytest.mark.parametrize("option", [{"theme": "sepia"}, {"unit": "stone"}])
def test_it_rejects_unknown_themes_and_units(option: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        render_e1rm(sample_e1rm(), **option)  # type: ignore[arg-type]


def test_it_rejects_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError):
        E1rmChartData(exercise="Squat", start=date(2025, 5, 2), end=date(2025, 5, 1))


def test_it_rejects_an_overview_of_too_many_lifts() -> None:
    lift = sample_e1rm()

    with pytest.raises(ValueError):
        OverviewChartData(start=lift.start, end=lift.end, lifts=(lift,) * (MAX_OVERVIEW_LIFTS + 1))


@pytest.mark.parametrize("count", range(1, MAX_OVERVIEW_LIFTS + 1))
def test_it_renders_overviews_of_one_to_six_lifts_some_without_data(count: int) -> None:
    lift = sample_e1rm()
    lifts = [
        lift if i % 2 == 0 else dataclasses.replace(lift, exercise=f"Lift {i}", days=())
        for i in range(count)
    ]

    png = render_overview(OverviewChartData(start=lift.start, end=lift.end, lifts=tuple(lifts)))

    assert png_size(png) == (1280, 720)


def test_it_renders_a_single_day_and_a_long_exercise_name() -> None:
    data = E1rmChartData(
        exercise="Paused close-grip bench press with a three-second pause on the chest",
        start=period_start(period="1m", end=DEMO_END),
        end=DEMO_END,
        days=daily_bests(sets=[(DEMO_END, 120.0)]),
        bands=BENCH_BANDS,
        level="Intermediate",
        percentile=99.8,
    )

    assert png_size(render_e1rm(data)) == (1280, 720)


def test_it_renders_a_six_month_chart_over_thousands_of_sets() -> None:
    # given 6 sets a day, 5 days a week for 6 months: over 5,000 sets
    rng = np.random.default_rng(1)
    start = period_start(period="6m", end=DEMO_END)
    sets = [
        (start + timedelta(days=d), 100.0 + d / 6 + float(noise))
        for d in range(182)
        if d % 7 < 5
        for noise in rng.normal(0, 3, size=40)
    ]
    data = E1rmChartData(
        exercise="Squat",
        start=start,
        end=DEMO_END,
        bands=BENCH_BANDS,
        days=daily_bests(sets=sets, previous_best_kg=110.0),
        level="Intermediate",
        percentile=60,
    )

    # then the sets are one point a day (how long a render takes is bench/charts.py's figure,
    # beside matplotlib's own floor)
    assert len(sets) > 5000
    assert len(data.days) == 130
    assert png_size(render_e1rm(data, unit="lb", theme="dark")) == (1280, 720)


def test_it_renders_korean_exercise_names_without_missing_glyphs() -> None:
    # a machine without a CJK font draws boxes for Korean: a missing package, not a skip
    assert len(font_families()) > 1, "no CJK font: apt-get install fonts-noto-cjk (README)"
    data = dataclasses.replace(sample_e1rm(), exercise="벤치프레스", level="중급")

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_e1rm(data)

    assert png_size(png) == (1280, 720)


MEMORY_PROBE = """
import gc, json
from pathlib import Path
from matplotlib.figure import Figure
from charts import CHART_KINDS
from charts.demo import samples

def rss():
    return int(Path("/proc/self/statm").read_text().split()[1]) * 4096

def render(count):
    for i in range(count):
        kind = kinds[i % len(kinds)]
        CHART_KINDS[kind](data[kind], theme="dark" if i % 2 else "light")
    gc.collect()

kinds = sorted(CHART_KINDS)
data = samples(period="1m")
render(250)  # matplotlib's font and text-layout caches fill during the first few hundred
before, objects_before = rss(), len(gc.get_objects())
render(500)
# type(), not isinstance(): isinstance on a dead weakref proxy raises ReferenceError
figures = sum(type(o) is Figure for o in gc.get_objects())
print(json.dumps({
    "rss_growth_mb": (rss() - before) / 2**20,
    "object_growth": len(gc.get_objects()) - objects_before,
    "figures": figures,
}))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="needs Linux /proc")
def test_it_does_not_grow_memory_over_500_renders() -> None:
    # in a fresh process: the test suite's own allocations would blur the figure
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,  # guards a hang only: the assertion is about memory
    )
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    # No figure survives and no Python object piles up. RSS only wobbles with the allocator's
    # arenas (−4 to +18 MB seen here), so its bound is loose: a leaked 1280×720 canvas alone is
    # 3.5 MB, and leaking one every 20 renders would already pass 64 MB.
    assert measured["figures"] == 0
    assert measured["object_growth"] < 500, measured
    assert measured["rss_growth_mb"] < 64.0, measured
