"""The number of queries of every back-office list endpoint, pinned whatever the row count."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.backoffice import services
from backend.inquiries import services as inquiry_services
from backend.workouts.models import Exercise, ExerciseAlias

from .conftest import a_set

pytestmark = pytest.mark.django_db


def make_rows(staff: User, rows: int) -> None:
    """`rows` lifters, each with a set, an answered inquiry, an exercise with aliases, an audit."""
    for number in range(rows):
        lifter = User.objects.create_user(f"lifter{number}@example.com", telegram_id=1000 + number)
        a_set(lifter)
        inquiry = inquiry_services.inquiry_open(
            user=lifter, title=f"Q{number}", body="?", category="other"
        )
        services.inquiry_answer(actor=staff, inquiry=inquiry, body="A")
        exercise = Exercise.objects.create(
            slug=f"variation-{number}",
            name=f"Variation {number}",
            category="legs",
            load_type="barbell",
            met_value="5.0",
            met_code="02054",
        )
        ExerciseAlias.objects.bulk_create(
            [ExerciseAlias(exercise=exercise, alias=f"var{number}{tag}") for tag in "ab"]
        )


# Each is: COUNT, the page's keys, its rows (related rows joined, counts as subqueries), and
# prefetches if any.
EXPECTED = {
    "/api/backoffice/users/": 3,
    "/api/backoffice/exercises/": 4,  # + aliases
    "/api/backoffice/sets/": 3,
    "/api/backoffice/inquiries/": 3,
    "/api/backoffice/audit-log/": 3,
    "/api/backoffice/users/?_start=0&_end=10&_sort=email&_order=DESC&q=lifter": 3,
    '/api/backoffice/sets/?range=[0,9]&sort=["performed_at","DESC"]&filter={"q":"lifter"}': 3,
    "/api/backoffice/inquiries/?status=answered&older_than_hours=0&ordering=-created_at": 3,
}


@pytest.mark.parametrize("url", EXPECTED)
@pytest.mark.parametrize("rows", [2, 8])
def test_it_lists_in_a_constant_number_of_queries(
    staff: User, staff_api: APIClient, url: str, rows: int, django_assert_num_queries
):
    make_rows(staff, rows)
    with django_assert_num_queries(EXPECTED[url]):
        response = staff_api.get(url)
    assert response.status_code == 200
    assert len(response.data) >= rows


def test_it_computes_the_dashboard_in_a_fixed_number_of_queries(
    staff: User, staff_api: APIClient, django_assert_num_queries
):
    make_rows(staff, 3)
    with django_assert_num_queries(9):
        response = staff_api.get("/api/backoffice/dashboard/")
    assert response.status_code == 200
