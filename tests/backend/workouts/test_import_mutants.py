"""Importer behaviour the format tests left unchecked, found by mutation testing (`make mutate`,
bench/mutation_scores.md): each test fails on a mutant the other importer tests let through."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.importers import import_commit, import_preview, import_read
from backend.workouts.models import BodyweightEntry, ImportJob, WorkoutSet

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "fixtures" / "imports"

JAN = datetime(2025, 1, 1, tzinfo=UTC)
FEB = datetime(2025, 2, 1, tzinfo=UTC)
STRONG_HEADER = (
    b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE\n"
)


def strong(*rows: str) -> bytes:
    """A Strong export (layout A', comma, no unit) holding these data rows."""
    return STRONG_HEADER + "".join(f"{row}\n" for row in rows).encode()


def test_a_set_without_an_exercise_name_is_counted_as_empty(alice: User) -> None:
    content = strong(
        '2025-01-01 18:00:00,"W",1h,"Squat (Barbell)",1,100,5,0,0,',
        '2025-01-01 18:00:00,"W",1h,"",2,100,5,0,0,',
    )

    preview = import_preview(user=alice, content=content, unit="kg")

    assert (preview.new, preview.skipped) == (1, {"empty": 1})


def test_a_strong_row_with_only_a_distance_is_a_cardio_row() -> None:
    content = strong(
        '2025-01-01 18:00:00,"W",1h,"Squat (Barbell)",1,100,5,0,0,',
        '2025-01-01 18:30:00,"W",1h,"Running",1,0,0,5.2,0,',
    )

    read = import_read(content=content, unit="kg")

    assert ([(r.exercise_name, r.weight_kg) for r in read.rows], dict(read.skipped)) == (
        [("Squat (Barbell)", Decimal("100.00"))],
        {"timed": 1},
    )


def test_it_converts_the_weights_of_a_hevy_export_in_pounds() -> None:
    content = (SAMPLES / "hevy_lb.csv").read_bytes()

    rows = [r for r in import_read(content=content).rows if r.performed_at.day == 9][:3]

    # the first bench presses of 9 Jan 2026: 135, 185 and 185 lb (a warm-up, a set, a failure)
    assert [(r.weight_kg, r.reps, r.is_warmup) for r in rows] == [
        (Decimal("61.23"), 8, True),
        (Decimal("83.91"), 5, False),
        (Decimal("83.91"), 4, False),
    ]


def test_it_reads_a_file_saved_in_windows_1252_and_refuses_one_that_is_no_text(
    alice: User,
) -> None:
    resaved = strong('2025-01-01 18:00:00,"W",1h,"Développé couché (Barre)",1,60,5,0,0,')
    resaved = resaved.decode().encode("cp1252")  # as a spreadsheet saves it again
    spreadsheet = b"PK\x03\x04\x14\x00\x81\x8d\x8f\x90\x9d"  # bytes no text encoding has

    (row,) = import_read(content=resaved).rows

    assert row.exercise_name == "Développé couché (Barre)"
    assert import_preview(user=alice, content=spreadsheet).error == "the file is not text"


# --- what an imported set stores -----------------------------------------------------------

NUMBERS = ("bodyweight_kg", "e1rm_kg", "calories_kcal", "percentile", "level", "rpe")


def test_an_imported_set_stores_the_numbers_of_the_same_set_logged_by_hand(alice: User) -> None:
    # two bodyweights, so each set gets the one measured before it
    BodyweightEntry.objects.create(user=alice, weight_kg=Decimal("78.0"), measured_at=JAN)
    BodyweightEntry.objects.create(user=alice, weight_kg=Decimal("84.0"), measured_at=FEB)
    content = strong(
        '2025-01-15 18:00:00,"W",1h,"Squat (Barbell)",1,100,5,0,0,8.5',
        '2025-02-15 18:00:00,"W",1h,"Pull Up",1,10,6,0,0,',
    )

    import_commit(user=alice, content=content, unit="kg")
    imported = list(WorkoutSet.objects.filter(user=alice).order_by("performed_at"))
    logged = services.log_sets(
        user=alice,
        sets=[
            services.SetInput(
                exercise=s.exercise,
                weight_kg=s.weight_kg,
                reps=s.reps,
                rpe=s.rpe,
                performed_at=s.performed_at,
            )
            for s in imported
        ],
    ).sets

    assert [s.bodyweight_kg for s in imported] == [Decimal("78.0"), Decimal("84.0")]
    assert [s.rpe for s in imported] == [Decimal("8.5"), None]
    assert all(s.percentile is not None and s.level for s in imported)
    for mine, by_hand in zip(imported, logged, strict=True):
        by_hand.refresh_from_db()
        assert [getattr(mine, f) for f in NUMBERS] == [getattr(by_hand, f) for f in NUMBERS]
        assert (mine.source, by_hand.source) == ("import", "api")
        assert mine.created_at is not None and mine.updated_at == mine.created_at


# --- the API's check before it queues a job -------------------------------------------------


def test_the_api_refuses_a_file_that_is_no_export_with_the_reason(
    alice_api: APIClient, alice: User
) -> None:
    upload = io.BytesIO(b"name,score\nalice,3\n")
    upload.name = "scores.csv"

    response = alice_api.post("/api/imports/", {"file": upload}, format="multipart")

    assert response.status_code == 400
    assert response.json() == {"file": ["not a Strong, Hevy, Strength Level or SBD Animal export"]}
    assert not ImportJob.objects.filter(user=alice).exists()
