from typing import Any

from django.core.management.base import BaseCommand

from backend.workouts.models import Exercise, ExerciseAlias
from backend.workouts.seed import seed_exercises
from backend.workouts.services import exercise_aliases_clear


class Command(BaseCommand):
    help = "Creates or updates the exercise catalogue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = seed_exercises(exercise_model=Exercise, alias_model=ExerciseAlias)
        exercise_aliases_clear()
        self.stdout.write(f"{count} exercises seeded")
