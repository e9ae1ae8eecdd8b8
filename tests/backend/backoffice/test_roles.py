"""Every back-office endpoint for each role: anonymous, user, staff, superuser."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.backoffice.models import AuditLog
from backend.inquiries.models import Inquiry
from backend.workouts.models import Exercise, WorkoutSet

from .conftest import a_set, aliases_of, client_for, stored

pytestmark = pytest.mark.django_db
ROLES = ("anonymous", "user", "staff", "superuser")
DENIED = {"anonymous": {401, 403}, "user": {403}}


@pytest.fixture
def world(alice: User, bob: User, staff: User, root: User) -> dict[str, Any]:
    """Alice's data for the back office to work on, and a client per role."""
    inquiry = Inquiry.objects.create(user=alice, title="Depth?", body="How deep?")
    workout_set = a_set(alice)
    exercise = Exercise.objects.create(
        slug="zercher-squat",
        name="Zercher squat",
        category="legs",
        load_type="barbell",
        met_value="5.0",
        met_code="02054",
    )
    entry = AuditLog.objects.create(
        actor=staff, action="user.update", target_type="accounts.user", target_id=str(alice.pk)
    )
    return {
        "alice": alice,
        "staff": staff,
        "inquiry": inquiry,
        "set": workout_set,
        "exercise": exercise,
        "audit": entry,
        "clients": {
            "anonymous": client_for(None),
            "user": client_for(bob),
            "staff": client_for(staff),
            "superuser": client_for(root),
        },
    }


B = "/api/backoffice"
NEW_EXERCISE = {
    "slug": "pin-press",
    "name": "Pin press",
    "category": "chest",
    "load_type": "barbell",
    "met_value": "5.0",
    "met_code": "02054",
    "aliases": ["pins"],
}
# (method, path with {placeholders} for the world's objects, body, status as staff, as superuser)
ENDPOINTS: list[tuple[str, str, dict[str, Any] | None, int, int]] = [
    ("get", "/users/", None, 200, 200),
    ("get", "/users/{alice}/", None, 200, 200),
    ("patch", "/users/{alice}/", {"is_active": False}, 200, 200),
    ("patch", "/users/{alice}/", {"is_staff": True}, 403, 200),
    ("get", "/exercises/", None, 200, 200),
    ("get", "/exercises/{exercise}/", None, 200, 200),
    ("post", "/exercises/", NEW_EXERCISE, 201, 201),
    ("patch", "/exercises/{exercise}/", {"met_value": "6.0", "aliases": ["zerch"]}, 200, 200),
    ("delete", "/exercises/{exercise}/", None, 204, 204),
    ("get", "/sets/", None, 200, 200),
    ("get", "/sets/{set}/", None, 200, 200),
    ("patch", "/sets/{set}/", {"reps": 3, "reason": "typo"}, 200, 200),
    ("delete", "/sets/{set}/?reason=duplicate", None, 204, 204),
    ("get", "/inquiries/", None, 200, 200),
    ("get", "/inquiries/{inquiry}/", None, 200, 200),
    ("post", "/inquiries/{inquiry}/answer/", {"body": "Parallel."}, 201, 201),
    ("post", "/inquiries/{inquiry}/assign/", {"assignee": "{staff}"}, 200, 200),
    ("post", "/inquiries/{inquiry}/close/", None, 200, 200),
    ("post", "/inquiries/{inquiry}/reopen/", None, 200, 200),
    ("get", "/audit-log/", None, 200, 200),
    ("get", "/audit-log/{audit}/", None, 200, 200),
    ("get", "/dashboard/", None, 200, 200),
]


def fill(world: dict[str, Any], template: Any) -> Any:
    ids = {name: obj.pk for name, obj in world.items() if hasattr(obj, "pk")}
    if isinstance(template, str):
        filled = template.format(**ids)
        return int(filled) if filled.isdigit() and template.startswith("{") else filled
    if isinstance(template, dict):
        return {key: fill(world, value) for key, value in template.items()}
    return template


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "path", "body", "as_staff", "as_superuser"),
    ENDPOINTS,
    ids=[f"{method} {path}" for method, path, *_ in ENDPOINTS],
)
def test_it_gives_each_role_its_status(
    world: dict[str, Any],
    role: str,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    as_staff: int,
    as_superuser: int,
):
    client: APIClient = world["clients"][role]
    response = getattr(client, method)(B + fill(world, path), fill(world, body))
    expected = DENIED.get(role) or {as_staff if role == "staff" else as_superuser}
    assert response.status_code in expected, response.content


NOT_FOUND = [
    ("get", f"{B}/users/999999/"),
    ("patch", f"{B}/users/999999/"),
    ("get", f"{B}/exercises/999999/"),
    ("patch", f"{B}/exercises/999999/"),
    ("delete", f"{B}/exercises/999999/"),
    ("get", f"{B}/sets/999999/"),
    ("patch", f"{B}/sets/999999/"),
    ("delete", f"{B}/sets/999999/?reason=x"),
    ("get", f"{B}/inquiries/999999/"),
    ("post", f"{B}/inquiries/999999/answer/"),
    ("post", f"{B}/inquiries/999999/assign/"),
    ("post", f"{B}/inquiries/999999/close/"),
    ("post", f"{B}/inquiries/999999/reopen/"),
    ("get", f"{B}/audit-log/999999/"),
]


@pytest.mark.parametrize(("method", "url"), NOT_FOUND)
def test_it_answers_404_for_a_missing_object(staff_api: APIClient, method: str, url: str):
    assert getattr(staff_api, method)(url, {}).status_code == 404


def test_it_lets_no_user_reach_another_users_objects_through_the_back_office(
    world: dict[str, Any],
):
    bob = world["clients"]["user"]
    assert bob.get(f"{B}/sets/{world['set'].pk}/").status_code == 403
    assert bob.get(f"{B}/inquiries/{world['inquiry'].pk}/").status_code == 403


def test_it_keeps_staff_from_changing_a_superuser(world: dict[str, Any], root: User):
    response = world["clients"]["staff"].patch(f"{B}/users/{root.pk}/", {"is_active": False})
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.is_active is True


def test_it_keeps_a_superuser_from_locking_herself_out(root_api: APIClient, root: User):
    before = stored(root)

    for change in ({"is_staff": False}, {"is_active": False}):
        response = root_api.patch(f"{B}/users/{root.pk}/", change)

        assert response.status_code == 400
        assert stored(root) == before
    assert (before["is_staff"], before["is_active"]) == (True, True)
    assert not AuditLog.objects.exists()


def test_it_refuses_to_delete_an_exercise_with_sets(staff_api: APIClient, alice_set: WorkoutSet):
    exercise = alice_set.exercise
    before = (stored(exercise), aliases_of(exercise), stored(alice_set))

    response = staff_api.delete(f"{B}/exercises/{exercise.pk}/")

    assert response.status_code == 400
    assert (stored(exercise), aliases_of(exercise), stored(alice_set)) == before
    assert not AuditLog.objects.exists()


def test_it_requires_a_reason_to_correct_or_delete_a_set(
    staff_api: APIClient, alice_set: WorkoutSet
):
    before = stored(alice_set)

    assert staff_api.patch(f"{B}/sets/{alice_set.pk}/", {"reps": 3}).status_code == 400
    assert (
        staff_api.patch(f"{B}/sets/{alice_set.pk}/", {"reps": 3, "reason": ""}).status_code == 400
    )
    assert staff_api.delete(f"{B}/sets/{alice_set.pk}/").status_code == 400

    # the set is as it was (weight, reps, e1RM, …) and nothing was audited
    assert stored(alice_set) == before
    assert before["reps"] == 5
    assert not AuditLog.objects.exists()
