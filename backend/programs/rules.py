"""The progression rules of four published programs, as plain typed functions (no Django).

Sources and the rules restated: `../shared/data/programs.md`. A program is a `Program`: `start()`
builds its state from the lifter's maxes, `session()` prescribes the next session from the state,
and `advance()` takes the sets actually made and returns the next state with what changed.

States are frozen dataclasses of plain values (weights in kg as `Decimal`) so they round-trip
through JSON (`state_to_json` / `state_from_json`). Working weights that the lifter loads every
session (StrongLifts, Starting Strength, GZCLP) are kept loadable through the `round_load`
callable the caller passes (the lifter's plates); 5/3/1 keeps the exact training max and rounds
only the prescribed sets.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, Protocol

from backend.workouts.display import KG_PER_LB
from backend.workouts.one_rep_max import estimate_one_rm, weight_for_reps

Unit = Literal["kg", "lb"]
RoundLoad = Callable[[str, Decimal], Decimal]  # (lift, kg) → the nearest loadable kg

SQUAT = "squat"
BENCH = "bench-press"
DEADLIFT = "deadlift"
PRESS = "shoulder-press"
ROW = "bent-over-row"
POWER_CLEAN = "power-clean"
LAT_PULLDOWN = "lat-pulldown"
DUMBBELL_ROW = "dumbbell-row"

EMPTY_BAR_KG = Decimal(20)
LOWER_BODY = frozenset({SQUAT, DEADLIFT})


def _kg(kg: str, lb: int, unit: Unit) -> Decimal:
    """An increment as published, in the lifter's unit, expressed in kg."""
    return Decimal(kg) if unit == "kg" else (lb * KG_PER_LB).quantize(Decimal("0.0001"))


def big_step(unit: Unit) -> Decimal:
    """+5 kg (10 lb): squat and deadlift in 5/3/1, StrongLifts' deadlift, GZCLP's T1."""
    return _kg("5", 10, unit)


def small_step(unit: Unit) -> Decimal:
    """+2.5 kg (5 lb): bench and press in 5/3/1, each StrongLifts session."""
    return _kg("2.5", 5, unit)


def lift_step(lift: str, unit: Unit) -> Decimal:
    """The 5/3/1 and GZCLP increment for a lift: big for squat and deadlift, small otherwise."""
    return big_step(unit) if lift in LOWER_BODY else small_step(unit)


def percent(weight: Decimal, pct: int | str) -> Decimal:
    """`pct` % of `weight`, to 0.01 kg."""
    return (weight * Decimal(pct) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def e1rm(weight_kg: Decimal, reps: int) -> Decimal:
    """The estimated 1RM of a set (the project's formula), to 0.01 kg."""
    estimate = estimate_one_rm(weight_kg=float(weight_kg), reps=max(reps, 1))
    return Decimal(str(round(estimate.one_rm_kg, 2)))


def five_rep_max(one_rm_kg: Decimal) -> Decimal:
    """The weight a lifter with this 1RM moves for 5 (the project's e1RM formula, inverted)."""
    return Decimal(str(round(weight_for_reps(one_rm_kg=float(one_rm_kg), reps=5), 2)))


# --- what a session asks for and what was done ----------------------------------------------


@dataclass(frozen=True)
class PrescribedSet:
    """One set to do: the exercise, its weight (already rounded to the plates), reps, AMRAP."""

    lift: str
    weight_kg: Decimal
    reps: int
    amrap: bool = False
    part: str = "main"  # main, bbb (supplement), t1, t2, t3, test


@dataclass(frozen=True)
class Session:
    """The next session of a program: a label ("Week 1 · Squat") and its sets in order."""

    program: str
    label: str
    sets: tuple[PrescribedSet, ...]
    week: int | None = None
    day: int | None = None


@dataclass(frozen=True)
class SetResult:
    """A set as done: the weight actually lifted and the reps made."""

    weight_kg: Decimal
    reps: int


@dataclass(frozen=True)
class Change:
    """What advancing did to one lift: the kind (increase, repeat, deload, stage, reset, tm) and
    the weight before and after."""

    lift: str
    kind: str
    before_kg: Decimal
    after_kg: Decimal
    part: str = "main"
    stage: str = ""


@dataclass(frozen=True)
class Advance:
    """The state after a session and the changes it made."""

    state: Any
    changes: tuple[Change, ...] = ()
    cycle_done: bool = False


def made(prescribed: PrescribedSet, result: SetResult) -> bool:
    """Whether the set was made: at least the prescribed reps at no less than the weight."""
    return result.reps >= prescribed.reps and result.weight_kg >= prescribed.weight_kg - Decimal(
        "0.01"
    )


class Program(Protocol):
    @property
    def slug(self) -> str:
        """The program's id."""

    @property
    def lifts(self) -> tuple[str, ...]:
        """The lifts it programs, in order."""

    def start(self, *, maxes: Mapping[str, Decimal], unit: Unit, round_load: RoundLoad) -> Any:
        """The first state from the lifter's 1RMs (or e1RMs) per lift."""

    def session(self, state: Any, *, round_load: RoundLoad) -> Session:
        """The next session the state prescribes."""

    def advance(
        self, state: Any, results: Sequence[SetResult], *, round_load: RoundLoad
    ) -> Advance:
        """The next state after the session, by the program's rules."""


def _pair(session: Session, results: Sequence[SetResult]) -> list[tuple[PrescribedSet, SetResult]]:
    if len(results) != len(session.sets):
        raise ValueError(f"{len(session.sets)} results expected, got {len(results)}")
    return list(zip(session.sets, results, strict=True))


# --- 5/3/1 ----------------------------------------------------------------------------------

WENDLER_WEEKS: tuple[tuple[tuple[int, int, bool], ...], ...] = (
    ((65, 5, False), (75, 5, False), (85, 5, True)),
    ((70, 3, False), (80, 3, False), (90, 3, True)),
    ((75, 5, False), (85, 3, False), (95, 1, True)),
    ((40, 5, False), (50, 5, False), (60, 5, False)),  # deload
)
TM_PERCENT = 90
BBB_SETS, BBB_REPS = 5, 10


@dataclass(frozen=True)
class WendlerState:
    """5/3/1: the training max per lift, where the lifter is (week 1–4, lift of the week), and
    the lifts whose AMRAP fell short this cycle, with the e1RM of that AMRAP."""

    unit: Unit
    training_max: dict[str, Decimal]
    week: int = 1
    lift_index: int = 0
    bbb_percent: int = 0  # 0: no Boring But Big; else 50–60
    missed: dict[str, Decimal] = field(default_factory=dict)
    cycle: int = 1


class Wendler531:
    """Jim Wendler's 5/3/1, optionally with Boring But Big (5 × 10 at 50–60% of the TM)."""

    lifts = (SQUAT, BENCH, DEADLIFT, PRESS)

    def __init__(self, *, bbb_percent: int = 0) -> None:
        if bbb_percent and not 50 <= bbb_percent <= 60:
            raise ValueError("Boring But Big runs at 50–60% of the training max")
        self.bbb_percent = bbb_percent
        self.slug = "531-bbb" if bbb_percent else "531"

    def start(
        self, *, maxes: Mapping[str, Decimal], unit: Unit, round_load: RoundLoad
    ) -> WendlerState:
        """TM = 90% of each lift's 1RM."""
        return WendlerState(
            unit=unit,
            training_max={lift: percent(maxes[lift], TM_PERCENT) for lift in self.lifts},
            bbb_percent=self.bbb_percent,
        )

    def session(self, state: WendlerState, *, round_load: RoundLoad) -> Session:
        """The week's three sets (the last one AMRAP outside the deload week), then BBB."""
        lift = self.lifts[state.lift_index]
        tm = state.training_max[lift]
        sets = [
            PrescribedSet(lift, round_load(lift, percent(tm, pct)), reps, amrap)
            for pct, reps, amrap in WENDLER_WEEKS[state.week - 1]
        ]
        if state.bbb_percent:
            weight = round_load(lift, percent(tm, state.bbb_percent))
            sets += [PrescribedSet(lift, weight, BBB_REPS, part="bbb")] * BBB_SETS
        return Session(self.slug, f"{lift}", tuple(sets), week=state.week, day=state.lift_index)

    def advance(
        self, state: WendlerState, results: Sequence[SetResult], *, round_load: RoundLoad
    ) -> Advance:
        """Next lift, next week; after week 4 each TM grows (2.5 kg upper, 5 kg lower body)
        unless that lift's AMRAP fell short: then 90% of the e1RM of that AMRAP set."""
        session = self.session(state, round_load=round_load)
        lift = self.lifts[state.lift_index]
        missed = dict(state.missed)
        for prescribed, result in _pair(session, results):
            if prescribed.amrap and result.reps < prescribed.reps:
                estimate = e1rm(result.weight_kg, result.reps)
                missed[lift] = min(missed.get(lift, estimate), estimate)
        lift_index, week = state.lift_index + 1, state.week
        if lift_index < len(self.lifts):
            return Advance(replace(state, lift_index=lift_index, missed=missed))
        if week < len(WENDLER_WEEKS):
            return Advance(replace(state, lift_index=0, week=week + 1, missed=missed))
        training_max, changes = {}, []
        for name, tm in state.training_max.items():
            if name in missed:
                after, kind = min(tm, percent(missed[name], TM_PERCENT)), "reset"
            else:
                after, kind = tm + lift_step(name, state.unit), "increase"
            training_max[name] = after
            changes.append(Change(name, kind, tm, after, part="tm"))
        next_state = replace(
            state,
            training_max=training_max,
            week=1,
            lift_index=0,
            missed={},
            cycle=state.cycle + 1,
        )
        return Advance(next_state, tuple(changes), cycle_done=True)


# --- linear programs: StrongLifts 5×5 and Starting Strength -----------------------------------


@dataclass(frozen=True)
class LinearState:
    """A/B linear progression: the next workout, each lift's working weight and its failed
    sessions in a row at that weight."""

    unit: Unit
    weight: dict[str, Decimal]
    failures: dict[str, int] = field(default_factory=dict)
    workout: int = 0  # index into the program's workouts (A = 0, B = 1)
    sessions: int = 0


Workout = tuple[tuple[str, int, int], ...]  # (lift, sets, reps)


class LinearProgram:
    """The shape StrongLifts 5×5 and Starting Strength share: alternate workouts, add weight
    each successful session; they differ in the workouts, increments and failure response."""

    slug = ""
    workouts: tuple[Workout, ...] = ()
    deload_after: int | None = None  # failed sessions in a row before a 10% deload
    deload_percent = 90

    @property
    def lifts(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for workout in self.workouts:
            for lift, _, _ in workout:
                seen.setdefault(lift, None)
        return tuple(seen)

    def increment(self, lift: str, unit: Unit) -> Decimal:
        raise NotImplementedError

    def start_weight(self, one_rm_kg: Decimal | None) -> Decimal:
        raise NotImplementedError

    def start(
        self, *, maxes: Mapping[str, Decimal], unit: Unit, round_load: RoundLoad
    ) -> LinearState:
        """Each lift from its 1RM when known, else the empty bar."""
        weight = {lift: round_load(lift, self.start_weight(maxes.get(lift))) for lift in self.lifts}
        return LinearState(unit=unit, weight=weight, failures=dict.fromkeys(self.lifts, 0))

    def session(self, state: LinearState, *, round_load: RoundLoad) -> Session:
        """The sets × reps of the next workout at each lift's working weight."""
        workout = self.workouts[state.workout]
        sets = tuple(
            PrescribedSet(lift, state.weight[lift], reps)
            for lift, count, reps in workout
            for _ in range(count)
        )
        return Session(self.slug, "AB"[state.workout], sets, day=state.workout)

    def advance(
        self, state: LinearState, results: Sequence[SetResult], *, round_load: RoundLoad
    ) -> Advance:
        """Per lift: all sets made adds the increment; a miss repeats the weight, and with a
        deload rule the Nth miss in a row takes 10% off."""
        session = self.session(state, round_load=round_load)
        success: dict[str, bool] = {}
        for prescribed, result in _pair(session, results):
            ok = made(prescribed, result)
            success[prescribed.lift] = success.get(prescribed.lift, True) and ok
        weight, failures, changes = dict(state.weight), dict(state.failures), []
        for lift, ok in success.items():
            before = weight[lift]
            if ok:
                weight[lift] = round_load(lift, before + self.increment(lift, state.unit))
                failures[lift], kind = 0, "increase"
            else:
                failures[lift] = failures.get(lift, 0) + 1
                kind = "repeat"
                if self.deload_after and failures[lift] >= self.deload_after:
                    weight[lift] = round_load(lift, percent(before, self.deload_percent))
                    failures[lift], kind = 0, "deload"
            changes.append(Change(lift, kind, before, weight[lift]))
        next_state = replace(
            state,
            weight=weight,
            failures=failures,
            workout=(state.workout + 1) % len(self.workouts),
            sessions=state.sessions + 1,
        )
        return Advance(next_state, tuple(changes))


class StrongLifts5x5(LinearProgram):
    """Mehdi Hadim's StrongLifts 5×5: +2.5 kg a session (deadlift 5 kg); three failed sessions
    in a row at one weight deload that lift by 10%."""

    slug = "stronglifts"
    workouts = (
        ((SQUAT, 5, 5), (BENCH, 5, 5), (ROW, 5, 5)),
        ((SQUAT, 5, 5), (PRESS, 5, 5), (DEADLIFT, 1, 5)),
    )
    deload_after = 3

    def increment(self, lift: str, unit: Unit) -> Decimal:
        return big_step(unit) if lift == DEADLIFT else small_step(unit)

    def start_weight(self, one_rm_kg: Decimal | None) -> Decimal:
        """The empty bar, or 50% of the 5-rep max when that is heavier."""
        if one_rm_kg is None:
            return EMPTY_BAR_KG
        return max(EMPTY_BAR_KG, percent(five_rep_max(one_rm_kg), 50))


class StartingStrength(LinearProgram):
    """Mark Rippetoe's Starting Strength: weight every session while possible (squat and
    deadlift 5 kg, press, bench and clean 2.5 kg); a missed session repeats the weight."""

    slug = "starting-strength"
    workouts = (
        ((SQUAT, 3, 5), (PRESS, 3, 5), (DEADLIFT, 1, 5)),
        ((SQUAT, 3, 5), (BENCH, 3, 5), (POWER_CLEAN, 5, 3)),
    )
    START_PERCENT_OF_5RM = 80  # work sets start below the 5RM, so there is room to add weight

    def increment(self, lift: str, unit: Unit) -> Decimal:
        return big_step(unit) if lift in LOWER_BODY else small_step(unit)

    def start_weight(self, one_rm_kg: Decimal | None) -> Decimal:
        if one_rm_kg is None:
            return EMPTY_BAR_KG
        return max(EMPTY_BAR_KG, percent(five_rep_max(one_rm_kg), self.START_PERCENT_OF_5RM))


# --- GZCLP ----------------------------------------------------------------------------------

T1_STAGES = ((5, 3), (6, 2), (10, 1))  # sets × reps, the last set AMRAP
T2_STAGES = ((3, 10), (3, 8), (3, 6))
T3_SETS, T3_REPS, T3_TARGET = 3, 15, 25
T1_PERCENT_OF_5RM, T2_PERCENT_OF_5RM = 85, 65
T1_TEST = len(T1_STAGES)  # the stage after 10 × 1+: test a new 5RM
GZCLP_DAYS = ((SQUAT, BENCH), (PRESS, DEADLIFT), (BENCH, SQUAT), (DEADLIFT, PRESS))
GZCLP_T3 = (LAT_PULLDOWN, DUMBBELL_ROW, LAT_PULLDOWN, DUMBBELL_ROW)


Pairs = list[tuple[PrescribedSet, SetResult]]  # the sets of one tier, prescribed and done


@dataclass(frozen=True)
class TierState:
    """One lift in one tier: its weight, its stage (index into the tier's schemes) and, for T2,
    the weight of its last 3 × 10 success."""

    weight: Decimal
    stage: int = 0
    last_base: Decimal | None = None


@dataclass(frozen=True)
class GzclpState:
    """GZCLP: the day (1–4, zero-based), each main lift in T1 and T2, each T3 accessory."""

    unit: Unit
    t1: dict[str, TierState]
    t2: dict[str, TierState]
    t3: dict[str, TierState]
    day: int = 0


class Gzclp:
    """Cody Lefever's GZCLP linear progression: T1 5×3+, T2 3×10, T3 3×15+ with their stages."""

    slug = "gzclp"
    lifts = (SQUAT, BENCH, DEADLIFT, PRESS)
    accessories = (LAT_PULLDOWN, DUMBBELL_ROW)

    def start(
        self, *, maxes: Mapping[str, Decimal], unit: Unit, round_load: RoundLoad
    ) -> GzclpState:
        """T1 at 85% and T2 at 65% of the 5RM; T3 from its 1RM's 15-rep weight, else the bar."""
        t1, t2 = {}, {}
        for lift in self.lifts:
            five = five_rep_max(maxes[lift])
            t1[lift] = TierState(round_load(lift, percent(five, T1_PERCENT_OF_5RM)))
            base = round_load(lift, percent(five, T2_PERCENT_OF_5RM))
            t2[lift] = TierState(base, last_base=base)
        t3 = {}
        for lift in self.accessories:
            one_rm = maxes.get(lift)
            weight = (
                Decimal(str(round(weight_for_reps(one_rm_kg=float(one_rm), reps=T3_TARGET), 2)))
                if one_rm
                else EMPTY_BAR_KG / 2
            )
            t3[lift] = TierState(round_load(lift, weight))
        return GzclpState(unit=unit, t1=t1, t2=t2, t3=t3)

    def session(self, state: GzclpState, *, round_load: RoundLoad) -> Session:
        """T1, T2 and T3 of the day in their current stages."""
        t1_lift, t2_lift = GZCLP_DAYS[state.day]
        accessory = GZCLP_T3[state.day]
        t1 = state.t1[t1_lift]
        sets: list[PrescribedSet] = []
        if t1.stage == T1_TEST:
            sets.append(PrescribedSet(t1_lift, t1.weight, 5, amrap=True, part="test"))
        else:
            count, reps = T1_STAGES[t1.stage]
            sets += [PrescribedSet(t1_lift, t1.weight, reps, part="t1")] * (count - 1)
            sets.append(PrescribedSet(t1_lift, t1.weight, reps, amrap=True, part="t1"))
        t2 = state.t2[t2_lift]
        count, reps = T2_STAGES[t2.stage]
        sets += [PrescribedSet(t2_lift, t2.weight, reps, part="t2")] * count
        t3 = state.t3[accessory]
        sets += [PrescribedSet(accessory, t3.weight, T3_REPS, part="t3")] * (T3_SETS - 1)
        sets.append(PrescribedSet(accessory, t3.weight, T3_REPS, amrap=True, part="t3"))
        return Session(self.slug, f"day {state.day + 1}", tuple(sets), day=state.day)

    def advance(
        self, state: GzclpState, results: Sequence[SetResult], *, round_load: RoundLoad
    ) -> Advance:
        """Each tier by its own rule, then the next of the four days."""
        session = self.session(state, round_load=round_load)
        by_part: dict[str, Pairs] = {}
        for pair in _pair(session, results):
            by_part.setdefault(pair[0].part, []).append(pair)
        t1, t2, t3 = dict(state.t1), dict(state.t2), dict(state.t3)
        changes: list[Change] = []
        for part, pairs in by_part.items():
            lift = pairs[0][0].lift
            if part in ("t1", "test"):
                t1[lift], change = self._t1(t1[lift], pairs, lift, state.unit, round_load)
            elif part == "t2":
                t2[lift], change = self._t2(t2[lift], pairs, lift, state.unit, round_load)
            else:
                t3[lift], change = self._t3(t3[lift], pairs, lift, state.unit, round_load)
            changes.append(change)
        next_state = replace(state, t1=t1, t2=t2, t3=t3, day=(state.day + 1) % len(GZCLP_DAYS))
        return Advance(next_state, tuple(changes))

    @staticmethod
    def _t1(
        tier: TierState, pairs: Pairs, lift: str, unit: Unit, round_load: RoundLoad
    ) -> tuple[TierState, Change]:
        """Success adds weight; failure moves 5×3 → 6×2 → 10×1 → a 5RM test, which restarts
        the lift at 85% of the new 5RM."""
        if tier.stage == T1_TEST:
            # the heaviest set of 5 is the new 5RM; short of 5 reps, its estimate
            tested = max(five_rep_max(e1rm(r.weight_kg, r.reps)) for _, r in pairs)
            after = TierState(round_load(lift, percent(tested, T1_PERCENT_OF_5RM)))
            return after, Change(lift, "reset", tier.weight, after.weight, "t1", _stage_name(1, 0))
        if all(made(p, r) for p, r in pairs):
            after = replace(tier, weight=round_load(lift, tier.weight + lift_step(lift, unit)))
            return after, Change(
                lift, "increase", tier.weight, after.weight, "t1", _stage_name(1, tier.stage)
            )
        after = replace(tier, stage=tier.stage + 1)
        stage = "test" if after.stage == T1_TEST else _stage_name(1, after.stage)
        return after, Change(lift, "stage", tier.weight, tier.weight, "t1", stage)

    @staticmethod
    def _t2(
        tier: TierState, pairs: Pairs, lift: str, unit: Unit, round_load: RoundLoad
    ) -> tuple[TierState, Change]:
        """Success adds weight; failure moves 3×10 → 3×8 → 3×6, then back to 3×10 at the last
        3×10 success plus 5 kg (10 lb)."""
        if all(made(p, r) for p, r in pairs):
            weight = round_load(lift, tier.weight + lift_step(lift, unit))
            base = weight if tier.stage == 0 else tier.last_base
            after = replace(tier, weight=weight, last_base=base)
            return after, Change(
                lift, "increase", tier.weight, weight, "t2", _stage_name(2, tier.stage)
            )
        if tier.stage + 1 < len(T2_STAGES):
            after = replace(tier, stage=tier.stage + 1, last_base=tier.last_base or tier.weight)
            return after, Change(
                lift, "stage", tier.weight, tier.weight, "t2", _stage_name(2, after.stage)
            )
        base = tier.last_base or tier.weight
        weight = round_load(lift, base + big_step(unit))
        after = TierState(weight, 0, last_base=weight)
        return after, Change(lift, "reset", tier.weight, weight, "t2", _stage_name(2, 0))

    @staticmethod
    def _t3(
        tier: TierState, pairs: Pairs, lift: str, unit: Unit, round_load: RoundLoad
    ) -> tuple[TierState, Change]:
        """Weight goes up once the last set reaches 25 reps."""
        if pairs[-1][1].reps >= T3_TARGET:
            after = replace(tier, weight=round_load(lift, tier.weight + small_step(unit)))
            return after, Change(lift, "increase", tier.weight, after.weight, "t3")
        return tier, Change(lift, "repeat", tier.weight, tier.weight, "t3")


def _stage_name(tier: int, stage: int) -> str:
    count, reps = (T1_STAGES if tier == 1 else T2_STAGES)[stage]
    return f"{count}×{reps}{'+' if tier == 1 else ''}"


# --- the catalogue of programs and their JSON form ------------------------------------------

PROGRAMS: dict[str, Program] = {
    p.slug: p
    for p in (
        Wendler531(),
        Wendler531(bbb_percent=50),
        StrongLifts5x5(),
        StartingStrength(),
        Gzclp(),
    )
}
NAMES: dict[str, str] = {
    "531": "5/3/1",
    "531-bbb": "5/3/1 Boring But Big",
    "stronglifts": "StrongLifts 5×5",
    "starting-strength": "Starting Strength",
    "gzclp": "GZCLP",
}
STATE_TYPES: dict[str, type] = {
    "531": WendlerState,
    "531-bbb": WendlerState,
    "stronglifts": LinearState,
    "starting-strength": LinearState,
    "gzclp": GzclpState,
}


def program_get(slug: str) -> Program:
    """The program with this slug (KeyError for an unknown one)."""
    return PROGRAMS[slug]


def needs_maxes(program: Program) -> tuple[str, ...]:
    """The lifts whose 1RM the program cannot start without (the linear ones start at the bar)."""
    return () if isinstance(program, LinearProgram) else tuple(program.lifts)


def state_to_json(state: Any) -> dict[str, Any]:
    """A state as JSON-ready values (Decimals as strings)."""
    return _jsonable(dataclasses.asdict(state))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def state_from_json(slug: str, data: Mapping[str, Any]) -> Any:
    """The state `state_to_json` wrote, for the program `slug`."""
    kind = STATE_TYPES[slug]
    if kind is WendlerState:
        return WendlerState(
            unit=data["unit"],
            training_max=_decimals(data["training_max"]),
            week=data["week"],
            lift_index=data["lift_index"],
            bbb_percent=data["bbb_percent"],
            missed=_decimals(data["missed"]),
            cycle=data["cycle"],
        )
    if kind is LinearState:
        return LinearState(
            unit=data["unit"],
            weight=_decimals(data["weight"]),
            failures=dict(data["failures"]),
            workout=data["workout"],
            sessions=data["sessions"],
        )
    return GzclpState(
        unit=data["unit"],
        t1={k: _tier(v) for k, v in data["t1"].items()},
        t2={k: _tier(v) for k, v in data["t2"].items()},
        t3={k: _tier(v) for k, v in data["t3"].items()},
        day=data["day"],
    )


def _decimals(values: Mapping[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in values.items()}


def _tier(data: Mapping[str, Any]) -> TierState:
    base = data.get("last_base")
    return TierState(Decimal(data["weight"]), data["stage"], Decimal(base) if base else None)
