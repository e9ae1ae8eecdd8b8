"""Which sets are worth believing without a question: one place for the plausibility rules.

The bot asks before storing a set these rules doubt, the API refuses it with a field error unless
the client confirms, and the calculator page (through the exercise API) warns before ranking it.

A set is doubted when

- a barbell, machine or dumbbell lift carries (almost) no load: `squat 0x5`;
- a loaded lift has more than `MAX_LOADED_REPS` reps: `bench 5x100` (5 kg × 100);
- its e1RM is above the exercise's ceiling (`e1rm_ceiling_kg`), unless the lifter's history is
  already that strong; with no history and no ceiling known, above `FIRST_SET_LIMIT_KG`;
- its e1RM is far above the lifter's best (more than `OUTLIER_FACTOR` × best + `OUTLIER_MARGIN_KG`);
- its e1RM is far below the lifter's best (under `FAR_BELOW_FACTOR` × best) *and* ten times the
  weight would be a set like the lifter's usual ones: a dropped digit (`squat 10x5` after 100s).

Every e1RM here is on the effective load (`effective_load`): bodyweight ± added for pull-ups and
dips. A doubt comes with the readings that would be believed (weight and reps swapped, a tenth or
ten times the weight, the other unit), each checked against the same rules, so the lifter can pick
one: "Did you mean 100 kg × 5?". Pure: no Django (the caller passes the lifter's best e1RM).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from facts import KG_PER_LB, MAX_REPS, MAX_WEIGHT_KG, MIN_REPS

from .effective_load import system_e1rm_kg

Reason = Literal["no_load", "many_reps", "above_ceiling", "far_above", "far_below"]
# the rules' readings, and the two of an ambiguous bodyweight message (`pullups 3x8`)
ReadingKind = Literal["swap", "tenth", "tenfold", "other_unit", "added_weight", "sets_reps"]

# Heavier than any load a lifter puts on (or a machine stack starts at) for a working set.
MIN_LOAD_KG: dict[str, Decimal] = {
    "barbell": Decimal(5),
    "machine": Decimal(1),
    "dumbbell": Decimal("0.5"),
}
MAX_LOADED_REPS = 30
OUTLIER_FACTOR = Decimal(2)
OUTLIER_MARGIN_KG = Decimal(20)
FIRST_SET_LIMIT_KG = Decimal(350)
FAR_BELOW_FACTOR = Decimal("0.25")
# A tenfold reading is offered only when it lands among the lifter's usual sets.
USUAL_RANGE = (Decimal("0.5"), Decimal("1.15"))
# The ceiling is this many times the highest Elite threshold (stronger than 95% of lifters) of
# the exercise across sexes, ages and bodyweights in Strength Level's standards (ml/data, see
# ml/data/SOURCES.md). 1.5 × Elite puts the bench ceiling at 352 kg, the squat at 481 kg and the
# deadlift at 541 kg: around the raw world records, so only typos and the very few lifters
# stronger than that are asked.
CEILING_FACTOR = 1.5
# `5x100` is read back as 100 kg × 5 only when that is a real load (not `2x5` as 5 kg × 2).
MIN_SWAPPED_KG = Decimal(20)
CENTS = Decimal("0.01")


@dataclass(frozen=True)
class Lift:
    """One set as the rules see it: the load in kg (added load for bodyweight lifts) and reps."""

    weight_kg: Decimal
    reps: int


@dataclass(frozen=True)
class Reading:
    """Another way to read the sets of a message: what the lifter may have meant."""

    kind: ReadingKind
    sets: tuple[Lift, ...]
    unit: str


@dataclass(frozen=True)
class Doubt:
    """Why a message's sets are not believed as typed, and the readings that would be."""

    reason: Reason
    lift: Lift
    e1rm_kg: Decimal
    best_e1rm_kg: Decimal | None
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class Context:
    """What the rules know about the exercise and the lifter."""

    exercise_slug: str
    load_type: str
    bodyweight_kg: Decimal | None = None
    best_e1rm_kg: Decimal | None = None

    @property
    def is_bodyweight(self) -> bool:
        return self.load_type == "bodyweight"


@lru_cache(maxsize=1)
def _elite_loads() -> dict[str, float]:
    from ml.dataset import read_rows

    highest: dict[str, float] = {}
    for row in read_rows():
        highest[row.exercise] = max(highest.get(row.exercise, 0.0), row.loads[-1])
    return highest


def e1rm_ceiling_kg(*, exercise_slug: str) -> float | None:
    """The heaviest e1RM on an exercise believed without a question (None: no ceiling known).

    It is on the effective load (bodyweight included for pull-ups and dips), like stored e1RMs.
    """
    elite = _elite_loads().get(exercise_slug)
    return None if elite is None else round(elite * CEILING_FACTOR, 1)


def set_e1rm_kg(lift: Lift, context: Context) -> Decimal:
    """The e1RM of a set on its effective load, in kg to the cent."""
    e1rm = system_e1rm_kg(
        weight_kg=float(lift.weight_kg),
        reps=lift.reps,
        is_bodyweight=context.is_bodyweight,
        bodyweight_kg=float(context.bodyweight_kg) if context.bodyweight_kg else None,
    )
    return Decimal(str(e1rm)).quantize(CENTS, rounding=ROUND_HALF_UP)


def set_reason(lift: Lift, context: Context) -> Reason | None:
    """What is implausible about one set, or None when it is believed."""
    if not context.is_bodyweight:
        if lift.weight_kg < MIN_LOAD_KG.get(context.load_type, Decimal(0)):
            return "no_load"
        if lift.reps > MAX_LOADED_REPS:
            return "many_reps"
    e1rm = set_e1rm_kg(lift, context)
    best = context.best_e1rm_kg
    ceiling = e1rm_ceiling_kg(exercise_slug=context.exercise_slug)
    known = best is not None and best > 0
    if known and e1rm > best * OUTLIER_FACTOR + OUTLIER_MARGIN_KG:  # type: ignore[operator]
        return "far_above"
    if ceiling is not None and e1rm > Decimal(str(ceiling)) and (best is None or e1rm > best):
        return "above_ceiling"
    if not known:
        if ceiling is None and not context.is_bodyweight and e1rm > FIRST_SET_LIMIT_KG:
            return "above_ceiling"
        return None
    tenfold = replace(lift, weight_kg=lift.weight_kg * 10)
    if e1rm < best * FAR_BELOW_FACTOR and _is_usual(tenfold, context):  # type: ignore[operator]
        return "far_below"
    return None


def _is_usual(lift: Lift, context: Context) -> bool:
    best = context.best_e1rm_kg or Decimal(0)
    low, high = USUAL_RANGE
    return best * low <= set_e1rm_kg(lift, context) <= best * high


def sets_doubt(
    sets: Sequence[Lift], context: Context, *, unit: str = "kg", unit_typed: bool = True
) -> Doubt | None:
    """The doubt about a message's sets (None when every set is believed), with its readings.

    `unit` is the unit the weights were read in; when the lifter did not type it, the other unit
    is one of the readings (`bench 225x5` from a kg lifter may be 225 lb).
    """
    reasons = [set_reason(lift, context) for lift in sets]
    doubted = [i for i, reason in enumerate(reasons) if reason is not None]
    if not doubted:
        return None
    first = doubted[0]
    reason = reasons[first]
    assert reason is not None
    readings: list[Reading] = []
    for kind, candidate, shown_in in _candidates(sets, doubted, reason, context, unit, unit_typed):
        if candidate == tuple(sets) or any(r.sets == candidate for r in readings):
            continue
        if all(_valid(lift) and set_reason(lift, context) is None for lift in candidate):
            readings.append(Reading(kind, candidate, shown_in))
    return Doubt(
        reason=reason,
        lift=sets[first],
        e1rm_kg=set_e1rm_kg(sets[first], context),
        best_e1rm_kg=context.best_e1rm_kg,
        readings=tuple(readings),
    )


def _candidates(
    sets: Sequence[Lift],
    doubted: list[int],
    reason: Reason,
    context: Context,
    unit: str,
    unit_typed: bool,
) -> list[tuple[ReadingKind, tuple[Lift, ...], str]]:
    def changed(change: Mapping[int, Lift | None]) -> tuple[Lift, ...] | None:
        if any(lift is None for lift in change.values()):
            return None
        return tuple(change.get(i) or lift for i, lift in enumerate(sets))

    found: list[tuple[ReadingKind, tuple[Lift, ...] | None, str]] = []
    if not context.is_bodyweight:
        found.append(("swap", changed({i: _swapped(sets[i]) for i in doubted}), unit))
    if reason in ("above_ceiling", "far_above"):
        tenth = {i: Lift(_cents(sets[i].weight_kg / 10), sets[i].reps) for i in doubted}
        found.append(("tenth", changed(tenth), unit))
    if reason == "far_below":
        tenfold = {i: Lift(_cents(sets[i].weight_kg * 10), sets[i].reps) for i in doubted}
        found.append(("tenfold", changed(tenfold), unit))
    if not unit_typed and reason in ("far_above", "far_below"):  # a unit mix-up shows in history
        factor, other = (KG_PER_LB, "lb") if unit == "kg" else (1 / KG_PER_LB, "kg")
        other_unit = tuple(Lift(_cents(lift.weight_kg * factor), lift.reps) for lift in sets)
        found.append(("other_unit", other_unit, other))
    return [(kind, candidate, shown) for kind, candidate, shown in found if candidate is not None]


def _swapped(lift: Lift) -> Lift | None:
    """`5x100` read as 100 × 5."""
    weight = lift.weight_kg
    if (
        weight != weight.to_integral()
        or not MIN_REPS <= weight <= MAX_REPS
        or lift.reps < MIN_SWAPPED_KG
    ):
        return None
    return Lift(Decimal(lift.reps).quantize(CENTS), int(weight))


def _valid(lift: Lift) -> bool:
    return MIN_REPS <= lift.reps <= MAX_REPS and lift.weight_kg <= MAX_WEIGHT_KG


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENTS, rounding=ROUND_HALF_UP)
