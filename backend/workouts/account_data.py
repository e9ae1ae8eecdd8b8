"""What an account change does to a lifter's workout data: a merge moves it, a deletion deletes it.

Called by `backend.accounts` (linking a Telegram account to a web account, deleting an account).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .models import BodyweightEntry, WorkoutSet

if TYPE_CHECKING:
    from backend.accounts.models import User

# the user's rows `workout_data_move` moves (an account merge hands other rows over itself)
MOVED_MODELS = (WorkoutSet, BodyweightEntry)


def _set_signature(workout_set: WorkoutSet) -> tuple[Any, ...]:
    return (
        workout_set.exercise_id,
        workout_set.performed_at,
        workout_set.weight_kg,
        workout_set.reps,
    )


def workout_data_move(*, source: User, target: User) -> Decimal | None:
    """Moves `source`'s sets and bodyweights to `target`, once each (a set or weight that reached
    both accounts is kept once); returns `target`'s latest bodyweight after the move, if any."""
    source_sets = WorkoutSet.objects.filter(user=source)
    keys = list(source_sets.exclude(idempotency_key=None).values_list("idempotency_key", flat=True))
    taken = {
        ws.idempotency_key: ws
        for ws in WorkoutSet.objects.filter(user=target, idempotency_key__in=keys)
    }
    for workout_set in source_sets.filter(idempotency_key__in=list(taken)):
        twin = taken[workout_set.idempotency_key]
        if _set_signature(twin) == _set_signature(workout_set):
            workout_set.delete()  # the same set reached both accounts: keep one
        else:
            moved = hashlib.sha256(f"{source.pk}:{workout_set.idempotency_key}".encode())
            workout_set.idempotency_key = f"moved:{moved.hexdigest()[:40]}"
            workout_set.save(update_fields=["idempotency_key"])
    source_sets.update(user=target)

    target_weights = set(
        BodyweightEntry.objects.filter(user=target).values_list("measured_at", "weight_kg")
    )
    for entry in BodyweightEntry.objects.filter(user=source):
        if (entry.measured_at, entry.weight_kg) in target_weights:
            entry.delete()
    BodyweightEntry.objects.filter(user=source).update(user=target)
    latest = BodyweightEntry.objects.filter(user=target).order_by("-measured_at", "-id").first()
    return None if latest is None else latest.weight_kg


def workout_data_delete(*, user: User) -> None:
    """Deletes every set of `user`, so that deleting the user may follow: their own exercises
    (`Exercise.owner`) are protected while sets use them; bodyweights go with the user."""
    WorkoutSet.objects.filter(user=user).delete()
