"""Must fix 2: login limits that a rotated X-Forwarded-For does not lift, per address and per
account, on every login door (the API's and the Django admin's)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from rest_framework.test import APIClient

from backend.accounts.models import User
from tests.security.live import Stack

logging.getLogger("httpx").setLevel(logging.WARNING)
PASSWORD = "correct horse battery"


def _create(live: Stack, email: str) -> None:
    live.python(
        "from backend.accounts.models import User\n"
        f"User.objects.filter(email={email!r}).exists() or "
        f"User.objects.create_user({email!r}, {PASSWORD!r})\n"
    )


def test_rotating_x_forwarded_for_does_not_lift_the_address_limit(live: Stack) -> None:
    live.redis.flush()
    statuses = []
    with live.browser() as http:
        for n in range(40):  # a different account each time: only the address limit applies
            response = http.post(
                "/api/auth/login/",
                json={"email": f"nobody{n}@example.com", "password": "wrong-password"},
                headers={"X-Forwarded-For": f"10.0.{n}.{n}"},
            )
            statuses.append(response.status_code)
    print(f"429s under rotated headers: {statuses.count(429)} of {len(statuses)}")
    assert statuses.count(401) == 30 and statuses.count(429) == 10, statuses


def test_one_account_is_limited_from_any_address(live: Stack) -> None:
    live.redis.flush()
    _create(live, "victim@example.com")
    statuses = []
    with live.browser() as http:
        for n in range(20):
            response = http.post(
                "/api/auth/login/",
                json={"email": "Victim@Example.com ", "password": f"guess-{n}"},
                headers={"X-Forwarded-For": f"10.1.{n}.{n}"},
            )
            statuses.append(response.status_code)
        right = http.post(
            "/api/auth/login/", json={"email": "victim@example.com", "password": PASSWORD}
        )
    print(f"per account: {statuses.count(429)} of 20 guesses got 429; right password: {right}")
    assert statuses.count(401) == 10 and statuses.count(429) == 10, statuses
    assert right.status_code == 429


@pytest.fixture
def limits(settings: Any) -> Iterator[None]:
    """The two login rates, on a stopped clock: a slow machine (a password hash takes seconds
    under load) must not let the one-minute window pass mid-test."""
    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "30/min", "login_account": "10/min"},
    }
    with time_machine.travel("2026-03-01 09:00:00", tick=False):
        yield


@pytest.mark.django_db
def test_the_owner_is_locked_out_for_a_minute_at_most(limits: None, alice: User) -> None:
    api = APIClient()
    with time_machine.travel("2026-03-01 10:00:00", tick=False) as clock:
        for n in range(10):
            wrong = api.post("/api/auth/login/", {"email": alice.email, "password": f"x{n}"})
            assert wrong.status_code == 401
        locked = api.post("/api/auth/login/", {"email": alice.email, "password": PASSWORD})
        assert locked.status_code == 429
        clock.shift(61)
        again = api.post("/api/auth/login/", {"email": alice.email, "password": PASSWORD})
        assert again.status_code == 200


@pytest.mark.django_db
def test_behind_one_declared_proxy_the_address_is_the_one_it_appended(
    limits: None, settings: Any
) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    api = APIClient()
    statuses = [
        api.post(
            "/api/auth/login/",
            {"email": f"n{n}@example.com", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"10.2.{n}.{n}, 203.0.113.7",  # the attacker's part, then nginx's
        ).status_code
        for n in range(32)
    ]
    assert statuses.count(429) == 2, statuses


@pytest.mark.django_db
def test_the_django_admin_login_is_limited_per_address_and_per_account(
    limits: None, staff: User
) -> None:
    client = Client()
    statuses = [
        client.post(
            "/django-admin/login/",
            {"username": staff.email, "password": f"guess-{n}"},
            HTTP_X_FORWARDED_FOR=f"10.3.{n}.{n}",
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [200] * 10 and statuses[10:] == [429, 429], statuses
    right = client.post("/django-admin/login/", {"username": staff.email, "password": PASSWORD})
    assert right.status_code == 429
    cache.clear()
    others = [
        client.post(
            "/django-admin/login/", {"username": f"s{n}@example.com", "password": "x"}
        ).status_code
        for n in range(31)
    ]
    assert others.count(429) == 1, others
