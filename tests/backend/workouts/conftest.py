"""The workouts tests' shared helpers: a set to log and logging it through the real service."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.models import Exercise, WorkoutSet


def exercise(slug: str) -> Exercise:
    return Exercise.objects.get(slug=slug)


def a_set(
    lift: str | Exercise, weight: str | int = "100", reps: int = 5, **extra: Any
) -> services.SetInput:
    """A set of a catalogue exercise (by slug) or of a given one; `extra` as SetInput takes it
    (rpe, performed_at, idempotency_key, is_warmup)."""
    chosen = exercise(lift) if isinstance(lift, str) else lift
    return services.SetInput(exercise=chosen, weight_kg=Decimal(weight), reps=reps, **extra)


def log(
    user: User,
    lift: str | Exercise = "squat",
    weight: str | int = "100",
    reps: int = 5,
    *,
    source: str = WorkoutSet.Source.API,
    **extra: Any,
) -> WorkoutSet:
    """Logs one set for `user` through `log_sets` (as the API does, or from `source`) and returns
    it as stored."""
    sets = [a_set(lift, weight, reps, **extra)]
    return services.log_sets(user=user, sets=sets, source=source).sets[0]
