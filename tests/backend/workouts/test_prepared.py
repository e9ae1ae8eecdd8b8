"""`lifter_for_logging` (compiled once: `prepared.PreparedFirst`) reads what the ORM reads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.models import BodyweightEntry, PlateSetup

pytestmark = pytest.mark.django_db


def _orm(telegram_id: int) -> User | None:
    return services._lifter_for_logging_query(telegram_id=telegram_id, now=timezone.now()).first()


def test_it_reads_the_lifter_as_the_orm_does_with_related_rows_and_annotations() -> None:
    user = User.objects.create_user(None, telegram_id=4242, sex="male", bodyweight_kg=Decimal(80))
    now = timezone.now()
    BodyweightEntry.objects.create(user=user, weight_kg=Decimal("81.5"), measured_at=now)
    BodyweightEntry.objects.create(
        user=user, weight_kg=Decimal("99.0"), measured_at=now + timedelta(days=2)
    )
    PlateSetup.objects.create(user=user, unit="kg", bar=Decimal(20), plates=[25, 10, 5])
    for telegram_id in (4242, 4242):  # compiled on the first call, reused on the second
        with CaptureQueriesContext(connection) as queries:
            fast = services.lifter_for_logging(telegram_id)
        assert len(queries) == 1
        slow = _orm(telegram_id)
        assert fast is not None and slow is not None
        fields = [f.attname for f in User._meta.concrete_fields]
        assert [getattr(fast, f) for f in fields] == [getattr(slow, f) for f in fields]
        assert getattr(fast, services.LATEST_BODYWEIGHT) == Decimal("81.5")
        assert getattr(fast, services.LATEST_SET_AT) is None
        with CaptureQueriesContext(connection) as queries:
            assert fast.plate_setup.plates == [25, 10, 5]
            assert not hasattr(fast, "enrollment")
        assert len(queries) == 0


def test_it_finds_nobody_for_an_unknown_telegram_id() -> None:
    assert services.lifter_for_logging(31337) is None


def test_prepared_rows_are_the_orm_rows_with_the_same_values() -> None:
    user = User.objects.create_user(None, telegram_id=4343)
    bench = services.exercise_by_slug(slug="bench-press")
    squat = services.exercise_by_slug(slug="squat")
    assert bench is not None and squat is not None
    sets = [(bench, "100", 5), (bench, "105", 5), (bench, "90", 8), (squat, "140", 3)]
    services.log_sets(
        user=user,
        sets=[services.SetInput(exercise=e, weight_kg=Decimal(w), reps=r) for e, w, r in sets],
    )
    for exercise in (bench, squat):
        fast = services._bests_of_one.rows(user_id=user.pk, exercise_id=exercise.pk)
        slow = list(services._bests_query(user_id=user.pk, exercise_ids=[exercise.pk]))
        assert sorted(fast) == sorted(slow) and len(fast) == (2 if exercise == bench else 1)
    assert sorted(services._bests_of_one.rows(user_id=user.pk, exercise_id=bench.pk)) == [
        (bench.pk, 5, Decimal("105.00"), Decimal("118.13")),
        (bench.pk, 8, Decimal("90.00"), Decimal("111.72")),
    ]


def test_the_column_converters_are_found_once_not_per_call(monkeypatch) -> None:
    from django.db.models.sql.compiler import SQLCompiler

    User.objects.create_user(None, telegram_id=4444, bodyweight_kg=Decimal(80))
    services.lifter_for_logging(4444)  # compiled here unless an earlier test did
    found = []
    original = SQLCompiler.get_converters
    monkeypatch.setattr(
        SQLCompiler, "get_converters", lambda self, e: found.append(e) or original(self, e)
    )
    user = services.lifter_for_logging(4444)
    assert user is not None and user.bodyweight_kg == Decimal(80) and user.is_active is True
    assert found == []
