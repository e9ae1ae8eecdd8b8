"""Celery tasks of the back office: thin, idempotent wrappers over services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def daily_stats_record() -> str:
    """Beat, daily after midnight UTC: records yesterday's figures (run twice, one row)."""
    return services.daily_stats_record().day.isoformat()
