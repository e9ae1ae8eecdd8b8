"""Plain data the renderers take: frozen dataclasses, weights always in kilograms."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from facts import Unit

ThemeName = Literal["light", "dark"]
UNITS: tuple[Unit, ...] = ("kg", "lb")
THEMES: tuple[ThemeName, ...] = ("light", "dark")
MAX_OVERVIEW_LIFTS = 6


def _as_tuple(instance: object, name: str) -> None:
    """Freeze a sequence field given as a list so the dataclass stays hashable."""
    object.__setattr__(instance, name, tuple(getattr(instance, name)))


def _check_period(start: date, end: date) -> None:
    """Reject a period that ends before it starts."""
    if end < start:
        raise ValueError(f"period ends ({end}) before it starts ({start})")


@dataclass(frozen=True)
class DailyBest:
    """The best estimated one-rep max of one local day."""

    day: date
    e1rm_kg: float
    is_pr: bool = False


@dataclass(frozen=True)
class LevelBands:
    """One-rep-max thresholds (kg) of the five Strength Level levels for one lifter."""

    beginner_kg: float
    novice_kg: float
    intermediate_kg: float
    advanced_kg: float
    elite_kg: float

    def thresholds(self) -> tuple[tuple[str, float], ...]:
        """Return (level id, lower bound in kg) pairs from beginner to elite."""
        return (
            ("beginner", self.beginner_kg),
            ("novice", self.novice_kg),
            ("intermediate", self.intermediate_kg),
            ("advanced", self.advanced_kg),
            ("elite", self.elite_kg),
        )


@dataclass(frozen=True)
class E1rmChartData:
    """Daily best e1RM of one exercise over a period, with the lifter's level bands.

    `level` is a level id (`intermediate`; any casing), shown through the labels' level names.
    """

    exercise: str
    start: date
    end: date
    days: tuple[DailyBest, ...] = ()
    bands: LevelBands | None = None
    level: str | None = None
    percentile: float | None = None

    def __post_init__(self) -> None:
        _as_tuple(self, "days")
        _check_period(self.start, self.end)


@dataclass(frozen=True)
class WeeklyVolume:
    """Total volume (sum of weight × reps, kg) of the week starting on `week_start`."""

    week_start: date
    volume_kg: float


@dataclass(frozen=True)
class VolumeChartData:
    """Weekly volume of one exercise, or of all lifts when `exercise` is None."""

    start: date
    end: date
    weeks: tuple[WeeklyVolume, ...] = ()
    exercise: str | None = None

    def __post_init__(self) -> None:
        _as_tuple(self, "weeks")
        _check_period(self.start, self.end)


@dataclass(frozen=True)
class PercentilePoint:
    """The lifter's percentile (0–100) for one exercise on one local day."""

    day: date
    percentile: float


@dataclass(frozen=True)
class PercentileChartData:
    """Percentile of one exercise over a period."""

    exercise: str
    start: date
    end: date
    points: tuple[PercentilePoint, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "points")
        _check_period(self.start, self.end)


@dataclass(frozen=True)
class BodyweightPoint:
    """The lifter's bodyweight (kg) on one local day."""

    day: date
    bodyweight_kg: float


@dataclass(frozen=True)
class BodyweightChartData:
    """Bodyweight over a period."""

    start: date
    end: date
    points: tuple[BodyweightPoint, ...] = ()

    def __post_init__(self) -> None:
        _as_tuple(self, "points")
        _check_period(self.start, self.end)


@dataclass(frozen=True)
class OverviewChartData:
    """Several lifts' e1RM over the same period, drawn as small multiples."""

    start: date
    end: date
    lifts: tuple[E1rmChartData, ...] = field(default=())

    def __post_init__(self) -> None:
        _as_tuple(self, "lifts")
        _check_period(self.start, self.end)
        if len(self.lifts) > MAX_OVERVIEW_LIFTS:
            raise ValueError(f"an overview shows at most {MAX_OVERVIEW_LIFTS} lifts")


def daily_bests(
    *, sets: Iterable[tuple[date, float]], previous_best_kg: float | None = None
) -> tuple[DailyBest, ...]:
    """Collapse (local day, e1RM kg) sets into each day's best, marking all-time PRs."""
    best_by_day: dict[date, float] = {}
    for day, e1rm_kg in sets:
        if e1rm_kg > best_by_day.get(day, float("-inf")):
            best_by_day[day] = e1rm_kg
    record = float("-inf") if previous_best_kg is None else previous_best_kg
    result = []
    for day in sorted(best_by_day):
        e1rm_kg = best_by_day[day]
        result.append(DailyBest(day=day, e1rm_kg=e1rm_kg, is_pr=e1rm_kg > record))
        record = max(record, e1rm_kg)
    return tuple(result)
