"""Fixtures shared by the whole suite: named personas and API clients."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.config.celery_app import app as celery_app


@pytest.fixture
def alice(db: None) -> User:
    """Alice lifts and owns the data under test: a 30-year-old 80 kg man."""
    return User.objects.create_user(
        "alice@example.com",
        "correct horse battery",
        display_name="Alice",
        sex=User.Sex.MALE,
        birth_date=date(1996, 1, 15),
        bodyweight_kg=Decimal("80.0"),
    )


@pytest.fixture
def bob(db: None) -> User:
    """Bob is another lifter who must never see Alice's data."""
    return User.objects.create_user("bob@example.com", "correct horse battery", display_name="Bob")


@pytest.fixture
def staff(db: None) -> User:
    """Charlie is staff: the back office is his, Alice's own sets are not."""
    return User.objects.create_user(
        "charlie@example.com", "correct horse battery", display_name="Charlie", is_staff=True
    )


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def alice_api(alice: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(alice)
    return client


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Runs Celery tasks in-process whatever the broker (CI's MariaDB run sets REDIS_URL).

    Errors are kept in the task's result rather than raised, so eager retries run as on a worker.
    """
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before
