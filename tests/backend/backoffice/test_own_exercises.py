"""Staff see lifters' own exercises and merge one into a catalogue exercise, audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.backoffice.models import AuditLog
from backend.workouts import services as workout_services
from backend.workouts.models import Exercise, WorkoutSet
from tests.backend.backoffice.conftest import client_for

pytestmark = pytest.mark.django_db
B = "/api/backoffice"


def own_with_sets(user: User, name: str = "Heavy Back Squat") -> Exercise:
    own = workout_services.exercise_create_own(user=user, name=name)
    workout_services.log_sets(
        user=user,
        sets=[
            workout_services.SetInput(exercise=own, weight_kg=Decimal(w), reps=5)
            for w in ("100", "110")
        ],
    )
    return own


def test_it_lists_own_exercises_with_their_owner(staff_api: APIClient, alice: User) -> None:
    own = own_with_sets(alice)

    response = staff_api.get(f"{B}/exercises/", {"own": "true"})
    catalogue = staff_api.get(f"{B}/exercises/", {"own": "false", "page_size": 500})
    by_owner = staff_api.get(f"{B}/exercises/", {"owner": alice.pk})

    assert response.status_code == 200
    rows = [(r["slug"], r["owner"], r["owner_email"]) for r in response.json()]
    assert rows == [(own.slug, alice.pk, "alice@example.com")]
    assert own.slug not in {r["slug"] for r in catalogue.json()}
    assert {r["owner"] for r in catalogue.json()} == {None}
    assert [r["slug"] for r in by_owner.json()] == [own.slug]


def test_it_merges_an_own_exercise_into_the_catalogue(
    staff_api: APIClient, staff: User, alice: User, django_capture_on_commit_callbacks
) -> None:
    own = own_with_sets(alice)
    own_id = own.pk
    assert set(WorkoutSet.objects.values_list("percentile", flat=True)) == {None}

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(
            f"{B}/exercises/{own_id}/merge/",
            {"into": "squat", "reason": "same as back squat"},
            format="json",
        )

    assert response.status_code == 200, response.json()
    assert response.json() == {"into": "squat", "sets_moved": 2}
    assert Exercise.objects.filter(pk=own_id).exists() is False
    moved = list(WorkoutSet.objects.filter(user=alice).order_by("weight_kg"))
    assert [(ws.exercise.slug, ws.e1rm_kg) for ws in moved] == [
        ("squat", Decimal("112.50")),
        ("squat", Decimal("123.75")),
    ]
    assert all(ws.percentile is not None and ws.level for ws in moved)  # squat has standards
    entry = AuditLog.objects.latest("id")
    assert (entry.actor, entry.action, entry.target_type, entry.target_id, entry.reason) == (
        staff,
        "exercise.merge",
        "workouts.exercise",
        str(own_id),
        "same as back squat",
    )
    assert (entry.before["name"], entry.before["owner_id"], entry.before["set_count"]) == (
        "Heavy Back Squat",
        alice.pk,
        2,
    )
    assert entry.after == {
        "merged_into": "squat",
        "merged_into_id": Exercise.objects.get(slug="squat").pk,
        "sets_moved": 2,
    }


def test_it_merges_only_own_exercises_into_catalogue_ones(
    staff_api: APIClient, alice: User, bob: User
) -> None:
    own = own_with_sets(alice)
    other = own_with_sets(bob, "Other Squat")
    squat = Exercise.objects.get(slug="squat")

    catalogue = staff_api.post(f"{B}/exercises/{squat.pk}/merge/", {"into": "front-squat"})
    into_own = staff_api.post(f"{B}/exercises/{own.pk}/merge/", {"into": other.slug})

    assert catalogue.status_code == 400
    assert catalogue.json() == {"detail": "Only a lifter's own exercise can be merged."}
    assert into_own.status_code == 400
    assert "into" in into_own.json()
    assert WorkoutSet.objects.filter(exercise=own).count() == 2
    assert AuditLog.objects.filter(action="exercise.merge").count() == 0


def test_it_keeps_merging_to_staff(alice: User) -> None:
    own = own_with_sets(alice)

    response = client_for(alice).post(f"{B}/exercises/{own.pk}/merge/", {"into": "squat"})

    assert response.status_code == 403
    assert Exercise.objects.filter(pk=own.pk).exists()
