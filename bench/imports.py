"""Benchmark: importing a big Strong history, against a raw `bulk_create` floor.

    DATABASE_URL=mysql://root@127.0.0.1:3306/sbd_imports .venv/bin/python bench/imports.py [N]

Creates a throwaway test database (test_<name>), writes a Strong export of N rows (default
25,000: real Strong histories reach that), and times, in the same run:

- floor: a raw `WorkoutSet.objects.bulk_create` of the same sets (numbers precomputed, chunks of
  2,000 in one transaction each), the fastest the database takes them;
- import job: `importers.import_job_run` on the file (read, match, dedupe by key, compute e1RM,
  calories, percentile and level, store in chunks with progress), as the Celery task runs it;
- re-import: the same file again (stores nothing).

and reports sets/s beside the floor (target: at least half of it) and, on MySQL/MariaDB, issue 11's
5,000 sets/s.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from backend.accounts.models import User  # noqa: E402
from backend.workouts import importers  # noqa: E402
from backend.workouts.models import ImportJob, WorkoutSet  # noqa: E402
from bench.figures import Figure, report  # noqa: E402

TARGET = 5000
NAMES = (
    "Squat (Barbell)",
    "Bench Press (Barbell)",
    "Deadlift (Barbell)",
    "Overhead Press (Barbell)",
    "Lat Pulldown (Cable)",
    "Pull Up",
)


def strong_file(rows: int) -> bytes:
    """A Strong (layout A, lb) history: warm-ups, working sets, rest timers, float noise."""
    lines = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    ]
    start = datetime(2020, 12, 1, 18, 0, 0)
    for i in range(rows):
        day = (start + timedelta(days=i // 20)).strftime("%Y-%m-%d %H:%M:%S")
        name = NAMES[i // 4 % len(NAMES)]
        slot = i % 20
        if slot == 19:
            order, weight, reps, seconds = "Rest Timer", "0", "0.0", "120.0"
        else:
            order = "W" if slot % 4 == 0 else str(slot % 4)
            weight = "0" if name == "Pull Up" else f"{95 + (i % 13) * 10}.0"
            if slot == 7:
                weight = "149.99999999999997"
            reps, seconds = f"{3 + i % 8}.0", "0.0"
        lines.append(f'{day},"Strong",1h 2m,"{name}",{order},{weight},{reps},0,{seconds},,,')
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 25_000
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        content = strong_file(rows)
        lifter = User.objects.create_user(
            "bench@example.com",
            "pw",
            sex="male",
            bodyweight_kg=Decimal(80),
            birth_date=datetime(1990, 1, 1).date(),
        )
        floor_user = User.objects.create_user("floor@example.com", "pw")

        # the same sets the import stores, numbers precomputed: the raw bulk_create floor
        plan = importers._plan(user=floor_user, content=content, unit="lb", create=True)
        built = [WorkoutSet(**row) for row in importers._build(floor_user, plan.fresh)]
        start = time.perf_counter()
        for at in range(0, len(built), importers.CHUNK):
            with transaction.atomic():
                WorkoutSet.objects.bulk_create(built[at : at + importers.CHUNK])
        floor_s = time.perf_counter() - start
        sets = len(built)

        job = ImportJob.objects.create(user=lifter, content=content, unit="lb")
        start = time.perf_counter()
        stored = importers.import_job_run(job_id=job.pk)
        import_s = time.perf_counter() - start

        again = ImportJob.objects.create(user=lifter, content=content, unit="lb")
        start = time.perf_counter()
        stored_again = importers.import_job_run(job_id=again.pk)
        again_s = time.perf_counter() - start

        assert stored == sets, (stored, sets)
        assert stored_again == 0
        assert WorkoutSet.objects.filter(user=lifter).count() == sets
        floor_rate, import_rate = sets / floor_s, sets / import_s
        vendor = connection.vendor
        print(f"database: {vendor}; file: {rows:,} rows, {sets:,} sets to store")
        bench = f"imports ({vendor})"
        floor_name = "raw bulk_create of the same rows"
        figures = [
            Figure(
                bench,
                "import job sets/s (read+match+store)",
                import_rate,
                "sets/s",
                floor=floor_rate,
                floor_name=floor_name,
                least=0.5,
            ),
            Figure(bench, "re-import rows/s (stores 0)", rows / again_s, "rows/s"),
        ]
        if vendor == "mysql":
            figures.append(
                Figure(
                    bench,
                    "import job sets/s, issue 11's absolute target",
                    import_rate,
                    "sets/s",
                    least=TARGET,
                )
            )
        report(figures)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
