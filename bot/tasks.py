"""Celery tasks of the bot's own messages: thin, idempotent wrappers over `bot.timers`."""

from __future__ import annotations

from celery import shared_task

from backend import bot_api
from bot import timers

RETRYABLE = (OSError, bot_api.SendError)


@shared_task(
    acks_late=True,
    autoretry_for=RETRYABLE,
    retry_backoff=2,
    retry_backoff_max=30,
    max_retries=5,
    ignore_result=True,
)
def rest_timer_tick(timer_id: int) -> str:
    """One step of a rest countdown; a duplicate or late delivery edits nothing twice."""
    return timers.tick(timer_id)


@shared_task(acks_late=True, ignore_result=True)
def rest_timers_sweep() -> int:
    """Beat: ticks the timers whose step is due but whose task went missing."""
    return timers.sweep()


@shared_task(acks_late=True, ignore_result=True)
def reminders_send() -> int:
    """Beat, every minute: sends the reminders due, each slot once across processes."""
    return timers.reminders_send()
