from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AuditLog(models.Model):
    """One back-office write: who did what to which object, with its state before and after."""

    class Action(models.TextChoices):
        USER_UPDATE = "user.update", "User updated"
        EXERCISE_CREATE = "exercise.create", "Exercise created"
        EXERCISE_UPDATE = "exercise.update", "Exercise updated"
        EXERCISE_DELETE = "exercise.delete", "Exercise deleted"
        EXERCISE_MERGE = "exercise.merge", "Own exercise merged into the catalogue"
        SET_UPDATE = "set.update", "Set corrected"
        SET_DELETE = "set.delete", "Set deleted"
        INQUIRY_ANSWER = "inquiry.answer", "Inquiry answered"
        INQUIRY_ASSIGN = "inquiry.assign", "Inquiry assigned"
        INQUIRY_CLOSE = "inquiry.close", "Inquiry closed"
        INQUIRY_REOPEN = "inquiry.reopen", "Inquiry reopened"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=32, choices=Action.choices)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    target_repr = models.CharField(max_length=200)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(fields=("target_type", "target_id")),
            models.Index(fields=("created_at",)),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_type}:{self.target_id}"


class DailyStats(models.Model):
    """One UTC day's figures, recorded by Celery beat after the day ends (`tasks.py`); the back
    office lists them at /api/backoffice/daily-stats/."""

    day = models.DateField(unique=True)
    new_users = models.PositiveIntegerField()
    active_lifters = models.PositiveIntegerField()
    sets = models.PositiveIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-day",)
        verbose_name_plural = "daily stats"

    def __str__(self) -> str:
        return f"stats of {self.day}"
