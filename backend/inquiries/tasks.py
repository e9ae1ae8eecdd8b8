"""Celery tasks of the inquiry board: thin, idempotent wrappers over services."""

from __future__ import annotations

from celery import shared_task

from backend import bot_api

from . import services

RETRYABLE = (OSError, bot_api.SendError)


@shared_task(
    autoretry_for=RETRYABLE,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
)
def notify_inquiry_answer(message_id: int) -> str:
    """Tells the user about a staff answer (Telegram or email), at most once."""
    return services.inquiry_answer_notify(message_id=message_id)
