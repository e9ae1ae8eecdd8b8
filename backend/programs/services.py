"""The lifter's program, /today, logging a session, rest timers, reminders and streaks.

Shared by the REST API, the bot and Celery. The rules themselves are in `rules.py`; this module
keeps their state in the database, rounds prescriptions to the lifter's plates and records the
sets through `backend.workouts.services.log_sets`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.workouts import catalogue, coaching, display, plates
from backend.workouts import services as workouts
from backend.workouts.models import Exercise, WorkoutSet
from backend.workouts.set_numbers import TWO_PLACES
from facts import time_zone

from . import rules
from .models import Enrollment, ReminderSchedule, ReminderSent, RestTimer

if TYPE_CHECKING:
    from backend.accounts.models import User


class ProgramError(Exception):
    """A request the program cannot take (no program, unknown program, bad reps)."""

    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class MissingMaxes(ProgramError):
    """The program needs 1RMs the lifter has not logged or given."""

    def __init__(self, lifts: Sequence[str]) -> None:
        super().__init__("missing_maxes", lifts=tuple(lifts))
        self.lifts = tuple(lifts)


# --- plates ---------------------------------------------------------------------------------


def _is_barbell(lift: str) -> bool:
    exercise = catalogue.exercise_by_slug(slug=lift)
    return exercise is None or exercise.load_type == exercise.LoadType.BARBELL


def _bar_setup(base: plates.BarSetup, lift: str) -> plates.BarSetup:
    """The lifter's own bar, plates and collars (`/plates`), with an EZ bar for EZ-bar lifts."""
    return coaching.setup_for_exercise(base, exercise=catalogue.exercise_by_slug(slug=lift))


def _round_load(user: User) -> rules.RoundLoad:
    """The lifter's loadable weights: a barbell to what their plates make (`workouts.plates`),
    anything else to the standard step, in the lifter's unit."""
    unit = user.units
    base = coaching.plate_setup_get(user=user)

    def round_load(lift: str, weight_kg: Decimal) -> Decimal:
        if _is_barbell(lift):
            setup = _bar_setup(base, lift)
            try:
                loaded = plates.round_to_loadable(display.to_unit(weight_kg, setup.unit), setup)
                return display.to_kg(loaded, setup.unit).quantize(TWO_PLACES)
            except plates.PlatesTooFine:  # plates too fine for this weight: the standard step
                pass
        loaded = display.round_loadable(weight_kg, unit)
        return display.to_kg(loaded, unit).quantize(TWO_PLACES)

    return round_load


def _plates_per_side(base: plates.BarSetup, lift: str, weight_kg: Decimal) -> tuple[Decimal, ...]:
    """The plates on each side of the bar for a prescribed weight (none off the barbell)."""
    if not _is_barbell(lift):
        return ()
    setup = _bar_setup(base, lift)
    try:
        nearest = plates.load(display.to_unit(weight_kg, setup.unit), setup).nearest
    except plates.PlatesTooFine:  # no plates to show for it
        return ()
    return nearest.per_side if nearest is not None else ()


# --- starting and reading a program ---------------------------------------------------------


def program_slugs() -> tuple[str, ...]:
    """The programs a lifter can pick."""
    return tuple(rules.PROGRAMS)


def lifter_maxes(*, user: User) -> dict[str, Decimal]:
    """The lifter's best e1RM per exercise slug."""
    best = workouts.exercise_best_e1rms(user=user)
    slugs = dict(Exercise.objects.filter(pk__in=list(best)).values_list("pk", "slug"))
    return {slugs[pk]: value for pk, value in best.items() if pk in slugs}


def program_start(
    *, user: User, program: str, maxes: Mapping[str, Decimal] | None = None
) -> Enrollment:
    """Starts (or restarts) `program` with the given 1RMs, else the lifter's e1RMs.

    Raises MissingMaxes naming the lifts the program needs a 1RM for and has none."""
    if program not in rules.PROGRAMS:
        raise ProgramError("unknown_program", program=program)
    chosen = rules.program_get(program)
    known = {**lifter_maxes(user=user), **(maxes or {})}
    missing = [lift for lift in rules.needs_maxes(chosen) if lift not in known]
    if missing:
        raise MissingMaxes(missing)
    unit: rules.Unit = "lb" if user.units == "lb" else "kg"
    state = chosen.start(maxes=known, unit=unit, round_load=_round_load(user))
    enrollment, _ = Enrollment.objects.update_or_create(
        user=user,
        defaults={
            "program": program,
            "state": rules.state_to_json(state),
            "progress": [],
            "sessions_done": 0,
            "started_at": timezone.now(),
        },
    )
    return enrollment


def program_stop(*, user: User) -> bool:
    """Ends the lifter's program; whether there was one."""
    deleted, _ = Enrollment.objects.filter(user=user).delete()
    return deleted > 0


def enrollment_get(*, user: User) -> Enrollment | None:
    """The lifter's program, or None."""
    return Enrollment.objects.filter(user=user).first()


@dataclass(frozen=True)
class TodaySet:
    """One prescribed set as /today shows it, with its plates and what was done."""

    index: int
    lift: str
    weight_kg: Decimal
    reps: int
    amrap: bool
    part: str
    plates_per_side: tuple[Decimal, ...]
    done: tuple[Decimal, int] | None = None
    barbell: bool = True


@dataclass(frozen=True)
class Today:
    """The lifter's next session: the program, where in it, and each set."""

    program: str
    label: str
    week: int | None
    cycle: int | None
    sessions_done: int
    sets: tuple[TodaySet, ...]
    state: dict[str, Any]

    @property
    def next_set(self) -> TodaySet | None:
        return next((s for s in self.sets if s.done is None), None)

    @property
    def done_count(self) -> int:
        return sum(s.done is not None for s in self.sets)


def _session(enrollment: Enrollment, user: User) -> rules.Session:
    program = rules.program_get(enrollment.program)
    state = rules.state_from_json(enrollment.program, enrollment.state)
    return program.session(state, round_load=_round_load(user))


def _progress(enrollment: Enrollment, size: int) -> list[list[Any] | None]:
    progress = list(enrollment.progress or [])
    return (progress + [None] * size)[:size]


def _done(entry: list[Any] | None) -> tuple[Decimal, int] | None:
    return (Decimal(entry[0]), int(entry[1])) if entry else None


def _today(enrollment: Enrollment, user: User) -> Today:
    session = _session(enrollment, user)
    progress = _progress(enrollment, len(session.sets))
    base = coaching.plate_setup_get(user=user)
    sets = tuple(
        TodaySet(
            index=i,
            lift=s.lift,
            weight_kg=s.weight_kg,
            reps=s.reps,
            amrap=s.amrap,
            part=s.part,
            plates_per_side=_plates_per_side(base, s.lift, s.weight_kg),
            done=_done(progress[i]),
            barbell=_is_barbell(s.lift),
        )
        for i, s in enumerate(session.sets)
    )
    state = enrollment.state
    return Today(
        program=enrollment.program,
        label=session.label,
        week=session.week,
        cycle=state.get("cycle"),
        sessions_done=enrollment.sessions_done,
        sets=sets,
        state=state,
    )


def today_get(*, user: User) -> Today | None:
    """The lifter's next session with weights rounded to their plates, or None without one."""
    enrollment = enrollment_get(user=user)
    return _today(enrollment, user) if enrollment is not None else None


# --- logging the session --------------------------------------------------------------------


@dataclass(frozen=True)
class SessionProgress:
    """What logging did to the session: sets filled, and when it completed, the changes."""

    filled: int
    completed: bool
    today: Today
    changes: tuple[rules.Change, ...] = ()
    cycle_done: bool = False
    logged: tuple[WorkoutSet, ...] = ()


def _advance(enrollment: Enrollment, user: User, progress: list[list[Any] | None]) -> Any:
    program = rules.program_get(enrollment.program)
    state = rules.state_from_json(enrollment.program, enrollment.state)
    results = [rules.SetResult(Decimal(w), int(r)) for w, r in progress]  # type: ignore[misc]
    advance = program.advance(state, results, round_load=_round_load(user))
    enrollment.state = rules.state_to_json(advance.state)
    enrollment.progress = []
    enrollment.sessions_done += 1
    return advance


def _fill(
    enrollment: Enrollment, user: User, filled: list[tuple[int, Decimal, int]]
) -> SessionProgress:
    """Stores the filled sets in the session; a full session advances the program."""
    session = _session(enrollment, user)
    progress = _progress(enrollment, len(session.sets))
    for index, weight, reps in filled:
        progress[index] = [str(weight), reps]
    changes: tuple[rules.Change, ...] = ()
    cycle_done = completed = False
    if all(progress):
        advance = _advance(enrollment, user, progress)
        changes, cycle_done, completed = advance.changes, advance.cycle_done, True
    else:
        enrollment.progress = progress
    enrollment.save(update_fields=["state", "progress", "sessions_done", "updated_at"])
    return SessionProgress(len(filled), completed, _today(enrollment, user), changes, cycle_done)


def session_done(
    *, user: User, reps: Sequence[int] | None = None, key: str, source: str = "bot"
) -> SessionProgress:
    """`done`: logs the next sets as prescribed (all the rest, or one per number in `reps` with
    those reps made) and advances the program when the session is complete.

    `key` makes a replay store nothing twice (the idempotency key of the sets)."""
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().filter(user=user).first()
        if enrollment is None:
            raise ProgramError("no_program")
        today = _today(enrollment, user)
        waiting = [s for s in today.sets if s.done is None]
        if reps is not None and not 1 <= len(reps) <= len(waiting):
            raise ProgramError("too_many_reps", left=len(waiting), given=len(reps))
        if reps is not None and any(not 0 <= r <= 100 for r in reps):
            raise ProgramError("bad_reps")
        chosen = waiting if reps is None else waiting[: len(reps)]
        made = [s.reps if reps is None else reps[i] for i, s in enumerate(chosen)]
        exercises = {e.slug: e for e in Exercise.objects.filter(slug__in={s.lift for s in chosen})}
        inputs = [
            workouts.SetInput(
                exercise=exercises[s.lift],
                weight_kg=s.weight_kg,
                reps=r,
                idempotency_key=f"{key}:{s.index}"[:64],
            )
            for s, r in zip(chosen, made, strict=True)
            if r > 0
        ]
        result = workouts.log_sets(user=user, sets=inputs, source=source)
        if not result.created and inputs:
            return SessionProgress(0, False, today, logged=tuple(result.sets))
        filled = [(s.index, s.weight_kg, r) for s, r in zip(chosen, made, strict=True)]
        outcome = _fill(enrollment, user, filled)
    return SessionProgress(
        outcome.filled,
        outcome.completed,
        outcome.today,
        outcome.changes,
        outcome.cycle_done,
        tuple(result.sets),
    )


WARMUP_BELOW = Decimal("0.9")  # a logged set this much lighter than prescribed is a warm-up


def _counts_for(logged: WorkoutSet, prescribed: TodaySet) -> bool:
    """Whether a set logged the usual way is the prescribed one, not a warm-up before it."""
    return not logged.is_warmup and logged.weight_kg >= prescribed.weight_kg * WARMUP_BELOW


def sets_logged(*, user: User, sets: Sequence[WorkoutSet]) -> SessionProgress | None:
    """Counts sets logged the usual way towards the session: each fills the next open set of
    its exercise. None when the lifter has no program or none of the sets is in the session."""
    if not sets:
        return None
    if type(user).enrollment.is_cached(user) and getattr(user, "enrollment", None) is None:
        return None  # no program, as read with the user (select_related)
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().filter(user=user).first()
        if enrollment is None:
            return None
        today = _today(enrollment, user)
        open_sets = [s for s in today.sets if s.done is None]
        filled: list[tuple[int, Decimal, int]] = []
        for logged in sets:
            match = next(
                (
                    s
                    for s in open_sets
                    if s.lift == logged.exercise.slug
                    and s.index not in {f[0] for f in filled}
                    and _counts_for(logged, s)
                ),
                None,
            )
            if match is not None:
                filled.append((match.index, logged.weight_kg, logged.reps))
        if not filled:
            return None
        return _fill(enrollment, user, filled)


# --- rest timers ----------------------------------------------------------------------------

HEAVY_COMPOUNDS = frozenset(
    {
        rules.SQUAT,
        rules.BENCH,
        rules.DEADLIFT,
        rules.PRESS,
        rules.ROW,
        rules.POWER_CLEAN,
        "front-squat",
        "military-press",
        "romanian-deadlift",
        "sumo-deadlift",
    }
)
HEAVY_REST_SECONDS = 180
DEFAULT_REST_SECONDS = 90
MAX_REST_SECONDS = 15 * 60
TICK_SECONDS = 15  # one edit per 15 s: well inside Telegram's edit limits for one chat
# A tick that fires a little early (clock skew between hosts) still counts as on time.
TICK_TOLERANCE_SECONDS = 1


def rest_seconds_for(*, slug: str) -> int:
    """The default rest after a set: 3 minutes for heavy compounds, 90 s otherwise."""
    return HEAVY_REST_SECONDS if slug in HEAVY_COMPOUNDS else DEFAULT_REST_SECONDS


def rest_timer_start(
    *, user: User, chat_id: int, seconds: int, language: str, message_id: int | None = None
) -> RestTimer:
    """Starts a rest countdown (ending any running one of the lifter's in that chat)."""
    if not 1 <= seconds <= MAX_REST_SECONDS:
        raise ProgramError("bad_rest", high=MAX_REST_SECONDS)
    now = timezone.now()
    with transaction.atomic():
        RestTimer.objects.filter(
            user=user, chat_id=chat_id, finished_at=None, cancelled_at=None
        ).update(cancelled_at=now)
        return RestTimer.objects.create(
            user=user,
            chat_id=chat_id,
            message_id=message_id,
            language=language,
            seconds=seconds,
            started_at=now,
            ends_at=now + timedelta(seconds=seconds),
            shown_seconds=seconds,
        )


def rest_timer_attach(*, timer_id: int, message_id: int) -> None:
    """Remembers which message shows the countdown."""
    RestTimer.objects.filter(pk=timer_id).update(message_id=message_id)


def rest_timer_cancel(*, user: User, chat_id: int) -> bool:
    """Stops the lifter's running countdown in a chat; whether one was running."""
    return bool(
        RestTimer.objects.filter(
            user=user, chat_id=chat_id, finished_at=None, cancelled_at=None
        ).update(cancelled_at=timezone.now())
    )


@dataclass(frozen=True)
class Tick:
    """What one tick of a timer must do: `edit` the countdown to `remaining`, `finish` it, or
    nothing; and when the next tick is due (None when the timer is over)."""

    action: str
    timer: RestTimer
    remaining: int = 0
    next_at: datetime | None = None


def _remaining(timer: RestTimer, now: datetime) -> int:
    """Whole seconds left on a timer, counting a step reached within the tolerance."""
    return math.ceil((timer.ends_at - now).total_seconds() - TICK_TOLERANCE_SECONDS)


def _shown(remaining: int) -> int:
    """The countdown value shown: the remaining seconds rounded up to a tick."""
    return math.ceil(remaining / TICK_SECONDS) * TICK_SECONDS


def rest_timer_next_step_at(timer: RestTimer) -> datetime:
    """When the countdown's next step is due (the first one after it starts, or after the
    step shown now): where its next tick must be queued. A tick queued earlier finds its step
    already shown and does nothing, so the countdown would wait for the sweep."""
    shown = timer.shown_seconds if timer.shown_seconds is not None else timer.seconds
    return timer.ends_at - timedelta(seconds=_shown(shown) - TICK_SECONDS)


def rest_timer_tick(*, timer_id: int, now: datetime | None = None) -> Tick:
    """Claims this moment's step of a countdown; run twice for one moment, the second does
    nothing (each step and the end are claimed by a conditional update)."""
    now = now or timezone.now()
    timer = RestTimer.objects.select_related("user").filter(pk=timer_id).first()
    if timer is None or timer.finished_at or timer.cancelled_at:
        return Tick("none", timer) if timer else Tick("none", RestTimer())
    remaining = _remaining(timer, now)
    if remaining <= 0:
        claimed = RestTimer.objects.filter(pk=timer.pk, finished_at=None, cancelled_at=None)
        if not claimed.update(finished_at=now, shown_seconds=0):
            return Tick("none", timer)
        return Tick("finish", timer)
    shown = _shown(remaining)
    next_at = timer.ends_at - timedelta(seconds=shown - TICK_SECONDS)
    if timer.shown_seconds is not None and shown >= timer.shown_seconds:
        return Tick("none", timer, shown, next_at)
    claimed = RestTimer.objects.filter(
        pk=timer.pk, shown_seconds=timer.shown_seconds, finished_at=None, cancelled_at=None
    )
    if not claimed.update(shown_seconds=shown):
        return Tick("none", timer, shown, next_at)
    return Tick("edit", timer, shown, next_at)


def rest_timers_due(*, now: datetime | None = None) -> list[int]:
    """Running timers whose next step (or end) is due: a sweep for ticks that went missing."""
    now = now or timezone.now()
    running = RestTimer.objects.filter(
        finished_at=None, cancelled_at=None, started_at__gte=now - timedelta(days=1)
    )
    due = []
    for timer in running.only("id", "ends_at", "shown_seconds"):
        remaining = _remaining(timer, now)
        if remaining <= 0 or timer.shown_seconds is None or _shown(remaining) < timer.shown_seconds:
            due.append(timer.pk)
    return due


# --- reminders ------------------------------------------------------------------------------

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
QUIET_START, QUIET_END = time(22, 0), time(7, 0)
REMINDER_GRACE = timedelta(minutes=30)  # a beat that was down catches up this late, no later
NUDGE_WEEKDAY = 0  # Monday, for the week just missed
NUDGE_DEFAULT_TIME = time(18, 0)


def in_quiet_hours(moment: time) -> bool:
    """Whether a local time falls in the quiet hours (22:00–07:00)."""
    return moment >= QUIET_START or moment < QUIET_END


def user_zone(user: User) -> ZoneInfo:
    """The lifter's time zone (the fallback zone when unknown)."""
    return time_zone(user.timezone)


def reminders_set(*, user: User, weekdays: Sequence[int], at: time) -> ReminderSchedule:
    """Reminds the lifter on `weekdays` (0 = Monday) at `at` in their time zone."""
    if in_quiet_hours(at):
        raise ProgramError("quiet_hours", start=QUIET_START, end=QUIET_END)
    days = sorted(set(weekdays))
    if not days or any(not 0 <= d <= 6 for d in days):
        raise ProgramError("bad_weekdays")
    schedule, _ = ReminderSchedule.objects.update_or_create(
        user=user, defaults={"weekdays": days, "at": at, "active": True}
    )
    return schedule


def reminders_off(*, user: User) -> bool:
    """Stops the lifter's reminders (and nudges); whether any were on."""
    return bool(
        ReminderSchedule.objects.filter(user=user, active=True).update(
            active=False, nudge_missed_week=False
        )
    )


def nudge_set(*, user: User, on: bool) -> ReminderSchedule:
    """Opts the lifter in or out of the nudge after a missed week."""
    schedule, _ = ReminderSchedule.objects.get_or_create(user=user)
    schedule.nudge_missed_week = on
    if on:
        schedule.active = True
    schedule.save(update_fields=["nudge_missed_week", "active", "updated_at"])
    return schedule


def reminders_get(*, user: User) -> ReminderSchedule | None:
    """The lifter's reminder settings, or None."""
    return ReminderSchedule.objects.filter(user=user).first()


@dataclass(frozen=True)
class Due:
    """A reminder slot that is due and claimed for one lifter: send it exactly once."""

    claim_id: int
    user: User
    kind: str
    slot: datetime


def _slot_today(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC moment of a local time on a local day, with that day's offset. (DST gaps and
    repeated hours fall at night, inside the quiet hours no reminder may be set in.)"""
    return datetime.combine(day, at, tzinfo=zone).astimezone(ZoneInfo("UTC"))


def _due_slots(schedule: ReminderSchedule, now: datetime) -> list[tuple[str, datetime]]:
    """The slots of a schedule due at `now`: the training day's, the missed week's nudge."""
    zone = user_zone(schedule.user)
    day = now.astimezone(zone).date()
    due: list[tuple[str, datetime]] = []
    if schedule.at is not None and schedule.weekdays and day.weekday() in schedule.weekdays:
        slot = _slot_today(day, schedule.at, zone)
        if slot <= now < slot + REMINDER_GRACE and not in_quiet_hours(schedule.at):
            due.append((ReminderSent.Kind.SESSION, slot))
    if schedule.nudge_missed_week and day.weekday() == NUDGE_WEEKDAY:
        slot = _slot_today(day, schedule.at or NUDGE_DEFAULT_TIME, zone)
        if slot <= now < slot + REMINDER_GRACE:
            last_week = day - timedelta(days=7)
            done = training_days_in_week(user=schedule.user, day=last_week)
            if done < planned_sessions(user=schedule.user):
                due.append((ReminderSent.Kind.NUDGE, slot))
    return due


def reminders_claim_due(*, now: datetime | None = None) -> list[Due]:
    """Claims every reminder due at `now`: one row per lifter, kind and slot, so another process
    running the same minute claims nothing. Blocked chats are skipped and marked so."""
    now = now or timezone.now()
    schedules = ReminderSchedule.objects.filter(active=True, user__telegram_id__isnull=False)
    due: list[Due] = []
    for schedule in schedules.select_related("user"):
        blocked = schedule.user.telegram_blocked_at is not None
        outcome = ReminderSent.Outcome.SKIPPED if blocked else ReminderSent.Outcome.CLAIMED
        for kind, slot in _due_slots(schedule, now):
            try:
                with transaction.atomic():
                    claim = ReminderSent.objects.create(
                        user=schedule.user, kind=kind, slot=slot, outcome=outcome
                    )
            except IntegrityError:
                continue  # another process has this slot
            if not blocked:
                due.append(Due(claim.pk, schedule.user, kind, slot))
    return due


def reminder_outcome(*, claim_id: int, outcome: str) -> None:
    """Records how a claimed reminder went (sent, or blocked: then the user is marked too)."""
    claim = ReminderSent.objects.select_related("user").get(pk=claim_id)
    claim.outcome = outcome
    claim.save(update_fields=["outcome"])
    if outcome == ReminderSent.Outcome.BLOCKED and claim.user.telegram_id:
        from backend.accounts.telegram import telegram_user_deactivate

        telegram_user_deactivate(telegram_id=claim.user.telegram_id)


# --- streaks --------------------------------------------------------------------------------

DEFAULT_SESSIONS_PER_WEEK = {"531": 4, "531-bbb": 4, "gzclp": 4}
STREAK_WEEKS_LOOKED_AT = 104


def planned_sessions(*, user: User) -> int:
    """Sessions a week the lifter plans: their reminder days, else their program's, else 1."""
    schedule = ReminderSchedule.objects.filter(user=user, active=True).first()
    if schedule is not None and schedule.weekdays:
        return len(schedule.weekdays)
    enrollment = enrollment_get(user=user)
    if enrollment is not None:
        return DEFAULT_SESSIONS_PER_WEEK.get(enrollment.program, 3)
    return 1


def _training_days(user: User, since: datetime) -> set[date]:
    zone = user_zone(user)
    moments = WorkoutSet.objects.filter(
        user=user, performed_at__gte=since, is_warmup=False
    ).values_list("performed_at", flat=True)
    return {m.astimezone(zone).date() for m in moments}


def _week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def training_days_in_week(*, user: User, day: date) -> int:
    """Days with at least one logged set in the (Monday-first) week of `day`, local time."""
    start = _week_start(day)
    since = datetime.combine(start - timedelta(days=1), time(0), tzinfo=ZoneInfo("UTC"))
    return sum(1 for d in _training_days(user, since) if start <= d < start + timedelta(days=7))


@dataclass(frozen=True)
class Streak:
    """Weeks in a row with at least the planned sessions (this week counts once it has them)."""

    weeks: int
    planned: int
    this_week: int


def streak_get(*, user: User, now: datetime | None = None) -> Streak:
    """The lifter's streak of weeks with at least their planned number of sessions."""
    now = now or timezone.now()
    today = now.astimezone(user_zone(user)).date()
    planned = planned_sessions(user=user)
    since = now - timedelta(weeks=STREAK_WEEKS_LOOKED_AT)
    per_week: dict[date, int] = {}
    for day in _training_days(user, since):
        per_week[_week_start(day)] = per_week.get(_week_start(day), 0) + 1
    week = _week_start(today)
    this_week = per_week.get(week, 0)
    weeks = 1 if this_week >= planned else 0
    week -= timedelta(days=7)
    while per_week.get(week, 0) >= planned:
        weeks += 1
        week -= timedelta(days=7)
    return Streak(weeks=weeks, planned=planned, this_week=this_week)


def streak_grew(
    *,
    user: User,
    sets: Sequence[WorkoutSet],
    now: datetime | None = None,
    all_new: bool = False,
) -> int:
    """The new streak length when these sets just made this week reach the plan, else 0.

    `all_new`: the sets were stored after `user` was read, so its `latest_set_at` annotation
    (`backend.workouts.services.latest_set_at`), when read, tells about earlier sets."""
    if not sets or any(s.is_warmup for s in sets):
        return 0
    now = now or timezone.now()
    zone = user_zone(user)
    today = now.astimezone(zone).date()
    if any(s.performed_at.astimezone(zone).date() != today for s in sets):
        return 0
    day_start = datetime.combine(today, time(0), tzinfo=zone)
    if all_new and hasattr(user, workouts.LATEST_SET_AT):
        latest = getattr(user, workouts.LATEST_SET_AT)
        trained_today = latest is not None and latest >= day_start
    else:
        earlier = WorkoutSet.objects.filter(user=user, is_warmup=False, performed_at__gte=day_start)
        trained_today = earlier.exclude(pk__in=[s.pk for s in sets]).exists()
    if trained_today:
        return 0  # today was already a training day
    streak = streak_get(user=user, now=now)
    return streak.weeks if streak.this_week == streak.planned else 0
