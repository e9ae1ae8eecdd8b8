"""Bodyweight lifts counted on the load moved: e1RM, ranking, PRs, records and the migration."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.models import Exercise, WorkoutSet
from ml.predict import get_model
from tests.backend.workouts.conftest import a_set

pytestmark = pytest.mark.django_db

migration = importlib.import_module(
    "backend.workouts.migrations.0005_bodyweight_e1rm_on_effective_load"
)


def test_it_ranks_the_added_weight_one_rep_max_as_the_standards_do(alice: User):
    services.log_sets(user=alice, sets=[a_set("pull-ups", "20", 5)])
    stored = WorkoutSet.objects.get()
    expected = get_model().predict(
        exercise="pull-ups", sex="male", age=30, bodyweight_kg=80.0, one_rm_kg=32.5
    )
    assert stored.e1rm_kg == Decimal("112.50")
    assert stored.percentile == Decimal(str(expected.percentile)).quantize(Decimal("0.01"))
    assert stored.level == expected.level


def test_it_never_keeps_a_negative_record_for_assisted_sets(alice: User):
    services.log_sets(user=alice, sets=[a_set("pull-ups", "-15", 6)])
    (record,) = services.personal_records(user=alice)
    # (80 − 15) × 36/31
    assert (record["best_e1rm_kg"], record["heaviest_kg"]) == (Decimal("75.48"), Decimal("-15.00"))


def test_it_sees_a_first_unassisted_set_as_a_pr_over_assisted_ones(alice: User):
    services.log_sets(user=alice, sets=[a_set("pull-ups", "-15", 6)])
    result = services.log_sets(user=alice, sets=[a_set("pull-ups", "0", 10)])
    kinds = [(pr.kind, pr.previous) for pr in result.prs]
    # 80 × 36/27 = 106.67 beats 75.48
    assert result.sets[0].e1rm_kg == Decimal("106.67")
    assert kinds == [("e1rm", Decimal("75.48"))]


def test_it_computes_the_calculator_one_rep_max_in_added_weight():
    calculation = services.lift_calculate(
        exercise=Exercise.objects.get(slug="pull-ups"),
        sex="male",
        age=30,
        bodyweight_kg=80.0,
        weight_kg=20.0,
        reps=5,
    )
    assert calculation.one_rm_kg == 32.5


def test_the_migration_moves_stored_bodyweight_e1rms_to_the_effective_load(alice: User):
    # given sets stored with the old meaning (added-weight 1RM), one without a stamped bodyweight
    pull_ups, bench = (
        Exercise.objects.get(slug="pull-ups"),
        Exercise.objects.get(slug="bench-press"),
    )
    old = [
        WorkoutSet.objects.create(
            user=alice,
            exercise=pull_ups,
            weight_kg=-15,
            reps=6,
            e1rm_kg=Decimal("-4.52"),
            bodyweight_kg=Decimal(80),
        ),
        WorkoutSet.objects.create(
            user=alice, exercise=pull_ups, weight_kg=0, reps=10, e1rm_kg=Decimal("25.00")
        ),
        WorkoutSet.objects.create(
            user=alice, exercise=bench, weight_kg=100, reps=5, e1rm_kg=Decimal("112.50")
        ),
    ]

    # when the data migration runs, and then backwards
    migration.to_effective_load(apps, None)
    forward = [WorkoutSet.objects.get(pk=ws.pk).e1rm_kg for ws in old]
    migration.to_added_weight(apps, None)
    backward = [WorkoutSet.objects.get(pk=ws.pk).e1rm_kg for ws in old]

    # then bodyweight sets gain their bodyweight (75 kg when unknown), others stay
    assert forward == [Decimal("75.48"), Decimal("100.00"), Decimal("112.50")]
    assert backward == [Decimal("-4.52"), Decimal("25.00"), Decimal("112.50")]
