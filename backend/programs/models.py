from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Enrollment(models.Model):
    """The program a lifter follows, its state (`rules.state_to_json`) and the sets of the
    current session done so far (`progress[i]` is `[weight_kg, reps]` or null)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollment"
    )
    program = models.CharField(max_length=32)
    state = models.JSONField(default=dict)
    progress = models.JSONField(default=list, blank=True)
    sessions_done = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user} on {self.program}"


class RestTimer(models.Model):
    """A rest countdown in one chat message, edited in place; ticks are idempotent: each claims
    the value it shows (`shown_seconds`) and the end (`finished_at`) with a conditional update."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rest_timers"
    )
    chat_id = models.BigIntegerField()
    message_id = models.BigIntegerField(null=True, blank=True)
    language = models.CharField(max_length=2, default="en")
    seconds = models.PositiveIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    shown_seconds = models.PositiveIntegerField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-started_at", "-id")
        indexes = [models.Index(fields=("finished_at", "ends_at"))]

    def __str__(self) -> str:
        return f"rest {self.seconds}s for {self.user}"


class ReminderSchedule(models.Model):
    """When a lifter wants to be reminded (weekdays 0 = Monday, a local time) and whether they
    want a nudge after a week with fewer sessions than planned."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_schedule"
    )
    weekdays = models.JSONField(default=list, blank=True)
    at = models.TimeField(null=True, blank=True)
    active = models.BooleanField(default=True)
    nudge_missed_week = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"reminders of {self.user}: {self.weekdays} {self.at}"


class ReminderSent(models.Model):
    """One reminder slot of one lifter, claimed before sending: the unique row makes a slot go
    out once however many beat or worker processes reach it."""

    class Kind(models.TextChoices):
        SESSION = "session", "Training day"
        NUDGE = "nudge", "Missed week"

    class Outcome(models.TextChoices):
        CLAIMED = "claimed", "Claimed"
        SENT = "sent", "Sent"
        BLOCKED = "blocked", "Chat blocked"
        SKIPPED = "skipped", "Skipped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    slot = models.DateTimeField(help_text="The slot's moment in UTC")
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.CLAIMED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-slot", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "kind", "slot"), name="remindersent_once_per_slot"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user} at {self.slot:%Y-%m-%d %H:%M}"
