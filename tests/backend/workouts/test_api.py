from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.api.views import WorkoutSetViewSet
from backend.workouts.models import BodyweightEntry, Exercise, WorkoutSet
from tests.backend.workouts.conftest import log

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


# --- exercises --------------------------------------------------------------------------------


def test_it_lists_exercises_to_anyone(api: APIClient):
    response = api.get("/api/exercises/", {"page_size": 100})
    assert response.status_code == 200
    assert response["X-Total-Count"] == str(Exercise.objects.count())
    slugs = {row["slug"] for row in response.json()["results"]}
    while response.json()["next"]:  # the catalogue has several pages of 100
        response = api.get(response.json()["next"])
        slugs |= {row["slug"] for row in response.json()["results"]}
    assert len(slugs) == Exercise.objects.count()
    assert {"squat", "bench-press", "deadlift", "hack-squat"} <= slugs


@pytest.mark.parametrize(
    ("term", "slug"), [("ohp", "shoulder-press"), ("스쿼트", "squat"), ("rdl", "romanian-deadlift")]
)
def test_it_searches_exercises_by_alias(api: APIClient, term: str, slug: str):
    response = api.get("/api/exercises/", {"search": term})
    assert slug in [row["slug"] for row in response.json()["results"]]


def test_it_serves_one_exercise_by_slug(api: APIClient):
    response = api.get("/api/exercises/bench-press/")
    assert response.json()["name"] == "Bench Press"
    assert "bench" in response.json()["aliases"]


def test_it_serves_the_equipment_and_primary_muscles_of_an_exercise(api: APIClient):
    body = api.get("/api/exercises/cable-lateral-raise/").json()
    cable = api.get("/api/exercises/", {"equipment": "cable", "page_size": 500}).json()
    glutes = api.get("/api/exercises/", {"muscle": "glutes", "page_size": 500}).json()

    assert (body["equipment"], body["load_type"], body["primary_muscles"]) == (
        "cable",
        "machine",
        ["shoulders"],
    )
    assert cable["count"] > 10
    assert {row["equipment"] for row in cable["results"]} == {"cable"}
    assert "hip-thrust" in {row["slug"] for row in glutes["results"]}
    assert all("glutes" in row["primary_muscles"] for row in glutes["results"])


# --- sets: the happy path --------------------------------------------------------------------


def test_it_logs_a_set_and_reads_it_back_with_its_numbers(alice_api: APIClient):
    created = alice_api.post("/api/sets/", {"exercise": "bench-press", "weight_kg": 100, "reps": 5})
    assert created.status_code == 201
    body = alice_api.get(f"/api/sets/{created.json()['id']}/").json()
    assert (body["e1rm_kg"], body["calories_kcal"], body["bodyweight_kg"]) == (112.5, 14.0, 80.0)


def test_it_logs_a_list_of_sets_in_one_request(alice_api: APIClient, alice: User):
    payload = [{"exercise": "squat", "weight_kg": 100 + i, "reps": 5} for i in range(3)]
    response = alice_api.post("/api/sets/", payload)
    assert response.status_code == 201
    assert [row["weight_kg"] for row in response.json()] == [100, 101, 102]
    assert WorkoutSet.objects.filter(user=alice).count() == 3


def test_it_answers_a_replayed_key_with_the_stored_set(alice_api: APIClient, alice: User):
    payload = {"exercise": "squat", "weight_kg": 100, "reps": 5, "idempotency_key": "abc"}
    first = alice_api.post("/api/sets/", payload)
    again = alice_api.post("/api/sets/", payload)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert WorkoutSet.objects.filter(user=alice).count() == 1


def test_it_recomputes_numbers_on_edit(alice_api: APIClient, alice: User):
    stored = log(alice)
    response = alice_api.patch(f"/api/sets/{stored.pk}/", {"weight_kg": 120})
    assert response.status_code == 200
    assert response.json()["e1rm_kg"] == 135.0


def test_it_filters_sets_by_exercise_and_date(alice_api: APIClient, alice: User):
    log(alice, "squat")
    log(alice, "bench-press")
    old = log(alice, "squat")
    old.performed_at = timezone.now() - timedelta(days=40)
    old.save()
    since = (timezone.now() - timedelta(days=7)).isoformat()
    response = alice_api.get("/api/sets/", {"exercise": "squat", "performed_after": since})
    assert [row["exercise"] for row in response.json()["results"]] == ["squat"]


def test_it_serves_stats_and_prs(alice_api: APIClient, alice: User):
    log(alice, "squat", "100", 5)
    log(alice, "squat", "120", 1)
    stats = alice_api.get("/api/stats/squat/", {"period": "3m"}).json()
    assert (stats["set_count"], stats["best_e1rm_kg"]) == (2, 120.0)
    prs = alice_api.get("/api/prs/", {"exercise": "squat"}).json()
    assert prs[0]["heaviest_kg"] == 120.0


def test_it_rejects_an_unknown_period(alice_api: APIClient):
    response = alice_api.get("/api/stats/squat/", {"period": "1y"})
    assert response.status_code == 400
    assert "period" in response.json()


def test_it_records_bodyweight_and_updates_the_profile(alice_api: APIClient, alice: User):
    response = alice_api.post("/api/bodyweight/", {"weight_kg": 82.5})
    assert response.status_code == 201
    alice.refresh_from_db()
    assert alice.bodyweight_kg == Decimal("82.5")


# --- permissions ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["owner", "other", "anonymous", "staff"])
@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_it_lets_only_the_owner_touch_a_set(
    who: str, method: str, alice: User, bob: User, staff: User
):
    stored = log(alice)
    user = {"owner": alice, "other": bob, "anonymous": None, "staff": staff}[who]
    kwargs = {"data": {"reps": 3}} if method == "patch" else {}
    response = getattr(client_for(user), method)(f"/api/sets/{stored.pk}/", **kwargs)
    expected = {
        "owner": {"get": 200, "patch": 200, "delete": 204}[method],
        "other": 404,
        "anonymous": 401,
        "staff": 404,
    }[who]
    assert response.status_code == expected
    assert WorkoutSet.objects.filter(pk=stored.pk).exists() == (
        not (who == "owner" and method == "delete")
    )


@pytest.mark.parametrize("who", ["other", "staff"])
def test_it_lists_only_ones_own_sets(who: str, alice: User, bob: User, staff: User):
    log(alice)
    user = {"other": bob, "staff": staff}[who]
    assert client_for(user).get("/api/sets/").json()["count"] == 0


@pytest.mark.parametrize(
    "path", ["/api/sets/", "/api/bodyweight/", "/api/stats/squat/", "/api/prs/"]
)
def test_it_asks_anonymous_users_to_log_in(api: APIClient, path: str):
    assert api.get(path).status_code == 401


def test_it_hides_another_users_bodyweight(alice: User, bob: User):
    entry = BodyweightEntry.objects.create(user=alice, weight_kg=Decimal(80))
    assert client_for(bob).get(f"/api/bodyweight/{entry.pk}/").status_code == 404


# --- bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weight_kg": -1}, "weight_kg"),
        ({"weight_kg": 1000.01}, "weight_kg"),
        ({"weight_kg": "NaN"}, "weight_kg"),
        ({"weight_kg": "Infinity"}, "weight_kg"),
        ({"weight_kg": "heavy"}, "weight_kg"),
        ({"weight_kg": 100.123}, "weight_kg"),
        ({"weight_kg": None}, "weight_kg"),
        ({"reps": 0}, "reps"),
        ({"reps": 101}, "reps"),
        ({"reps": 5.5}, "reps"),
        ({"reps": "five"}, "reps"),
        ({"rpe": 0.5}, "rpe"),
        ({"rpe": 10.5}, "rpe"),
        ({"rpe": 7.3}, "rpe"),
        ({"rpe": 8.25}, "rpe"),
        ({"exercise": "underwater-basket-weaving"}, "exercise"),
        ({"performed_at": "2999-01-01T00:00:00Z"}, "performed_at"),
        ({"performed_at": "yesterday"}, "performed_at"),
    ],
)
def test_it_rejects_bad_sets_with_field_errors(
    alice_api: APIClient, alice: User, change: dict, field: str
):
    payload = {"exercise": "squat", "weight_kg": 100, "reps": 5, **change}
    response = alice_api.post("/api/sets/", payload)
    assert response.status_code == 400
    assert field in response.json()
    assert WorkoutSet.objects.filter(user=alice).count() == 0


@pytest.mark.parametrize(
    ("weight", "status"), [(-200, 201), (300, 201), (-200.5, 400), (300.5, 400)]
)
def test_it_bounds_added_weight_for_bodyweight_exercises(
    alice_api: APIClient, weight: float, status: int
):
    response = alice_api.post(
        "/api/sets/", {"exercise": "pull-ups", "weight_kg": weight, "reps": 5, "confirm": True}
    )
    assert response.status_code == status


def test_it_accepts_a_set_a_few_hours_ahead_for_time_zones(alice_api: APIClient):
    soon = (timezone.now() + timedelta(hours=20)).isoformat()
    response = alice_api.post(
        "/api/sets/", {"exercise": "squat", "weight_kg": 100, "reps": 5, "performed_at": soon}
    )
    assert response.status_code == 201


def test_it_rejects_a_whole_list_when_one_set_is_bad(alice_api: APIClient, alice: User):
    payload = [
        {"exercise": "squat", "weight_kg": 100, "reps": 5},
        {"exercise": "squat", "weight_kg": 100, "reps": 0},
    ]
    response = alice_api.post("/api/sets/", payload)
    assert response.status_code == 400
    assert response.json() == {"1": {"reps": ["Ensure this value is greater than or equal to 1."]}}
    assert WorkoutSet.objects.filter(user=alice).count() == 0


def test_it_rejects_malformed_json(alice_api: APIClient):
    response = alice_api.post("/api/sets/", "{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.parametrize("weight", [19.9, 400.1, "NaN"])
def test_it_rejects_implausible_bodyweights(alice_api: APIClient, weight: object):
    response = alice_api.post("/api/bodyweight/", {"weight_kg": weight})
    assert response.status_code == 400
    assert "weight_kg" in response.json()


# --- query counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [1, 25])
def test_it_lists_sets_in_a_constant_number_of_queries(
    alice_api: APIClient, alice: User, django_assert_num_queries, rows: int
):
    for i in range(rows):
        log(alice, ["squat", "bench-press", "deadlift"][i % 3])
    # count + page (exercise joined)
    with django_assert_num_queries(2):
        assert alice_api.get("/api/sets/").status_code == 200


@pytest.mark.parametrize("rows", [3, 60])
def test_it_logs_a_list_of_sets_in_a_constant_number_of_queries(
    alice_api: APIClient, django_assert_max_num_queries, rows: int
):
    slugs = ("squat", "bench-press", "deadlift")
    payload = [{"exercise": slugs[i % 3], "weight_kg": 100, "reps": 5} for i in range(rows)]
    # (catalogue exercises from the process's copy: the copy's 2 queries at most)
    # savepoint + PR and plausibility bests + bodyweight + insert + release
    with django_assert_max_num_queries(7):
        assert alice_api.post("/api/sets/", payload).status_code == 201


def cookie_client(user: User) -> tuple[APIClient, dict[str, str]]:
    """A client logged in as the web app is (JWT cookie), with its CSRF header."""
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/auth/csrf/").json()["detail"]
    login = {"email": user.email, "password": "correct horse battery"}
    assert client.post("/api/auth/login/", login, HTTP_X_CSRFTOKEN=token).status_code == 200
    return client, {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_a_set_logged_with_the_cookie_reads_the_bodyweight_with_the_lifter(
    alice: User, django_assert_num_queries
):
    now = timezone.now()
    services.bodyweight_record(user=alice, weight_kg=Decimal("82.0"), measured_at=now)
    # a weigh-in later than now (a lifter a day ahead) is not yet the bodyweight of this set
    services.bodyweight_record(
        user=alice, weight_kg=Decimal("90.0"), measured_at=now + timedelta(hours=12)
    )
    client, csrf = cookie_client(alice)
    body = {"exercise": "squat", "weight_kg": 100, "reps": 5}
    assert client.post("/api/sets/", body, **csrf).status_code == 201  # the catalogue is read
    # the lifter with their bodyweight + savepoint + PR and plausibility bests + insert + release
    with django_assert_num_queries(5):
        response = client.post("/api/sets/", body, **csrf)
    assert (response.status_code, response.json()["bodyweight_kg"]) == (201, 82.0)


@pytest.mark.parametrize("rows", [1, 20])
def test_it_lists_bodyweights_in_a_constant_number_of_queries(
    alice_api: APIClient, alice: User, django_assert_num_queries, rows: int
):
    for i in range(rows):
        BodyweightEntry.objects.create(user=alice, weight_kg=Decimal(80 + i))
    with django_assert_num_queries(2):
        assert alice_api.get("/api/bodyweight/").status_code == 200


def test_it_lists_exercises_in_a_constant_number_of_queries(
    api: APIClient, django_assert_num_queries
):
    # count + page + aliases prefetch, whatever the number of exercises
    with django_assert_num_queries(3):
        assert api.get("/api/exercises/", {"page_size": 500}).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_it_serves_stats_and_prs_in_a_constant_number_of_queries(
    alice_api: APIClient, alice: User, django_assert_num_queries, rows: int
):
    for i in range(rows):
        log(alice, "squat", str(100 + i), 1 + i % 5)
    with django_assert_num_queries(4):  # exercise + totals + daily + weekly
        alice_api.get("/api/stats/squat/")
    with django_assert_num_queries(2):  # bests + rep maxes
        alice_api.get("/api/prs/")


def test_it_publishes_an_openapi_schema(api: APIClient):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {
        "/api/sets/",
        "/api/exercises/",
        "/api/stats/{slug}/",
        "/api/prs/",
        "/api/bodyweight/",
    } <= set(paths)


# --- plausibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"exercise": "bench-press", "weight_kg": 5, "reps": 100},
            "reps",
            "5 kg × 100 on Bench Press is a lot of reps for a loaded lift. "
            'Did you mean 100 kg × 5? Send "confirm": true to store it as given.',
        ),
        (
            {"exercise": "squat", "weight_kg": 0, "reps": 5},
            "weight_kg",
            '0 kg × 5 on Squat is hardly any load. Send "confirm": true to store it as given.',
        ),
        (
            {"exercise": "bench-press", "weight_kg": 1000, "reps": 5},
            "weight_kg",
            "1000 kg × 5 on Bench Press is beyond what the strength standards expect. "
            'Did you mean 100 kg × 5? Send "confirm": true to store it as given.',
        ),
    ],
)
def test_it_refuses_an_implausible_set_unless_confirmed(
    alice_api: APIClient, alice: User, payload: dict, field: str, message: str
):
    refused = alice_api.post("/api/sets/", payload)
    assert refused.status_code == 400
    assert refused.json() == {field: [message]}
    assert WorkoutSet.objects.filter(user=alice).count() == 0

    confirmed = alice_api.post("/api/sets/", {**payload, "confirm": True})
    assert confirmed.status_code == 201
    assert "confirm" not in confirmed.json()
    assert WorkoutSet.objects.filter(user=alice).count() == 1


def test_it_refuses_a_set_far_above_the_lifters_history(alice_api: APIClient, alice: User):
    log(alice, "bench-press", "100", 5)
    response = alice_api.post(
        "/api/sets/", [{"exercise": "bench-press", "weight_kg": 500, "reps": 5}]
    )
    assert response.status_code == 400
    assert response.json() == {
        "0": {
            "weight_kg": [
                "500 kg × 5 on Bench Press is far above your best (e1RM 112.5 kg). "
                'Did you mean 50 kg × 5? Send "confirm": true to store it as given.'
            ]
        }
    }


def test_it_documents_confirm_in_the_schema(api: APIClient):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    field = schema["components"]["schemas"]["WorkoutSetRequest"]["properties"]["confirm"]
    assert field["type"] == "boolean"
    assert "plausibility" in field["description"]


def test_a_correction_goes_through_the_same_plausibility_check(alice_api: APIClient, alice: User):
    log(alice, "bench-press", "100")
    typo = log(alice, "bench-press", "500")  # stored as given (as if confirmed)

    doubted = alice_api.patch(f"/api/sets/{typo.pk}/", {"weight_kg": 1000})
    corrected = alice_api.patch(f"/api/sets/{typo.pk}/", {"weight_kg": 50})  # not vs. itself

    assert doubted.status_code == 400
    assert doubted.json()["weight_kg"][0].startswith("1000 kg × 5 on Bench Press")
    assert (corrected.status_code, corrected.json()["weight_kg"]) == (200, 50.0)


class FullSerializerSets(WorkoutSetViewSet):
    """The sets list as DRF writes it: a model instance per row through `WorkoutSetSerializer`."""

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return mixins.ListModelMixin.list(self, request, *args, **kwargs)


def varied_sets(alice: User) -> None:
    """Sets with what a row can differ in: RPE or none, a bodyweight exercise (no load, assisted),
    an own exercise with a Korean name, a warm-up, an idempotency key, a timestamp with and one
    without microseconds, hundredths of a kilo, no bodyweight."""
    made = client_for(alice).post("/api/exercises/", {"name": "스쿼트 변형"}, format="json")
    own = Exercise.objects.get(slug=made.json()["slug"])
    whole_second = (timezone.now() - timedelta(days=3)).replace(microsecond=0)
    log(alice, "squat", "102.5", 5)
    log(alice, "bench-press", "62.25", 8, rpe=Decimal("8.5"), idempotency_key="k-1")
    log(alice, "pull-ups", "0", 8)
    log(alice, "pull-ups", "-20", 5, performed_at=whole_second)
    log(alice, "deadlift", "60", 3, is_warmup=True, performed_at=whole_second)
    log(alice, own, "40", 12, rpe=Decimal(10))
    alice.bodyweight_kg = None
    alice.save(update_fields=["bodyweight_kg"])
    for days in range(1, 8):
        log(
            alice,
            ["squat", "deadlift"][days % 2],
            90 + days,
            days,
            performed_at=timezone.now() - timedelta(days=days, hours=days),
        )


LIST_QUERIES: list[dict[str, object]] = [
    {},
    {"page_size": 4},
    {"page_size": 4, "page": 2},
    {"page_size": 4, "page": "last"},
    {"page": 2},
    {"page": 0},
    {"page": "two"},
    {"exercise": "pull-ups"},
    {"exercise": "no-such-lift"},
    {"ordering": "e1rm_kg"},
    {"ordering": "-weight_kg", "page_size": 3, "page": 3},
    {"performed_after": (timezone.now() - timedelta(days=4)).isoformat()},
    {"performed_before": "2000-01-01T00:00:00Z"},
    {"performed_after": "1800-01-01T00:00:00Z"},
]


@pytest.mark.parametrize(("zone", "units"), [("UTC", "kg"), ("Asia/Seoul", "lb")])
def test_a_page_of_sets_is_what_the_serializer_writes(
    alice: User, bob: User, zone: str, units: str
) -> None:
    """The list is built from `.values_list()`: the body (page, total, links, each row as the
    serializer writes it) and the total header are DRF's own, whatever the filter, order, page,
    lifter's units or current time zone."""
    varied_sets(alice)
    log(bob)
    alice.units = units
    alice.save(update_fields=["units"])
    e1rms = WorkoutSet.objects.filter(user=alice).values_list("e1rm_kg", flat=True)
    assert len(set(e1rms)) == len(e1rms)  # (an order by e1RM has no ties)
    for query in LIST_QUERIES:
        request = APIRequestFactory().get("/api/sets/", query)
        force_authenticate(request, alice)
        with timezone.override(zone):
            response = client_for(alice).get("/api/sets/", query)
            expected = FullSerializerSets.as_view({"get": "list"})(request).render()
        assert (response.status_code, response.content) == (
            expected.status_code,
            expected.content,
        ), query
        assert response.get("X-Total-Count") == expected.get("X-Total-Count"), query
    assert client_for(alice).get("/api/sets/").json()["count"] == 13  # (the sets are listed)


def test_a_warm_up_logged_through_the_api_is_stored_as_one_and_never_ranked(
    alice_api: APIClient,
) -> None:
    client = alice_api
    client.post("/api/sets/", {"exercise": "squat", "weight_kg": 140, "reps": 5}, format="json")

    response = client.post(
        "/api/sets/",
        {"exercise": "squat", "weight_kg": 60, "reps": 5, "is_warmup": True},
        format="json",
    )

    assert response.status_code == 201, response.data
    assert (response.data["is_warmup"], response.data["percentile"]) == (True, None)
    stored = WorkoutSet.objects.get(pk=response.data["id"])
    assert stored.is_warmup and stored.level == ""
    # and a set cannot become a warm-up afterwards (it would have to be ranked again)
    edit = client.patch(f"/api/sets/{stored.pk}/", {"is_warmup": False}, format="json")
    assert edit.status_code == 400
    assert "is_warmup" in edit.data
    assert WorkoutSet.objects.get(pk=stored.pk).is_warmup


@pytest.mark.parametrize("method", ["put", "patch"])
@pytest.mark.parametrize("body", [[], [{"reps": 3}]])
def test_an_update_with_a_list_is_a_400_and_changes_nothing(
    alice: User, method: str, body: list[object]
) -> None:
    stored = log(alice)
    response = getattr(client_for(alice), method)(f"/api/sets/{stored.pk}/", body, format="json")

    assert response.status_code == 400, response.content
    assert "non_field_errors" in response.json()
    stored.refresh_from_db()
    assert stored.reps == 5


def test_a_batch_is_one_to_sets_per_request_max_sets(alice: User) -> None:
    from backend.workouts.api.views import SETS_PER_REQUEST_MAX

    row = {"exercise": "squat", "weight_kg": 100, "reps": 5}
    api = client_for(alice)
    empty = api.post("/api/sets/", [], format="json")
    too_many = api.post("/api/sets/", [row] * (SETS_PER_REQUEST_MAX + 1), format="json")

    assert empty.status_code == too_many.status_code == 400
    assert str(SETS_PER_REQUEST_MAX) in str(too_many.json())
    assert WorkoutSet.objects.count() == 0
