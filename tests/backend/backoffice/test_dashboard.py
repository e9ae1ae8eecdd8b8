from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.backoffice import services
from backend.inquiries import services as inquiry_services
from backend.inquiries.models import Inquiry

from .conftest import a_set

pytestmark = pytest.mark.django_db


def an_inquiry_answered_after(user: User, staff: User, minutes: int) -> Inquiry:
    inquiry = inquiry_services.inquiry_open(user=user, title="q", body="b", category="other")
    inquiry.created_at = timezone.now() - timedelta(minutes=minutes)
    inquiry.save(update_fields=["created_at"])
    inquiry_services.inquiry_answer(inquiry=inquiry, staff=staff, body="a")
    return inquiry


def test_it_sums_up_the_back_office(alice: User, bob: User, staff: User):
    a_set(alice, "squat")
    a_set(alice, "squat")
    a_set(bob, "bench-press")
    old = a_set(bob, "deadlift")
    old.performed_at = timezone.now() - timedelta(days=60)
    old.save()
    for minutes in (10, 30, 60, 600):
        an_inquiry_answered_after(alice, staff, minutes)
    inquiry_services.inquiry_open(user=bob, title="q", body="b", category="bug")
    stats = services.dashboard_stats(days=30)
    top = [
        (row["exercise"], row["set_count"], row["lifter_count"]) for row in stats["top_exercises"]
    ]
    actual = {
        "new_users": stats["new_users"],
        "active_lifters": stats["active_lifters"],
        "sets": stats["sets"],
        "sets_per_day": sum(day["count"] for day in stats["sets_per_day"]),
        "top": top,
        "open_inquiries": stats["open_inquiries"],
        "unanswered_inquiries": stats["unanswered_inquiries"],
    }
    expected = {
        "new_users": 3,
        "active_lifters": 2,
        "sets": 3,
        "sets_per_day": 3,
        "top": [("squat", 2, 1), ("bench-press", 1, 1)],
        "open_inquiries": 5,
        "unanswered_inquiries": 1,
    }
    assert actual == expected
    assert 45 * 60 - 5 <= stats["median_first_answer_seconds"] <= 45 * 60 + 5


def test_it_has_no_median_before_any_answer(db: None):
    assert services.dashboard_stats()["median_first_answer_seconds"] is None


def test_it_serves_the_dashboard(staff_api: APIClient, alice: User):
    a_set(alice)
    response = staff_api.get("/api/backoffice/dashboard/", {"days": 7})
    assert (response.status_code, response.data["days"], response.data["sets"]) == (200, 7, 1)
    assert staff_api.get("/api/backoffice/dashboard/", {"days": 0}).status_code == 400
