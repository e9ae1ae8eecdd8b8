"""The programs app: the lifter's training program, rest timers, reminders and streaks."""

from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "backend.programs"
    label = "programs"
    verbose_name = "Programs"
