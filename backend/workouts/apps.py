from django.apps import AppConfig


class WorkoutsConfig(AppConfig):
    name = "backend.workouts"
    label = "workouts"
    verbose_name = "Workouts"
