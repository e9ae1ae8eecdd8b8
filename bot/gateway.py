"""The bot's only door into the backend: async calls to the sync Django services.

Handlers call these coroutines and get plain frozen dataclasses back (never model instances, so
nothing lazy-loads from the event loop). Each runs its service calls in Django's thread through
`asgiref.sync.sync_to_async`.
"""

from __future__ import annotations

import threading
import time as time_module
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import close_old_connections, connection
from django.utils import timezone

from backend.accounts.email_codes import chat_registration_confirm, chat_registration_start
from backend.accounts.exceptions import AccountsError
from backend.accounts.profile import profile_update, user_delete
from backend.accounts.telegram import (
    telegram_link_consume,
    telegram_user_deactivate,
    telegram_user_get_or_create,
)
from backend.workouts import (
    catalogue,
    chart_limits,
    chart_service,
    coaching,
    plausibility,
)
from backend.workouts import services as workouts
from backend.workouts.models import normalize_alias
from bot.i18n import Language, language_of
from bot.lift_parser import (
    ExerciseRef,
    ParsedLift,
    ParsedSet,
    ParseError,
    Resolver,
    Unit,
    parse_lift,
)
from facts import time_zone

P = ParamSpec("P")
R = TypeVar("R")


CONNECTION_CHECK_SECONDS = 30.0
_checked = threading.local()
_pool: ThreadPoolExecutor | None = None


def use_thread_pool(threads: int) -> None:
    """Runs service calls on `threads` threads, each with its own DB connection (0: Django's one
    sync thread, which tests need so that the bot shares the test's transaction)."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False)
    _pool = ThreadPoolExecutor(threads, thread_name_prefix="bot-db") if threads > 0 else None


def _in_django(function: Callable[P, R]) -> Callable[P, Any]:
    """Runs a sync function off the event loop, dropping stale DB connections now and then."""

    def call(*args: P.args, **kwargs: P.kwargs) -> R:
        now = time_module.monotonic()
        # A long-lived bot has no requests to end: check the connection every 30 s instead of
        # reconnecting per update (CONN_MAX_AGE=0 would otherwise close it every time).
        if now - getattr(_checked, "at", 0.0) > CONNECTION_CHECK_SECONDS:
            _checked.at = now
            if not connection.in_atomic_block:
                close_old_connections()
        return function(*args, **kwargs)

    call.__name__ = function.__name__
    call.__doc__ = function.__doc__
    in_django_thread = sync_to_async(call, thread_sensitive=True)
    in_pool: dict[ThreadPoolExecutor, Any] = {}  # made once per pool, not per call

    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        pool = _pool
        if pool is None:
            return await in_django_thread(*args, **kwargs)
        hop = in_pool.get(pool)
        if hop is None:
            in_pool.clear()  # an earlier pool is shut down
            hop = in_pool[pool] = sync_to_async(call, thread_sensitive=False, executor=pool)
        return await hop(*args, **kwargs)

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    run.func = call  # type: ignore[attr-defined]
    return run


@dataclass(frozen=True)
class Identity:
    """Who wrote, as Telegram tells it."""

    telegram_id: int
    first_name: str = ""
    username: str = ""
    language_code: str | None = None


@dataclass(frozen=True)
class Lifter:
    """The profile fields the bot shows and asks about."""

    id: int
    telegram_id: int
    language: Language
    units: Unit
    timezone: str
    sex: str
    birth_year: int | None
    bodyweight_kg: Decimal | None
    email: str | None
    created: bool = False

    @property
    def has_profile(self) -> bool:
        return bool(self.sex and self.birth_year and self.bodyweight_kg)


@dataclass(frozen=True)
class Entry:
    """One stored set as the bot shows it."""

    id: int
    exercise: str
    exercise_ko: str
    is_bodyweight: bool
    weight_kg: Decimal
    reps: int
    rpe: Decimal | None
    e1rm_kg: Decimal
    calories_kcal: Decimal | None
    percentile: Decimal | None
    level: str
    performed_at: datetime
    next_level: str | None = None
    kg_to_next_level: float | None = None
    has_standards: bool = True
    is_warmup: bool = False


@dataclass(frozen=True)
class Record:
    """A personal record one of the new sets set."""

    kind: str
    entry_id: int
    exercise: str
    exercise_ko: str
    value_kg: Decimal
    reps: int
    previous_kg: Decimal


@dataclass(frozen=True)
class Logged:
    """What logging one message stored and what it means."""

    lifter: Lifter
    entries: tuple[Entry, ...]
    records: tuple[Record, ...] = ()
    created: bool = True
    performed_on: date | None = None
    unit: Unit = "kg"
    # per entry id: plates per side, e1RM method, change since last time (`coaching`)
    coaching: dict[int, coaching.SetCoaching] = field(default_factory=dict)
    # session progress, a grown streak, the rest to suggest (`program_gateway.AfterLog`), for
    # freshly logged sets: counted in the same call, so the lifter is not looked up again
    after: Any = None


@dataclass(frozen=True)
class Outlier:
    """A message whose sets the plausibility rules doubt: asked about before saving.

    `readings` are the believable ways to read it (`backend.workouts.plausibility.Reading`), one
    button each; `typed_kg` × `reps` is the first doubted set as typed."""

    lifter: Lifter
    exercise: str
    exercise_ko: str
    reason: str
    typed_kg: Decimal
    reps: int
    e1rm_kg: Decimal
    best_e1rm_kg: Decimal | None
    readings: tuple[plausibility.Reading, ...] = ()
    is_bodyweight: bool = False
    unit: Unit = "kg"


@dataclass(frozen=True)
class NewExercise:
    """A message naming an exercise neither the catalogue nor the lifter knows, its sets readable:
    asked "New exercise 'Zercher Squat'?" before creating it as the lifter's own and logging.

    `suggestions` are the exercises the name may mean ("Did you mean Front Squat?"), closest
    first (`backend.workouts.catalogue.exercise_suggest`); `typed` is the name as parsed."""

    lifter: Lifter
    name: str
    load_type: str
    typed: str = ""
    suggestions: tuple[ExerciseRef, ...] = ()


@dataclass(frozen=True)
class Rejected:
    """A message the parser could not read."""

    lifter: Lifter
    error: ParseError


@dataclass(frozen=True)
class PendingLift:
    """A lift waiting for the lifter's answer to the outlier question (kept in user_data)."""

    text: str
    update_id: int
    scale: Decimal = Decimal(1)  # unused since readings; kept so older pickled questions load
    extra: dict[str, Any] = field(default_factory=dict)
    readings: tuple[plausibility.Reading, ...] = ()


# --- lifters --------------------------------------------------------------------------------


def _lifter_user(identity: Identity, *, logging: bool = False) -> tuple[Any, bool]:
    """The lifter; `logging`: with what logging a set reads next (plate setup, bodyweight)."""
    return telegram_user_get_or_create(
        telegram_id=identity.telegram_id,
        first_name=identity.first_name,
        username=identity.username or "",
        language_code=identity.language_code,
        lookup=workouts.lifter_for_logging if logging else None,
    )


def _lifter_view(user: Any, identity: Identity, *, created: bool = False) -> Lifter:
    return Lifter(
        id=user.pk,
        telegram_id=user.telegram_id,
        language=language_of(identity.language_code) if identity.language_code else user.language,
        units=user.units,
        timezone=user.timezone,
        sex=user.sex,
        birth_year=user.birth_year,
        bodyweight_kg=user.bodyweight_kg,
        email=user.email,
        created=created,
    )


@_in_django
def lifter_get(identity: Identity) -> Lifter:
    """The lifter behind a Telegram user, created on first contact."""
    user, created = _lifter_user(identity)
    return _lifter_view(user, identity, created=created)


@_in_django
def lifter_update(
    identity: Identity,
    *,
    sex: str | None = None,
    birth_year: int | None = None,
    bodyweight_kg: Decimal | None = None,
    units: str | None = None,
    timezone_name: str | None = None,
) -> Lifter:
    """Saves the given profile answers (a birth year outside the accepted range: AccountsError)."""
    user, _ = _lifter_user(identity)
    profile_update(
        user=user,
        sex=sex,
        birth_year=birth_year or None,
        units=units,
        timezone_name=timezone_name,
        bodyweight_kg=bodyweight_kg,
    )
    return _lifter_view(user, identity)


@_in_django
def lifter_blocked(telegram_id: int) -> bool:
    """Marks a lifter who blocked the bot as inactive."""
    return telegram_user_deactivate(telegram_id=telegram_id)


@_in_django
def lifter_delete(identity: Identity) -> None:
    """Deletes the lifter and all their data."""
    user, _ = _lifter_user(identity)
    user_delete(user=user)


@_in_django
def account_link(identity: Identity, *, token: str) -> str | None:
    """Links the Telegram user to the web account that issued `token`; its email, or None."""
    try:
        user = telegram_link_consume(token=token, telegram_id=identity.telegram_id)
    except AccountsError:
        return None
    return user.email


@_in_django
def email_register(identity: Identity, *, email: str) -> str | None:
    """Emails a code to attach `email` to the lifter; None once sent, else why not."""
    user, _ = _lifter_user(identity)
    try:
        chat_registration_start(user=user, email=email)
    except AccountsError as error:
        return str(error)
    return None


@_in_django
def email_verify(identity: Identity, *, code: str) -> tuple[str | None, str | None]:
    """Attaches the emailed address once the code matches: (email, None) or (None, why not)."""
    user, _ = _lifter_user(identity)
    try:
        user = chat_registration_confirm(user=user, code=code)
    except AccountsError as error:
        return None, str(error)
    return user.email, None


@_in_django
def inquiry_ask(identity: Identity, *, text: str) -> int:
    """Opens an inquiry to the admins with the lifter's question; its id."""
    from backend.inquiries import services as inquiries

    user, _ = _lifter_user(identity)
    return int(inquiries.inquiry_open(user=user, body=text).pk)


# --- exercises ------------------------------------------------------------------------------


def _ref(exercise: Any) -> ExerciseRef:
    return ExerciseRef(exercise.slug, exercise.name, is_bodyweight=exercise.is_bodyweight)


@_in_django
def warm_up() -> None:
    """Loads the exercise names and the percentile model before the first lifter waits for them.

    Raises ImproperlyConfigured, naming the cause in one line, when the model cannot load.
    """
    from backend.workouts.apps import require_percentile_model

    catalogue.exercise_aliases()
    require_percentile_model()


def catalogue_clear() -> None:
    """Forgets this process's copy of the catalogue (tests that add exercises call it)."""
    catalogue.catalogue_clear()


def _resolver(user: Any = None, meant: dict[str, ExerciseRef] | None = None) -> Resolver:
    """Names to exercises through the catalogue (the bot keeps no copy), then the lifter's own
    exercises; `meant` (folded name → exercise) is the lifter's answer to "New exercise …?"."""
    lookup = catalogue.resolver(user=user)

    def resolve(text: str) -> ExerciseRef | None:
        if meant and normalize_alias(text) in meant:
            return meant[normalize_alias(text)]
        exercise = lookup(text.strip())
        return _ref(exercise) if exercise is not None else None

    return resolve


def _exercise(slug: str, user: Any = None) -> Any:
    exercise = catalogue.exercise_by_slug(slug=slug, user=user)
    if exercise is None:
        raise LookupError(slug)
    return exercise


def _name_ko(slug: str) -> str:
    exercise = catalogue.exercise_by_slug(slug=slug)
    return exercise.name_ko if exercise is not None else ""


@_in_django
def exercise_name_ko(slug: str) -> str:
    """The Korean name of an exercise ("" when it has none)."""
    return _name_ko(slug)


@_in_django
def exercise_find(text: str, identity: Identity | None = None) -> ExerciseRef | None:
    """The exercise a lifter means by `text` (their own exercises too, given who asks)."""
    user = _lifter_user(identity)[0] if identity is not None else None
    return _resolver(user)(text.strip())


# --- logging --------------------------------------------------------------------------------


def _entry(workout_set: Any, ranking: Any = None) -> Entry:
    exercise = workout_set.exercise
    return Entry(
        id=workout_set.pk,
        exercise=exercise.name,
        exercise_ko=exercise.name_ko,
        is_bodyweight=exercise.is_bodyweight,
        weight_kg=workout_set.weight_kg,
        reps=workout_set.reps,
        rpe=workout_set.rpe,
        e1rm_kg=workout_set.e1rm_kg,
        calories_kcal=workout_set.calories_kcal,
        percentile=workout_set.percentile,
        level=workout_set.level,
        performed_at=workout_set.performed_at,
        next_level=getattr(ranking, "next_level", None),
        kg_to_next_level=getattr(ranking, "kg_to_next_level", None),
        has_standards=exercise.has_standards,
        is_warmup=workout_set.is_warmup,
    )


def _outlier(
    user: Any, parsed: ParsedLift, lifter: Lifter, exercise: Any, best_e1rm_kg: Decimal | None
) -> Outlier | None:
    """The plausibility question about a parsed message, or None when its sets are believed."""
    doubt = workouts.sets_doubt_against(
        user=user,
        exercise=exercise,
        lifts=[plausibility.Lift(s.weight_kg, s.reps) for s in parsed.sets],
        best_e1rm_kg=best_e1rm_kg,
        unit=parsed.unit,
        unit_typed=parsed.unit_typed,
    )
    if doubt is None:
        return _ambiguous(parsed, exercise, lifter)
    return _question(doubt, exercise, lifter, parsed.unit)


def _question(doubt: plausibility.Doubt, exercise: Any, lifter: Lifter, unit: Unit) -> Outlier:
    """The question to ask about sets the plausibility rules doubt (logged or corrected)."""
    return Outlier(
        lifter=lifter,
        exercise=exercise.name,
        exercise_ko=exercise.name_ko,
        reason=doubt.reason,
        typed_kg=doubt.lift.weight_kg,
        reps=doubt.lift.reps,
        e1rm_kg=doubt.e1rm_kg,
        best_e1rm_kg=doubt.best_e1rm_kg,
        readings=doubt.readings,
        is_bodyweight=exercise.is_bodyweight,
        unit=unit,
    )


def _ambiguous(parsed: ParsedLift, exercise: Any, lifter: Lifter) -> Outlier | None:
    """`pullups 3x8`: +3 kg × 8 or 3 sets of 8? Both readings, asked about."""
    if not parsed.other_reading:
        return None
    typed = parsed.sets[0]

    def lifts(sets: tuple[ParsedSet, ...]) -> tuple[plausibility.Lift, ...]:
        return tuple(plausibility.Lift(s.weight_kg, s.reps) for s in sets)

    readings = (
        plausibility.Reading("added_weight", lifts(parsed.sets), parsed.unit),
        plausibility.Reading("sets_reps", lifts(parsed.other_reading), parsed.unit),
    )
    return Outlier(
        lifter=lifter,
        exercise=exercise.name,
        exercise_ko=exercise.name_ko,
        reason="ambiguous",
        typed_kg=typed.weight_kg,
        reps=typed.reps,
        e1rm_kg=Decimal(0),
        best_e1rm_kg=None,
        readings=readings,
        is_bodyweight=True,
        unit=parsed.unit,
    )


def _read_as(parsed: ParsedLift, reading: plausibility.Reading | None) -> ParsedLift:
    """The parsed message with the sets of the reading the lifter picked."""
    if reading is None or not reading.sets:
        return parsed
    from dataclasses import replace

    rpe = parsed.sets[0].rpe
    sets = tuple(ParsedSet(lift.weight_kg, lift.reps, rpe) for lift in reading.sets)
    unit: Unit = "lb" if reading.unit == "lb" else "kg"
    return replace(parsed, sets=sets, unit=unit, other_reading=())


def _display_name(name: str, text: str) -> str:
    """The unknown name as the lifter typed it, or in title case when typed all lower case."""
    start = text.casefold().find(name.casefold())
    typed = " ".join(text[start : start + len(name)].split()) if start >= 0 else name
    return typed if typed != typed.casefold() else typed.title()


def _new_exercise(
    user: Any, text: str, error: ParseError, lifter: Lifter, today: date
) -> NewExercise | None:
    """ "New exercise 'Zercher Squat'? [Create] [Did you mean Front Squat?] [Cancel]" when only
    the exercise name is unknown (the sets read), else None."""
    from backend.workouts.exercise_guess import load_type_guess

    name = error.params.get("name", "")
    if error.code != "unknown_exercise" or not name:
        return None
    display_name = _display_name(name, text)
    load_type = load_type_guess(name=display_name)
    ref = ExerciseRef("", display_name, is_bodyweight=load_type == "bodyweight")
    parsed = parse_lift(
        text,
        resolve_exercise=_resolver(user, {normalize_alias(name): ref}),
        today=today,
        default_unit=lifter.units,
    )
    if isinstance(parsed, ParseError):
        return None
    suggestions = tuple(_ref(e) for e in catalogue.exercise_suggest(text=name, user=user))
    return NewExercise(lifter, display_name, load_type, typed=name, suggestions=suggestions)


@_in_django
def lift_log(
    identity: Identity,
    *,
    text: str,
    update_id: int,
    check_outlier: bool = True,
    reading: plausibility.Reading | None = None,
    meant: tuple[str, str] = ("", ""),
) -> Logged | Outlier | NewExercise | Rejected:
    """Parses a chat message and logs it, unless it can't be read, names an unknown exercise or
    its sets are doubted (then the question to ask); `reading` logs the sets of the reading the
    lifter picked instead, and `meant` (name typed, exercise slug) the exercise picked for a name
    nobody knew."""
    user, created = _lifter_user(identity, logging=True)
    lifter = _lifter_view(user, identity, created=created)
    zone = time_zone(user.timezone)
    today = timezone.now().astimezone(zone).date()
    picked = catalogue.exercise_by_slug(slug=meant[1], user=user) if meant[1] else None
    chosen = {normalize_alias(meant[0]): _ref(picked)} if picked is not None else None
    parsed = parse_lift(
        text, resolve_exercise=_resolver(user, chosen), today=today, default_unit=lifter.units
    )
    if isinstance(parsed, ParseError):
        return _new_exercise(user, text, parsed, lifter, today) or Rejected(lifter, parsed)
    parsed = _read_as(parsed, reading)
    exercise = _exercise(parsed.exercise.slug, user)

    def doubt(best_e1rm: Mapping[int, Decimal]) -> Outlier | None:
        return _outlier(user, parsed, lifter, exercise, best_e1rm.get(exercise.pk))

    performed_at = workouts.chat_performed_at(day=parsed.performed_on, zone=zone)
    result = workouts.log_sets(
        user=user,
        sets=[
            workouts.SetInput(
                exercise=exercise,
                weight_kg=s.weight_kg,
                reps=s.reps,
                rpe=s.rpe,
                performed_at=performed_at,
                idempotency_key=workouts.chat_key(update_id=update_id, part=index),
                is_warmup=parsed.warmup,
            )
            for index, s in enumerate(parsed.sets)
        ],
        source="bot",
        # a warm-up is light by design: "far below your best" is no reason to ask
        check=doubt if check_outlier and not parsed.warmup else None,
    )
    if result.refused is not None:
        return result.refused
    records = tuple(
        Record(
            kind=pr.kind,
            entry_id=pr.workout_set.pk,
            exercise=exercise.name,
            exercise_ko=exercise.name_ko,
            value_kg=pr.workout_set.e1rm_kg if pr.kind == "e1rm" else pr.workout_set.weight_kg,
            reps=pr.workout_set.reps,
            previous_kg=pr.previous,
        )
        for pr in result.prs
    )
    rankings = result.rankings or [None] * len(result.sets)
    return Logged(
        lifter=lifter,
        entries=tuple(_entry(ws, r) for ws, r in zip(result.sets, rankings, strict=True)),
        records=records,
        created=result.created,
        performed_on=parsed.performed_on,
        unit=parsed.unit,
        coaching=coaching.sets_coaching(user=user, sets=result.sets) if result.created else {},
        after=_after_log(user, result) if result.created and result.sets else None,
    )


def _after_log(user: Any, result: workouts.LogResult) -> Any:
    from bot.program_gateway import after_log  # it imports this module

    return after_log(user, result.sets, all_new=result.replayed == 0)


@_in_django
def exercise_create_own(identity: Identity, *, name: str) -> ExerciseRef | str:
    """Creates the lifter's own exercise named `name`; its ref, or why not."""
    user, _ = _lifter_user(identity)
    try:
        exercise = workouts.exercise_create_own(user=user, name=name)
    except workouts.ExerciseError as error:
        return str(error)
    return ExerciseRef(exercise.slug, exercise.name, is_bodyweight=exercise.is_bodyweight)


@_in_django
def lift_parse(identity: Identity, *, text: str) -> ParsedLift | ParseError:
    """Reads a lift without logging it (for /calc and /edit)."""
    user, _ = _lifter_user(identity)
    return parse_lift(
        text,
        resolve_exercise=_resolver(user),
        today=timezone.now().astimezone(time_zone(user.timezone)).date(),
        default_unit=user.units,
    )


def _cache_in_memory() -> bool:
    """Whether the cache lives in this process's memory (no I/O: asked in the event loop,
    without a hop to the thread pool); a shared one (Redis) is asked in the pool."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    return isinstance(caches["default"], LocMemCache)


def _update_key(update_id: int) -> str:
    return f"tg:update:{update_id}"


def _update_handled(update_id: int) -> bool:
    from django.core.cache import cache

    return cache.get(_update_key(update_id)) is not None


def _update_handled_mark(update_id: int) -> None:
    from django.core.cache import cache

    cache.set(_update_key(update_id), 1, timeout=24 * 3600)


_update_handled_in_django = _in_django(_update_handled)
_update_handled_mark_in_django = _in_django(_update_handled_mark)


async def update_handled(update_id: int) -> bool:
    """Whether an update was handled to the end already (by any process sharing the cache)."""
    if _cache_in_memory():
        return _update_handled(update_id)
    return bool(await _update_handled_in_django(update_id))


async def update_handled_mark(update_id: int) -> None:
    """Records that an update was handled to the end: a redelivery of it is dropped. An update
    whose process died before this is handled again when redelivered (its sets carry keys)."""
    if _cache_in_memory():
        _update_handled_mark(update_id)
    else:
        await _update_handled_mark_in_django(update_id)


# --- coaching: plates, warm-ups, RPE, scores, report, calories ------------------------------


@_in_django
def plate_setup(identity: Identity) -> Any:
    """The lifter's bar, plates and collars (`plates.BarSetup`)."""
    user, _ = _lifter_user(identity)
    return coaching.plate_setup_get(user=user)


@_in_django
def plate_setup_change(
    identity: Identity,
    *,
    bar: Decimal | None = None,
    plate_weights: list[Decimal] | None = None,
    collar: Decimal | None = None,
    unit: str | None = None,
    reset: bool = False,
) -> Any:
    """Changes part of the lifter's setup (ValueError for one that cannot exist)."""
    user, _ = _lifter_user(identity)
    if reset:
        return coaching.plate_setup_reset(user=user)
    return coaching.plate_setup_change(
        user=user, bar=bar, plate_weights=plate_weights, collar=collar, unit=unit
    )


@_in_django
def plates_answer(identity: Identity, *, weight: Decimal, unit: str) -> Any:
    """What goes on the lifter's bar for `weight` in `unit` (`coaching.PlateAnswer`)."""
    user, _ = _lifter_user(identity)
    return coaching.plates_for(setup=coaching.plate_setup_get(user=user), weight=weight, unit=unit)


@_in_django
def warmup_plan(identity: Identity, *, slug: str, weight: Decimal, unit: str) -> Any:
    """The warm-up ramp to `weight` (in `unit`) on an exercise (`coaching.WarmupPlan`)."""
    user, _ = _lifter_user(identity)
    return coaching.warmup_plan(user=user, exercise=_exercise(slug), weight=weight, unit=unit)


@_in_django
def warmup_for_set(identity: Identity, *, set_id: int) -> Any:
    """The warm-up ramp to one of the lifter's logged sets (None when it is not theirs)."""
    user, _ = _lifter_user(identity)
    workout_set = workouts.workout_set_get(user=user, set_id=set_id)
    if workout_set is None:
        return None
    return coaching.warmup_plan(
        user=user, exercise=workout_set.exercise, weight=workout_set.weight_kg, unit="kg"
    )


@_in_django
def calc_rpe(
    identity: Identity,
    *,
    slug: str,
    weight_kg: Decimal,
    reps: int,
    rpe: Decimal | None,
    target_reps: int | None = None,
    target_rpe: Decimal | None = None,
) -> Any:
    """The RPE-aware e1RM of a set and, when asked, the load for `target_reps` at `target_rpe`
    (`coaching.RpeCalc`)."""
    user, _ = _lifter_user(identity)
    return coaching.rpe_calc(
        exercise=_exercise(slug),
        weight_kg=weight_kg,
        reps=reps,
        rpe=rpe,
        bodyweight_kg=float(user.bodyweight_kg) if user.bodyweight_kg else None,
        target_reps=target_reps,
        target_rpe=target_rpe,
    )


@_in_django
def scores_get(identity: Identity) -> Any:
    """The lifter's DOTS, Wilks 2020 and IPF GL (`coaching.UserScores`), None without sex and
    bodyweight."""
    user, _ = _lifter_user(identity)
    return coaching.user_scores(user=user)


@_in_django
def report_get(identity: Identity) -> tuple[Any, bytes | None, int | None]:
    """The lifter's weak-point report (`coaching.WeakPointReport`), its chart, and the seconds
    to wait when the chart was not drawn for the lifter's chart budget (else None)."""
    user, _ = _lifter_user(identity)
    report = coaching.weak_point_report(user=user)
    language = _lifter_view(user, identity).language
    try:
        return report, coaching.report_chart_png(user=user, report=report, language=language), None
    except chart_limits.ChartRenderLimited as limited:
        return report, None, limited.wait


@_in_django
def calories_get(identity: Identity, *, activity: str, height_cm: Decimal | None = None) -> Any:
    """BMR, TDEE and the training kcal of today and this week (`coaching.DailyCalories`); a
    height given is saved to the profile. ValueError names the profile fields missing."""
    user, _ = _lifter_user(identity)
    if height_cm is not None:
        profile_update(user=user, height_cm=height_cm)
    return coaching.daily_calories(user=user, activity=activity)


# --- reading and changing entries -----------------------------------------------------------


@_in_django
def entries_recent(identity: Identity, *, limit: int = 5, exercise: str | None = None) -> list:
    """The lifter's last sets, newest first (of one exercise when given)."""
    user, _ = _lifter_user(identity)
    sets = workouts.sets_recent(user=user, limit=limit, exercise_slug=exercise)
    return [_entry(ws) for ws in sets]


@_in_django
def entries_undo(identity: Identity) -> list[Entry]:
    """Deletes the lifter's last entry and returns what was removed."""
    user, _ = _lifter_user(identity)
    return [_entry(ws) for ws in workouts.workout_sets_undo_last(user=user)]


@_in_django
def entry_delete(identity: Identity, *, entry_id: int) -> Entry | None:
    """Deletes one of the lifter's sets."""
    user, _ = _lifter_user(identity)
    deleted = workouts.workout_set_delete(user=user, set_id=entry_id)
    return _entry(deleted) if deleted is not None else None


@_in_django
def entry_change(
    identity: Identity,
    *,
    entry_id: int,
    weight_kg: Decimal,
    reps: int,
    unit: Unit = "kg",
    unit_typed: bool = True,
    check: bool = True,
) -> Entry | Outlier | None:
    """Changes the weight and reps of one of the lifter's sets, unless the plausibility rules
    doubt the new values (as when logging; `check=False` once the lifter confirmed): then the
    question to ask. None for a set that is gone."""
    user, _ = _lifter_user(identity)
    workout_set = workouts.workout_set_get(user=user, set_id=entry_id)
    if workout_set is None:
        return None
    if check:
        doubt = workouts.sets_doubt(
            user=user,
            exercise=workout_set.exercise,
            lifts=[plausibility.Lift(weight_kg, reps)],
            unit=unit,
            unit_typed=unit_typed,
            excluding_id=workout_set.pk,
        )
        if doubt is not None:
            return _question(doubt, workout_set.exercise, _lifter_view(user, identity), unit)
    changed = workouts.workout_set_update(
        workout_set=workout_set, changes={"weight_kg": weight_kg, "reps": reps}
    )
    return _entry(changed)


@_in_django
def records_list(identity: Identity) -> list[dict[str, Any]]:
    """The lifter's personal records per exercise."""
    user, _ = _lifter_user(identity)
    return workouts.personal_records(user=user)


# raised by chart_png over the lifter's rate of new drawings; `wait` is the seconds to wait
ChartRenderLimited = chart_limits.ChartRenderLimited


@_in_django
def chart_png(identity: Identity, *, slug: str, period: str) -> bytes | None:
    """The lifter's e1RM chart of an exercise over a period, as PNG bytes."""
    user, _ = _lifter_user(identity)
    return chart_service.exercise_chart_png(
        user=user,
        exercise=_exercise(slug, user),
        period=period,
        unit=user.units,
        language=_lifter_view(user, identity).language,
    )


@_in_django
def calc(
    identity: Identity, *, slug: str, weight_kg: Decimal, reps: int, rpe: Decimal | None = None
) -> tuple[float, dict[int, float]]:
    """The e1RM of weight × reps (at `rpe`: from the RPE chart) and the weights (kg,
    unrounded) for 1–10 reps to failure at that 1RM (`workouts.e1rm_table`)."""
    user, _ = _lifter_user(identity)
    return workouts.e1rm_table(
        user=user, exercise=_exercise(slug, user), weight_kg=weight_kg, reps=reps, rpe=rpe
    )


@_in_django
def bodyweight_log(identity: Identity, *, weight_kg: Decimal) -> Lifter:
    """Records the lifter's bodyweight."""
    user, _ = _lifter_user(identity)
    workouts.bodyweight_record(user=user, weight_kg=weight_kg)
    return _lifter_view(user, identity)


@_in_django
def export_csv(identity: Identity) -> tuple[str, int]:
    """Every set of the lifter as CSV text and the number of sets."""
    user, _ = _lifter_user(identity)
    return workouts.workout_sets_csv(user=user)


@_in_django
def leaderboard(
    *, telegram_ids: list[int], slug: str, identity: Identity | None = None
) -> list[dict[str, Any]]:
    """Group members who opted in, ranked by their best percentile on an exercise (on an own
    exercise of whoever asks: by best e1RM among those with one of the same name)."""
    user = _lifter_user(identity)[0] if identity is not None else None
    return workouts.exercise_leaderboard(telegram_ids=telegram_ids, exercise=_exercise(slug, user))


@_in_django
def import_preview(
    identity: Identity,
    *,
    content: bytes,
    unit: str | None = None,
    choices: dict[str, str] | None = None,
    create_all: bool = False,
) -> Any:
    """Reads an export and says what importing it would store (`importers.ImportPreview`)."""
    from backend.workouts import importers

    user, _ = _lifter_user(identity)
    return importers.import_preview(
        user=user, content=content, unit=unit, choices=choices, create_all=create_all
    )


def _job_view(job: Any) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "total": job.total,
        "done": job.done,
        "stored": job.stored,
        "error": job.error,
    }


@_in_django
def import_start(
    identity: Identity,
    *,
    content: bytes,
    unit: str | None = None,
    choices: dict[str, str] | None = None,
    create_all: bool = False,
) -> dict[str, Any]:
    """Starts importing an export in the background; returns its job (id, status, progress)."""
    from backend.workouts import importers

    user, _ = _lifter_user(identity)
    job = importers.import_job_start(
        user=user, content=content, unit=unit, choices=choices, create_all=create_all
    )
    return _job_view(job)


@_in_django
def import_job(identity: Identity, *, job_id: int) -> dict[str, Any] | None:
    """One of the lifter's import jobs (id, status, progress), or None."""
    from backend.workouts import importers

    user, _ = _lifter_user(identity)
    job = importers.import_job_get(user=user, job_id=job_id)
    return _job_view(job) if job is not None else None
