"""Should fix (validation): dates far outside a lifter's life get a clear 400."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "performed_at", ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00+14:00", "1899-12-31T12:00:00Z"]
)
def test_a_set_from_before_1900_is_a_400(alice_api: APIClient, performed_at: str) -> None:
    body = {"exercise": "squat", "weight_kg": 100, "reps": 5, "performed_at": performed_at}
    response = alice_api.post("/api/sets/", body)
    assert response.status_code == 400
    message = str(response.json()["performed_at"])
    assert "1900" in message or "out of range" in message


def test_a_weigh_in_from_year_1_is_a_400(alice_api: APIClient) -> None:
    body = {"weight_kg": 80, "measured_at": "0001-01-01T00:00:00Z"}
    response = alice_api.post("/api/bodyweight/", body)
    assert response.status_code == 400, response.content
    assert "1900" in str(response.json()["measured_at"])


@pytest.mark.parametrize("birth_date", ["1800-01-01", "9999-01-01"])
def test_an_implausible_birth_date_is_a_400(alice_api: APIClient, birth_date: str) -> None:
    response = alice_api.patch("/api/profile/", {"birth_date": birth_date})
    assert response.status_code == 400
    assert "birth year between 1900" in str(response.json()["birth_date"])
    signup = APIClient().post(
        "/api/auth/signup/",
        {"email": "x@example.com", "password": "squat-bench-dead-500", "birth_date": birth_date},
    )
    assert signup.status_code == 400
    assert "birth_date" in signup.json()
