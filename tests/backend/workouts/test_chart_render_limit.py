"""Issue 14, expensive work: charts drawn anew are limited per lifter (THROTTLE_RATE_CHART_RENDER);
a chart already drawn costs nothing and is always served."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from redis.exceptions import ConnectionError as RedisConnectionError
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.config import rate_limits

pytestmark = pytest.mark.django_db
URL = "/api/charts/all.png"


@pytest.fixture(autouse=True)
def two_a_minute(settings: Any) -> None:
    cache.clear()
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "chart_render": "2/min"},
    }


def test_new_drawings_over_the_rate_are_a_429_with_a_clear_message_and_retry_after(
    alice_api: APIClient, bob: User
) -> None:
    first = alice_api.get(URL, {"kind": "volume", "period": "1m"})
    second = alice_api.get(URL, {"kind": "volume", "period": "3m"})
    third = alice_api.get(URL, {"kind": "volume", "period": "6m"})

    assert (first.status_code, second.status_code) == (200, 200)
    assert third.status_code == 429
    assert third["Content-Type"] == "application/json"
    detail = third.json()["detail"]
    assert detail.startswith("Too many new charts were drawn for you in a short time.")
    retry_after = int(third["Retry-After"])
    assert 1 <= retry_after <= 60
    assert f"{retry_after} second" in detail
    # a chart already drawn is served from the cache, over the rate or not
    again = alice_api.get(URL, {"kind": "volume", "period": "1m"})
    assert again.status_code == 200
    assert again.content == first.content
    # the budget is Alice's: Bob draws his own
    bob_api = APIClient()
    bob_api.force_authenticate(bob)
    assert bob_api.get(URL, {"kind": "volume", "period": "6m"}).status_code == 200


def test_without_a_rate_nothing_is_limited(alice_api: APIClient, settings: Any) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}

    statuses = {
        alice_api.get(URL, {"kind": "volume", "period": p, "theme": theme}).status_code
        for p in ("1m", "3m")
        for theme in ("light", "dark")
    }

    assert statuses == {200}


def test_a_cache_that_cannot_count_lets_the_drawing_through(alice_api: APIClient) -> None:
    # Redis down: the chart costs CPU, but the app keeps working (the PNG cache fails open too)
    down = RedisConnectionError("down")
    with mock.patch.object(rate_limits.default_cache, "add", side_effect=down):
        verdicts = [rate_limits.hit("k", rate_limits.Rate(count=1, seconds=60)) for _ in range(3)]

    assert all(v.allowed for v in verdicts)


@pytest.mark.parametrize(
    ("text", "rate"),
    [("20/min", (20, 60)), ("5/s", (5, 1)), ("100/hour", (100, 3600)), ("1/day", (1, 86400))],
)
def test_rates_read_as_drf_s(text: str, rate: tuple[int, int]) -> None:
    parsed = rate_limits.Rate.parse(text)
    assert parsed is not None and (parsed.count, parsed.seconds) == rate


@pytest.mark.parametrize("text", ["20", "0/min", "x/min", "20/fortnight"])
def test_a_malformed_rate_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="a rate is"):
        rate_limits.Rate.parse(text)


def test_the_window_counts_atomically_and_names_the_first_refused() -> None:
    rate = rate_limits.Rate(count=3, seconds=60)
    verdicts = [rate_limits.hit("atomic", rate, now=120.0 + i) for i in range(6)]

    assert [v.allowed for v in verdicts] == [True, True, True, False, False, False]
    assert [v.first_refused for v in verdicts] == [False, False, False, True, False, False]
    assert verdicts[3].retry_after == 60 - 3
    # the next window starts afresh
    assert rate_limits.hit("atomic", rate, now=180.0).allowed


def test_the_report_chart_is_always_drawn_so_it_spends_the_same_budget(
    alice: User, alice_api: APIClient
) -> None:
    from backend.workouts import services

    squat = services.exercise_by_slug(slug="squat", user=alice)
    assert squat is not None
    services.log_sets(
        user=alice,
        sets=[services.SetInput(exercise=squat, weight_kg=Decimal("140"), reps=5)],
        source="api",
    )

    statuses = [alice_api.get("/api/report.png").status_code for _ in range(2)]
    over = alice_api.get("/api/report.png")
    chart = alice_api.get(URL, {"kind": "volume", "period": "1m"})

    assert statuses == [200, 200]
    assert over.status_code == 429 and 1 <= int(over["Retry-After"]) <= 60
    assert over.json()["detail"].startswith("Too many new charts were drawn for you")
    assert chart.status_code == 429  # one budget: the report spent it
    assert alice_api.get("/api/report/").status_code == 200  # the report's text is free
