from __future__ import annotations

from collections.abc import Iterator

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.config.celery_app import app as celery_app
from backend.inquiries import services
from backend.inquiries.models import Inquiry


@pytest.fixture
def bob_api(bob: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(bob)
    return client


@pytest.fixture
def staff_api(staff: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(staff)
    return client


@pytest.fixture
def alice_inquiry(alice: User) -> Inquiry:
    return services.inquiry_open(
        user=alice, title="Knee pain on squats", body="Is it my depth?", category="technique"
    )


@pytest.fixture
def eager_celery() -> Iterator[None]:
    """Runs tasks in-process whatever the broker (CI's MariaDB run sets REDIS_URL).

    Errors are kept in the result rather than raised, so eager retries run as on a worker.
    """
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates)
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = before


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
