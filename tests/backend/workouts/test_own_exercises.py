"""The lifter's own exercises: created from a name (load type, category and MET guessed), seen
and used by their owner only, and working like catalogue exercises everywhere."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.accounts.profile import user_delete
from backend.workouts import catalogue, chart_service, services
from backend.workouts.exercise_guess import exercise_guess
from backend.workouts.models import Exercise, WorkoutSet
from tests.backend.workouts.conftest import log

pytestmark = pytest.mark.django_db


# --- guessing from the name -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Anderson Squat", ("barbell", "legs", "02052", Decimal("5.0"))),
        ("Preacher Curl", ("barbell", "arms", "02054", Decimal("3.5"))),
        ("DB Preacher Curl", ("dumbbell", "arms", "02054", Decimal("3.5"))),
        ("Cable Lateral Raise", ("machine", "shoulders", "02054", Decimal("3.5"))),
        ("Hack Squat", ("machine", "legs", "02052", Decimal("5.0"))),
        ("Single Leg Press", ("machine", "legs", "02052", Decimal("5.0"))),
        ("Smith Incline Bench", ("machine", "chest", "02054", Decimal("3.5"))),
        ("Weighted Chin Up", ("bodyweight", "back", "02022", Decimal("3.8"))),
        ("Ring Dips", ("bodyweight", "chest", "02022", Decimal("3.8"))),
        ("Seated Leg Curl", ("barbell", "legs", "02052", Decimal("5.0"))),
        ("Cable Crunch", ("machine", "core", "02024", Decimal("2.8"))),
        ("Kettlebell Swing", ("barbell", "full_body", "02050", Decimal("6.0"))),
        ("Zumba", ("barbell", "full_body", "02050", Decimal("6.0"))),
        ("덤벨 컬", ("dumbbell", "full_body", "02050", Decimal("6.0"))),
    ],
)
def test_it_guesses_load_type_category_and_met_from_the_name(name: str, expected: tuple) -> None:
    guess = exercise_guess(name=name)

    assert (guess.load_type, guess.category, guess.met_code, guess.met_value) == expected


def test_it_takes_a_given_load_type_over_the_guess() -> None:
    assert exercise_guess(name="Anderson Squat", load_type="machine").load_type == "machine"


# --- the service ----------------------------------------------------------------------------


def test_it_creates_an_own_exercise_with_a_unique_slug(alice: User, bob: User) -> None:
    mine = services.exercise_create_own(user=alice, name="  Anderson   Squat ")
    bobs = services.exercise_create_own(user=bob, name="Anderson Squat")

    assert (mine.name, mine.owner, mine.standards, mine.has_standards) == (
        "Anderson Squat",
        alice,
        "",
        False,
    )
    assert mine.slug == f"anderson-squat-u{alice.pk}"
    assert bobs.slug == f"anderson-squat-u{bob.pk}"


def test_it_returns_the_existing_own_exercise_for_the_same_name(alice: User) -> None:
    first = services.exercise_create_own(user=alice, name="Anderson Squat")

    again = services.exercise_create_own(user=alice, name="anderson-squat")

    assert again == first
    assert Exercise.objects.filter(owner=alice).count() == 1


def test_it_keeps_slugs_unique_after_a_rename(alice: User) -> None:
    first = services.exercise_create_own(user=alice, name="Anderson Squat")
    services.exercise_own_update(exercise=first, name="Anderson Box Squat")

    second = services.exercise_create_own(user=alice, name="Anderson Squat")

    assert second.slug == f"anderson-squat-u{alice.pk}-2"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Bench", "“Bench” is already in the catalogue as Bench Press."),
        (" - ", "Give the exercise a name."),
        ("x" * 101, "An exercise name has at most 100 characters."),
    ],
)
def test_it_refuses_names_it_cannot_own(alice: User, name: str, message: str) -> None:
    with pytest.raises(services.ExerciseError) as error:
        services.exercise_create_own(user=alice, name=name)

    assert str(error.value) == message


def test_it_resolves_own_exercises_for_their_owner_only(alice: User, bob: User) -> None:
    services.exercise_create_own(user=alice, name="Anderson Squat")

    assert services.exercise_resolve(text="anderson squat") is None  # not in the catalogue
    assert services.exercise_resolve(user=alice, text="ANDERSON-squat").name == "Anderson Squat"
    assert services.exercise_resolve(user=bob, text="anderson squat") is None
    assert services.exercise_resolve(user=alice, text="bench").slug == "bench-press"
    assert "andersonsquat" not in services.exercise_aliases()


def test_the_catalogue_lookups_find_own_exercises_for_their_owner_only(
    alice: User, bob: User
) -> None:
    own = services.exercise_create_own(user=alice, name="Anderson Squat")

    assert catalogue.exercise_by_slug(slug=own.slug, user=alice) == own
    assert catalogue.exercise_by_slug(slug=own.slug, user=bob) is None
    assert catalogue.exercise_by_slug(slug=own.slug) is None
    assert catalogue.exercise_resolve(text="anderson squats", user=alice) == own  # a plural
    assert own in catalogue.exercise_suggest(text="andersen squat", user=alice)
    assert own not in catalogue.exercise_suggest(text="andersen squat", user=bob)
    assert own not in catalogue.exercise_suggest(text="andersen squat")
    assert own not in services.exercises_visible(user=bob)
    assert own in services.exercises_visible(user=alice)


def test_an_own_exercise_does_not_drop_the_shared_copy(
    alice: User, django_capture_on_commit_callbacks: Any
) -> None:
    catalogue.exercise_resolve(text="squat")  # the copy is loaded
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.exercise_create_own(user=alice, name="Anderson Squat")

    assert callbacks == []  # no version bump: no process reloads the catalogue for it
    with CaptureQueriesContext(connection) as queries:
        catalogue.exercise_resolve(text="squat", user=alice)
    assert len(queries) == 0


def test_a_lifters_lookup_reads_their_own_exercises_once(alice: User) -> None:
    services.exercise_create_own(user=alice, name="Anderson Squat")
    catalogue.exercise_resolve(text="squat")  # the copy is loaded
    resolve = catalogue.resolver(user=alice)

    with CaptureQueriesContext(connection) as queries:
        found = [resolve(name) for name in ("bench", "anderson squat", "anderson", "zumba", "sq")]

    assert [e.slug if e else None for e in found][:2] == ["bench-press", found[1].slug]
    assert found[1].name == "Anderson Squat"
    assert len(queries) == 1  # the catalogue from memory, her own exercises in one query


def test_it_recomputes_sets_when_the_load_type_changes(alice: User) -> None:
    own = services.exercise_create_own(user=alice, name="Ring Muscle Up Thing", load_type="barbell")
    logged = log(alice, own, weight="10", reps=5)
    assert logged.e1rm_kg == Decimal("11.25")

    services.exercise_own_update(exercise=own, load_type="bodyweight")

    logged.refresh_from_db()
    own.refresh_from_db()
    assert (own.load_type, own.met_code, own.met_value) == ("bodyweight", "02022", Decimal("3.8"))
    # bodyweight 80 kg + 10 kg added, ×1.125
    assert logged.e1rm_kg == Decimal("101.25")


def test_it_tracks_e1rm_prs_history_export_and_chart_of_an_own_exercise(alice: User) -> None:
    own = services.exercise_create_own(user=alice, name="Anderson Squat")
    log(alice, own, weight="100", reps=5)

    second = services.log_sets(
        user=alice, sets=[services.SetInput(exercise=own, weight_kg=Decimal(110), reps=5)]
    )

    assert [(pr.kind, pr.previous) for pr in second.prs] == [
        ("e1rm", Decimal("112.50")),
        ("weight_at_reps", Decimal("100.00")),
    ]
    assert second.sets[0].calories_kcal == Decimal("11.67")  # MET 5.0 × 80 kg × 105 s
    assert second.sets[0].percentile is None
    records = services.personal_records(user=alice, exercise=own)
    assert [(r["exercise_name"], r["best_e1rm_kg"], r["heaviest_kg"]) for r in records] == [
        ("Anderson Squat", Decimal("123.75"), Decimal("110.00"))
    ]
    assert [ws.weight_kg for ws in services.user_sets(user=alice).filter(exercise=own)] == [
        Decimal("110.00"),
        Decimal("100.00"),
    ]
    text, count = services.workout_sets_csv(user=alice)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert count == 2
    assert {(r["exercise"], r["exercise_name"]) for r in rows} == {(own.slug, "Anderson Squat")}
    assert services.exercise_stats(user=alice, exercise=own, period="1m")["best_e1rm_kg"] == (
        Decimal("123.75")
    )
    png = chart_service.exercise_chart_png(user=alice, exercise=own, period="1m")
    assert png is not None and png.startswith(b"\x89PNG")


def test_it_deletes_a_lifter_with_own_exercises_and_their_sets(alice: User) -> None:
    own = services.exercise_create_own(user=alice, name="Anderson Squat")
    log(alice, own)

    user_delete(user=alice)

    assert Exercise.objects.filter(pk=own.pk).exists() is False
    assert WorkoutSet.objects.count() == 0


# --- the API --------------------------------------------------------------------------------


def test_it_creates_an_own_exercise_through_the_api(alice_api: APIClient, alice: User) -> None:
    response = alice_api.post("/api/exercises/", {"name": "Jefferson Curl"}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["name"], body["load_type"], body["category"], body["is_own"]) == (
        "Jefferson Curl",
        "barbell",
        "arms",
        True,
    )
    assert (body["has_standards"], body["met_code"]) == (False, "02054")
    assert Exercise.objects.get(slug=body["slug"]).owner == alice


@pytest.mark.parametrize(
    ("name", "load_type", "expected"),
    [
        ("Cable Halo Raise", None, ("machine", "cable")),
        ("Jefferson Curl (Smith Machine)", None, ("machine", "smith_machine")),
        ("Anderson Squat", None, ("barbell", "barbell")),
        ("Anderson Squat", "dumbbell", ("dumbbell", "dumbbell")),
    ],
)
def test_the_api_guesses_load_type_and_equipment_from_the_name(
    alice_api: APIClient, name: str, load_type: str | None, expected: tuple[str, str]
) -> None:
    payload = {"name": name, **({"load_type": load_type} if load_type else {})}

    body = alice_api.post("/api/exercises/", payload, format="json").json()

    assert (body["load_type"], body["equipment"]) == expected
    assert body["primary_muscles"] == []


def test_it_takes_a_load_type_through_the_api(alice_api: APIClient) -> None:
    response = alice_api.post(
        "/api/exercises/", {"name": "Jefferson Curl", "load_type": "machine"}, format="json"
    )

    assert (response.status_code, response.json()["load_type"]) == (201, "machine")


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"name": "bench"}, "name", "Already in the catalogue as Bench Press."),
        ({"name": ""}, "name", "This field may not be blank."),
        ({"name": "Curl X", "load_type": "kettle"}, "load_type", '"kettle" is not a valid choice.'),
        ({"name": " -- "}, "name", "Give the exercise a name."),
    ],
)
def test_it_answers_400_for_a_bad_own_exercise(
    alice_api: APIClient, payload: dict, field: str, message: str
) -> None:
    response = alice_api.post("/api/exercises/", payload, format="json")

    assert response.status_code == 400
    assert response.json()[field] == [message]


def test_it_answers_400_for_a_name_the_lifter_already_has(alice_api: APIClient) -> None:
    alice_api.post("/api/exercises/", {"name": "Jefferson Curl"}, format="json")

    response = alice_api.post("/api/exercises/", {"name": "jefferson curl"}, format="json")

    assert response.status_code == 400
    assert response.json()["name"] == ["You already have an exercise named Jefferson Curl."]


def test_it_needs_a_login_to_create(api: APIClient) -> None:
    response = api.post("/api/exercises/", {"name": "Jefferson Curl"}, format="json")

    assert response.status_code in (401, 403)
    assert Exercise.objects.filter(owner__isnull=False).count() == 0


def test_it_lists_the_catalogue_and_own_exercises_only(
    alice_api: APIClient, api: APIClient, alice: User, bob: User
) -> None:
    services.exercise_create_own(user=alice, name="Anderson Squat")
    services.exercise_create_own(user=bob, name="Hack Squat Deluxe")
    catalogue = Exercise.objects.filter(owner__isnull=True).count()

    mine = alice_api.get("/api/exercises/", {"page_size": 500}).json()
    own = alice_api.get("/api/exercises/", {"own": "true"}).json()
    anonymous = api.get("/api/exercises/", {"page_size": 500}).json()

    assert mine["count"] == catalogue + 1
    assert [row["name"] for row in own["results"]] == ["Anderson Squat"]
    assert anonymous["count"] == catalogue
    assert "Hack Squat Deluxe" not in {row["name"] for row in mine["results"]}


def test_it_keeps_alices_exercise_from_bob(alice: User, bob: User) -> None:
    own = services.exercise_create_own(user=alice, name="Anderson Squat")
    log(alice, own)
    bob_api = APIClient()
    bob_api.force_authenticate(bob)

    seen = bob_api.get(f"/api/exercises/{own.slug}/")
    renamed = bob_api.patch(f"/api/exercises/{own.slug}/", {"name": "Mine"}, format="json")
    logged = bob_api.post("/api/sets/", {"exercise": own.slug, "weight_kg": 100, "reps": 5})
    stats = bob_api.get(f"/api/stats/{own.slug}/")
    prs = bob_api.get("/api/prs/", {"exercise": own.slug})
    chart = bob_api.get(f"/api/charts/{own.slug}.png")

    assert [seen.status_code, renamed.status_code, stats.status_code] == [404, 404, 404]
    assert [prs.status_code, chart.status_code] == [404, 404]
    assert logged.status_code == 400
    assert "exercise" in logged.json()
    own.refresh_from_db()
    assert own.name == "Anderson Squat"
    assert WorkoutSet.objects.filter(user=bob).count() == 0


def test_it_logs_and_reads_an_own_exercise_through_the_api(
    alice_api: APIClient, alice: User
) -> None:
    own = services.exercise_create_own(user=alice, name="Anderson Squat")

    logged = alice_api.post("/api/sets/", {"exercise": own.slug, "weight_kg": 100, "reps": 5})
    stats = alice_api.get(f"/api/stats/{own.slug}/", {"period": "1m"})
    chart = alice_api.get(f"/api/charts/{own.slug}.png")

    assert logged.status_code == 201, logged.json()
    assert (logged.json()["exercise_name"], logged.json()["e1rm_kg"]) == ("Anderson Squat", 112.5)
    assert stats.json()["best_e1rm_kg"] == 112.5
    assert chart.status_code == 200 and chart.content.startswith(b"\x89PNG")


def test_it_renames_and_changes_the_load_type_of_an_own_exercise(
    alice_api: APIClient, alice: User
) -> None:
    own = services.exercise_create_own(user=alice, name="Anderson Squat")

    response = alice_api.patch(
        f"/api/exercises/{own.slug}/",
        {"name": "Anderson Box Squat", "load_type": "machine"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["name"], response.json()["load_type"]) == (
        "Anderson Box Squat",
        "machine",
    )
    own.refresh_from_db()
    assert (own.name, own.load_type, own.slug) == (
        "Anderson Box Squat",
        "machine",
        f"anderson-squat-u{alice.pk}",
    )


def test_it_forbids_lifters_to_change_the_catalogue(alice_api: APIClient) -> None:
    response = alice_api.patch("/api/exercises/squat/", {"name": "Mine"}, format="json")

    assert response.status_code == 403
    assert Exercise.objects.get(slug="squat").name == "Squat"
