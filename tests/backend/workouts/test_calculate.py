from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.workouts import plausibility, services
from backend.workouts.api.serializers import ABOVE_CEILING
from backend.workouts.models import Exercise, WorkoutSet

pytestmark = pytest.mark.django_db
LEVELS = ["beginner", "novice", "intermediate", "advanced", "elite"]
QUERY = {
    "exercise": "bench-press",
    "sex": "male",
    "age": 30,
    "bodyweight_kg": 80,
    "weight_kg": 100,
    "reps": 5,
}


def test_it_calculates_a_lift_for_anyone(api: APIClient):
    body = api.get("/api/calculate/", QUERY).json()
    assert (body["one_rm_kg"], body["formula"], body["reliable"]) == (112.5, "brzycki", True)
    assert body["calories_kcal"] == 14.0
    assert 0 < body["percentile"] < 100
    assert body["level"] in LEVELS
    assert list(body["thresholds"]) == LEVELS
    assert body["next_level_kg"] == body["thresholds"][body["next_level"]]
    assert body["kg_to_next_level"] == pytest.approx(body["next_level_kg"] - 112.5, abs=0.05)


def test_it_ranks_a_heavier_lift_higher(api: APIClient):
    percentiles = [
        api.get("/api/calculate/", {**QUERY, "weight_kg": w}).json()["percentile"]
        for w in (40, 80, 120, 160)
    ]
    assert percentiles == sorted(percentiles)
    assert percentiles[0] < percentiles[-1]


def test_it_leaves_the_percentile_empty_for_an_exercise_without_standards(api: APIClient):
    body = api.get("/api/calculate/", {**QUERY, "exercise": "leg-curl"}).json()
    assert body["one_rm_kg"] == 112.5
    assert (body["percentile"], body["level"], body["thresholds"]) == (None, None, {})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"exercise": "nope"}, "exercise"),
        ({"sex": "x"}, "sex"),
        ({"age": 5}, "age"),
        ({"bodyweight_kg": 10}, "bodyweight_kg"),
        ({"weight_kg": "NaN"}, "weight_kg"),
        ({"weight_kg": -5}, "weight_kg"),
        ({"reps": 0}, "reps"),
    ],
)
def test_it_rejects_bad_parameters(api: APIClient, change: dict, field: str):
    response = api.get("/api/calculate/", {**QUERY, **change})
    assert response.status_code == 400
    assert field in response.json()


def test_it_ranks_logged_sets_when_the_profile_is_complete(alice: User, bob: User):
    bench = Exercise.objects.get(slug="bench-press")
    one = [services.SetInput(exercise=bench, weight_kg=Decimal(100), reps=5)]
    services.log_sets(user=alice, sets=one)
    services.log_sets(user=bob, sets=one)
    ranked = WorkoutSet.objects.get(user=alice)
    unranked = WorkoutSet.objects.get(user=bob)
    expected = services.lift_calculate(
        exercise=bench, sex="male", age=alice.age or 0, bodyweight_kg=80, weight_kg=100, reps=5
    )
    assert expected.ranking is not None
    assert ranked.percentile == Decimal(str(expected.ranking.percentile)).quantize(Decimal("0.01"))
    assert ranked.level == expected.ranking.level
    assert (unranked.percentile, unranked.level) == (None, "")


def _bench_ceiling() -> float:
    ceiling = plausibility.e1rm_ceiling_kg(exercise_slug="bench-press")
    assert ceiling is not None, "plausibility.e1rm_ceiling_kg gives bench-press no ceiling"
    return ceiling


def test_it_refuses_a_lift_above_any_recorded_one(api: APIClient):
    # given: a 1,000 kg bench, far above the ceiling
    assert _bench_ceiling() < 1000
    # when
    response = api.get("/api/calculate/", {**QUERY, "weight_kg": 1000, "reps": 1})
    # then
    assert response.status_code == 400
    assert response.json() == {"weight_kg": [ABOVE_CEILING]}


def test_it_ranks_a_lift_just_under_the_ceiling(api: APIClient):
    weight = min(int(_bench_ceiling()) - 1, 1000)
    response = api.get("/api/calculate/", {**QUERY, "weight_kg": weight, "reps": 1})
    assert response.status_code == 200, response.json()
    assert response.json()["one_rm_kg"] == weight


def test_it_gives_each_exercise_its_ceiling(api: APIClient):
    body = api.get("/api/exercises/", {"page_size": 500}).json()
    ceilings = {row["slug"]: row["e1rm_ceiling_kg"] for row in body["results"]}
    expected = {slug: plausibility.e1rm_ceiling_kg(exercise_slug=slug) for slug in ceilings}
    assert ceilings == expected
    assert "bench-press" in ceilings
