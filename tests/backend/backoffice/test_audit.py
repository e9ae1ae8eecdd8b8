"""Every back-office write leaves an audit entry: who, what, before, after, when and why."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.backoffice.models import AuditLog
from backend.inquiries.models import Inquiry
from backend.workouts import services as workout_services
from backend.workouts import set_numbers
from backend.workouts.models import Exercise, WorkoutSet

from .conftest import aliases_of, stored

pytestmark = pytest.mark.django_db
B = "/api/backoffice"


def last_entry() -> AuditLog:
    return AuditLog.objects.latest("id")


def test_it_audits_deactivating_a_user(staff_api: APIClient, staff: User, alice: User):
    response = staff_api.patch(f"{B}/users/{alice.pk}/", {"is_active": False})
    assert response.status_code == 200
    entry = last_entry()
    actual = (entry.actor, entry.action, entry.target_type, entry.target_id)
    assert actual == (staff, "user.update", "accounts.user", str(alice.pk))
    assert (entry.before["is_active"], entry.after["is_active"]) == (True, False)


def test_it_lets_a_superuser_grant_staff(root_api: APIClient, alice: User):
    response = root_api.patch(f"{B}/users/{alice.pk}/", {"is_staff": True})
    assert (response.status_code, response.data["is_staff"]) == (200, True)
    assert last_entry().after["is_staff"] is True


def test_it_audits_an_exercise_and_its_aliases(
    staff_api: APIClient, django_capture_on_commit_callbacks
):
    # the alias table is cached per process: an earlier test may have filled it
    with django_capture_on_commit_callbacks(execute=True):
        created = staff_api.post(
            f"{B}/exercises/",
            {
                "slug": "pin-press",
                "name": "Pin press",
                "category": "chest",
                "load_type": "barbell",
                "met_value": "5.0",
                "met_code": "02054",
                "standards": "",
                "aliases": ["Pin Press!", "pins"],
            },
        )
    assert created.status_code == 201, created.data
    assert created.data["aliases"] == ["pinpress!", "pins"]
    assert workout_services.exercise_resolve(text="pins").slug == "pin-press"
    with django_capture_on_commit_callbacks(execute=True):
        staff_api.patch(f"{B}/exercises/{created.data['id']}/", {"aliases": ["pp"]})
    assert workout_services.exercise_resolve(text="pins") is None
    staff_api.delete(f"{B}/exercises/{created.data['id']}/")
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["exercise.create", "exercise.update", "exercise.delete"]
    update = AuditLog.objects.get(action="exercise.update")
    assert (update.before["aliases"], update.after["aliases"]) == (["pinpress!", "pins"], ["pp"])


def test_it_refuses_an_alias_of_another_exercise(staff_api: APIClient):
    squat = Exercise.objects.get(slug="squat")
    taken = squat.aliases.first()
    bench = Exercise.objects.get(slug="bench-press")
    before = (stored(bench), aliases_of(bench), aliases_of(squat))

    response = staff_api.patch(
        f"{B}/exercises/{bench.pk}/", {"name": "Bench", "aliases": [taken.alias]}
    )

    assert response.status_code == 400
    # nothing changed: neither exercise, its aliases, nor the audit log
    assert (stored(bench), aliases_of(bench), aliases_of(squat)) == before
    assert not AuditLog.objects.exists()


def test_it_corrects_a_set_recomputing_its_numbers(
    staff_api: APIClient, staff: User, alice_set: WorkoutSet
):
    response = staff_api.patch(
        f"{B}/sets/{alice_set.pk}/", {"weight_kg": "120.00", "reason": "typed 100 for 120"}
    )
    assert response.status_code == 200, response.data
    expected = set_numbers.e1rm_for(
        exercise=alice_set.exercise, weight_kg=120.0, reps=5, bodyweight_kg=None
    )
    assert response.data["e1rm_kg"] == round(expected, 2)
    assert response.data["e1rm_kg"] > 116.67
    entry = last_entry()
    actual = (entry.action, entry.reason, entry.before["weight_kg"], entry.after["weight_kg"])
    assert actual == ("set.update", "typed 100 for 120", "100.00", "120.00")


def test_it_deletes_a_set_with_a_reason(staff_api: APIClient, alice_set: WorkoutSet):
    response = staff_api.delete(f"{B}/sets/{alice_set.pk}/?reason=duplicate")
    assert response.status_code == 204
    entry = last_entry()
    assert (entry.action, entry.reason, entry.after) == ("set.delete", "duplicate", None)
    assert entry.before["reps"] == 5
    assert not WorkoutSet.objects.filter(pk=alice_set.pk).exists()


def test_it_audits_the_inquiry_workflow(staff_api: APIClient, staff: User, alice_inquiry: Inquiry):
    url = f"{B}/inquiries/{alice_inquiry.pk}"
    assert staff_api.post(f"{url}/assign/", {"assignee": staff.pk}).data["assignee"] == staff.pk
    assert staff_api.post(f"{url}/answer/", {"body": "Parallel."}).status_code == 201
    assert staff_api.post(f"{url}/close/").data["status"] == "closed"
    closed = stored(alice_inquiry)
    assert staff_api.post(f"{url}/answer/", {"body": "late"}).status_code == 400
    assert stored(alice_inquiry) == closed
    assert staff_api.post(f"{url}/reopen/").data["status"] == "answered"
    detail = staff_api.get(f"{url}/").data
    assert [m["body"] for m in detail["messages"]] == ["Parallel."]
    actions = list(AuditLog.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["inquiry.assign", "inquiry.answer", "inquiry.close", "inquiry.reopen"]


def test_it_refuses_to_assign_a_non_staff_user(
    staff_api: APIClient, bob: User, alice_inquiry: Inquiry
):
    before = stored(alice_inquiry)

    response = staff_api.post(f"{B}/inquiries/{alice_inquiry.pk}/assign/", {"assignee": bob.pk})

    assert response.status_code == 400
    assert stored(alice_inquiry) == before
    assert before["assignee_id"] is None
    assert not AuditLog.objects.exists()


def test_it_shows_the_audit_log_to_staff_filtered(staff_api: APIClient, alice: User):
    staff_api.patch(f"{B}/users/{alice.pk}/", {"display_name": "Al"})
    staff_api.patch(f"{B}/users/{alice.pk}/", {"is_active": False})
    response = staff_api.get(
        f"{B}/audit-log/", {"target_type": "accounts.user", "target_id": alice.pk}
    )
    assert [row["after"]["display_name"] for row in response.data] == ["Al", "Al"]
    assert response.data[0]["actor_email"] == "charlie@example.com"
    assert response["X-Total-Count"] == "2"


def test_it_offers_no_way_to_change_the_audit_log(staff_api: APIClient, alice: User):
    staff_api.patch(f"{B}/users/{alice.pk}/", {"is_active": False})
    entry = last_entry()
    assert staff_api.delete(f"{B}/audit-log/{entry.pk}/").status_code == 405
    assert staff_api.patch(f"{B}/audit-log/{entry.pk}/", {"reason": "x"}).status_code == 405
