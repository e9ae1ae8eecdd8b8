"""Issue 14, schemathesis's coverage phase on the live stack: the plate endpoints answered 500s.

A target whose table of per-side sums is too large for plates that fine (999 kg in 1 g plates),
and a bar heavier than PlateSetup's column holds (MariaDB refuses it: DataError 1264), are each
a 400 with a clear message, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.workouts import coaching
from backend.workouts.models import PlateSetup

pytestmark = pytest.mark.django_db
FINE = {"bar": "0.0", "collar": "0.0", "plates": "0.001", "unit": "kg", "weight": "999.0"}


@pytest.mark.parametrize("path", ["/api/plates/", "/api/warmup/"])
def test_a_target_too_heavy_for_plates_this_fine_is_a_400(api: APIClient, path: str) -> None:
    response = api.get(path, FINE)

    assert response.status_code == 400
    assert "too heavy for plates this fine" in str(response.json()["weight"])


def test_a_bar_heavier_than_the_column_holds_is_a_400(alice_api: APIClient) -> None:
    body = {"unit": "kg", "bar": 1000.0, "plates": [], "pairs": [], "collar": 0.0}

    response = alice_api.put("/api/plate-setup/", body, format="json")

    assert response.status_code == 400
    assert "the bar can weigh at most 999.999" in str(response.json())
    assert not PlateSetup.objects.exists()
    # the heaviest the column holds is stored
    body["bar"] = 999.999
    assert alice_api.put("/api/plate-setup/", body, format="json").status_code == 200


def test_the_service_refuses_what_the_column_cannot_hold(alice: User) -> None:
    # the bot changes the setup through the same service: `/plates bar 1000` is refused politely
    with pytest.raises(ValueError, match="bar can weigh at most"):
        coaching.plate_setup_change(user=alice, bar=Decimal(1000))
    with pytest.raises(ValueError, match="collar can weigh at most"):
        coaching.plate_setup_save(
            user=alice, unit="kg", bar=Decimal(20), plate_weights=[], collar=Decimal(100)
        )
    assert not PlateSetup.objects.exists()
