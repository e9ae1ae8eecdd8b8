"""Paging, sorting, filtering and search as react-admin's data providers send them."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.inquiries.models import Inquiry
from backend.workouts.models import WorkoutSet

from .conftest import a_set

pytestmark = pytest.mark.django_db
USERS = "/api/backoffice/users/"


@pytest.fixture
def lifters(db: None) -> list[User]:
    return [
        User.objects.create_user(f"lifter{n}@example.com", display_name=f"Lifter {n}")
        for n in range(5)
    ]


def emails(response) -> list[str]:
    return [row["email"] for row in response.data]


def test_it_pages_like_json_server(staff_api: APIClient, lifters: list[User]):
    response = staff_api.get(USERS, {"_start": 1, "_end": 3, "_sort": "email", "_order": "ASC"})
    # Charlie, the staff member, comes first
    assert emails(response) == ["lifter0@example.com", "lifter1@example.com"]
    actual = (response["X-Total-Count"], response["Content-Range"])
    assert actual == ("6", "items 1-2/6")
    assert "X-Total-Count" in response["Access-Control-Expose-Headers"]


def test_it_pages_like_simple_rest(staff_api: APIClient, lifters: list[User]):
    response = staff_api.get(
        USERS,
        {
            "range": "[0,1]",
            "sort": json.dumps(["email", "DESC"]),
            "filter": json.dumps({"q": "lifter"}),
        },
    )
    assert emails(response) == ["lifter4@example.com", "lifter3@example.com"]
    assert response["Content-Range"] == "items 0-1/5"


def test_it_keeps_page_and_page_size(staff_api: APIClient, lifters: list[User]):
    response = staff_api.get(USERS, {"page": 2, "page_size": 2, "ordering": "email"})
    assert emails(response) == ["lifter1@example.com", "lifter2@example.com"]
    assert response["X-Total-Count"] == "6"


def test_it_gets_many_by_id(staff_api: APIClient, lifters: list[User]):
    wanted = sorted([lifters[0].pk, lifters[3].pk])
    json_server = staff_api.get(f"{USERS}?id={wanted[0]}&id={wanted[1]}")
    simple_rest = staff_api.get(USERS, {"filter": json.dumps({"id": wanted})})
    assert sorted(row["id"] for row in json_server.data) == wanted
    assert sorted(row["id"] for row in simple_rest.data) == wanted


@pytest.mark.parametrize(
    "params",
    [
        {"filter": "{nope"},
        {"filter": "[1]"},
        {"sort": '"email"'},
        {"range": "[5,1]"},
        {"_start": "x"},
    ],
)
def test_it_refuses_malformed_react_admin_parameters(staff_api: APIClient, params: dict):
    assert staff_api.get(USERS, params).status_code == 400


def test_it_finds_users_by_telegram_id_or_username(staff_api: APIClient, alice: User, bob: User):
    alice.telegram_id, alice.telegram_username = 987654, "alice_lifts"
    alice.save()
    by_id = staff_api.get(USERS, {"q": "987654"})
    by_name = staff_api.get(USERS, {"q": "@alice_lifts"})
    assert emails(by_id) == emails(by_name) == ["alice@example.com"]


def test_it_shows_a_users_activity(staff_api: APIClient, alice: User):
    a_set(alice)
    latest = a_set(alice)
    Inquiry.objects.create(user=alice, title="t", body="b")
    row = staff_api.get(f"{USERS}{alice.pk}/").data
    actual = (row["set_count"], row["inquiry_count"], row["last_set_at"] is not None)
    assert actual == (2, 1, True)
    assert latest.performed_at.isoformat()[:19] == row["last_set_at"][:19]


def test_it_filters_users(staff_api: APIClient, alice: User, bob: User, staff: User):
    alice.telegram_id = 5
    alice.save()
    assert emails(staff_api.get(USERS, {"has_telegram": "true"})) == ["alice@example.com"]
    assert emails(staff_api.get(USERS, {"is_staff": "true"})) == ["charlie@example.com"]


def test_it_searches_sets_by_user_exercise_and_date(staff_api: APIClient, alice: User, bob: User):
    mine = a_set(alice, "squat")
    a_set(bob, "squat")
    old = a_set(alice, "deadlift")
    old.performed_at = timezone.now() - timedelta(days=10)
    old.save()
    day = old.performed_at.date().isoformat()

    def ids(params: dict) -> list[int]:
        return [row["id"] for row in staff_api.get("/api/backoffice/sets/", params).data]

    assert ids({"user": alice.pk, "exercise": "squat"}) == [mine.pk]
    assert ids({"q": "alice"}) == [old.pk, mine.pk]
    assert ids({"date": day}) == [old.pk]
    assert ids({"filter": json.dumps({"user_email": "ALICE@example.com", "date": day})}) == [old.pk]


def test_it_queues_inquiries_by_status_age_and_category(
    staff_api: APIClient, alice: User, staff: User
):
    old = Inquiry.objects.create(
        user=alice, title="old", body="b", created_at=timezone.now() - timedelta(hours=30)
    )
    Inquiry.objects.create(user=alice, title="new", body="b", category="bug")
    Inquiry.objects.create(user=alice, title="done", body="b", status="closed")

    def titles(params: dict) -> list[str]:
        return [row["title"] for row in staff_api.get("/api/backoffice/inquiries/", params).data]

    assert titles({"status": "open"}) == ["old", "new"]
    assert titles({"older_than_hours": 24}) == ["old"]
    assert titles({"category": "bug"}) == ["new"]
    assert titles({"unassigned": "true", "status": "open", "_sort": "id", "_order": "DESC"}) == [
        "new",
        "old",
    ]
    assert old.pk


def test_it_lists_sets_newest_first(staff_api: APIClient, alice: User):
    first, second = a_set(alice), a_set(alice)
    response = staff_api.get("/api/backoffice/sets/")
    assert [row["id"] for row in response.data] == [second.pk, first.pk]
    assert WorkoutSet.objects.count() == 2


def test_it_finds_an_exercise_once_by_several_matching_aliases(staff_api: APIClient):
    response = staff_api.get(
        "/api/backoffice/exercises/", {"q": "bench", "_sort": "name", "_order": "DESC"}
    )
    names = [row["name"] for row in response.data]
    assert len(names) == len(set(names)) > 1
    assert names == sorted(names, reverse=True)
    assert response["X-Total-Count"] == str(len(names))
