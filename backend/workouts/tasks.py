"""Celery tasks of the workout log: thin, idempotent wrappers over services."""

from __future__ import annotations

from celery import shared_task

from . import importers


@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_run(job_id: int) -> int:
    """Runs an import job; run again after a killed worker, it stores each set exactly once."""
    return importers.import_job_run(job_id=job_id)
