"""Celery tasks of the accounts app: thin wrappers over services."""

from __future__ import annotations

from smtplib import SMTPException

from celery import shared_task

from . import services


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=10,
    acks_late=True,
    ignore_result=True,
)
def email_code_send(*, code_id: int, code: str) -> bool:
    """Emails a code once; retried with backoff (capped at 10 minutes) while SMTP fails."""
    return services.email_code_deliver(code_id=code_id, code=code)
