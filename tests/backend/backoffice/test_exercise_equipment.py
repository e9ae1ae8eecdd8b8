"""Staff edit an exercise's equipment and primary muscles; the lifters' API shows them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.backoffice.models import AuditLog
from backend.workouts.models import Exercise

pytestmark = pytest.mark.django_db
B = "/api/backoffice"


def test_staff_change_equipment_and_muscles_audited_and_seen_in_the_api(
    staff_api: APIClient, api: APIClient
) -> None:
    squat = Exercise.objects.get(slug="squat")

    shown = staff_api.get(f"{B}/exercises/{squat.pk}/").json()
    changed = staff_api.patch(
        f"{B}/exercises/{squat.pk}/", {"primary_muscles": "quadriceps,glutes,adductors"}
    )
    refused = staff_api.patch(f"{B}/exercises/{squat.pk}/", {"equipment": "hoverboard"})
    public = api.get("/api/exercises/squat/").json()

    assert (shown["equipment"], shown["primary_muscles"]) == ("barbell", "quadriceps,glutes")
    assert changed.status_code == 200
    assert refused.status_code == 400 and "equipment" in refused.json()
    assert public["primary_muscles"] == ["quadriceps", "glutes", "adductors"]
    audit = AuditLog.objects.get(action="exercise.update")
    assert (audit.before["primary_muscles"], audit.after["primary_muscles"]) == (
        "quadriceps,glutes",
        "quadriceps,glutes,adductors",
    )
