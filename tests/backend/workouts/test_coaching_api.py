"""The coaching API: plates, plate setup, warm-ups, RPE, scores, report and calories."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.models import User
from tests.backend.workouts.conftest import log

pytestmark = pytest.mark.django_db


# --- plates ---------------------------------------------------------------------------------


def test_it_loads_plates_for_anyone(api: APIClient) -> None:
    response = api.get("/api/plates/", {"weight": "142.5"})

    assert response.status_code == 200
    body = response.json()
    assert body["exact"]["per_side"] == [25.0, 25.0, 10.0, 1.25]
    assert body["below"] is None and body["setup"]["bar"] == 20.0


def test_it_reports_the_nearest_loadable_weights_and_takes_a_custom_setup(api: APIClient) -> None:
    nearest = api.get("/api/plates/", {"weight": "143"}).json()
    lb = api.get("/api/plates/", {"weight": "230", "unit": "lb"}).json()
    custom = api.get("/api/plates/", {"weight": "60", "plates": "25,20", "bar": "20"}).json()

    assert (nearest["below"]["total"], nearest["above"]["total"]) == (142.5, 145.0)
    assert lb["exact"]["per_side"] == [45.0, 45.0, 2.5]
    assert custom["exact"]["per_side"] == [20.0]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({}, "weight"),
        ({"weight": "-5"}, "weight"),
        ({"weight": "abc"}, "weight"),
        ({"weight": "100", "unit": "stone"}, "unit"),
        ({"weight": "100", "plates": "0"}, "plates"),
        ({"weight": "100", "bar": "2000"}, "bar"),
    ],
)
def test_it_answers_bad_plate_queries_with_field_errors(
    api: APIClient, query: dict[str, str], field: str
) -> None:
    response = api.get("/api/plates/", query)

    assert response.status_code == 400
    assert field in response.json()


def test_a_lifter_saves_a_plate_setup_the_calculator_then_uses(alice_api: APIClient) -> None:
    saved = alice_api.put(
        "/api/plate-setup/",
        {
            "unit": "kg",
            "bar": "15",
            "plates": ["20", "10", "5", "1.25"],
            "pairs": [2],
            "collar": "2.5",
        },
        format="json",
    )
    loaded = alice_api.get("/api/plates/", {"weight": "120"})

    assert saved.status_code == 200
    assert saved.json()["plates"][0] == {"weight": 20.0, "pairs": 2}
    assert alice_api.get("/api/plate-setup/").json()["bar"] == 15.0
    # 120 = 15 + 2 × 2.5 + 2 × 50: only two pairs of 20s, so 20 + 20 + 10
    assert loaded.json()["exact"]["per_side"] == [20.0, 20.0, 10.0]
    assert alice_api.delete("/api/plate-setup/").json()["bar"] == 20.0


def test_the_plate_setup_needs_an_account_and_valid_input(
    api: APIClient, alice_api: APIClient
) -> None:
    assert api.get("/api/plate-setup/").status_code in (401, 403)
    bad = alice_api.put(
        "/api/plate-setup/", {"unit": "kg", "bar": "20", "plates": ["-1"]}, format="json"
    )
    assert bad.status_code == 400 and "plates" in bad.json()


# --- warm-ups and RPE -----------------------------------------------------------------------


def test_it_gives_a_warmup_ramp(api: APIClient) -> None:
    body = api.get("/api/warmup/", {"weight": "100"}).json()

    assert [(s["weight"], s["reps"]) for s in body["sets"]] == [
        (20.0, 10),
        (40.0, 5),
        (60.0, 3),
        (80.0, 1),
    ]


def test_it_estimates_from_the_rpe_chart_and_gives_a_target(api: APIClient) -> None:
    body = api.get(
        "/api/rpe/", {"weight": "100", "reps": 5, "rpe": "8", "target_reps": 3, "target_rpe": "9"}
    ).json()
    by_rir = api.get("/api/rpe/", {"weight": "100", "reps": 5, "rir": "2"}).json()
    no_rpe = api.get("/api/rpe/", {"weight": "100", "reps": 5}).json()

    assert (body["method"], round(body["one_rm"], 1), body["percent_1rm"]) == (
        "rpe_chart",
        123.3,
        81.1,
    )
    assert round(body["target_weight"], 1) == 110.0
    assert by_rir["one_rm"] == body["one_rm"]
    assert (no_rpe["method"], no_rpe["formula"], no_rpe["one_rm"]) == ("formula", "brzycki", 112.5)


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"weight": "100", "reps": 5, "rpe": "8.3"}, "rpe"),
        ({"weight": "100", "reps": 5, "rpe": "11"}, "rpe"),
        ({"weight": "100", "reps": 0}, "reps"),
        ({"weight": "100", "reps": 5, "rpe": "8", "rir": "2"}, "rir"),
        ({"weight": "100", "reps": 5, "target_rpe": "9"}, "target_reps"),
    ],
)
def test_it_answers_bad_rpe_queries_with_field_errors(
    api: APIClient, query: dict[str, str], field: str
) -> None:
    response = api.get("/api/rpe/", query)

    assert response.status_code == 400
    assert field in response.json()


# --- scores ---------------------------------------------------------------------------------


def test_it_scores_a_total_for_anyone(api: APIClient) -> None:
    body = api.get(
        "/api/scores/",
        {
            "sex": "male",
            "bodyweight_kg": "93",
            "squat_kg": 180,
            "bench_kg": 120,
            "deadlift_kg": 220,
        },
    ).json()

    assert round(body["total"]["dots"], 1) == 330.9
    assert body["dots_percentile"]["weight_class_kg"] == 93
    assert [lift["lift"] for lift in body["lifts"]] == ["squat", "bench", "deadlift"]


def test_it_scores_a_signed_in_lifters_best_lifts(alice: User, alice_api: APIClient) -> None:
    log(alice, "squat", "180", 1)
    log(alice, "bench-press", "120", 1)

    body = alice_api.get("/api/scores/").json()

    assert body["bodyweight_kg"] == 80.0
    assert [lift["e1rm_kg"] for lift in body["lifts"]] == [180.0, 120.0]
    assert body["total"] is None
    # IPF GL has bench-only parameters, none for a squat alone
    squat, bench = body["lifts"]
    assert squat["ipf_gl"] is None and bench["ipf_gl"] > 0


def test_scores_say_what_is_missing(api: APIClient) -> None:
    response = api.get("/api/scores/")
    bad = api.get("/api/scores/", {"sex": "x"})

    assert response.status_code == 400
    assert {"sex", "bodyweight_kg", "squat_kg"} <= set(response.json())
    assert bad.status_code == 400 and "sex" in bad.json()


# --- report ---------------------------------------------------------------------------------


def test_the_report_names_the_lagging_lift(alice: User, alice_api: APIClient) -> None:
    log(alice, "squat", "140", 5)
    log(alice, "bench-press", "60", 5)
    log(alice, "deadlift", "180", 5)

    body = alice_api.get("/api/report/").json()

    assert [s["exercise"] for s in body["lagging"]] == ["bench-press"]
    assert body["lagging"][0]["kg_to_median"] > 0
    ratio = next(r for r in body["ratios"] if r["name"] == "squat_deadlift")
    assert (round(ratio["value"], 2), ratio["verdict"]) == (0.78, "ok")


def test_the_report_chart_is_a_png_once_a_lift_is_ranked(alice: User, alice_api: APIClient) -> None:
    assert alice_api.get("/api/report.png").status_code == 404
    log(alice, "squat", "140", 5)

    response = alice_api.get("/api/report.png", {"language": "ko"})

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_the_report_needs_an_account(api: APIClient) -> None:
    assert api.get("/api/report/").status_code in (401, 403)
    assert api.get("/api/report.png").status_code in (401, 403)


# --- calories -------------------------------------------------------------------------------


def test_it_computes_calories_for_anyone(api: APIClient) -> None:
    body = api.get(
        "/api/calories/",
        {"sex": "male", "age": 30, "height_cm": 180, "bodyweight_kg": 80, "activity": "sedentary"},
    ).json()

    assert (body["bmr_kcal"], body["tdee_kcal"], body["activity_factor"]) == (1780.0, 2136.0, 1.2)
    assert body["training_today_kcal"] is None


def test_it_fills_calories_from_the_profile_with_training(
    alice: User, alice_api: APIClient
) -> None:
    log(alice, "squat", "100", 5)
    log(alice, "squat", "100", 5, performed_at=timezone.now() - timedelta(days=3))

    body = alice_api.get("/api/calories/", {"height_cm": 180}).json()

    assert body["activity"] == "moderate"
    assert body["bmr_kcal"] == 10 * 80 + 6.25 * 180 - 5 * alice.age + 5
    assert 0 < body["training_today_kcal"] < body["training_week_kcal"]


def test_calories_name_the_missing_fields(api: APIClient) -> None:
    response = api.get("/api/calories/", {"activity": "lazy"})
    missing = api.get("/api/calories/", {"sex": "female"})

    assert response.status_code == 400 and "activity" in response.json()
    assert missing.status_code == 400 and {"age", "height_cm", "bodyweight_kg"} <= set(
        missing.json()
    )


def test_the_coaching_endpoints_are_in_the_schema(api: APIClient) -> None:
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()

    for path in ("plates", "plate-setup", "warmup", "rpe", "scores", "report", "calories"):
        assert f"/api/{path}/" in schema["paths"]
    assert "/api/report.png" in schema["paths"] and "/api/coaching-tables/" in schema["paths"]
