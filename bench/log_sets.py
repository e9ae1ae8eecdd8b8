"""Benchmark: logging sets through the service and through the REST API.

    DATABASE_URL=mysql://root@127.0.0.1:3306/sbd_bench .venv/bin/python bench/log_sets.py [N]

Creates a throwaway test database (test_<name>), logs N sets (default 10,000) one per call and in
batches of 100, through `workouts.services.log_sets` and through `POST /api/sets/` (Django's test
client, in-process: no network), and prints sets/s and queries per call.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from backend.accounts.models import User  # noqa: E402
from backend.workouts import services  # noqa: E402
from backend.workouts.models import Exercise  # noqa: E402

SLUGS = ("squat", "bench-press", "deadlift", "shoulder-press", "bent-over-row")


def measure(label: str, total: int, per_call: int, call: Callable[[int], None]) -> list[str]:
    calls = total // per_call
    start = time.perf_counter()
    for i in range(calls):
        call(i)
    elapsed = time.perf_counter() - start
    connection.queries_log.clear()  # the log is capped: a full one counts nothing new
    with CaptureQueriesContext(connection) as queries:
        call(calls)  # one more call, to count its queries
    return [
        label,
        str(per_call),
        f"{calls * per_call / elapsed:,.0f}",
        f"{elapsed / calls * 1000:.2f}",
        str(len(queries)),
    ]


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        exercises = [Exercise.objects.get(slug=slug) for slug in SLUGS]
        user = User.objects.create_user(
            "bench@example.com", "pw", sex="male", bodyweight_kg=Decimal(80)
        )
        client = APIClient()
        client.force_authenticate(user)

        def item(i: int) -> services.SetInput:
            return services.SetInput(
                exercise=exercises[i % len(exercises)],
                weight_kg=Decimal(60 + i % 100),
                reps=1 + i % 10,
            )

        def payload(i: int) -> dict[str, object]:
            return {
                "exercise": SLUGS[i % len(SLUGS)],
                "weight_kg": 60 + i % 100,
                "reps": 1 + i % 10,
            }

        def service_one(i: int) -> None:
            services.log_sets(user=user, sets=[item(i)])

        def service_batch(i: int) -> None:
            services.log_sets(user=user, sets=[item(i * 100 + j) for j in range(100)])

        def api_one(i: int) -> None:
            assert client.post("/api/sets/", payload(i), format="json").status_code == 201

        def api_batch(i: int) -> None:
            body = [payload(i * 100 + j) for j in range(100)]
            assert client.post("/api/sets/", body, format="json").status_code == 201

        rows = [
            measure("service", total, 1, service_one),
            measure("service", total, 100, service_batch),
            measure("API POST /api/sets/", total, 1, api_one),
            measure("API POST /api/sets/", total, 100, api_batch),
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    header = ["path", "sets/call", "sets/s", "ms/call", "queries/call"]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    print(f"{total:,} sets each way on {connection.vendor}")
    for row in [header, *rows]:
        print("  ".join(cell.rjust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
