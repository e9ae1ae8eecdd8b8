"""Deterministic sample data for every chart kind; `python -m charts.demo DIR` writes previews."""

from __future__ import annotations

import sys
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from charts.chart_data import (
    BodyweightChartData,
    BodyweightPoint,
    E1rmChartData,
    LevelBands,
    OverviewChartData,
    PercentileChartData,
    PercentilePoint,
    VolumeChartData,
    WeeklyVolume,
    daily_bests,
)
from charts.periods import period_start

DEMO_END = date(2025, 5, 31)
BENCH_BANDS = LevelBands(
    beginner_kg=56.0, novice_kg=77.0, intermediate_kg=104.0, advanced_kg=136.0, elite_kg=171.0
)
SQUAT_BANDS = LevelBands(
    beginner_kg=77.0, novice_kg=106.0, intermediate_kg=141.0, advanced_kg=183.0, elite_kg=230.0
)
DEADLIFT_BANDS = LevelBands(
    beginner_kg=91.0, novice_kg=123.0, intermediate_kg=162.0, advanced_kg=207.0, elite_kg=257.0
)
PRESS_BANDS = LevelBands(
    beginner_kg=35.0, novice_kg=49.0, intermediate_kg=66.0, advanced_kg=87.0, elite_kg=111.0
)


def sample_sets(
    *, start: date, end: date, first_kg: float, gain_kg: float, every: int, seed: int
) -> list[tuple[date, float]]:
    """Return (day, e1RM kg) of 5 sets on every `every`-th day, rising by `gain_kg` with noise."""
    rng = np.random.default_rng(seed)
    span = (end - start).days
    sets = []
    for offset in range(0, span + 1, every):
        base = first_kg + gain_kg * offset / max(span, 1)
        for noise in rng.normal(0.0, 2.0, size=5):
            sets.append((start + timedelta(days=offset), round(base + noise - 3.0, 1)))
    return sets


def sample_e1rm(*, period: str = "3m", exercise: str = "Bench press") -> E1rmChartData:
    """Return a bench press climbing from Intermediate towards Advanced."""
    start = period_start(period=period, end=DEMO_END)
    sets = sample_sets(start=start, end=DEMO_END, first_kg=118.0, gain_kg=22.0, every=3, seed=5)
    days = daily_bests(sets=sets, previous_best_kg=121.0)
    return E1rmChartData(
        exercise=exercise,
        start=start,
        end=DEMO_END,
        days=days,
        bands=BENCH_BANDS,
        level="Intermediate",
        percentile=68.4,
    )


def sample_light_last_day(*, period: str = "3m") -> E1rmChartData:
    """Return a squat climbing to ~152 kg for weeks, then one light day (100 kg × 5) at the end."""
    start = period_start(period=period, end=DEMO_END)
    last_heavy = DEMO_END - timedelta(days=3)
    sets = sample_sets(start=start, end=last_heavy, first_kg=140.0, gain_kg=12.0, every=3, seed=3)
    sets.append((DEMO_END, round(100.0 * (1 + 5 / 30), 1)))
    return E1rmChartData(
        exercise="Squat",
        start=start,
        end=DEMO_END,
        days=daily_bests(sets=sets, previous_best_kg=145.0),
        bands=SQUAT_BANDS,
        level="intermediate",
        percentile=61.0,
    )


def sample_one_point(*, period: str = "1m") -> E1rmChartData:
    """Return a single logged day, on the last day of the period (a first PR, no trend)."""
    start = period_start(period=period, end=DEMO_END)
    return E1rmChartData(
        exercise="Deadlift",
        start=start,
        end=DEMO_END,
        days=daily_bests(sets=[(DEMO_END, 190.6)]),
        bands=DEADLIFT_BANDS,
        level="intermediate",
        percentile=62.0,
    )


def sample_dense(*, period: str = "1m") -> E1rmChartData:
    """Return a month of daily sessions crowded at the end: the last label must dodge a PR star."""
    start = period_start(period=period, end=DEMO_END)
    rng = np.random.default_rng(11)
    span = (DEMO_END - start).days
    sets = [
        (start + timedelta(days=d), round(120.0 + 14.0 * d / span + float(rng.normal(0, 1.5)), 1))
        for d in range(span + 1)
    ]
    # A PR star two days before the last day sits just above-left of it, where its label would go.
    top = max(kg for _, kg in sets)
    sets[-4:] = [
        (day, top + bump) for (day, _), bump in zip(sets[-4:], (2.0, 6.0, 3.0, 2.5), strict=True)
    ]
    return E1rmChartData(
        exercise="Bench press",
        start=start,
        end=DEMO_END,
        days=daily_bests(sets=sets, previous_best_kg=125.0),
        bands=BENCH_BANDS,
        level="advanced",
        percentile=80.4,
    )


def sample_volume(*, period: str = "3m") -> VolumeChartData:
    """Return weekly bench press volume with a deload week."""
    start = period_start(period=period, end=DEMO_END)
    first_monday = start - timedelta(days=start.weekday())
    weeks = []
    for i, monday in enumerate(_weeks(first_monday, DEMO_END)):
        volume = 6200.0 + 180.0 * i + (400.0 if i % 2 else 0.0)
        weeks.append(WeeklyVolume(week_start=monday, volume_kg=volume * (0.55 if i == 7 else 1)))
    return VolumeChartData(start=start, end=DEMO_END, weeks=tuple(weeks), exercise="Bench press")


def sample_percentile(*, period: str = "3m") -> PercentileChartData:
    """Return a percentile rising from 55 to 68."""
    start = period_start(period=period, end=DEMO_END)
    days = sample_e1rm(period=period).days
    points = tuple(
        PercentilePoint(day=d.day, percentile=55.0 + 13.0 * i / max(len(days) - 1, 1))
        for i, d in enumerate(days)
    )
    return PercentileChartData(exercise="Bench press", start=start, end=DEMO_END, points=points)


def sample_bodyweight(*, period: str = "3m") -> BodyweightChartData:
    """Return a lifter cutting from 84 to 81 kg, weighed most mornings."""
    start = period_start(period=period, end=DEMO_END)
    rng = np.random.default_rng(7)
    span = (DEMO_END - start).days
    points = tuple(
        BodyweightPoint(
            day=start + timedelta(days=offset),
            bodyweight_kg=round(84.0 - 3.0 * offset / span + float(rng.normal(0, 0.4)), 1),
        )
        for offset in range(0, span + 1)
        if offset % 7 not in (2, 5)
    )
    return BodyweightChartData(start=start, end=DEMO_END, points=points)


def sample_overview(*, period: str = "3m") -> OverviewChartData:
    """Return squat, bench, deadlift and overhead press side by side."""
    start = period_start(period=period, end=DEMO_END)
    lifts = []
    for seed, (name, bands, first, gain, level, pct) in enumerate(
        [
            ("Squat", SQUAT_BANDS, 150.0, 15.0, "Intermediate", 61.0),
            ("Bench press", BENCH_BANDS, 118.0, 22.0, "Intermediate", 68.4),
            ("Deadlift", DEADLIFT_BANDS, 190.0, 25.0, "Advanced", 83.2),
            ("Overhead press", PRESS_BANDS, 56.0, 5.0, "Novice", 44.0),
        ]
    ):
        sets = sample_sets(
            start=start, end=DEMO_END, first_kg=first, gain_kg=gain, every=4, seed=seed
        )
        lifts.append(
            E1rmChartData(
                exercise=name,
                start=start,
                end=DEMO_END,
                bands=bands,
                days=daily_bests(sets=sets, previous_best_kg=first + gain / 2),
                level=level,
                percentile=pct,
            )
        )
    return OverviewChartData(start=start, end=DEMO_END, lifts=tuple(lifts))


def empty_samples(*, period: str = "3m") -> dict[str, object]:
    """Return data with nothing in the period for every kind."""
    start = period_start(period=period, end=DEMO_END)
    return {
        "e1rm": E1rmChartData(exercise="Bench press", start=start, end=DEMO_END, bands=BENCH_BANDS),
        "volume": VolumeChartData(start=start, end=DEMO_END, exercise="Bench press"),
        "percentile": PercentileChartData(exercise="Bench press", start=start, end=DEMO_END),
        "bodyweight": BodyweightChartData(start=start, end=DEMO_END),
        "overview": OverviewChartData(start=start, end=DEMO_END),
    }


def samples(*, period: str = "3m") -> dict[str, object]:
    """Return sample data for every chart kind, keyed like CHART_KINDS."""
    return {
        "e1rm": sample_e1rm(period=period),
        "volume": sample_volume(period=period),
        "percentile": sample_percentile(period=period),
        "bodyweight": sample_bodyweight(period=period),
        "overview": sample_overview(period=period),
    }


def _weeks(first_monday: date, end: date) -> list[date]:
    """Return every Monday from `first_monday` up to `end`."""
    return [first_monday + timedelta(weeks=i) for i in range((end - first_monday).days // 7 + 1)]


def main(argv: list[str]) -> None:
    """Write every kind, in both themes and both units, for 1, 3 and 6 months into DIR."""
    from charts import CHART_KINDS

    out = Path(argv[0] if argv else "chart-previews")
    out.mkdir(parents=True, exist_ok=True)
    for period in ("1m", "3m", "6m"):
        for kind, data in [
            *samples(period=period).items(),
            *[(f"{k}-empty", v) for k, v in empty_samples(period=period).items()],
        ]:
            renderer = CHART_KINDS[kind.removesuffix("-empty")]
            for theme in ("light", "dark"):
                for unit in ("kg", "lb"):
                    png = renderer(data, unit=unit, theme=theme)
                    (out / f"{kind}-{period}-{theme}-{unit}.png").write_bytes(png)
    print(f"wrote previews to {out}/")


if __name__ == "__main__":
    main(sys.argv[1:])
