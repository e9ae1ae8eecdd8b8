"""Benchmark: the back-office list endpoints on 10,000 users and 100,000 sets in MariaDB.

    .venv/bin/python bench/backoffice.py [SECONDS_PER_ENDPOINT]

Uses DATABASE_URL (default mysql://root@127.0.0.1:3306/sbd_bench_backoffice) and creates a
throwaway test database (test_<name>) filled with bulk_create: 10,000 users (1 in 5 linked to
Telegram), 100,000 sets over 180 days, 2,000 inquiries (half answered) and 5,000 audit entries.
Each endpoint is called as a staff member through Django's test client (in-process: no network)
for a few seconds; the table gives requests/s, milliseconds per request and queries per request.
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
os.environ.setdefault("DATABASE_URL", "mysql://root@127.0.0.1:3306/sbd_bench_backoffice")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from backend.accounts.models import User  # noqa: E402
from backend.backoffice.models import AuditLog  # noqa: E402
from backend.inquiries.models import Inquiry, InquiryMessage  # noqa: E402
from backend.workouts.models import Exercise, WorkoutSet  # noqa: E402

USERS = 10_000
SETS = 100_000
INQUIRIES = 2_000
AUDIT_ENTRIES = 5_000
BATCH = 5_000


def populate() -> User:
    """Fills the database with bulk_create and returns a staff member."""
    rng = random.Random(7)
    now = timezone.now()
    User.objects.bulk_create(
        (
            User(
                email=f"lifter{n}@example.com",
                password="!",
                display_name=f"Lifter {n}",
                date_joined=now - timedelta(days=rng.randint(0, 365)),
                telegram_id=10_000_000 + n if n % 5 == 0 else None,
                telegram_username=f"lifter_{n}" if n % 5 == 0 else "",
            )
            for n in range(USERS)
        ),
        batch_size=BATCH,
    )
    staff = User.objects.create_user("staff@example.com", is_staff=True)
    user_ids = list(User.objects.values_list("id", flat=True))
    exercise_ids = list(Exercise.objects.values_list("id", flat=True)[:12])
    for start in range(0, SETS, BATCH):
        WorkoutSet.objects.bulk_create(
            WorkoutSet(
                user_id=rng.choice(user_ids),
                exercise_id=rng.choice(exercise_ids),
                performed_at=now - timedelta(minutes=rng.randint(0, 180 * 24 * 60)),
                weight_kg=Decimal(rng.randint(20, 200)),
                reps=rng.randint(1, 12),
                e1rm_kg=Decimal(rng.randint(25, 260)),
                calories_kcal=Decimal("5.00"),
            )
            for _ in range(start, min(SETS, start + BATCH))
        )
    inquiries = Inquiry.objects.bulk_create(
        Inquiry(
            user_id=rng.choice(user_ids),
            title=f"Question {n}",
            body="How do I break a plateau?",
            category=rng.choice(Inquiry.Category.values),
            status=Inquiry.Status.ANSWERED if n % 2 else Inquiry.Status.OPEN,
            assignee=staff if n % 2 else None,
            created_at=now - timedelta(hours=rng.randint(1, 2000)),
            first_answer_seconds=rng.randint(60, 86_400) if n % 2 else None,
        )
        for n in range(INQUIRIES)
    )
    InquiryMessage.objects.bulk_create(
        InquiryMessage(inquiry=inquiry, author=staff, body="Deload.", is_staff_answer=True)
        for inquiry in inquiries
        if inquiry.status == Inquiry.Status.ANSWERED
    )
    AuditLog.objects.bulk_create(
        (
            AuditLog(
                actor=staff,
                action=AuditLog.Action.USER_UPDATE,
                target_type="accounts.user",
                target_id=str(rng.choice(user_ids)),
                target_repr="lifter",
                before={"is_active": True},
                after={"is_active": False},
            )
            for _ in range(AUDIT_ENTRIES)
        ),
        batch_size=BATCH,
    )
    return staff


def endpoints(staff: User) -> list[tuple[str, str]]:
    some_user = User.objects.filter(workout_sets__isnull=False).order_by("id").first()
    some_set = WorkoutSet.objects.select_related("exercise").order_by("id").first()
    assert some_user is not None and some_set is not None
    day = (timezone.now() - timedelta(days=3)).date().isoformat()
    return [
        ("users", "/api/backoffice/users/?_start=0&_end=25"),
        ("users, search", "/api/backoffice/users/?_start=0&_end=25&q=lifter12"),
        ("users, Telegram, by email", "/api/backoffice/users/?has_telegram=true&_sort=email"),
        ("exercises", "/api/backoffice/exercises/?_start=0&_end=25"),
        ("sets", "/api/backoffice/sets/?_start=0&_end=25"),
        ("sets, one user", f"/api/backoffice/sets/?user={some_user.pk}&_start=0&_end=25"),
        (
            "sets, exercise + day",
            f"/api/backoffice/sets/?exercise={some_set.exercise.slug}&date={day}",
        ),
        ("sets, by performed_at", "/api/backoffice/sets/?_sort=performed_at&_order=DESC"),
        ("inquiries, open queue", "/api/backoffice/inquiries/?status=open&_start=0&_end=25"),
        ("inquiries, older than 1 day", "/api/backoffice/inquiries/?older_than_hours=24"),
        ("audit log", "/api/backoffice/audit-log/?_start=0&_end=25"),
        ("dashboard (30 days)", "/api/backoffice/dashboard/"),
    ]


def measure(client: APIClient, url: str, seconds: float) -> tuple[float, float, int, int]:
    response = client.get(url)  # warm up
    assert response.status_code == 200, (url, response.status_code)
    calls = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        client.get(url)
        calls += 1
    elapsed = time.perf_counter() - start
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return calls / elapsed, elapsed / calls * 1000, len(queries), len(response.data)


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 3.0
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        began = time.perf_counter()
        staff = populate()
        print(
            f"{connection.vendor} {connection.settings_dict['NAME']}: {User.objects.count():,} "
            f"users, {WorkoutSet.objects.count():,} sets, {Inquiry.objects.count():,} inquiries, "
            f"{AuditLog.objects.count():,} audit entries "
            f"(bulk_create in {time.perf_counter() - began:.1f} s)\n"
        )
        client = APIClient()
        client.force_authenticate(staff)
        header = f"{'endpoint':<30} {'req/s':>8} {'ms/req':>8} {'queries':>8} {'rows':>5}"
        print(header)
        print("-" * len(header))
        for label, url in endpoints(staff):
            rate, ms, queries, rows = measure(client, url, seconds)
            print(f"{label:<30} {rate:>8.1f} {ms:>8.1f} {queries:>8} {rows:>5}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
