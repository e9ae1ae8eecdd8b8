from typing import Any

from django.core.management.base import BaseCommand

from backend.workouts.catalogue import catalogue_changed
from backend.workouts.models import Exercise, ExerciseAlias
from backend.workouts.seed import seed_exercises


class Command(BaseCommand):
    help = "Creates or updates the exercise catalogue (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = seed_exercises(exercise_model=Exercise, alias_model=ExerciseAlias)
        catalogue_changed()  # bulk writes send no signals: tell every process here
        self.stdout.write(f"{count} exercises seeded")
