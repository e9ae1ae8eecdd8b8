"""Must fix 7: inputs that answered a bare 500 get a 4xx with a clear message."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.models import Exercise, WorkoutSet

pytestmark = pytest.mark.django_db
SECRET = "webhook-secret"


def _log(user: User, key: str) -> WorkoutSet:
    result = services.log_sets(
        user=user,
        sets=[
            services.SetInput(
                exercise=Exercise.objects.get(slug="squat"),
                weight_kg=Decimal(100),
                reps=5,
                idempotency_key=key,
            )
        ],
    )
    return result.sets[0]


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_json_is_a_400(depth: int) -> None:
    body = "[" * depth + "]" * depth
    response = Client().post("/api/auth/login/", body, content_type="application/json")
    assert response.status_code == 400
    assert "nested" in response.json()["detail"]


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "0001-01-01"]
)
def test_a_date_filter_out_of_range_is_a_400(alice_api: APIClient, value: str) -> None:
    response = alice_api.get("/api/sets/", {"performed_after": value})
    assert response.status_code == 400
    assert "between" in str(response.json()["performed_after"])


@pytest.mark.parametrize("method", ["patch", "put"])
def test_taking_another_set_s_idempotency_key_is_a_400(
    alice_api: APIClient, alice: User, method: str
) -> None:
    first, second = _log(alice, "key-1"), _log(alice, "key-2")
    body = {"exercise": "squat", "weight_kg": 100, "reps": 5, "idempotency_key": "key-1"}
    response = getattr(alice_api, method)(f"/api/sets/{second.pk}/", body)
    assert response.status_code == 400
    assert "already" in str(response.json()["idempotency_key"])
    second.refresh_from_db()
    assert second.idempotency_key == "key-2" and first.idempotency_key == "key-1"
    # its own key is no conflict
    body["idempotency_key"] = "key-2"
    assert getattr(alice_api, method)(f"/api/sets/{second.pk}/", body).status_code == 200


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 1, "message": "not an object"},
        {"update_id": 1, "message": {"message_id": "x", "chat": 5}},
        {"update_id": True},
        {"update_id": -1},
        "[" * 100_000 + "]" * 100_000,
    ],
)
def test_a_malformed_webhook_update_is_a_400(settings: Any, update: Any) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    body = update if isinstance(update, str) else json.dumps(update)
    response = Client().post(
        "/telegram/webhook/",
        body,
        content_type="application/json",
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert response.status_code == 400
