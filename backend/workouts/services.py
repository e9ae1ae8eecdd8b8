"""Domain services for logging lifts: shared by the REST API, the Telegram bot and Celery."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

from facts import LEVEL_PERCENTILES, LEVELS, PERIOD_DAYS, time_zone

from . import catalogue, one_rep_max, plausibility
from .models import BodyweightEntry, Exercise, WorkoutSet, normalize_alias
from .prepared import PreparedFirst, PreparedRows
from .set_numbers import Ranking, SetFacts, e1rm_for, quantize, set_numbers

if TYPE_CHECKING:
    from backend.accounts.models import User

logger = logging.getLogger(__name__)

# the numbers of one set have one owner (`set_numbers`); these names stay importable from here
_quantize = quantize


# --- Exercises ------------------------------------------------------------------------------


# The catalogue and its lookup (with the lifter's own exercises) live in `catalogue.py`; these
# names stay importable from here.
exercise_aliases = catalogue.exercise_aliases
exercise_aliases_clear = catalogue.catalogue_changed
exercise_by_slug = catalogue.exercise_by_slug
exercise_resolve = catalogue.exercise_resolve
exercise_suggest = catalogue.exercise_suggest
exercise_own_list = catalogue.exercise_own_list
exercise_own_resolve = catalogue.exercise_own_resolve
exercises_visible = catalogue.exercises_visible


# --- The lifter's own exercises -------------------------------------------------------------
# An own exercise (`Exercise.owner` set) is seen and used by its owner only; the lookups that
# find it for them are in `catalogue.py` (`exercise_resolve(text=…, user=…)`).

OWN_NAME_MAX = 100


class ExerciseError(ValueError):
    """An own exercise that can't be created or changed as asked (the message says why)."""


def _own_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not normalize_alias(cleaned):
        raise ExerciseError("Give the exercise a name.")
    if len(cleaned) > OWN_NAME_MAX:
        raise ExerciseError(f"An exercise name has at most {OWN_NAME_MAX} characters.")
    return cleaned


def _own_slug(user: User, name: str) -> str:
    """`anderson-squat-u12`: the name, then the owner, then a counter when that is taken."""
    from django.utils.text import slugify

    base = (slugify(name) or "exercise")[:48].strip("-") or "exercise"
    slug = f"{base}-u{user.pk}"
    taken = set(Exercise.objects.filter(slug__startswith=slug).values_list("slug", flat=True))
    counter = 2
    candidate = slug
    while candidate in taken:
        candidate, counter = f"{slug}-{counter}", counter + 1
    return candidate


def _check_load_type(load_type: str | None) -> None:
    if load_type is not None and load_type not in Exercise.LoadType.values:
        raise ExerciseError(f"Load type must be one of {', '.join(Exercise.LoadType.values)}.")


def exercise_create_own(*, user: User, name: str, load_type: str | None = None) -> Exercise:
    """The lifter's own exercise named `name`, created when new (load type, category and MET
    guessed from the name, see `exercise_guess`); a catalogue name raises ExerciseError."""
    from .exercise_guess import exercise_guess

    name = _own_name(name)
    _check_load_type(load_type)
    known = exercise_resolve(text=name)
    if known is not None:
        raise ExerciseError(f"“{name}” is already in the catalogue as {known.name}.")
    existing = exercise_own_resolve(user=user, text=name)
    if existing is not None:
        return existing
    guess = exercise_guess(name=name, load_type=load_type)
    return Exercise.objects.create(
        slug=_own_slug(user, name),
        name=name,
        category=guess.category,
        load_type=guess.load_type,
        equipment=guess.equipment,
        met_value=guess.met_value,
        met_code=guess.met_code,
        standards=Exercise.Standards.NONE,
        owner=user,
    )


def exercise_own_update(
    *, exercise: Exercise, name: str | None = None, load_type: str | None = None
) -> Exercise:
    """Renames an own exercise or changes its load type (its sets' numbers are recomputed)."""
    from .exercise_guess import met_for

    if exercise.owner is None:
        raise ExerciseError("Catalogue exercises are changed in the back office.")
    _check_load_type(load_type)
    with transaction.atomic():
        if name is not None:
            name = _own_name(name)
            if exercise_resolve(text=name) is not None:
                raise ExerciseError(f"“{name}” is already in the catalogue.")
            other = exercise_own_resolve(user=exercise.owner, text=name)
            if other is not None and other.pk != exercise.pk:
                raise ExerciseError(f"You already have an exercise named “{other.name}”.")
            exercise.name = name
        recompute = load_type is not None and load_type != exercise.load_type
        if load_type is not None:
            exercise.load_type = load_type
            exercise.met_code, exercise.met_value = met_for(
                category=exercise.category, load_type=load_type
            )
        exercise.save()
        if recompute:
            workout_sets_recompute(sets=WorkoutSet.objects.filter(exercise=exercise))
    return exercise


def _facts(workout_set: WorkoutSet) -> SetFacts:
    """What the numbers of a stored set depend on (`set_numbers`)."""
    return SetFacts(
        exercise=workout_set.exercise,
        weight_kg=workout_set.weight_kg,
        reps=workout_set.reps,
        bodyweight_kg=workout_set.bodyweight_kg,
        sex=workout_set.user.sex,
        age=workout_set.user.age_on(timezone.localdate(workout_set.performed_at)),
        rpe=workout_set.rpe,
        is_warmup=workout_set.is_warmup,
    )


def workout_sets_recompute(*, sets: QuerySet[WorkoutSet]) -> int:
    """Recomputes e1RM, calories, percentile and level of stored sets (after their exercise or
    its load type changed), ranking them in one model call; how many sets."""
    rows = list(sets.select_related("exercise", "user"))
    numbers = set_numbers([_facts(ws) for ws in rows])
    for ws, number in zip(rows, numbers, strict=True):
        ws.e1rm_kg, ws.calories_kcal = number.e1rm_kg, number.calories_kcal
        ws.percentile, ws.level = number.percentile, number.level
    WorkoutSet.objects.bulk_update(
        rows, ["e1rm_kg", "calories_kcal", "percentile", "level"], batch_size=1000
    )
    return len(rows)


def exercise_merge(*, exercise: Exercise, into: Exercise) -> int:
    """Moves every set of an own exercise to a catalogue exercise, recomputes their numbers and
    deletes the own exercise; how many sets moved."""
    if exercise.owner_id is None:
        raise ExerciseError("Only a lifter's own exercise can be merged.")
    if into.owner_id is not None:
        raise ExerciseError("Merge into a catalogue exercise.")
    with transaction.atomic():
        ids = list(WorkoutSet.objects.filter(exercise=exercise).values_list("pk", flat=True))
        WorkoutSet.objects.filter(pk__in=ids).update(exercise=into)
        workout_sets_recompute(sets=WorkoutSet.objects.filter(pk__in=ids))
        exercise.delete()
    return len(ids)


# --- Bodyweight -----------------------------------------------------------------------------


def bodyweight_record(
    *, user: User, weight_kg: Decimal, measured_at: datetime | None = None
) -> BodyweightEntry:
    """Records a bodyweight measurement and keeps the profile's current bodyweight up to date."""
    measured_at = measured_at or timezone.now()
    with transaction.atomic():
        entry = BodyweightEntry.objects.create(
            user=user, weight_kg=weight_kg, measured_at=measured_at
        )
        latest = BodyweightEntry.objects.filter(user=user).order_by("-measured_at", "-id").first()
        if latest is not None and latest.pk == entry.pk and user.bodyweight_kg != weight_kg:
            user.bodyweight_kg = weight_kg
            user.save(update_fields=["bodyweight_kg"])
    return entry


LATEST_BODYWEIGHT = "latest_bodyweight_kg"


def latest_bodyweight(now: datetime) -> dict[str, Subquery]:
    """An annotation for a user lookup: the latest bodyweight entry by `now`, so that sets
    logged for now right after (the bot's usual message) need no query for it."""
    latest = BodyweightEntry.objects.filter(user=OuterRef("pk"), measured_at__lte=now)
    return {
        LATEST_BODYWEIGHT: Subquery(latest.order_by("-measured_at", "-id").values("weight_kg")[:1])
    }


LATEST_SET_AT = "latest_set_at"


def latest_set_at() -> dict[str, Subquery]:
    """An annotation for a user lookup: when the lifter's latest work set was performed."""
    latest = WorkoutSet.objects.filter(user=OuterRef("pk"), is_warmup=False)
    return {LATEST_SET_AT: Subquery(latest.order_by("-performed_at").values("performed_at")[:1])}


# What logging a set from chat reads with the lifter: the plate setup (plates per side), the
# program enrollment (session progress), the latest bodyweight and the latest work set.
LOGGING_RELATED = ("plate_setup", "enrollment")
_SENTINEL_TELEGRAM_ID = -(2**62) + 12345
_SENTINEL_NOW = datetime(2001, 2, 3, 4, 5, 6, 789012, tzinfo=UTC)


def _lifter_for_logging_query(*, telegram_id: int, now: datetime) -> QuerySet[User]:
    from backend.accounts.models import User

    return (
        User.objects.filter(telegram_id=telegram_id)
        .select_related(*LOGGING_RELATED)
        .annotate(**latest_bodyweight(now), **latest_set_at())
    )


_lifter_for_logging = PreparedFirst(
    _lifter_for_logging_query,
    sentinels={"telegram_id": _SENTINEL_TELEGRAM_ID, "now": _SENTINEL_NOW},
    adapt={"now": lambda connection, value: connection.ops.adapt_datetimefield_value(value)},
)


def lifter_for_logging(telegram_id: int) -> User | None:
    """The lifter with this Telegram id read with what logging a set needs next (one query,
    compiled once per process: `prepared.PreparedFirst`), or None."""
    return _lifter_for_logging.first(telegram_id=telegram_id, now=timezone.now())


def _bodyweights_at(
    user: User, moments: Sequence[datetime], now: datetime | None = None
) -> list[Decimal | None]:
    """The latest recorded bodyweight at or before each moment (profile value as fallback)."""
    if hasattr(user, LATEST_BODYWEIGHT) and all(m == now for m in moments):
        latest_kg = getattr(user, LATEST_BODYWEIGHT)  # read with the user (`latest_bodyweight`)
        return [latest_kg if latest_kg is not None else user.bodyweight_kg] * len(moments)
    history = BodyweightEntry.objects.filter(user=user).order_by("measured_at", "id")
    if len(set(moments)) == 1:  # the usual case, one query: the latest entry by then
        latest = history.filter(measured_at__lte=moments[0]).reverse().first()
        return [latest.weight_kg if latest else user.bodyweight_kg] * len(moments)
    before = history.filter(measured_at__lt=min(moments)).reverse()[:1]
    during = history.filter(measured_at__gte=min(moments), measured_at__lte=max(moments))
    entries = [
        *before.values_list("measured_at", "weight_kg"),
        *during.values_list("measured_at", "weight_kg"),
    ]
    result: list[Decimal | None] = []
    for moment in moments:
        weight = None
        for measured_at, entry_weight in entries:
            if measured_at > moment:
                break
            weight = entry_weight
        result.append(weight if weight is not None else user.bodyweight_kg)
    return result


# --- Logging sets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SetInput:
    exercise: Exercise
    weight_kg: Decimal
    reps: int
    rpe: Decimal | None = None
    performed_at: datetime | None = None
    idempotency_key: str | None = None
    # warm-ups count for volume and calories, never for PRs, percentile or level
    is_warmup: bool = False


@dataclass(frozen=True)
class PersonalRecord:
    kind: Literal["e1rm", "weight_at_reps"]
    workout_set: WorkoutSet
    previous: Decimal


@dataclass
class LogResult:
    sets: list[WorkoutSet]
    prs: list[PersonalRecord] = field(default_factory=list)
    rankings: list[Ranking | None] = field(default_factory=list)
    created: bool = True
    # what `check` answered instead of storing the sets (nothing stored then)
    refused: Any = None
    # how many of `sets` were stored before (idempotency key replayed)
    replayed: int = 0


# Given the lifter's best e1RM per exercise id (read with the PR bests), a reason not to store
# the sets (the plausibility question), or None to store them.
Check = Callable[[Mapping[int, Decimal]], Any]


def log_sets(
    *,
    user: User,
    sets: Sequence[SetInput],
    source: str = WorkoutSet.Source.API,
    check: Check | None = None,
) -> LogResult:
    """Stores sets with their bodyweight, e1RM, calories and percentile in one transaction.

    Sets whose idempotency key is already stored are not stored again: the stored ones are
    returned instead, and `created` is False when nothing new was stored. `check` may refuse
    new sets (then `refused` is its answer), judged on the bests PR detection reads anyway.
    """
    if not sets:
        return LogResult(sets=[], created=False)
    try:
        # Optimistic: most keys are new, so don't look them up first; the unique constraint
        # catches a replay (or a concurrent request with the same key) ...
        return _log_sets(user=user, sets=sets, source=source, look_up_keys=False, check=check)
    except IntegrityError:
        # ... and the retry, with the keys looked up, stores only what is new.
        return _log_sets(user=user, sets=sets, source=source, look_up_keys=True, check=check)


def _log_sets(
    *, user: User, sets: Sequence[SetInput], source: str, look_up_keys: bool, check: Check | None
) -> LogResult:
    now = timezone.now()
    keys = [s.idempotency_key for s in sets if s.idempotency_key] if look_up_keys else []
    # One new set (a chat message's usual) is one INSERT, atomic by itself: no transaction
    # around it and the reads before it (on MariaDB one costs three round trips: autocommit off,
    # COMMIT, autocommit on). A key already stored fails that INSERT and the retry looks keys
    # up, in a transaction, as do several sets and a caller's own transaction (a savepoint).
    alone = len(sets) == 1 and not keys and not transaction.get_connection().in_atomic_block
    with nullcontext() if alone else transaction.atomic():
        existing = (
            {
                ws.idempotency_key: ws
                for ws in WorkoutSet.objects.filter(
                    user=user, idempotency_key__in=keys
                ).select_related("exercise")
            }
            if keys
            else {}
        )
        fresh = [s for s in sets if not s.idempotency_key or s.idempotency_key not in existing]
        if not fresh:
            stored = [existing[s.idempotency_key] for s in sets if s.idempotency_key]
            return LogResult(sets=stored, created=False, rankings=[None] * len(stored))
        bests = _bests(user, {s.exercise.pk for s in fresh})
        refused = check(bests[0]) if check is not None else None
        if refused is not None:
            return LogResult(sets=[], created=False, refused=refused)
        moments = [s.performed_at or now for s in fresh]
        bodyweights = _bodyweights_at(user, moments, now)
        numbers = set_numbers(
            [
                SetFacts(
                    exercise=item.exercise,
                    weight_kg=item.weight_kg,
                    reps=item.reps,
                    bodyweight_kg=bodyweight,
                    sex=user.sex,
                    age=user.age_on(timezone.localdate(moment)),
                    rpe=item.rpe,
                    is_warmup=item.is_warmup,
                )
                for item, moment, bodyweight in zip(fresh, moments, bodyweights, strict=True)
            ]
        )
        new_sets = [
            WorkoutSet(
                user=user,
                exercise=item.exercise,
                performed_at=moment,
                weight_kg=item.weight_kg,
                reps=item.reps,
                rpe=item.rpe,
                bodyweight_kg=bodyweight,
                e1rm_kg=number.e1rm_kg,
                calories_kcal=number.calories_kcal,
                percentile=number.percentile,
                level=number.level,
                source=source,
                idempotency_key=item.idempotency_key or None,
                is_warmup=item.is_warmup,
            )
            for item, moment, bodyweight, number in zip(
                fresh, moments, bodyweights, numbers, strict=True
            )
        ]
        rankings = [number.ranking for number in numbers]
        prs = _detect_prs(new_sets, bests)
        if alone:
            new_sets[0].save(force_insert=True)
        else:
            WorkoutSet.objects.bulk_create(new_sets)
    ordered: list[WorkoutSet] = []
    ordered_rankings: list[Ranking | None] = []
    fresh_iter = iter(zip(new_sets, rankings, strict=True))
    for item in sets:
        if item.idempotency_key and item.idempotency_key in existing:
            ordered.append(existing[item.idempotency_key])
            ordered_rankings.append(None)
        else:
            workout_set, ranking = next(fresh_iter)
            ordered.append(workout_set)
            ordered_rankings.append(ranking)
    return LogResult(
        sets=ordered,
        prs=prs,
        rankings=ordered_rankings,
        created=True,
        replayed=len(sets) - len(fresh),
    )


Bests = tuple[dict[int, Decimal], dict[tuple[int, int], Decimal]]


def _bests_query(*, user_id: int, exercise_ids: Collection[int]) -> QuerySet[WorkoutSet, Any]:
    return (
        WorkoutSet.objects.filter(user_id=user_id, exercise_id__in=exercise_ids, is_warmup=False)
        .values("exercise_id", "reps")
        .annotate(weight=Max("weight_kg"), e1rm=Max("e1rm_kg"))
        .values_list("exercise_id", "reps", "weight", "e1rm")
        .order_by()
    )


_bests_of_one = PreparedRows(
    lambda *, user_id, exercise_id: _bests_query(user_id=user_id, exercise_ids=[exercise_id]),
    sentinels={"user_id": -(2**62) + 1, "exercise_id": -(2**62) + 2},
)


def _bests(user: User, exercise_ids: set[int]) -> Bests:
    """The lifter's best e1RM per exercise and best weight per (exercise, reps), in one query:
    an exercise's best e1RM is the best of its rep counts."""
    best_e1rm: dict[int, Decimal] = {}
    best_weight: dict[tuple[int, int], Decimal] = {}
    rows = (
        _bests_of_one.rows(user_id=user.pk, exercise_id=next(iter(exercise_ids)))
        if len(exercise_ids) == 1  # a chat message: one exercise, a query compiled once
        else _bests_query(user_id=user.pk, exercise_ids=exercise_ids)
    )
    for exercise_id, reps, weight, e1rm in rows:
        best_weight[(exercise_id, reps)] = weight
        best_e1rm[exercise_id] = max(e1rm, best_e1rm.get(exercise_id, e1rm))
    return best_e1rm, best_weight


def _detect_prs(new_sets: Sequence[WorkoutSet], bests: Bests) -> list[PersonalRecord]:
    """PRs the new sets set against the lifter's earlier sets (and earlier sets of the batch)."""
    best_e1rm, best_weight = dict(bests[0]), dict(bests[1])
    prs: list[PersonalRecord] = []
    for ws in new_sets:
        if ws.is_warmup:  # warm-ups never set PRs
            continue
        previous_e1rm = best_e1rm.get(ws.exercise_id)
        if previous_e1rm is not None and ws.e1rm_kg > previous_e1rm:
            prs.append(PersonalRecord(kind="e1rm", workout_set=ws, previous=previous_e1rm))
        if previous_e1rm is None or ws.e1rm_kg > previous_e1rm:
            best_e1rm[ws.exercise_id] = ws.e1rm_kg
        key = (ws.exercise_id, ws.reps)
        previous_weight = best_weight.get(key)
        if previous_weight is not None and ws.weight_kg > previous_weight:
            prs.append(
                PersonalRecord(kind="weight_at_reps", workout_set=ws, previous=previous_weight)
            )
        if previous_weight is None or ws.weight_kg > previous_weight:
            best_weight[key] = ws.weight_kg
    return prs


# --- Reading back ---------------------------------------------------------------------------


def user_sets(*, user: User) -> QuerySet[WorkoutSet]:
    """The lifter's sets, newest first, with their exercise."""
    return WorkoutSet.objects.filter(user=user).select_related("exercise")


def sets_recent(*, user: User, limit: int, exercise_slug: str | None = None) -> list[WorkoutSet]:
    """The lifter's last `limit` sets, newest first (of one exercise when given)."""
    sets = user_sets(user=user)
    if exercise_slug is not None:
        sets = sets.filter(exercise__slug=exercise_slug)
    return list(sets[:limit])


def _user_zone(user: User) -> ZoneInfo:
    return time_zone(user.timezone)


def period_start(*, period: str, now: datetime | None = None) -> datetime:
    """The first moment of a 1m/3m/6m period ending now."""
    if period not in PERIOD_DAYS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_DAYS)}")
    return (now or timezone.now()) - timedelta(days=PERIOD_DAYS[period])


def exercise_stats(
    *, user: User, exercise: Exercise, period: str, now: datetime | None = None
) -> dict[str, Any]:
    """Best e1RM per day and per week, volume and set count over a period, by the database."""
    zone = _user_zone(user)
    sets = WorkoutSet.objects.filter(
        user=user, exercise=exercise, performed_at__gte=period_start(period=period, now=now)
    )
    volume = F("weight_kg") * F("reps")
    # warm-ups count for volume and sets, never for the best e1RM
    best = Max("e1rm_kg", filter=Q(is_warmup=False))
    totals = sets.aggregate(set_count=Count("id"), volume_kg=Sum(volume), best_e1rm_kg=best)
    daily = (
        sets.annotate(day=TruncDate("performed_at", tzinfo=zone))
        .values("day")
        .annotate(best_e1rm_kg=best, volume_kg=Sum(volume), set_count=Count("id"))
        .order_by("day")
    )
    weekly = (
        sets.annotate(week=TruncWeek("performed_at", tzinfo=zone))
        .values("week")
        .annotate(best_e1rm_kg=best, volume_kg=Sum(volume), set_count=Count("id"))
        .order_by("week")
    )
    return {
        "exercise": exercise.slug,
        "period": period,
        "set_count": totals["set_count"],
        "volume_kg": totals["volume_kg"] or Decimal(0),
        "best_e1rm_kg": totals["best_e1rm_kg"],
        "daily": [
            {
                "day": row["day"],
                "best_e1rm_kg": row["best_e1rm_kg"],
                "volume_kg": row["volume_kg"],
                "set_count": row["set_count"],
            }
            for row in daily
        ],
        "weekly": [
            {
                "week": row["week"].date() if isinstance(row["week"], datetime) else row["week"],
                "best_e1rm_kg": row["best_e1rm_kg"],
                "volume_kg": row["volume_kg"],
                "set_count": row["set_count"],
            }
            for row in weekly
        ],
    }


def personal_records(*, user: User, exercise: Exercise | None = None) -> list[dict[str, Any]]:
    """Per exercise: best e1RM, heaviest weight, and the heaviest weight at each rep count
    (warm-ups left out)."""
    sets = WorkoutSet.objects.filter(user=user, is_warmup=False)
    if exercise is not None:
        sets = sets.filter(exercise=exercise)
    bests = (
        sets.values("exercise__slug", "exercise__name", "exercise__name_ko", "exercise__load_type")
        .annotate(best_e1rm_kg=Max("e1rm_kg"), heaviest_kg=Max("weight_kg"), set_count=Count("id"))
        .order_by("exercise__name")
    )
    rep_maxes: dict[str, dict[int, Decimal]] = {}
    for slug, reps, best in (
        sets.values("exercise__slug", "reps")
        .annotate(best=Max("weight_kg"))
        .values_list("exercise__slug", "reps", "best")
        .order_by("exercise__slug", "reps")
    ):
        rep_maxes.setdefault(slug, {})[reps] = best
    return [
        {
            "exercise": row["exercise__slug"],
            "exercise_name": row["exercise__name"],
            "exercise_name_ko": row["exercise__name_ko"],
            "is_bodyweight": row["exercise__load_type"] == Exercise.LoadType.BODYWEIGHT,
            "best_e1rm_kg": row["best_e1rm_kg"],
            "heaviest_kg": row["heaviest_kg"],
            "set_count": row["set_count"],
            "rep_maxes": [
                {"reps": reps, "weight_kg": weight}
                for reps, weight in rep_maxes.get(row["exercise__slug"], {}).items()
            ],
        }
        for row in bests
    ]


def workout_set_update(*, workout_set: WorkoutSet, changes: dict[str, Any]) -> WorkoutSet:
    """Changes a stored set and recomputes its e1RM, calories, percentile and level."""
    for name, value in changes.items():
        setattr(workout_set, name, value)
    (number,) = set_numbers([_facts(workout_set)])
    workout_set.e1rm_kg, workout_set.calories_kcal = number.e1rm_kg, number.calories_kcal
    workout_set.percentile, workout_set.level = number.percentile, number.level
    workout_set.save()
    return workout_set


# --- Entries as the bot edits them (also usable by the API) ---------------------------------

# Highest first: (level id, the percentile it starts at); below novice is still beginner.
LEVEL_FLOORS: tuple[tuple[str, float], ...] = tuple(
    (level, LEVEL_PERCENTILES[level]) for level in reversed(LEVELS[1:])
)


def level_for_percentile(*, percentile: float) -> str:
    """The level id a percentile falls in (stronger than 5/20/50/80/95% of lifters)."""
    return next((level for level, floor in LEVEL_FLOORS if percentile >= floor), LEVELS[0])


CHAT_KEY_PREFIX = "tg"
# a set a chat message dates to another day ("yesterday squat 100x5") is stored at noon there
CHAT_DATED_TIME = time(12, 0)


def chat_performed_at(*, day: date | None, zone: ZoneInfo) -> datetime | None:
    """When a set a chat message dates to `day` was performed (None: now, also for today)."""
    if day is None or day == timezone.now().astimezone(zone).date():
        return None
    return datetime.combine(day, CHAT_DATED_TIME, tzinfo=zone)


def chat_key(*, update_id: int, part: int | str) -> str:
    """The idempotency key of what one chat update stores: `tg:<update>:<n>` for its nth set
    (`tg:<update>:done` for the program session it finished)."""
    return f"{CHAT_KEY_PREFIX}:{update_id}:{part}"


def chat_message_prefix(key: str | None) -> str | None:
    """`tg:<update>:`, shared by every set one chat message logged (None for other keys)."""
    parts = (key or "").split(":")
    if len(parts) != 3 or parts[0] != CHAT_KEY_PREFIX:
        return None
    return f"{parts[0]}:{parts[1]}:"


def workout_set_get(*, user: User, set_id: int) -> WorkoutSet | None:
    """One of the lifter's own sets by id (None for a missing set or another lifter's)."""
    return user_sets(user=user).filter(pk=set_id).first()


def workout_set_delete(*, user: User, set_id: int) -> WorkoutSet | None:
    """Deletes one of the lifter's own sets and returns it (None when there was none)."""
    workout_set = workout_set_get(user=user, set_id=set_id)
    if workout_set is not None:
        WorkoutSet.objects.filter(pk=workout_set.pk).delete()
    return workout_set


def workout_sets_undo_last(*, user: User) -> list[WorkoutSet]:
    """Deletes the lifter's last logged entry (every set of one bot message) and returns it."""
    with transaction.atomic():
        last = user_sets(user=user).order_by("-created_at", "-id").first()
        if last is None:
            return []
        entry = [last]
        prefix = chat_message_prefix(last.idempotency_key)
        if prefix is not None:
            entry = list(
                user_sets(user=user)
                .filter(idempotency_key__startswith=prefix)
                .order_by("performed_at", "id")
            )
        WorkoutSet.objects.filter(pk__in=[ws.pk for ws in entry]).delete()
    return entry


def exercise_best_e1rm(
    *, user: User, exercise: Exercise, excluding_id: int | None = None
) -> Decimal | None:
    """The lifter's best estimated 1RM on an exercise, or None before the first set (without the
    set `excluding_id`: the one being corrected)."""
    sets = WorkoutSet.objects.filter(user=user, exercise=exercise, is_warmup=False)
    if excluding_id is not None:
        sets = sets.exclude(pk=excluding_id)
    best: Decimal | None = sets.aggregate(best=Max("e1rm_kg"))["best"]
    return best


def sets_doubt(
    *,
    user: User,
    exercise: Exercise,
    lifts: Sequence[plausibility.Lift],
    unit: str = "kg",
    unit_typed: bool = True,
    excluding_id: int | None = None,
) -> plausibility.Doubt | None:
    """The plausibility rules' doubt about sets the lifter logs or corrects (None: believed),
    against their history on the exercise (without the set `excluding_id` being corrected)."""
    best = exercise_best_e1rm(user=user, exercise=exercise, excluding_id=excluding_id)
    return sets_doubt_against(
        user=user,
        exercise=exercise,
        lifts=lifts,
        best_e1rm_kg=best,
        unit=unit,
        unit_typed=unit_typed,
    )


def sets_doubt_against(
    *,
    user: User,
    exercise: Exercise,
    lifts: Sequence[plausibility.Lift],
    best_e1rm_kg: Decimal | None,
    unit: str = "kg",
    unit_typed: bool = True,
) -> plausibility.Doubt | None:
    """`sets_doubt` against a best e1RM already read (`log_sets`'s `check`)."""
    context = plausibility.Context(
        exercise_slug=exercise.slug,
        load_type=exercise.load_type,
        bodyweight_kg=user.bodyweight_kg,
        best_e1rm_kg=best_e1rm_kg,
    )
    return plausibility.sets_doubt(lifts, context, unit=unit, unit_typed=unit_typed)


def exercise_best_e1rms(*, user: User) -> dict[int, Decimal]:
    """The lifter's best estimated 1RM per exercise id, in one query."""
    return dict(
        WorkoutSet.objects.filter(user=user, is_warmup=False)
        .values("exercise_id")
        .annotate(best=Max("e1rm_kg"))
        .values_list("exercise_id", "best")
        .order_by()
    )


EXPORT_COLUMNS = (
    "performed_at",
    "exercise",
    "exercise_name",
    "weight_kg",
    "reps",
    "rpe",
    "bodyweight_kg",
    "e1rm_kg",
    "calories_kcal",
    "percentile",
    "level",
    "source",
    "is_warmup",
)


def workout_sets_csv(*, user: User) -> tuple[str, int]:
    """Every set of the lifter as CSV text (oldest first, times in their timezone) and the count."""
    import csv
    import io

    zone = _user_zone(user)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    rows = (
        WorkoutSet.objects.filter(user=user)
        .order_by("performed_at", "id")
        .values_list(
            "performed_at",
            "exercise__slug",
            "exercise__name",
            *EXPORT_COLUMNS[3:],
        )
    )
    count = 0
    for performed_at, *rest in rows.iterator(chunk_size=2000):
        writer.writerow([performed_at.astimezone(zone).isoformat(timespec="seconds"), *rest])
        count += 1
    return out.getvalue(), count


def exercise_leaderboard(
    *, telegram_ids: Sequence[int], exercise: Exercise
) -> list[dict[str, Any]]:
    """Lifters among `telegram_ids` ranked by their best percentile on an exercise, best first
    (an own exercise: by best e1RM, see `own_exercise_leaderboard`)."""
    if exercise.owner_id is not None:
        return own_exercise_leaderboard(telegram_ids=telegram_ids, exercise=exercise)
    rows = (
        WorkoutSet.objects.filter(
            user__telegram_id__in=telegram_ids,
            user__is_active=True,
            exercise=exercise,
            percentile__isnull=False,
        )
        .values("user_id", "user__display_name", "user__telegram_id")
        .annotate(best=Max("percentile"))
        .order_by("-best", "user_id")
    )
    return [
        {
            "telegram_id": row["user__telegram_id"],
            "name": row["user__display_name"] or str(row["user__telegram_id"]),
            "percentile": row["best"],
            "level": level_for_percentile(percentile=float(row["best"])),
        }
        for row in rows
    ]


def own_exercise_leaderboard(
    *, telegram_ids: Sequence[int], exercise: Exercise
) -> list[dict[str, Any]]:
    """Lifters among `telegram_ids` ranked by best e1RM on their own exercise of the same name.

    Own exercises are never shared: lifters "share" one when each has an own exercise whose
    folded name (`normalize_alias`) is the same, e.g. two lifters' `Anderson Squat`. Without
    standards there is no percentile, so the e1RM ranks (`percentile` and `level` are None/"").
    """
    folded = normalize_alias(exercise.name)
    same = [
        pk
        for pk, name in Exercise.objects.filter(
            owner__telegram_id__in=telegram_ids, owner__is_active=True
        ).values_list("pk", "name")
        if normalize_alias(name) == folded
    ]
    rows = (
        WorkoutSet.objects.filter(exercise_id__in=same, user=F("exercise__owner"))
        .values("user_id", "user__display_name", "user__telegram_id")
        .annotate(best=Max("e1rm_kg"))
        .order_by("-best", "user_id")
    )
    return [
        {
            "telegram_id": row["user__telegram_id"],
            "name": row["user__display_name"] or str(row["user__telegram_id"]),
            "percentile": None,
            "level": "",
            "e1rm_kg": row["best"],
        }
        for row in rows
    ]


E1RM_TABLE_REPS = (1, 2, 3, 5, 8, 10)


def e1rm_table(
    *, user: User, exercise: Exercise, weight_kg: Decimal, reps: int, rpe: Decimal | None = None
) -> tuple[float, dict[int, float]]:
    """The lifter's e1RM of weight × reps (at `rpe`: from the RPE chart) and the weights (kg,
    unrounded) for 1–10 reps to failure at that 1RM (the bot's /calc)."""
    body = float(user.bodyweight_kg) if user.bodyweight_kg else None
    e1rm = e1rm_for(
        exercise=exercise, weight_kg=float(weight_kg), reps=reps, bodyweight_kg=body, rpe=rpe
    )
    table = {n: one_rep_max.weight_for_reps(one_rm_kg=e1rm, reps=n) for n in E1RM_TABLE_REPS}
    return e1rm, table


@dataclass(frozen=True)
class Calculation:
    one_rm_kg: float
    formula: str
    reliable: bool
    calories_kcal: float
    net_calories_kcal: float
    ranking: Ranking | None
    thresholds: dict[str, float]


def lift_calculate(
    *,
    exercise: Exercise,
    sex: str,
    age: int,
    bodyweight_kg: float,
    weight_kg: float,
    reps: int,
) -> Calculation:
    """1RM, calories, percentile, level and next level of one set, without storing anything."""
    estimate = one_rep_max.estimate_one_rm(weight_kg=1.0, reps=reps)
    (number,) = set_numbers(
        [
            SetFacts(
                exercise=exercise,
                weight_kg=Decimal(str(weight_kg)),
                reps=reps,
                bodyweight_kg=Decimal(str(bodyweight_kg)),
                sex=sex,
                age=age,
            )
        ]
    )
    ranking, energy = number.ranking, number.energy
    thresholds: dict[str, float] = {}
    if ranking is not None:
        from ml.predict import get_model

        thresholds = get_model().thresholds(
            exercise=exercise.slug, sex=sex, age=age, bodyweight_kg=bodyweight_kg
        )
    return Calculation(
        # the 1RM the standards speak of (added weight for pull-ups), as ranked
        one_rm_kg=round(number.ranked_one_rm_kg, 2),
        formula=str(estimate.formula),
        reliable=estimate.reliable,
        calories_kcal=round(energy.gross_kcal, 2),
        net_calories_kcal=round(energy.net_kcal, 2),
        ranking=ranking,
        thresholds={level: round(kg, 1) for level, kg in thresholds.items()},
    )
