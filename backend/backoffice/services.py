"""Back-office writes, each recorded in the audit log, and the dashboard's figures."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Count, QuerySet
from django.db.models.fields.files import FieldFile
from django.db.models.functions import TruncDate
from django.utils import timezone

from backend.accounts.models import User
from backend.inquiries import services as inquiry_services
from backend.inquiries.models import Inquiry, InquiryMessage
from backend.workouts import services as workout_services
from backend.workouts.models import Exercise, ExerciseAlias, WorkoutSet, normalize_alias

from .models import AuditLog, DailyStats

USER_FIELDS = ("email", "display_name", "is_active", "is_staff", "is_superuser")
EXERCISE_FIELDS = (
    "slug",
    "name",
    "name_ko",
    "category",
    "load_type",
    "equipment",
    "primary_muscles",
    "met_value",
    "met_code",
    "standards",
)
SET_FIELDS = (
    "user_id",
    "exercise_id",
    "performed_at",
    "weight_kg",
    "reps",
    "rpe",
    "bodyweight_kg",
    "e1rm_kg",
    "calories_kcal",
    "percentile",
    "level",
)
INQUIRY_FIELDS = ("status", "assignee_id", "first_answered_at", "closed_at")


class BackofficeError(Exception):
    """A back-office request that breaks a rule (the message says which)."""


class StaffOnlyError(BackofficeError):
    """Only a superuser may do this."""


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields of `instance` as plain JSON values."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        values[name] = value.name if isinstance(value, FieldFile) else value
    loaded: dict[str, Any] = json.loads(json.dumps(values, cls=DjangoJSONEncoder))
    return loaded


def audit_record(
    *,
    actor: User,
    action: str,
    target: models.Model,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str = "",
) -> AuditLog:
    """Writes one audit entry for a back-office change."""
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        before=before,
        after=after,
        reason=reason,
    )


# --- Users ----------------------------------------------------------------------------------


def user_update(*, actor: User, user: User, changes: dict[str, Any]) -> User:
    """Changes a user's name, active flag or staff flag (staff flag and superusers: superuser)."""
    if not actor.is_superuser and ("is_staff" in changes or user.is_superuser):
        raise StaffOnlyError("Only a superuser may grant or revoke staff or change a superuser.")
    if user.pk == actor.pk and (
        changes.get("is_active") is False or changes.get("is_staff") is False
    ):
        raise BackofficeError("You can't deactivate yourself or revoke your own staff access.")
    with transaction.atomic():
        before = snapshot(user, USER_FIELDS)
        for name, value in changes.items():
            setattr(user, name, value)
        user.save(update_fields=list(changes))
        audit_record(
            actor=actor,
            action=AuditLog.Action.USER_UPDATE,
            target=user,
            before=before,
            after=snapshot(user, USER_FIELDS),
        )
    return user


# --- Exercises ------------------------------------------------------------------------------


def _exercise_snapshot(exercise: Exercise) -> dict[str, Any]:
    values = snapshot(exercise, EXERCISE_FIELDS)
    values["aliases"] = sorted(exercise.aliases.values_list("alias", flat=True))
    return values


def _aliases_set(exercise: Exercise, aliases: Sequence[str]) -> None:
    wanted = {normalize_alias(alias) for alias in aliases} - {""}
    exercise.aliases.exclude(alias__in=wanted).delete()
    existing = set(exercise.aliases.values_list("alias", flat=True))
    ExerciseAlias.objects.bulk_create(
        ExerciseAlias(exercise=exercise, alias=alias) for alias in sorted(wanted - existing)
    )


def exercise_create(
    *, actor: User, fields: dict[str, Any], aliases: Sequence[str] = ()
) -> Exercise:
    """Adds an exercise with its aliases."""
    with transaction.atomic():
        exercise = Exercise.objects.create(**fields)
        _aliases_set(exercise, aliases)
        audit_record(
            actor=actor,
            action=AuditLog.Action.EXERCISE_CREATE,
            target=exercise,
            before=None,
            after=_exercise_snapshot(exercise),
        )
        transaction.on_commit(workout_services.exercise_aliases_clear)
    return exercise


def exercise_update(
    *,
    actor: User,
    exercise: Exercise,
    changes: dict[str, Any],
    aliases: Sequence[str] | None = None,
) -> Exercise:
    """Edits an exercise; `aliases`, when given, replaces its aliases."""
    with transaction.atomic():
        before = _exercise_snapshot(exercise)
        for name, value in changes.items():
            setattr(exercise, name, value)
        exercise.save()
        if aliases is not None:
            _aliases_set(exercise, aliases)
        audit_record(
            actor=actor,
            action=AuditLog.Action.EXERCISE_UPDATE,
            target=exercise,
            before=before,
            after=_exercise_snapshot(exercise),
        )
        transaction.on_commit(workout_services.exercise_aliases_clear)
    return exercise


def exercise_delete(*, actor: User, exercise: Exercise) -> None:
    """Deletes an exercise nobody has logged; one with sets stays (edit it instead)."""
    if exercise.sets.exists():
        raise BackofficeError("Sets are logged with this exercise; it can't be deleted.")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditLog.Action.EXERCISE_DELETE,
            target=exercise,
            before=_exercise_snapshot(exercise),
            after=None,
        )
        exercise.delete()
        transaction.on_commit(workout_services.exercise_aliases_clear)


def exercise_merge(*, actor: User, exercise: Exercise, into: Exercise, reason: str = "") -> int:
    """Merges a lifter's own exercise into a catalogue exercise: its sets move (their numbers
    recomputed), the own exercise is deleted; how many sets moved."""
    with transaction.atomic():
        before = {
            **_exercise_snapshot(exercise),
            "owner_id": exercise.owner_id,
            "set_count": exercise.sets.count(),
        }
        target_id = exercise.pk
        try:
            moved = workout_services.exercise_merge(exercise=exercise, into=into)
        except workout_services.ExerciseError as exc:
            raise BackofficeError(str(exc)) from None
        exercise.pk = target_id  # deleted: the audit entry still names it
        audit_record(
            actor=actor,
            action=AuditLog.Action.EXERCISE_MERGE,
            target=exercise,
            before=before,
            after={"merged_into": into.slug, "merged_into_id": into.pk, "sets_moved": moved},
            reason=reason,
        )
        transaction.on_commit(workout_services.exercise_aliases_clear)
    return moved


# --- Sets -----------------------------------------------------------------------------------


def workout_set_correct(
    *, actor: User, workout_set: WorkoutSet, changes: dict[str, Any], reason: str
) -> WorkoutSet:
    """Corrects a lifter's set (numbers recomputed) and records why."""
    with transaction.atomic():
        before = snapshot(workout_set, SET_FIELDS)
        workout_set = workout_services.workout_set_update(workout_set=workout_set, changes=changes)
        audit_record(
            actor=actor,
            action=AuditLog.Action.SET_UPDATE,
            target=workout_set,
            before=before,
            after=snapshot(workout_set, SET_FIELDS),
            reason=reason,
        )
    return workout_set


def workout_set_delete(*, actor: User, workout_set: WorkoutSet, reason: str) -> None:
    """Deletes a lifter's set and records why."""
    with transaction.atomic():
        audit_record(
            actor=actor,
            action=AuditLog.Action.SET_DELETE,
            target=workout_set,
            before=snapshot(workout_set, SET_FIELDS),
            after=None,
            reason=reason,
        )
        workout_set.delete()


# --- Inquiries ------------------------------------------------------------------------------


def inquiry_answer(*, actor: User, inquiry: Inquiry, body: str) -> InquiryMessage:
    """Answers an inquiry as staff (the user is notified) and records it."""
    with transaction.atomic():
        before = snapshot(inquiry, INQUIRY_FIELDS)
        message = inquiry_services.inquiry_answer(inquiry=inquiry, staff=actor, body=body)
        after = snapshot(inquiry, INQUIRY_FIELDS)
        after["answer"] = {"id": message.pk, "body": message.body}
        audit_record(
            actor=actor,
            action=AuditLog.Action.INQUIRY_ANSWER,
            target=inquiry,
            before=before,
            after=after,
        )
    return message


def inquiry_assign(*, actor: User, inquiry: Inquiry, assignee: User | None) -> Inquiry:
    """Gives an inquiry to a staff member (or nobody) and records it."""
    with transaction.atomic():
        before = snapshot(inquiry, INQUIRY_FIELDS)
        inquiry_services.inquiry_assign(inquiry=inquiry, assignee=assignee)
        audit_record(
            actor=actor,
            action=AuditLog.Action.INQUIRY_ASSIGN,
            target=inquiry,
            before=before,
            after=snapshot(inquiry, INQUIRY_FIELDS),
        )
    return inquiry


def inquiry_set_closed(*, actor: User, inquiry: Inquiry, closed: bool) -> Inquiry:
    """Closes or reopens an inquiry and records it."""
    with transaction.atomic():
        before = snapshot(inquiry, INQUIRY_FIELDS)
        if closed:
            inquiry_services.inquiry_close(inquiry=inquiry)
        else:
            inquiry_services.inquiry_reopen(inquiry=inquiry)
        audit_record(
            actor=actor,
            action=AuditLog.Action.INQUIRY_CLOSE if closed else AuditLog.Action.INQUIRY_REOPEN,
            target=inquiry,
            before=before,
            after=snapshot(inquiry, INQUIRY_FIELDS),
        )
    return inquiry


# --- Dashboard ------------------------------------------------------------------------------


def _median_first_answer_seconds() -> float | None:
    answered = Inquiry.objects.filter(first_answer_seconds__isnull=False)
    count = answered.count()
    if count == 0:
        return None
    ordered = answered.order_by("first_answer_seconds").values_list(
        "first_answer_seconds", flat=True
    )
    middle = [seconds or 0 for seconds in ordered[(count - 1) // 2 : count // 2 + 1]]
    return sum(middle) / len(middle)


def _activity(
    *, since: datetime, until: datetime | None = None
) -> tuple[QuerySet[User], QuerySet[WorkoutSet]]:
    """The users who joined and the sets performed in [since, until)."""
    users = User.objects.filter(date_joined__gte=since)
    sets = WorkoutSet.objects.filter(performed_at__gte=since)
    if until is not None:
        users, sets = users.filter(date_joined__lt=until), sets.filter(performed_at__lt=until)
    return users, sets


def _activity_counts(users: QuerySet[User], sets: QuerySet[WorkoutSet]) -> dict[str, int]:
    """New users, active lifters (who logged a set) and sets: the dashboard's and a day's."""
    return {
        "new_users": users.count(),
        "active_lifters": sets.values("user_id").distinct().count(),
        "sets": sets.count(),
    }


def daily_stats_record(*, day: date | None = None) -> DailyStats:
    """Records the figures of one UTC day (yesterday by default); run again, it rewrites them."""
    day = day or timezone.now().astimezone(UTC).date() - timedelta(days=1)
    since = datetime.combine(day, time.min, tzinfo=UTC)
    counts = _activity_counts(*_activity(since=since, until=since + timedelta(days=1)))
    stats, _ = DailyStats.objects.update_or_create(
        day=day, defaults={**counts, "recorded_at": timezone.now()}
    )
    return stats


def dashboard_stats(*, days: int = 30, top: int = 10) -> dict[str, Any]:
    """Back-office figures over the last `days` days, every one computed by the database."""
    since = timezone.now() - timedelta(days=days)
    users, sets = _activity(since=since)
    new_users_per_day = (
        users.annotate(day=TruncDate("date_joined"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    sets_per_day = (
        sets.annotate(day=TruncDate("performed_at"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    top_exercises = (
        sets.values("exercise__slug", "exercise__name")
        .annotate(set_count=Count("id"), lifter_count=Count("user_id", distinct=True))
        .order_by("-set_count", "exercise__slug")[:top]
    )
    inquiries = Inquiry.objects.exclude(status=Inquiry.Status.CLOSED).values("status")
    open_by_status = dict(inquiries.annotate(count=Count("id")).values_list("status", "count"))
    return {
        "days": days,
        "since": since,
        **_activity_counts(users, sets),
        "new_users_per_day": list(new_users_per_day),
        "sets_per_day": list(sets_per_day),
        "top_exercises": [
            {
                "exercise": row["exercise__slug"],
                "exercise_name": row["exercise__name"],
                "set_count": row["set_count"],
                "lifter_count": row["lifter_count"],
            }
            for row in top_exercises
        ],
        "open_inquiries": sum(open_by_status.values()),
        "unanswered_inquiries": open_by_status.get(Inquiry.Status.OPEN, 0),
        "median_first_answer_seconds": _median_first_answer_seconds(),
    }
