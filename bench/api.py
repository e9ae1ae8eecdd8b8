"""Benchmark: the sets API against the floor of DRF itself, in-process, CPU per request.

    DATABASE_URL=mysql://root@127.0.0.1:3306/sbd_bench .venv/bin/python bench/api.py [N]

Creates a throwaway test database (test_<name>) and a lifter with a full profile, logs in through
the real login endpoint (JWT cookie + CSRF, as the web app does) and measures, N requests each,
the CPU this process spends per request (the server's share: Django, DRF, the database client;
on SQLite the database engine too) for:

- `POST /api/sets/` (validate, e1RM, calories, percentile, PR check, idempotency, store) beside a
  minimal DRF view that validates the same body and inserts one row (floor; target ≤ 2×);
- `GET /api/sets/` (a page of 50) beside a DRF view returning the same 50 rows from a `.values()`
  query as JSON (floor; target ≤ 2×).

Both floors sit behind the same middleware, authentication and permission as the real views
(mounted under /bench-floor/ in a URLconf of this benchmark only).
"""

from __future__ import annotations

import os
import statistics
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
from django.test.utils import override_settings, setup_test_environment  # noqa: E402
from django.urls import include, path  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework import serializers, status  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402
from rest_framework.views import APIView  # noqa: E402

from backend.accounts.models import User  # noqa: E402
from backend.workouts.models import Exercise, WorkoutSet  # noqa: E402
from bench.figures import Figure, report  # noqa: E402

SLUGS = ("squat", "bench-press", "deadlift", "shoulder-press", "bent-over-row")
PASSWORD = "a long bench passphrase"
LIST_FIELDS = ("id", "exercise__slug", "performed_at", "weight_kg", "reps", "e1rm_kg", "level")


class FloorSetSerializer(serializers.Serializer):
    exercise = serializers.SlugRelatedField(slug_field="slug", queryset=Exercise.objects.all())
    weight_kg = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal(0))
    reps = serializers.IntegerField(min_value=1, max_value=100)


class FloorCreate(APIView):
    """Validate the body, insert one row: what any DRF create costs."""

    def post(self, request: Request) -> Response:
        body = FloorSetSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        row = WorkoutSet.objects.create(
            user=request.user,
            performed_at=timezone.now(),
            e1rm_kg=body.validated_data["weight_kg"],
            **body.validated_data,
        )
        return Response({"id": row.pk}, status=status.HTTP_201_CREATED)


class FloorList(APIView):
    """The same page of rows from a `.values()` query, as JSON."""

    def get(self, request: Request) -> Response:
        rows = WorkoutSet.objects.filter(user=request.user).order_by("-performed_at")
        return Response(list(rows.values(*LIST_FIELDS)[:50]))


urlpatterns = [
    path("bench-floor/sets/", FloorCreate.as_view()),
    path("bench-floor/list/", FloorList.as_view()),
    path("", include("backend.config.urls")),
]


def cpu_ms(
    count: int, calls: dict[str, Callable[[int], None]], rounds: int = 10
) -> dict[str, float]:
    """CPU milliseconds of this process per call of each, after a warm-up: the calls take turns
    in `rounds` blocks and each figure is the median of its blocks, so that a burst of other
    load on the machine (or a change of clock) falls on each alike and weighs little."""
    spent: dict[str, list[float]] = {name: [] for name in calls}
    for call in calls.values():
        for i in range(min(20, count)):
            call(i)
    block = max(1, count // rounds)
    for r in range(rounds):
        for name, call in calls.items():
            began = time.process_time()
            for i in range(r * block, (r + 1) * block):
                call(i)
            spent[name].append((time.process_time() - began) / block * 1000)
    return {name: statistics.median(blocks) for name, blocks in spent.items()}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    setup_test_environment(debug=False)  # as in production: no query log, no debug cursor
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        with override_settings(ROOT_URLCONF=__name__):
            figures = measure(count)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report(figures)


def measure(count: int) -> list[Figure]:
    user = User.objects.create_user(
        "bench@example.com",
        PASSWORD,
        sex="male",
        bodyweight_kg=Decimal(80),
        birth_date=timezone.now().date().replace(year=1990),
    )
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/auth/csrf/").json()["detail"]  # as the front ends do
    login = client.post(
        "/api/auth/login/",
        {"email": user.email, "password": PASSWORD},
        HTTP_X_CSRFTOKEN=token,
    )
    assert login.status_code == 200, login.content
    csrf = {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}

    def body(i: int) -> dict[str, object]:
        return {"exercise": SLUGS[i % len(SLUGS)], "weight_kg": 60 + i % 100, "reps": 1 + i % 10}

    def post(url: str) -> Callable[[int], None]:
        def call(i: int) -> None:
            response = client.post(url, body(i), format="json", **csrf)
            assert response.status_code == 201, response.content

        return call

    def get(url: str) -> Callable[[int], None]:
        def call(_: int) -> None:
            response = client.get(url)
            assert response.status_code == 200, response.content

        return call

    posts = cpu_ms(count, {"floor": post("/bench-floor/sets/"), "real": post("/api/sets/")})
    gets = cpu_ms(count, {"floor": get("/bench-floor/list/"), "real": get("/api/sets/")})
    floor_post, real_post = posts["floor"], posts["real"]
    floor_get, real_get = gets["floor"], gets["real"]
    bench = f"api ({connection.vendor})"
    return [
        Figure(
            bench,
            "POST /api/sets/ CPU per request",
            real_post,
            "ms",
            floor=floor_post,
            floor_name="minimal DRF view: validate + insert one row",
            most=2,
        ),
        Figure(
            bench,
            "GET /api/sets/ (50 rows) CPU per request",
            real_get,
            "ms",
            floor=floor_get,
            floor_name="DRF view: .values() of the same 50 rows as JSON",
            most=2,
        ),
    ]


if __name__ == "__main__":
    main()
