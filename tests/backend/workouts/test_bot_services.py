from __future__ import annotations

import csv
import functools
import io
from decimal import Decimal

import pytest

from backend.accounts.models import User
from backend.workouts import chart_service, services
from backend.workouts.models import WorkoutSet
from tests.backend.workouts.conftest import exercise
from tests.backend.workouts.conftest import log as shared_log

pytestmark = pytest.mark.django_db


# the sets of these tests come from the chat
log = functools.partial(shared_log, source=WorkoutSet.Source.BOT)


@pytest.mark.parametrize(
    ("percentile", "level"),
    [
        (0, "beginner"),
        (19.9, "beginner"),
        (20, "novice"),
        (50, "intermediate"),
        (79.99, "intermediate"),
        (80, "advanced"),
        (95, "elite"),
    ],
)
def test_it_names_the_level_of_a_percentile(percentile: float, level: str) -> None:
    assert services.level_for_percentile(percentile=percentile) == level


def test_it_undoes_every_set_of_the_last_bot_message(alice: User) -> None:
    log(alice, "squat", "100", 5, idempotency_key="tg:1:0")
    log(alice, "bench-press", "80", 5, idempotency_key="tg:2:0")
    log(alice, "bench-press", "80", 5, idempotency_key="tg:2:1")

    removed = services.workout_sets_undo_last(user=alice)

    assert [ws.idempotency_key for ws in removed] == ["tg:2:0", "tg:2:1"]
    assert list(WorkoutSet.objects.values_list("idempotency_key", flat=True)) == ["tg:1:0"]


def test_it_undoes_a_single_api_set(alice: User) -> None:
    log(alice, "squat", "100", 5)
    log(alice, "squat", "105", 5)

    (removed,) = services.workout_sets_undo_last(user=alice)

    assert removed.weight_kg == Decimal("105")
    assert WorkoutSet.objects.count() == 1


def test_it_undoes_nothing_without_sets(alice: User) -> None:
    assert services.workout_sets_undo_last(user=alice) == []


def test_it_never_deletes_another_lifters_set(alice: User, bob: User) -> None:
    log(bob, "squat", "100", 5)
    set_id = WorkoutSet.objects.get().pk

    assert services.workout_set_delete(user=alice, set_id=set_id) is None
    assert services.workout_set_get(user=alice, set_id=set_id) is None
    assert WorkoutSet.objects.count() == 1


def test_it_finds_the_best_e1rm(alice: User) -> None:
    assert services.exercise_best_e1rm(user=alice, exercise=exercise("squat")) is None
    log(alice, "squat", "100", 5)
    log(alice, "squat", "110", 1)

    assert services.exercise_best_e1rm(user=alice, exercise=exercise("squat")) == Decimal("112.50")


def test_it_exports_sets_as_csv_in_the_lifters_timezone(alice: User) -> None:
    alice.timezone = "Asia/Seoul"
    alice.save(update_fields=["timezone"])
    log(alice, "squat", "100", 5)

    text, count = services.workout_sets_csv(user=alice)

    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert count == 1
    assert tuple(row) == services.EXPORT_COLUMNS
    assert (row["exercise"], row["weight_kg"], row["reps"], row["source"]) == (
        "squat",
        "100.00",
        "5",
        "bot",
    )
    assert row["performed_at"].endswith("+09:00")


def test_it_ranks_a_leaderboard_by_percentile_not_kilograms(alice: User, bob: User) -> None:
    alice.telegram_id, bob.telegram_id = 1, 2
    alice.save(update_fields=["telegram_id"])
    bob.sex, bob.birth_date, bob.bodyweight_kg = "male", alice.birth_date, Decimal("60")
    bob.save(update_fields=["telegram_id", "sex", "birth_date", "bodyweight_kg"])
    log(alice, "squat", "110", 5)
    log(bob, "squat", "100", 5)

    board = services.exercise_leaderboard(telegram_ids=[1, 2], exercise=exercise("squat"))

    assert [row["telegram_id"] for row in board] == [2, 1]
    assert board[0]["percentile"] > board[1]["percentile"]


def test_it_leaves_lifters_outside_the_group_off_the_board(alice: User) -> None:
    alice.telegram_id = 1
    alice.save(update_fields=["telegram_id"])
    log(alice, "squat", "100", 5)

    assert services.exercise_leaderboard(telegram_ids=[2], exercise=exercise("squat")) == []


def test_it_draws_an_e1rm_chart_only_with_sets(alice: User) -> None:
    squat = exercise("squat")
    assert chart_service.exercise_chart_png(user=alice, exercise=squat, period="1m") is None
    log(alice, "squat", "100", 5)

    png = chart_service.exercise_chart_png(user=alice, exercise=squat, period="1m")

    assert png is not None and png.startswith(b"\x89PNG")
