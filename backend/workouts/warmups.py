"""Warm-up ramps to a barbell work set, rounded down to what the lifter's plates can load.

The ramp is the classic one coaches write (Rippetoe's *Starting Strength*, and most 5/3/1 and
StrongLifts warm-up tables): the empty bar for 10, then 40% × 5, 60% × 3, 80% × 1 of the work
weight. How many steps depends on how heavy the work set is against the empty bar: a light set
needs one step, a heavy one more, closer-spaced steps so no jump is much over 20% of the work
weight. Every step is rounded *down* to a loadable weight; a step that would not be heavier than
the one before it, or not lighter than the work set, is dropped, so a ramp always strictly
increases and stays below the work weight. Weights are in the setup's unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import plates
from .plates import BarSetup, Number

EMPTY_BAR_REPS = 10

# (work weight up to this many empty bars, the steps as (share of the work weight, reps))
RAMPS: tuple[tuple[Decimal | None, tuple[tuple[Decimal, int], ...]], ...] = (
    (Decimal("2.5"), ((Decimal("0.6"), 5),)),
    (Decimal(5), ((Decimal("0.4"), 5), (Decimal("0.6"), 3), (Decimal("0.8"), 1))),
    (
        None,
        (
            (Decimal("0.4"), 5),
            (Decimal("0.55"), 3),
            (Decimal("0.7"), 2),
            (Decimal("0.8"), 1),
            (Decimal("0.9"), 1),
        ),
    ),
)


@dataclass(frozen=True)
class WarmupSet:
    weight: Decimal
    reps: int
    per_side: tuple[Decimal, ...]


def warmup_ramp(work_weight: Number, setup: BarSetup | None = None) -> list[WarmupSet]:
    """The warm-up sets before a work set of `work_weight`, lightest first (none at or under the
    empty bar)."""
    setup = setup or plates.default_setup()
    work = plates.load(work_weight, setup).target
    if work <= setup.empty:
        return []
    ramp = [WarmupSet(setup.empty, EMPTY_BAR_REPS, ())] if setup.empty > 0 else []
    for share, reps in _steps(work, setup.empty):
        loading = plates.load(work * share, setup)
        loaded = loading.exact or loading.below
        heaviest = ramp[-1].weight if ramp else setup.empty
        if loaded is None or loaded.total <= heaviest or loaded.total >= work:
            continue
        ramp.append(WarmupSet(loaded.total, reps, loaded.per_side))
    return ramp


def _steps(work: Decimal, empty: Decimal) -> tuple[tuple[Decimal, int], ...]:
    bars = work / empty if empty > 0 else Decimal("Infinity")
    for up_to, steps in RAMPS:
        if up_to is None or bars <= up_to:
            return steps
    return RAMPS[-1][1]
