from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from backend import images


def inquiry_image_upload_to(instance: Inquiry, filename: str) -> str:
    """A random name with the extension of the decoded format: never guessed from another's."""
    return images.upload_name("inquiries", filename)


class Inquiry(models.Model):
    """A question a user asks the team, answered by staff in a thread of messages."""

    class Category(models.TextChoices):
        TRAINING = "training", "Training"
        TECHNIQUE = "technique", "Technique"
        NUTRITION = "nutrition", "Nutrition"
        ACCOUNT = "account", "Account"
        BUG = "bug", "Bug report"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for staff"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inquiries"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=5000)
    category = models.CharField(max_length=16, choices=Category.choices, default=Category.OTHER)
    # re-encoded and named by the server (backend/images.py)
    image = models.ImageField(upload_to=inquiry_image_upload_to, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_inquiries",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    first_answered_at = models.DateTimeField(null=True, blank=True)
    # Seconds from opening to the first staff answer, stored so the median is one indexed query.
    first_answer_seconds = models.PositiveIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "inquiries"
        indexes = [
            models.Index(fields=("status", "created_at")),
            models.Index(fields=("user", "created_at")),
            models.Index(fields=("first_answer_seconds",)),
        ]

    def __str__(self) -> str:
        return self.title


class InquiryMessage(models.Model):
    """One message in an inquiry's thread: a staff answer or the user's follow-up."""

    class Channel(models.TextChoices):
        TELEGRAM = "telegram", "Telegram"
        EMAIL = "email", "Email"
        NONE = "none", "No way to reach the user"

    inquiry = models.ForeignKey(Inquiry, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=5000)
    is_staff_answer = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    # The sent-at guard: once set, the answer's notification is never sent again.
    notified_at = models.DateTimeField(null=True, blank=True)
    notified_via = models.CharField(max_length=8, choices=Channel.choices, blank=True)

    class Meta:
        ordering = ("created_at", "id")

    def __str__(self) -> str:
        return f"{self.inquiry_id}: {self.body[:40]}"
