"""What log_sets promises each lifter: their own keys, their own sets, PRs only when beaten."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.models import WorkoutSet
from tests.backend.workouts.conftest import a_set

pytestmark = pytest.mark.django_db


def test_it_stores_bobs_own_set_when_he_replays_a_key_alice_used(alice: User, bob: User):
    alice_set = services.log_sets(
        user=alice, sets=[a_set("squat", "140", 3, idempotency_key="k-shared")]
    )
    services.log_sets(user=bob, sets=[a_set("squat", "50", 5, idempotency_key="k-bob")])
    # Bob's retry repeats one of his own keys, so the keys are looked up: only his may count
    result = services.log_sets(
        user=bob,
        sets=[
            a_set("squat", "50", 5, idempotency_key="k-bob"),
            a_set("squat", "60", 3, idempotency_key="k-shared"),
        ],
    )
    assert result.created is True
    assert [(ws.user_id, ws.weight_kg) for ws in result.sets] == [
        (bob.pk, Decimal("50.00")),
        (bob.pk, Decimal("60")),
    ]
    stored = WorkoutSet.objects.filter(idempotency_key="k-shared").order_by("user_id")
    assert [(ws.user_id, ws.weight_kg) for ws in stored] == [
        (alice.pk, Decimal("140.00")),
        (bob.pk, Decimal("60.00")),
    ]
    assert alice_set.sets[0].pk != result.sets[1].pk


def test_it_gives_bob_his_own_set_back_when_he_replays_it_whole(alice: User, bob: User):
    services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key="k-shared")])
    first = services.log_sets(user=bob, sets=[a_set("squat", "60", 3, idempotency_key="k-shared")])
    again = services.log_sets(user=bob, sets=[a_set("squat", "60", 3, idempotency_key="k-shared")])
    assert (again.created, [ws.pk for ws in again.sets]) == (False, [first.sets[0].pk])
    assert again.sets[0].user_id == bob.pk


def test_it_calls_a_tie_with_the_best_set_no_pr(alice: User):
    services.log_sets(user=alice, sets=[a_set("bench-press", "100", 5)])
    tie = services.log_sets(user=alice, sets=[a_set("bench-press", "100", 5)])
    assert tie.prs == []


def test_it_calls_a_tie_with_the_best_e1rm_at_other_reps_no_pr(alice: User):
    # 100 kg × 5 and 112.5 kg × 1 both estimate 112.50 kg; 1 rep is new, so no weight PR either
    services.log_sets(user=alice, sets=[a_set("bench-press", "100", 5)])
    tie = services.log_sets(user=alice, sets=[a_set("bench-press", "112.5", 1)])
    assert [ws.e1rm_kg for ws in tie.sets] == [Decimal("112.50")]
    assert tie.prs == []


def test_it_calls_a_tie_within_a_batch_no_pr(alice: User):
    services.log_sets(user=alice, sets=[a_set("bench-press", "90", 5)])
    batch = services.log_sets(
        user=alice, sets=[a_set("bench-press", "100", 5), a_set("bench-press", "100", 5)]
    )
    assert [(pr.kind, pr.workout_set is batch.sets[0]) for pr in batch.prs] == [
        ("e1rm", True),
        ("weight_at_reps", True),
    ]


def test_it_calls_a_gram_more_a_pr(alice: User):
    services.log_sets(user=alice, sets=[a_set("bench-press", "100", 5)])
    more = services.log_sets(user=alice, sets=[a_set("bench-press", "100.5", 5)])
    assert [(pr.kind, pr.previous) for pr in more.prs] == [
        ("e1rm", Decimal("112.50")),
        ("weight_at_reps", Decimal("100.00")),
    ]
