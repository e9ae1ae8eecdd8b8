import io
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.models import BodyweightEntry, Exercise, WorkoutSet
from tests.backend.workouts.conftest import a_set, exercise

pytestmark = pytest.mark.django_db(transaction=False)


def test_it_seeds_every_exercise_with_standards():
    with_standards = set(Exercise.objects.exclude(standards="").values_list("slug", flat=True))
    assert len(with_standards) == 32
    assert {"smith-machine-squat", "pull-ups", "dips", "push-ups", "squat"} <= with_standards


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("ohp", "shoulder-press"),
        ("DL", "deadlift"),
        ("rdl", "romanian-deadlift"),
        ("Bench Press", "bench-press"),
        ("bench-press", "bench-press"),
        ("squats", "squat"),
        ("스쿼트", "squat"),
        ("벤치프레스", "bench-press"),
        ("데드리프트", "deadlift"),
        ("pullups", "pull-ups"),
    ],
)
def test_it_resolves_aliases(text: str, slug: str):
    resolved = services.exercise_resolve(text=text)
    assert resolved is not None
    assert resolved.slug == slug


def test_it_resolves_nothing_for_an_unknown_name():
    assert services.exercise_resolve(text="underwater basket weaving") is None


def test_it_logs_a_set_with_its_numbers(alice: User):
    result = services.log_sets(user=alice, sets=[a_set("bench-press", "100", 5)])
    (stored,) = WorkoutSet.objects.filter(user=alice)
    assert result.created is True
    assert stored.e1rm_kg == Decimal("112.50")
    assert stored.bodyweight_kg == Decimal("80.0")
    assert stored.calories_kcal == Decimal("14.00")  # 6 MET × 80 kg × 105 s


def test_it_computes_the_e1rm_of_bodyweight_exercises_on_the_effective_load(alice: User):
    services.log_sets(user=alice, sets=[a_set("pull-ups", "20", 5), a_set("dips", "-15", 6)])
    pull_up = WorkoutSet.objects.get(exercise__slug="pull-ups")
    dip = WorkoutSet.objects.get(exercise__slug="dips")
    # (80 + 20) × 36/32 = 112.5 ; (80 − 15) × 36/31 = 75.48: the load moved, never negative
    assert (pull_up.e1rm_kg, dip.e1rm_kg) == (Decimal("112.50"), Decimal("75.48"))
    assert (pull_up.weight_kg, dip.weight_kg) == (Decimal("20.00"), Decimal("-15.00"))


def test_it_stamps_the_bodyweight_recorded_at_the_time(alice: User):
    now = timezone.now()
    BodyweightEntry.objects.create(
        user=alice, weight_kg=Decimal(90), measured_at=now - timedelta(days=30)
    )
    BodyweightEntry.objects.create(
        user=alice, weight_kg=Decimal(85), measured_at=now - timedelta(days=10)
    )
    services.log_sets(
        user=alice,
        sets=[
            a_set("squat", "100", 5, performed_at=now - timedelta(days=40)),
            a_set("squat", "100", 5, performed_at=now - timedelta(days=20)),
            a_set("squat", "100", 5, performed_at=now - timedelta(days=1)),
        ],
    )
    stamped = list(
        WorkoutSet.objects.order_by("performed_at").values_list("bodyweight_kg", flat=True)
    )
    assert stamped == [Decimal("80.0"), Decimal("90.0"), Decimal("85.0")]


def test_it_is_idempotent_on_the_client_key(alice: User):
    first = services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key="k1")])
    again = services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key="k1")])
    assert (first.created, again.created) == (True, False)
    assert again.sets[0].pk == first.sets[0].pk
    assert WorkoutSet.objects.filter(user=alice).count() == 1


def test_it_stores_only_the_new_sets_of_a_partly_replayed_batch(alice: User):
    services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key="k1")])
    again = services.log_sets(
        user=alice,
        sets=[
            a_set("squat", "140", 3, idempotency_key="k1"),
            a_set("squat", "145", 3, idempotency_key="k2"),
        ],
    )
    assert again.created is True
    assert [ws.weight_kg for ws in again.sets] == [Decimal("140.00"), Decimal("145")]
    assert WorkoutSet.objects.filter(user=alice).count() == 2


def test_it_scopes_keys_to_the_user(alice: User, bob: User):
    services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key="same")])
    services.log_sets(user=bob, sets=[a_set("squat", "60", 3, idempotency_key="same")])
    assert WorkoutSet.objects.count() == 2


def log_a_batch_the_database_rejects(alice: User) -> None:
    """A stored squat, then a batch whose third set repeats the second one's key."""
    services.log_sets(user=alice, sets=[a_set("squat", "100", 5)])
    batch = [
        a_set("squat", "100", 5, idempotency_key="fresh"),
        a_set("bench-press", "60", 5, idempotency_key="twice"),
        a_set("deadlift", "140", 5, idempotency_key="twice"),
    ]
    with pytest.raises(IntegrityError):
        services.log_sets(user=alice, sets=batch)


def test_it_stores_nothing_when_the_database_rejects_a_later_set_of_a_batch(alice: User):
    # inside a caller's transaction (the test's): the batch must roll back to its savepoint
    log_a_batch_the_database_rejects(alice)
    stored = WorkoutSet.objects.filter(user=alice).values_list("exercise__slug", "idempotency_key")
    assert list(stored) == [("squat", None)]


@pytest.mark.django_db(transaction=True)
def test_it_stores_nothing_of_a_rejected_batch_in_autocommit(alice: User):
    # as the API and the bot call it: no outer transaction (the flushed tables are reseeded)
    call_command("seed_exercises", stdout=io.StringIO())
    log_a_batch_the_database_rejects(alice)
    stored = WorkoutSet.objects.filter(user=alice).values_list("exercise__slug", "idempotency_key")
    assert list(stored) == [("squat", None)]


@pytest.mark.django_db(transaction=True)
def test_one_set_in_autocommit_is_one_insert_and_its_replay_is_found(alice: User):
    # a chat message's one set: no transaction around its INSERT; a replayed key fails it and
    # the retry (keys looked up, in a transaction) returns the stored set
    call_command("seed_exercises", stdout=io.StringIO())
    key = services.chat_key(update_id=77, part=0)
    with CaptureQueriesContext(connection) as queries:
        first = services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key=key)])
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    assert "INSERT" in statements and not {"BEGIN", "COMMIT", "SAVEPOINT"} & set(statements)
    again = services.log_sets(user=alice, sets=[a_set("squat", "140", 3, idempotency_key=key)])
    assert (first.created, again.created) == (True, False)
    assert [ws.pk for ws in again.sets] == [first.sets[0].pk] and first.sets[0].pk is not None
    stored = WorkoutSet.objects.get(user=alice)
    assert (stored.weight_kg, stored.e1rm_kg, stored.idempotency_key) == (
        Decimal("140.00"),
        first.sets[0].e1rm_kg,
        key,
    )


def test_it_detects_prs_against_earlier_sets_and_within_the_batch(alice: User):
    services.log_sets(user=alice, sets=[a_set("deadlift", "180", 5)])
    result = services.log_sets(
        user=alice,
        sets=[
            a_set("deadlift", "170", 5),
            a_set("deadlift", "190", 5),
            a_set("deadlift", "200", 5),
        ],
    )
    actual = [(pr.kind, pr.workout_set.weight_kg, pr.previous) for pr in result.prs]
    assert actual == [
        ("e1rm", Decimal("190"), Decimal("202.50")),
        ("weight_at_reps", Decimal("190"), Decimal("180.00")),
        ("e1rm", Decimal("200"), Decimal("213.75")),
        ("weight_at_reps", Decimal("200"), Decimal("190")),
    ]


def test_it_calls_a_first_set_no_pr(alice: User):
    assert services.log_sets(user=alice, sets=[a_set("squat", "100", 5)]).prs == []


def test_it_records_bodyweight_and_updates_the_profile(alice: User):
    services.bodyweight_record(user=alice, weight_kg=Decimal("82.5"))
    services.bodyweight_record(
        user=alice, weight_kg=Decimal("70"), measured_at=timezone.now() - timedelta(days=300)
    )
    alice.refresh_from_db()
    assert alice.bodyweight_kg == Decimal("82.5")
    assert BodyweightEntry.objects.filter(user=alice).count() == 2


def test_it_aggregates_stats_per_day_and_week_in_the_users_timezone(alice: User):
    alice.timezone = "Asia/Seoul"
    alice.save()
    seoul = ZoneInfo("Asia/Seoul")
    now = datetime(2026, 11, 27, 12, 0, tzinfo=seoul)
    services.log_sets(
        user=alice,
        sets=[
            # 23:30 and 00:30 the next day in Seoul: two different local days
            a_set("squat", "100", 5, performed_at=datetime(2026, 11, 24, 23, 30, tzinfo=seoul)),
            a_set("squat", "110", 5, performed_at=datetime(2026, 11, 25, 0, 30, tzinfo=seoul)),
            a_set("squat", "120", 3, performed_at=datetime(2026, 11, 25, 1, 0, tzinfo=seoul)),
            a_set("squat", "90", 5, performed_at=datetime(2026, 9, 1, 12, 0, tzinfo=seoul)),
        ],
    )
    stats = services.exercise_stats(user=alice, exercise=exercise("squat"), period="1m", now=now)
    assert stats["set_count"] == 3
    assert stats["volume_kg"] == Decimal(100 * 5 + 110 * 5 + 120 * 3)
    assert [(d["day"].isoformat(), d["best_e1rm_kg"], d["set_count"]) for d in stats["daily"]] == [
        ("2026-11-24", Decimal("112.50"), 1),
        ("2026-11-25", Decimal("127.06"), 2),
    ]
    assert [(w["week"].isoformat(), w["set_count"]) for w in stats["weekly"]] == [("2026-11-23", 3)]
    six_months = services.exercise_stats(
        user=alice, exercise=exercise("squat"), period="6m", now=now
    )
    assert six_months["set_count"] == 4


def test_it_rejects_an_unknown_period(alice: User):
    with pytest.raises(ValueError, match="1m"):
        services.exercise_stats(user=alice, exercise=exercise("squat"), period="2y")


def test_it_lists_personal_records(alice: User):
    services.log_sets(
        user=alice,
        sets=[a_set("squat", "100", 5), a_set("squat", "120", 1), a_set("squat", "105", 5)],
    )
    (record,) = services.personal_records(user=alice)
    assert record["exercise"] == "squat"
    assert record["heaviest_kg"] == Decimal("120")
    assert record["best_e1rm_kg"] == Decimal("120.00")
    assert record["rep_maxes"] == [
        {"reps": 1, "weight_kg": Decimal("120")},
        {"reps": 5, "weight_kg": Decimal("105")},
    ]


def test_it_recomputes_numbers_when_a_set_is_edited(alice: User):
    (stored,) = services.log_sets(user=alice, sets=[a_set("squat", "100", 5)]).sets
    services.workout_set_update(workout_set=stored, changes={"weight_kg": Decimal("120")})
    stored.refresh_from_db()
    assert stored.e1rm_kg == Decimal("135.00")


def test_it_keeps_a_set_the_model_cannot_rank(alice: User):
    alice.birth_date = timezone.localdate()  # age 0: outside anything the model knows
    alice.save()
    result = services.log_sets(
        user=alice, sets=[a_set("pull-ups", "-200", 5), a_set("bench-press", "100", 5)]
    )
    assert [ws.pk is not None for ws in result.sets] == [True, True]
    assert WorkoutSet.objects.filter(user=alice).count() == 2


@pytest.mark.parametrize("earlier_sets", [0, 30])
def test_it_logs_in_a_fixed_number_of_queries(
    alice: User, django_assert_max_num_queries, earlier_sets: int
):
    for i in range(earlier_sets):
        services.log_sets(user=alice, sets=[a_set("squat", str(60 + i), 1 + i % 8)])
    batch = [a_set("squat", "100", 5, idempotency_key="k1"), a_set("squat", "102.5", 3)]
    # savepoint + bodyweight + PR bests + insert + release
    with django_assert_max_num_queries(5):
        services.log_sets(user=alice, sets=batch)
