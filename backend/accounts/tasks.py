"""Celery tasks of the accounts app: thin wrappers over its services (email_codes)."""

from __future__ import annotations

from dataclasses import asdict
from smtplib import SMTPException

from celery import shared_task

from . import housekeeping
from .email_codes import SEND_CLAIM_TIMEOUT, email_code_deliver


@shared_task(
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    # a retry waits in the worker (unacked) for its countdown: shorter than the visibility timeout
    retry_backoff_max=20,
    retry_jitter=True,
    max_retries=20,
    # acked once done: a worker killed mid-send leaves it to be delivered again (visibility
    # timeout), a dead pool process has it requeued at once
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=int(SEND_CLAIM_TIMEOUT.total_seconds()),
    ignore_result=True,
)
def email_code_send(*, code_id: int) -> bool:
    """Emails a code once; retried with backoff (capped at 20 s) while SMTP fails and it lives."""
    return email_code_deliver(code_id=code_id)


@shared_task(acks_late=True, ignore_result=True)
def accounts_purge_expired() -> dict[str, int]:
    """Beat, hourly: removes expired codes, link tokens and refresh tokens (idempotent)."""
    return asdict(housekeeping.accounts_purge_expired())
