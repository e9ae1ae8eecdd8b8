"""Beat's daily stats job, run through Celery: one row per UTC day that the back office lists."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.backoffice.models import DailyStats
from backend.config.celery_app import app as celery_app

from .conftest import a_set, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_celery")]
DAILY = "/api/backoffice/daily-stats/"
# the job runs at 00:10 UTC on 3 March: it records 2 March
RUN_AT = datetime(2026, 3, 3, 0, 10, tzinfo=UTC)
DAY = datetime(2026, 3, 2, tzinfo=UTC)


def joined(email: str, at: datetime) -> User:
    user = User.objects.create_user(email)
    User.objects.filter(pk=user.pk).update(date_joined=at)
    return user


def set_at(user: User, at: datetime) -> None:
    workout_set = a_set(user)
    workout_set.performed_at = at
    workout_set.save(update_fields=["performed_at"])


def run_the_scheduled_job() -> None:
    task = settings.CELERY_BEAT_SCHEDULE["backoffice-daily-stats"]["task"]
    celery_app.loader.import_default_modules()
    with time_machine.travel(RUN_AT, tick=False):
        celery_app.tasks[task].delay()  # eager (eager_celery): the task body runs, through Celery


def test_it_records_yesterdays_new_users_active_lifters_and_sets(staff: User):
    # given two lifters who joined on the day, one who joined the day before
    ann = joined("ann@example.com", DAY + timedelta(hours=1))
    ben = joined("ben@example.com", DAY + timedelta(hours=23, minutes=59))
    old = joined("old@example.com", DAY - timedelta(hours=1))
    # and sets on the day by Ann (2) and the old lifter (1), and some either side of it
    set_at(ann, DAY + timedelta(hours=8))
    set_at(ann, DAY + timedelta(hours=9))
    set_at(old, DAY)
    set_at(old, DAY - timedelta(seconds=1))
    set_at(ben, DAY + timedelta(days=1))
    # when the scheduled job runs (twice: a redelivery)
    run_the_scheduled_job()
    run_the_scheduled_job()
    # then one row for 2 March
    [row] = DailyStats.objects.all()
    assert (row.day.isoformat(), row.new_users, row.active_lifters, row.sets) == (
        "2026-03-02",
        2,
        2,
        3,
    )


def test_the_back_office_lists_the_days_newest_first_for_staff_only(staff: User, alice: User):
    for day in (1, 2, 3):
        DailyStats.objects.create(
            day=f"2026-03-0{day}", new_users=day, active_lifters=day * 2, sets=day * 10
        )
    response = client_for(staff).get(DAILY, {"_start": 0, "_end": 2})
    assert response.status_code == 200
    days = [(row["day"], row["sets"]) for row in response.data]
    assert days == [("2026-03-03", 30), ("2026-03-02", 20)]
    assert response["X-Total-Count"] == "3"
    ranged = client_for(staff).get(DAILY, {"day__gte": "2026-03-02", "day__lte": "2026-03-02"})
    assert [r["active_lifters"] for r in ranged.data] == [4]
    assert client_for(alice).get(DAILY).status_code == 403
    assert APIClient().get(DAILY).status_code == 401
    assert client_for(staff).get(DAILY, {"day__gte": "not-a-day"}).status_code == 400
