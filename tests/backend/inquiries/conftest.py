from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
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


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
