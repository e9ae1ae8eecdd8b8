"""Coaching services: the lifter's plates, what goes on the bar, warm-ups, the change since last
time, powerlifting scores, the weak-point report and the daily calories. Shared by the bot, the
API and the calculator page; the pure rules live in `plates`, `warmups`, `rpe`, `scores` and
`calories`.

Weights are stored in kg; plates are loaded in the setup's unit (a lifter with lb plates loads
lb), so a kg weight is converted once, here, before loading.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Literal, NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import DecimalField, Max, QuerySet, Sum
from django.utils import timezone

from backend.accounts.models import User

from . import calories, chart_limits, plates, scores, set_numbers, warmups
from . import rpe as rpe_chart
from .display import KG_PER_LB
from .effective_load import bodyweight_or_default, effective_load_kg
from .models import Exercise, PlateSetup, WorkoutSet
from .prepared import PreparedRows

# --- plates ---------------------------------------------------------------------------------


def exercise_takes_plates(*, exercise: Exercise) -> bool:
    """Whether the lift is a barbell loaded with plates (dumbbells and machines are not)."""
    return exercise.load_type == Exercise.LoadType.BARBELL and exercise.equipment in (
        Exercise.Equipment.BARBELL,
        Exercise.Equipment.EZ_BAR,
    )


def plate_setup_get(*, user: User) -> plates.BarSetup:
    """The lifter's bar, plates and collars; the defaults for their units when never set."""
    stored: PlateSetup | None
    if type(user).plate_setup.is_cached(user):  # read with the user (select_related)
        stored = getattr(user, "plate_setup", None)
    else:
        stored = PlateSetup.objects.filter(user=user).first()
    if stored is None:
        return plates.default_setup(user.units)
    return _setup_from_row(stored)


def _setup_from_row(row: PlateSetup) -> plates.BarSetup:
    items: list[plates.Number | plates.Plate] = []
    for item in row.plates:
        if isinstance(item, list):
            items.append(plates.Plate(Decimal(str(item[0])), pairs=int(item[1])))
        else:
            items.append(Decimal(str(item)))
    return plates.make_setup(unit=row.unit, bar=row.bar, plates=items, collar=row.collar)


def plate_setup_save(
    *,
    user: User,
    unit: str,
    bar: Decimal,
    plate_weights: Sequence[Decimal | tuple[Decimal, int]],
    collar: Decimal = Decimal(0),
) -> plates.BarSetup:
    """Stores the lifter's setup (ValueError for one that cannot exist)."""
    items = [
        plates.Plate(Decimal(p[0]), pairs=int(p[1])) if isinstance(p, tuple) else Decimal(p)
        for p in plate_weights
    ]
    setup = plates.make_setup(unit=unit, bar=bar, plates=items, collar=collar)
    for name in ("bar", "collar"):
        _fits_column(name, getattr(setup, name))
    stored = [
        float(p.weight) if p.pairs is None else [float(p.weight), p.pairs] for p in setup.plates
    ]
    PlateSetup.objects.update_or_create(
        user=user,
        defaults={"unit": setup.unit, "bar": setup.bar, "plates": stored, "collar": setup.collar},
    )
    return setup


def _fits_column(name: str, value: Decimal) -> None:
    """ValueError unless `value` fits PlateSetup's column `name` (a database would refuse it)."""
    column = PlateSetup._meta.get_field(name)
    assert isinstance(column, DecimalField)
    places, digits = column.decimal_places or 0, column.max_digits or 0
    top = Decimal(10) ** (digits - places) - Decimal(10) ** -places
    if value > top:
        raise ValueError(f"the {name} can weigh at most {plates.format_weight(top)}")


def plate_setup_reset(*, user: User) -> plates.BarSetup:
    """Forgets the lifter's setup: back to the defaults for their units."""
    PlateSetup.objects.filter(user=user).delete()
    return plates.default_setup(user.units)


def setup_for_exercise(setup: plates.BarSetup, *, exercise: Exercise | None) -> plates.BarSetup:
    """The setup with an EZ bar for EZ-bar lifts (same plates and collars)."""
    if exercise is None or exercise.equipment != Exercise.Equipment.EZ_BAR:
        return setup
    return plates.BarSetup(
        unit=setup.unit,
        bar=plates.BAR_WEIGHTS["ez"][setup.unit],
        plates=setup.plates,
        collar=setup.collar,
    )


def kg_to_unit(weight_kg: Decimal, unit: str) -> Decimal:
    """A kg weight in `unit`, to the gram (or 1/1000 lb), for loading."""
    value = weight_kg / KG_PER_LB if unit == plates.Unit.LB else weight_kg
    return value.quantize(Decimal("0.001"))


def stored_in_unit(weight_kg: Decimal, unit: str) -> Decimal:
    """A stored weight (kg to 0.01) back in `unit`: 225 lb is stored as 102.06 kg and reads back
    as 225 lb, the tenth of a pound that stores as the same kg (not 225.004, off the plates)."""
    if unit != plates.Unit.LB:
        return weight_kg
    tenth = (weight_kg / KG_PER_LB).quantize(Decimal("0.1"))
    if (tenth * KG_PER_LB).quantize(Decimal("0.01")) == weight_kg:
        return tenth
    return kg_to_unit(weight_kg, unit)


def unit_to_kg(weight: Decimal, unit: str) -> Decimal:
    """A weight in `unit` as kg."""
    return weight * KG_PER_LB if unit == plates.Unit.LB else weight


@dataclass(frozen=True)
class PlateAnswer:
    """The loading of a weight with the lifter's setup, in the setup's unit."""

    setup: plates.BarSetup
    loading: plates.Loading


def plates_for(
    *,
    setup: plates.BarSetup,
    weight: Decimal,
    unit: str,
    exercise: Exercise | None = None,
) -> PlateAnswer:
    """What goes on the bar for `weight` in `unit` (converted to the setup's unit)."""
    chosen = setup_for_exercise(setup, exercise=exercise)
    target = weight if unit == chosen.unit else kg_to_unit(unit_to_kg(weight, unit), chosen.unit)
    return PlateAnswer(setup=chosen, loading=plates.load(target, chosen))


def warmups_for(
    *,
    setup: plates.BarSetup,
    weight: Decimal,
    unit: str,
    exercise: Exercise | None = None,
) -> tuple[plates.BarSetup, list[warmups.WarmupSet]]:
    """The warm-up ramp to a work set of `weight` in `unit`, in the setup's unit."""
    chosen = setup_for_exercise(setup, exercise=exercise)
    target = weight if unit == chosen.unit else kg_to_unit(unit_to_kg(weight, unit), chosen.unit)
    return chosen, warmups.warmup_ramp(target, chosen)


# --- what each logged set says --------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """How a set compares with the last session of the same lift.

    `kind` "weight": the same reps were done then, `delta_kg` is the weight change against the
    heaviest of them; "e1rm": other reps, `delta_kg` is the e1RM change against that session's
    best."""

    kind: Literal["weight", "e1rm"]
    delta_kg: Decimal
    previous_on: date


@dataclass(frozen=True)
class SetCoaching:
    """The coaching notes under one logged set."""

    set_id: int
    e1rm_method: str  # "rpe_chart" or "formula"
    e1rm_formula: str = ""  # the rep formula's name for "formula"
    percent_1rm: float = 0.0
    takes_plates: bool = False
    plate_unit: str = "kg"
    per_side: tuple[Decimal, ...] | None = None  # None: not loadable exactly (or no plates)
    nearest: tuple[Decimal, ...] = ()  # loadable totals around it when not exact
    change: Change | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _zone(user: User) -> ZoneInfo:
    try:
        return ZoneInfo(user.timezone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def sets_coaching(*, user: User, sets: Sequence[WorkoutSet]) -> dict[int, SetCoaching]:
    """Per logged set: how its e1RM was found, its plates per side, and the change since the
    last session of the lift (one query per exercise for the last session)."""
    needs_plates = any(exercise_takes_plates(exercise=ws.exercise) for ws in sets)
    setup = plate_setup_get(user=user) if needs_plates else plates.default_setup(user.units)
    zone = _zone(user)
    last_sessions: dict[int, list[_EarlierSet]] = {}
    notes: dict[int, SetCoaching] = {}
    for ws in sets:
        exercise = ws.exercise
        if exercise.pk not in last_sessions:
            last_sessions[exercise.pk] = _last_session(user, ws, zone)
        estimate = rpe_chart.estimate_one_rm(
            weight_kg=float(ws.weight_kg), reps=ws.reps, rpe=ws.rpe
        )
        takes = exercise_takes_plates(exercise=exercise)
        per_side: tuple[Decimal, ...] | None = None
        nearest: tuple[Decimal, ...] = ()
        unit = setup.unit
        if takes:
            chosen = setup_for_exercise(setup, exercise=exercise).unit
            typed = stored_in_unit(ws.weight_kg, chosen)
            try:
                answer = plates_for(setup=setup, weight=typed, unit=chosen, exercise=exercise)
            except plates.PlatesTooFine:
                pass  # no plates line then; the set is logged all the same
            else:
                unit = answer.setup.unit
                loading = answer.loading
                if loading.exact is not None:
                    per_side = loading.exact.per_side
                else:
                    nearest = tuple(
                        x.total for x in (loading.below, loading.above) if x is not None
                    )
        notes[ws.pk] = SetCoaching(
            set_id=ws.pk,
            e1rm_method=estimate.method,
            e1rm_formula=estimate.formula,
            percent_1rm=estimate.percent_1rm,
            takes_plates=takes,
            plate_unit=unit,
            per_side=per_side,
            nearest=nearest,
            change=None if ws.is_warmup else _change(ws, last_sessions[exercise.pk], zone),
        )
    return notes


LAST_SESSION_ROWS = 60  # a session has fewer work sets of one lift than this


def _earlier_sets_query(*, user_id: int, exercise_id: int, before: datetime) -> QuerySet[Any]:
    return (
        WorkoutSet.objects.filter(
            user_id=user_id, exercise_id=exercise_id, is_warmup=False, performed_at__lt=before
        )
        .order_by("-performed_at")
        .values_list("performed_at", "weight_kg", "reps", "e1rm_kg")[:LAST_SESSION_ROWS]
    )


# run for every logged set: compiled once (`prepared`)
_earlier_sets = PreparedRows(
    _earlier_sets_query,
    sentinels={
        "user_id": -(2**62) + 1,
        "exercise_id": -(2**62) + 2,
        "before": datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC),
    },
    adapt={"before": lambda connection, value: connection.ops.adapt_datetimefield_value(value)},
)


class _EarlierSet(NamedTuple):
    performed_at: datetime
    weight_kg: Decimal
    reps: int
    e1rm_kg: Decimal


def _last_session(user: User, workout_set: WorkoutSet, zone: ZoneInfo) -> list[_EarlierSet]:
    """The work sets of the lifter's last day of this lift before the set's day (one query,
    rows as tuples: no model instances to build)."""
    day = workout_set.performed_at.astimezone(zone).date()
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    earlier = [
        _EarlierSet(*row)
        for row in _earlier_sets.rows(
            user_id=user.pk, exercise_id=workout_set.exercise_id, before=start
        )
    ]
    if not earlier:
        return []
    last_day = earlier[0].performed_at.astimezone(zone).date()
    return [s for s in earlier if s.performed_at.astimezone(zone).date() == last_day]


def _change(workout_set: WorkoutSet, session: list[_EarlierSet], zone: ZoneInfo) -> Change | None:
    if not session:
        return None
    on = session[0].performed_at.astimezone(zone).date()
    same_reps = [s.weight_kg for s in session if s.reps == workout_set.reps]
    if same_reps:
        return Change("weight", workout_set.weight_kg - max(same_reps), on)
    best = max(s.e1rm_kg for s in session)
    return Change("e1rm", workout_set.e1rm_kg - best, on)


# --- powerlifting scores --------------------------------------------------------------------

BIG_THREE = {"squat": "squat", "bench": "bench-press", "deadlift": "deadlift"}


@dataclass(frozen=True)
class LiftScore:
    lift: str
    exercise: str
    e1rm_kg: float
    dots: float
    wilks2020: float
    # the IPF scores a total and a bench press alone (its own parameters): no squat or
    # deadlift on its own
    ipf_gl: float | None


@dataclass(frozen=True)
class UserScores:
    """Scores of the lifter's best squat, bench and deadlift e1RMs and of their total."""

    sex: str
    bodyweight_kg: float
    lifts: list[LiftScore]
    total: scores.Scores | None  # None until all three lifts are logged
    percentile: scores.DotsPercentile | None


def best_e1rms(*, user: User, slugs: Sequence[str]) -> dict[str, float]:
    """The lifter's best e1RM per exercise slug (work sets only)."""
    rows = (
        WorkoutSet.objects.filter(user=user, is_warmup=False, exercise__slug__in=slugs)
        .values("exercise__slug")
        .annotate(best=Max("e1rm_kg"))
        .values_list("exercise__slug", "best")
        .order_by()
    )
    return {slug: float(best) for slug, best in rows}


def scores_of(
    *, sex: scores.Sex, bodyweight_kg: float, lifts_kg: dict[str, float]
) -> tuple[list[LiftScore], scores.Scores | None, scores.DotsPercentile | None]:
    """Per-lift and total scores of given squat / bench / deadlift 1RMs (keys of BIG_THREE)."""
    rows = []
    for lift, slug in BIG_THREE.items():
        if lift not in lifts_kg:
            continue
        kg = lifts_kg[lift]
        bench = lift == "bench"
        one = scores.scores_for(
            sex=sex, bodyweight_kg=bodyweight_kg, total_kg=kg, event="B" if bench else "SBD"
        )
        gl = one.ipf_gl if bench else None
        rows.append(LiftScore(lift, slug, kg, one.dots, one.wilks2020, gl))
    if len(rows) < len(BIG_THREE):
        return rows, None, None
    total = scores.scores_for(
        sex=sex, bodyweight_kg=bodyweight_kg, total_kg=sum(r.e1rm_kg for r in rows)
    )
    where = scores.dots_percentile(sex=sex, bodyweight_kg=bodyweight_kg, dots_points=total.dots)
    return rows, total, where


def user_scores(*, user: User) -> UserScores | None:
    """The lifter's scores from their best e1RMs; None without sex and bodyweight."""
    if user.sex not in ("male", "female") or not user.bodyweight_kg:
        return None
    bests = best_e1rms(user=user, slugs=list(BIG_THREE.values()))
    lifts = {lift: bests[slug] for lift, slug in BIG_THREE.items() if slug in bests}
    sex: scores.Sex = "male" if user.sex == "male" else "female"
    body = float(user.bodyweight_kg)
    rows, total, where = scores_of(sex=sex, bodyweight_kg=body, lifts_kg=lifts)
    return UserScores(user.sex, body, rows, total, where)


# --- weak points ----------------------------------------------------------------------------

# (name, numerator slugs, denominator slugs, the ratio coaches expect as (low, high))
RATIOS: tuple[tuple[str, tuple[str, ...], tuple[str, ...], tuple[float, float]], ...] = (
    # squat ≈ 80–90% of the deadlift (Rippetoe & Kilgore; Strength Level standards ≈ 0.83)
    ("squat_deadlift", ("squat",), ("deadlift",), (0.75, 0.95)),
    # bench ≈ 1.3–1.6 × the overhead press (the standards put it near 1.5)
    ("bench_press", ("bench-press",), ("shoulder-press", "military-press"), (1.3, 1.7)),
    # rows / pull-downs against the bench: pulling about as strong as pushing
    ("pull_push", ("bent-over-row", "lat-pulldown"), ("bench-press",), (0.7, 1.1)),
)


@dataclass(frozen=True)
class LiftStanding:
    exercise: str
    exercise_name: str
    exercise_name_ko: str
    percentile: float
    e1rm_kg: float
    kg_to_median: float | None  # the e1RM gain that would bring it to the lifter's median


@dataclass(frozen=True)
class Ratio:
    name: str
    value: float
    low: float
    high: float

    @property
    def verdict(self) -> str:
        return "low" if self.value < self.low else "high" if self.value > self.high else "ok"


@dataclass(frozen=True)
class WeakPointReport:
    median_percentile: float | None
    lifts: list[LiftStanding]
    lagging: list[LiftStanding]
    ratios: list[Ratio]


def weak_point_report(*, user: User) -> WeakPointReport:
    """Each trained lift's best percentile against the lifter's median across lifts, the ratios
    coaches watch, and what lags by how many kg of e1RM."""
    best = (
        WorkoutSet.objects.filter(user=user, is_warmup=False, percentile__isnull=False)
        .values("exercise__slug", "exercise__name", "exercise__name_ko", "exercise__load_type")
        .annotate(percentile=Max("percentile"), e1rm=Max("e1rm_kg"))
        .order_by("exercise__slug")
    )
    rows = list(best)
    all_bests = best_e1rms(user=user, slugs=[s for r in RATIOS for s in (*r[1], *r[2])])
    ratios = []
    for name, top, bottom, (low, high) in RATIOS:
        up = next((all_bests[s] for s in top if s in all_bests), None)
        down = next((all_bests[s] for s in bottom if s in all_bests), None)
        if up and down:
            ratios.append(Ratio(name, round(up / down, 2), low, high))
    if not rows:
        return WeakPointReport(None, [], [], ratios)
    median = float(statistics.median(float(r["percentile"]) for r in rows))
    body = float(user.bodyweight_kg) if user.bodyweight_kg else None
    age = user.age
    lifts = []
    for row in rows:
        percentile = float(row["percentile"])
        gain = None
        if percentile < median and user.sex and age and body:
            # the model ranks the added weight of bodyweight lifts (`effective_load`)
            is_bodyweight = row["exercise__load_type"] == Exercise.LoadType.BODYWEIGHT
            ranked = float(row["e1rm"]) - (body if is_bodyweight else 0.0)
            gain = _kg_to_percentile(row["exercise__slug"], ranked, median, user.sex, age, body)
        lifts.append(
            LiftStanding(
                row["exercise__slug"],
                row["exercise__name"],
                row["exercise__name_ko"],
                percentile,
                float(row["e1rm"]),
                gain,
            )
        )
    lifts.sort(key=lambda s: s.percentile)
    lagging = [s for s in lifts if s.percentile < median]
    return WeakPointReport(median, lifts, lagging, ratios)


GAIN_STEPS = 60  # e1RM gains tried, in 2.5% steps of the current e1RM (up to +150%)


def _kg_to_percentile(
    slug: str, ranked: float, target: float, sex: str, age: int, body: float
) -> float | None:
    """The smallest gain (in 2.5% steps of the e1RM, at least 1 kg a step) that reaches the
    `target` percentile, by one batch of the percentile model."""
    step_kg = max(abs(ranked) * 0.025, 1.0)
    gains = [step_kg * step for step in range(1, GAIN_STEPS + 1)]
    rows = [
        {"exercise": slug, "sex": sex, "age": age, "bodyweight_kg": body, "one_rm_kg": ranked + g}
        for g in gains
    ]
    for gain, ranking in zip(gains, set_numbers.rank_many(rows), strict=True):
        if ranking is not None and ranking.percentile >= target:
            return round(gain, 1)
    return None


# --- daily calories -------------------------------------------------------------------------


@dataclass(frozen=True)
class DailyCalories:
    energy: calories.DailyEnergy
    training_today_kcal: float
    training_week_kcal: float


def training_kcal(*, user: User, now: datetime | None = None) -> tuple[float, float]:
    """The kcal the lifter's logged sets burned today and over the last 7 days (their zone)."""
    zone = _zone(user)
    moment = (now or timezone.now()).astimezone(zone)
    today = datetime.combine(moment.date(), datetime.min.time(), tzinfo=zone)
    week = today - timedelta(days=6)
    sets = WorkoutSet.objects.filter(user=user)
    day_total = sets.filter(performed_at__gte=today).aggregate(k=Sum("calories_kcal"))["k"]
    week_total = sets.filter(performed_at__gte=week).aggregate(k=Sum("calories_kcal"))["k"]
    return float(day_total or 0), float(week_total or 0)


def daily_calories(
    *,
    user: User,
    activity: str,
    height_cm: float | None = None,
    bodyweight_kg: float | None = None,
    age: int | None = None,
    sex: str | None = None,
) -> DailyCalories:
    """BMR and TDEE from the profile (or the given values) next to the training kcal logged
    today and this week. ValueError names what is missing."""
    height = height_cm or (float(user.height_cm) if user.height_cm else None)
    weight = bodyweight_kg or (float(user.bodyweight_kg) if user.bodyweight_kg else None)
    years = age or user.age
    chosen_sex = sex or user.sex
    missing = [
        name
        for name, value in (
            ("height_cm", height),
            ("bodyweight_kg", weight),
            ("age", years),
            ("sex", chosen_sex),
        )
        if not value
    ]
    if missing:
        raise ValueError(f"missing: {', '.join(missing)}")
    assert height and weight and years and chosen_sex
    energy = calories.daily_energy(
        sex=chosen_sex, bodyweight_kg=weight, height_cm=height, age=years, activity=activity
    )
    today, week = training_kcal(user=user)
    return DailyCalories(energy, today, week)


# --- setup changes, warm-up plans, /calc with RPE, the report chart ------------------------


def plate_setup_change(
    *,
    user: User,
    bar: Decimal | None = None,
    plate_weights: Sequence[Decimal | tuple[Decimal, int]] | None = None,
    collar: Decimal | None = None,
    unit: str | None = None,
) -> plates.BarSetup:
    """Changes the given parts of the lifter's setup; a new unit starts from its defaults."""
    now = plate_setup_get(user=user)
    if unit is not None and unit != now.unit:
        now = plates.default_setup(unit)
    kept = [p.weight if p.pairs is None else (p.weight, p.pairs) for p in now.plates]
    return plate_setup_save(
        user=user,
        unit=now.unit,
        bar=now.bar if bar is None else bar,
        plate_weights=kept if plate_weights is None else plate_weights,
        collar=now.collar if collar is None else collar,
    )


@dataclass(frozen=True)
class WarmupPlan:
    exercise: str
    exercise_ko: str
    unit: str
    work: Decimal
    sets: tuple[warmups.WarmupSet, ...]  # in `unit`
    takes_plates: bool


def warmup_plan(*, user: User, exercise: Exercise, weight: Decimal, unit: str) -> WarmupPlan:
    """The warm-up ramp to `weight` (in `unit`) on an exercise, in the lifter's plate unit."""
    chosen, ramp = warmups_for(
        setup=plate_setup_get(user=user), weight=weight, unit=unit, exercise=exercise
    )
    work = weight if unit == chosen.unit else kg_to_unit(unit_to_kg(weight, unit), chosen.unit)
    return WarmupPlan(
        exercise=exercise.name,
        exercise_ko=exercise.name_ko,
        unit=chosen.unit,
        work=work,
        sets=tuple(ramp),
        takes_plates=exercise_takes_plates(exercise=exercise),
    )


@dataclass(frozen=True)
class RpeCalc:
    """/calc with RPE: the e1RM, how it was found, and the load for other reps at a target."""

    e1rm_kg: float
    method: str
    formula: str
    percent_1rm: float
    target_reps: int | None = None
    target_rpe: Decimal | None = None
    target_kg: float | None = None


def rpe_calc(
    *,
    exercise: Exercise,
    weight_kg: Decimal,
    reps: int,
    rpe: Decimal | None,
    bodyweight_kg: float | None,
    target_reps: int | None = None,
    target_rpe: Decimal | None = None,
) -> RpeCalc:
    """The RPE-aware e1RM of a set (on its effective load) and the load for `target_reps` at
    `target_rpe` (added weight for bodyweight lifts)."""
    load = effective_load_kg(
        weight_kg=float(weight_kg),
        is_bodyweight=exercise.is_bodyweight,
        bodyweight_kg=bodyweight_kg,
    )
    estimate = rpe_chart.estimate_one_rm(weight_kg=load, reps=reps, rpe=rpe)
    target_kg = None
    if target_reps is not None:
        target_kg = rpe_chart.weight_for(
            one_rm_kg=estimate.one_rm_kg, reps=target_reps, rpe=target_rpe
        )
        if exercise.is_bodyweight:
            target_kg -= bodyweight_or_default(bodyweight_kg)
    return RpeCalc(
        e1rm_kg=estimate.one_rm_kg,
        method=estimate.method,
        formula=estimate.formula,
        percent_1rm=estimate.percent_1rm,
        target_reps=target_reps,
        target_rpe=target_rpe,
        target_kg=target_kg,
    )


REPORT_TITLES = {
    "en": ("Your lifts against your median", "percentile among lifters like you", "median"),
    "ko": ("내 운동별 백분위와 중앙값", "비슷한 사람들 중 백분위", "중앙값"),
}


def report_chart_png(*, user: User, report: WeakPointReport, language: str = "en") -> bytes | None:
    """The weak-point chart of a user's report (None when no lift is ranked). Always drawn anew,
    so it counts against the user's chart budget (`chart_limits`: ChartRenderLimited over it)."""
    from charts.weak_points import WeakPointsChartData, render_weak_points

    if report.median_percentile is None or not report.lifts:
        return None
    chart_limits.render_charge(user)
    title, subtitle, median = REPORT_TITLES.get(language, REPORT_TITLES["en"])
    names = [
        (s.exercise_name_ko if language == "ko" and s.exercise_name_ko else s.exercise_name)
        for s in report.lifts
    ]
    return render_weak_points(
        WeakPointsChartData(
            title=title,
            subtitle=subtitle,
            lifts=tuple(zip(names, (s.percentile for s in report.lifts), strict=True)),
            median=report.median_percentile,
            median_label=median,
        )
    )


# --- the rules' tables, for the calculator page ---------------------------------------------


def coaching_tables() -> dict[str, Any]:
    """Every table the calculator page's coaching rules need, from the same files and constants
    the server uses (so the page holds no copy of its own)."""
    ramps = [
        {
            "up_to_bars": None if up_to is None else float(up_to),
            "steps": [[float(s), r] for s, r in steps],
        }
        for up_to, steps in warmups.RAMPS
    ]
    coefficients = scores._coefficients()
    return {
        "scale": plates.SCALE,
        "max_steps": plates.MAX_STEPS,
        "default_plates": {
            u.value: [float(p) for p in ps] for u, ps in plates.DEFAULT_PLATES.items()
        },
        "bar_weights": {
            name: {u.value: float(w) for u, w in weights.items()}
            for name, weights in plates.BAR_WEIGHTS.items()
        },
        "warmup_ramps": ramps,
        "empty_bar_reps": warmups.EMPTY_BAR_REPS,
        "rpe10": {str(reps): percent for reps, percent in rpe_chart._rpe10_row().items()},
        "min_rpe": float(rpe_chart.MIN_RPE),
        "max_rpe": float(rpe_chart.MAX_RPE),
        "dots": coefficients["dots"],
        "wilks2020": coefficients["wilks2020"],
        "ipf_gl": coefficients["ipf_gl_goodlift"]["params"],
        "ipf_gl_min_bodyweight_kg": scores.IPF_GL_MIN_BODYWEIGHT_KG,
        "dots_cohorts": scores._cohorts(),
        "percentile_points": list(scores.PERCENTILE_POINTS),
        "activity_factors": calories.ACTIVITY_FACTORS,
        "mifflin_sex_constant": calories.MIFFLIN_SEX_CONSTANT,
    }
