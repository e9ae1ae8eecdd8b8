"""Benchmark: what the coaching notes under a logged set cost, against logging alone.

    DATABASE_URL=mysql://root@127.0.0.1:3306/sbd_bench .venv/bin/python bench/coaching.py [N]

Creates a throwaway test database (test_<name>) and logs N sets one per call, as the bot does,
first with `workouts.services.log_sets` alone (the floor) and then with `coaching.sets_coaching`
after it (plates per side, e1RM method, the change since the last session). Prints ms per
message, queries per message and the ratio to the floor; then plate loading and warm-up ramps
per second against the floor of `one_rep_max.estimate_one_rm` calls.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from backend.accounts.models import User  # noqa: E402
from backend.workouts import coaching, one_rep_max, plates, services, warmups  # noqa: E402
from backend.workouts.models import Exercise  # noqa: E402

SLUGS = ("squat", "bench-press", "deadlift", "dumbbell-bench-press", "lat-pulldown")


def timed(calls: int, call: Callable[[int], object]) -> tuple[float, int]:
    start = time.perf_counter()
    for i in range(calls):
        call(i)
    elapsed = time.perf_counter() - start
    connection.queries_log.clear()
    with CaptureQueriesContext(connection) as queries:
        call(calls)
    return elapsed / calls, len(queries)


def main() -> None:
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        exercises = [Exercise.objects.get(slug=slug) for slug in SLUGS]
        user = User.objects.create_user(
            "bench@example.com", "pw", sex="male", bodyweight_kg=Decimal(80)
        )
        earlier = timezone.now() - timedelta(days=2)
        services.log_sets(
            user=user,
            sets=[
                services.SetInput(exercise=e, weight_kg=Decimal(60), reps=5, performed_at=earlier)
                for e in exercises
            ],
        )

        def item(i: int) -> services.SetInput:
            return services.SetInput(
                exercise=exercises[i % len(exercises)], weight_kg=Decimal(60 + i % 80), reps=5
            )

        def log_only(i: int) -> object:
            return services.log_sets(user=user, sets=[item(i)])

        def log_and_coach(i: int) -> object:
            result = services.log_sets(user=user, sets=[item(i)])
            return coaching.sets_coaching(user=user, sets=result.sets)

        floor, floor_queries = timed(total, log_only)
        coached, coached_queries = timed(total, log_and_coach)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    setup = plates.default_setup()
    targets = [Decimal(20) + Decimal("0.5") * (i % 800) for i in range(total * 10)]
    start = time.perf_counter()
    for i, target in enumerate(targets):
        one_rep_max.estimate_one_rm(weight_kg=float(target), reps=1 + i % 10)
    formula = (time.perf_counter() - start) / len(targets)
    start = time.perf_counter()
    for target in targets:
        plates.load(target, setup)
    loading = (time.perf_counter() - start) / len(targets)
    start = time.perf_counter()
    for target in targets[: total * 2]:
        warmups.warmup_ramp(target, setup)
    ramp = (time.perf_counter() - start) / (total * 2)

    print(f"{total:,} messages each way on {connection.vendor}")
    print(f"{'path':<34}{'ms/call':>9}{'queries':>9}{'× floor':>9}")
    print(f"{'log_sets (floor)':<34}{floor * 1000:>9.2f}{floor_queries:>9}{1:>9.2f}")
    print(
        f"{'log_sets + sets_coaching':<34}{coached * 1000:>9.2f}{coached_queries:>9}"
        f"{coached / floor:>9.2f}"
    )
    print(f"{'estimate_one_rm (floor)':<34}{formula * 1000:>9.4f}{'':>9}{1:>9.2f}")
    print(f"{'plates.load':<34}{loading * 1000:>9.4f}{'':>9}{loading / formula:>9.1f}")
    print(f"{'warmups.warmup_ramp':<34}{ramp * 1000:>9.4f}{'':>9}{ramp / formula:>9.1f}")


if __name__ == "__main__":
    main()
