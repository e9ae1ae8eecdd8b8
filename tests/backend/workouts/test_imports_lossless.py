"""Imports that lose nothing: every format by its header, every row stored or accounted for."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.workouts import catalogue, importers, services
from backend.workouts.importers import (
    OWN,
    import_commit,
    import_job_run,
    import_preview,
    import_read,
    unit_guess,
)
from backend.workouts.models import Exercise, ImportJob, WorkoutSet
from tests.backend.workouts.conftest import log

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "fixtures" / "imports"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def data_rows(name: str) -> int:
    text = sample(name).decode("utf-8").replace("\r\n", "\n")
    delimiter = ";" if text.split("\n", 1)[0].count(";") > 3 else ","
    return sum(1 for row in list(csv.reader(io.StringIO(text), delimiter=delimiter))[1:] if row)


# (file, source, unit, unit guessed, new sets, of them warm-ups, skipped per reason, unknown)
FORMATS = [
    ("strong_sample_a.csv", "Strong", "kg", True, 19, 2, {"rest": 1}, ()),
    (
        "strong_a_lb.csv",
        "Strong",
        "lb",
        True,
        11,
        2,
        {"rest": 1, "timed": 1, "invalid": 1},
        (("Zumba Step (Machine)", 2), ("Seated Leg Curl Machin", 1)),
    ),
    ("strong_a_fr.csv", "Strong", "kg", True, 6, 0, {}, (("Développé couché (Barre)", 1),)),
    (
        "strong_a_de.csv",
        "Strong",
        "kg",
        True,
        5,
        1,
        {"rest": 1, "empty": 1},
        (),
    ),
    ("strong_a10.csv", "Strong", "kg", True, 5, 1, {"timed": 1}, ()),
    ("strong_b.csv", "Strong", "kg", False, 4, 1, {"timed": 1, "invalid": 1}, ()),
    (
        "strong_c.csv",
        "Strong",
        "kg",
        False,
        6,
        1,
        {"rest": 1, "note": 1, "timed": 1},
        (),
    ),
    ("strong_11col.csv", "Strong", "kg", True, 4, 0, {}, ()),
    ("strong_2016.csv", "Strong", "kg", False, 4, 0, {"timed": 1}, ()),
    ("hevy_sample_a.csv", "Hevy", "kg", False, 19, 2, {"timed": 1}, ()),
    (
        "hevy_lb.csv",
        "Hevy",
        "lb",
        False,
        8,
        1,
        {"timed": 1},
        (),
    ),
    (
        "hevy_api.csv",
        "Hevy API",
        "kg",
        False,
        6,
        1,
        {"timed": 1},
        (),
    ),
    ("strengthlevel_sample_a.csv", "Strength Level", "kg", True, 20, 2, {}, ()),
    ("strengthlevel_lb.csv", "Strength Level", "lb", True, 9, 2, {"invalid": 1}, ()),
]


@pytest.mark.parametrize(
    ("name", "source", "unit", "guessed", "new", "warmups", "skipped", "unknown"), FORMATS
)
def test_it_reads_every_format_and_accounts_for_every_row(
    alice: User,
    name: str,
    source: str,
    unit: str,
    guessed: bool,
    new: int,
    warmups: int,
    skipped: dict[str, int],
    unknown: tuple[tuple[str, int], ...],
) -> None:
    preview = import_preview(user=alice, content=sample(name))

    assert (preview.source, preview.unit, preview.unit_guessed) == (source, unit, guessed)
    assert (preview.new, preview.warmups, preview.skipped) == (new, warmups, skipped)
    assert tuple((u.name, u.rows) for u in preview.unknown) == unknown
    # nothing dropped silently: every data row is a new set, a skip with its reason, or unknown
    accounted = preview.new + preview.skipped_total + sum(u.rows for u in preview.unknown)
    assert accounted == data_rows(name)


@pytest.mark.parametrize("name", [row[0] for row in FORMATS])
def test_it_stores_nothing_new_on_a_second_import(alice: User, name: str) -> None:
    first = import_commit(user=alice, content=sample(name))

    again = import_preview(user=alice, content=sample(name))

    assert import_commit(user=alice, content=sample(name)) == 0
    assert (again.new, again.duplicates) == (0, first)
    assert WorkoutSet.objects.filter(user=alice).count() == first


def test_it_reads_the_oldest_strong_layout_in_kg_with_set_order_from_zero() -> None:
    read = import_read(content=sample("strong_2016.csv"))

    assert [(r.exercise_name, r.weight_kg, r.reps) for r in read.rows] == [
        ("Squat (Barbell)", Decimal("20"), 5),
        ("Squat (Barbell)", Decimal("60"), 5),
        ("Squat (Barbell)", Decimal("60"), 5),
        ("Bench Press (Barbell)", Decimal("42.5"), 5),
    ]
    assert (read.unit, read.unit_guessed) == ("kg", False)


def test_it_rounds_float_noise_and_float_reps() -> None:
    read = import_read(content=sample("strong_c.csv"))

    rows = {(r.exercise_name, r.weight_kg, r.reps) for r in read.rows}
    assert ("Bench Press (Barbell)", Decimal("70.96"), 9) in rows  # 70.95800018310547 × 9.0
    assert ("Lateral Raise (Dumbbell)", Decimal("6.80"), 15) in rows  # 15 lb stored in kg


def test_it_rounds_a_pound_file_with_float_noise(alice: User) -> None:
    read = import_read(content=sample("strong_a_lb.csv"))

    failure = [r for r in read.rows if r.reps == 12 and r.exercise_name == "Squat (Barbell)"]
    assert [r.weight_kg for r in failure] == [Decimal("68.04")]  # 149.99999999999997 lb


def test_it_reads_hevy_api_times_with_their_offset() -> None:
    read = import_read(content=sample("hevy_api.csv"), zone="Europe/Berlin")

    squat = next(r for r in read.rows if r.exercise_name == "Squat (Barbell)")
    bench = next(r for r in read.rows if r.exercise_name == "Bench Press (Barbell)")
    assert squat.performed_at == datetime(2025, 5, 30, 18, 0, tzinfo=UTC)
    assert bench.performed_at == datetime(2025, 6, 1, 22, 15, tzinfo=UTC)
    assert (squat.weight_kg, squat.rpe) == (Decimal("120.00"), Decimal("9"))


def test_it_keeps_strength_level_assistance_and_reports_a_negative_barbell_load(
    alice: User,
) -> None:
    import_commit(user=alice, content=sample("strengthlevel_lb.csv"))

    pull_ups = WorkoutSet.objects.filter(user=alice, exercise__slug="pull-ups")
    assert sorted(pull_ups.values_list("weight_kg", flat=True)) == [
        Decimal("-20.41"),
        Decimal("0.00"),
    ]
    assert not WorkoutSet.objects.filter(user=alice, weight_kg__lt=0, exercise__slug="squat")


@pytest.mark.parametrize(
    ("weights", "unit"),
    [
        (["45", "135", "225", "225"], "lb"),
        (["95", "115", "135", "185"], "lb"),
        (["20", "60", "60", "60"], "kg"),
        (["22.5", "42.5", "62.5"], "kg"),
        (["20", "40", "62.5", "100", "102.5"], "kg"),
        (["135", "155", "175", "185", "205", "225"], "lb"),
        (["100", "100", "100"], "kg"),  # no evidence either way: kg, for the lifter to confirm
        (["0", "0"], "kg"),
        (["315", "405", "62.5"], "lb"),
        (["74.99999999999999", "80", "82.5"], "kg"),
    ],
)
def test_it_guesses_the_unit_from_the_numbers(weights: list[str], unit: str) -> None:
    assert unit_guess(Decimal(w) for w in weights) == unit


def test_a_unit_the_lifter_gives_wins_over_the_guess(alice: User) -> None:
    preview = import_preview(user=alice, content=sample("strong_a_lb.csv"), unit="kg")

    assert (preview.unit, preview.unit_guessed) == ("kg", False)


# --- our own export -------------------------------------------------------------------------


def export_rows(user: User) -> list[tuple[object, ...]]:
    return list(
        WorkoutSet.objects.filter(user=user)
        .order_by("performed_at", "id")
        .values_list("exercise__slug", "weight_kg", "reps", "rpe", "is_warmup", "performed_at")
    )


def test_our_own_export_round_trips(alice: User, bob: User) -> None:
    start = datetime(2025, 3, 1, 7, 30, 12, 345678, tzinfo=UTC)  # microseconds, not exported
    log(alice, "squat", "100", 5, rpe=Decimal("8.5"), performed_at=start)
    log(alice, "squat", "100", 5, rpe=Decimal("8.5"), performed_at=start)  # the same set twice
    log(
        alice,
        "pull-ups",
        "-12.5",
        8,
        rpe=Decimal("8.5"),
        performed_at=start + timedelta(minutes=10),
    )
    import_commit(user=alice, content=sample("hevy_sample_a.csv"))  # with warm-ups
    content, count = services.workout_sets_csv(user=alice)

    again = import_preview(user=alice, content=content.encode())
    bob_stored = import_commit(user=bob, content=content.encode())

    assert (again.source, again.new, again.duplicates) == ("SBD Animal", 0, count)
    assert import_commit(user=alice, content=content.encode()) == 0
    assert bob_stored == count
    assert [row[:5] for row in export_rows(bob)] == [row[:5] for row in export_rows(alice)]
    alice_times = [row[5].replace(microsecond=0) for row in export_rows(alice)]
    assert [row[5] for row in export_rows(bob)] == alice_times


# --- unknown names ---------------------------------------------------------------------------


def test_the_preview_lists_unknown_names_with_their_rows_and_choices(alice: User) -> None:
    content = sample("strong_a_lb.csv")

    undecided = import_preview(user=alice, content=content)
    mapped = import_preview(
        user=alice,
        content=content,
        choices={"Zumba Step (Machine)": "squat", "Seated Leg Curl Machin": OWN},
    )

    assert [(u.name, u.rows, u.choice) for u in undecided.unknown] == [
        ("Zumba Step (Machine)", 2, ""),
        ("Seated Leg Curl Machin", 1, ""),
    ]
    assert undecided.undecided == undecided.unknown
    assert [(u.name, u.choice) for u in mapped.unknown] == [
        ("Zumba Step (Machine)", "squat"),
        ("Seated Leg Curl Machin", OWN),
    ]
    assert mapped.undecided == ()
    assert mapped.new == undecided.new + 3


def test_a_mapped_name_imports_as_the_chosen_exercise(alice: User) -> None:
    count = import_commit(
        user=alice, content=sample("strong_a_lb.csv"), choices={"Zumba Step (Machine)": "squat"}
    )

    assert count == 13
    squats = WorkoutSet.objects.filter(
        user=alice, exercise__slug="squat", weight_kg=Decimal("81.65")
    )
    assert squats.count() == 2  # the two unknown machine sets at 180 lb


def test_guesses_come_from_the_catalogue(alice: User) -> None:
    preview = import_preview(user=alice, content=sample("strong_a_lb.csv"))

    assert preview.unknown[1].name == "Seated Leg Curl Machin"
    assert preview.unknown[1].guesses[0] == ("leg-curl", "Leg Curl")
    assert len(preview.unknown[1].guesses) <= importers.SUGGESTIONS


# Strong/Hevy titles the old 45-exercise catalogue did not know, as the files write them
KNOWN_TITLES = {
    "Hack Squat (Machine)": "hack-squat",
    "Seated Leg Curl (Machine)": "leg-curl",
    "Chest Dip (Assisted)": "dips",
    "Inverted Row (Bodyweight)": "inverted-row",
    "Iso-Lateral Row (Machine)": "iso-lateral-row",
    "Single Arm Lateral Raise (Cable)": "cable-lateral-raise",
    "Preacher Curl (Barbell)": "barbell-preacher-curl",
}


def test_titles_the_catalogue_knows_are_imported_as_their_exercise(alice: User) -> None:
    lines = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE"]
    lines += [f'2025-01-01 18:00:00,"W",1h,"{title}",1,20,10,0,0,' for title in KNOWN_TITLES]

    preview = import_preview(user=alice, content="\n".join(lines).encode())
    import_commit(user=alice, content="\n".join(lines).encode())

    assert (preview.new, preview.unknown) == (len(KNOWN_TITLES), ())
    stored = WorkoutSet.objects.filter(user=alice).values_list("exercise__slug", flat=True)
    assert sorted(stored) == sorted(KNOWN_TITLES.values())


def test_create_all_makes_every_unknown_name_the_lifters_own_exercise(alice: User) -> None:
    preview = import_preview(user=alice, content=sample("strong_a_lb.csv"), create_all=True)

    count = import_commit(user=alice, content=sample("strong_a_lb.csv"), create_all=True)

    assert [(u.name, u.choice) for u in preview.unknown] == [
        ("Zumba Step (Machine)", OWN),
        ("Seated Leg Curl Machin", OWN),
    ]
    assert preview.new == count == 14
    own = Exercise.objects.filter(owner=alice).order_by("name")
    assert [(e.name, e.load_type, e.has_standards) for e in own] == [
        ("Seated Leg Curl Machin", "barbell", False),
        ("Zumba Step (Machine)", "machine", False),
    ]
    assert WorkoutSet.objects.filter(user=alice, exercise__name="Zumba Step (Machine)").count() == 2


def test_one_name_created_as_own_is_found_by_the_next_import(alice: User, bob: User) -> None:
    choices = {"Zumba Step (Machine)": OWN}

    first = import_commit(user=alice, content=sample("strong_a_lb.csv"), choices=choices)
    again = import_preview(user=alice, content=sample("strong_a_lb.csv"))
    bobs = import_preview(user=bob, content=sample("strong_a_lb.csv"))

    assert first == 13
    assert Exercise.objects.get(owner=alice).name == "Zumba Step (Machine)"
    assert [u.name for u in again.unknown] == ["Seated Leg Curl Machin"]  # hers, found
    assert (again.new, again.duplicates) == (0, 13)
    assert [u.name for u in bobs.unknown] == ["Zumba Step (Machine)", "Seated Leg Curl Machin"]


def test_a_choice_of_another_lifters_own_exercise_maps_nothing(alice: User, bob: User) -> None:
    bobs = services.exercise_create_own(user=bob, name="Zumba Step")

    count = import_commit(
        user=alice, content=sample("strong_a_lb.csv"), choices={"Zumba Step (Machine)": bobs.slug}
    )

    assert count == 11
    assert WorkoutSet.objects.filter(exercise=bobs).count() == 0


# --- warm-ups --------------------------------------------------------------------------------

WARMUP_FILE = (
    b"Date Lifted,Exercise,Weight (kg),Weight (lb),Reps,Bodyweight (kg),Bodyweight (lb),"
    b"Percentile (%),Warmup\n"
    b"2025-01-01,Squat,100,220.5,5,80,176,50,0\n"
    b"2025-01-01,Squat,150,330.7,5,80,176,50,1\n"
)


def test_warmups_count_for_volume_and_calories_never_for_prs_or_e1rm(alice: User) -> None:
    import_commit(user=alice, content=WARMUP_FILE)
    squat = Exercise.objects.get(slug="squat")
    warmup = WorkoutSet.objects.get(user=alice, is_warmup=True)
    work = WorkoutSet.objects.get(user=alice, is_warmup=False)

    (record,) = services.personal_records(user=alice)
    stats = services.exercise_stats(
        user=alice, exercise=squat, period="6m", now=datetime(2025, 2, 1, tzinfo=UTC)
    )

    assert (warmup.percentile, warmup.level) == (None, "")
    assert work.percentile is not None
    assert warmup.calories_kcal is not None and warmup.calories_kcal > 0
    assert (record["best_e1rm_kg"], record["heaviest_kg"]) == (work.e1rm_kg, Decimal("100.00"))
    assert services.exercise_best_e1rm(user=alice, exercise=squat) == work.e1rm_kg
    assert services.exercise_best_e1rms(user=alice) == {squat.pk: work.e1rm_kg}
    assert (stats["best_e1rm_kg"], stats["set_count"]) == (work.e1rm_kg, 2)
    assert stats["volume_kg"] == Decimal("1250.00")
    assert stats["daily"][0]["best_e1rm_kg"] == work.e1rm_kg


def test_a_warmup_is_not_a_pr_and_does_not_raise_the_bar(alice: User) -> None:
    import_commit(user=alice, content=WARMUP_FILE)
    squat = Exercise.objects.get(slug="squat")

    result = services.log_sets(
        user=alice,
        sets=[services.SetInput(exercise=squat, weight_kg=Decimal("110"), reps=5)],
    )

    assert [pr.kind for pr in result.prs] == ["e1rm", "weight_at_reps"]
    assert result.prs[0].previous == WorkoutSet.objects.get(user=alice, weight_kg=100).e1rm_kg


def test_the_e1rm_chart_leaves_warmups_out(alice: User) -> None:
    from backend.workouts.chart_service import _e1rm_data

    import_commit(user=alice, content=WARMUP_FILE)
    squat = Exercise.objects.get(slug="squat")
    work = WorkoutSet.objects.get(user=alice, is_warmup=False)

    data = _e1rm_data(alice, squat, "1m", datetime(2025, 1, 20, tzinfo=UTC), "en")

    assert [day.e1rm_kg for day in data.days] == [float(work.e1rm_kg)]


# --- big histories: chunks, jobs, interruptions ---------------------------------------------


def big_strong_file(rows: int) -> bytes:
    lines = ["Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,RPE"]
    start = datetime(2020, 1, 1, 18, 0)
    names = ("Squat (Barbell)", "Bench Press (Barbell)", "Deadlift (Barbell)")
    for i in range(rows):
        day = (start + timedelta(days=i // 15)).strftime("%Y-%m-%d %H:%M:%S")
        order = "W" if i % 15 == 0 else str(i % 15)
        weight = 60 + (i % 9) * 2.5
        lines.append(f'{day},"W",1h,"{names[i // 5 % 3]}",{order},{weight},5.0,0,0.0,')
    return ("\n".join(lines) + "\n").encode()


class Interrupted(Exception):
    pass


def test_an_interrupted_job_run_again_stores_each_set_exactly_once(alice: User) -> None:
    content = big_strong_file(4500)  # three chunks of 2000
    job = ImportJob.objects.create(user=alice, content=content, unit="kg")
    chunks: list[int] = []

    def kill_after_one_chunk(done: int, stored: int) -> None:
        chunks.append(done)
        raise Interrupted

    with pytest.raises(Interrupted):
        import_job_run(job_id=job.pk, on_chunk=kill_after_one_chunk)
    after_kill = WorkoutSet.objects.filter(user=alice).count()
    job.refresh_from_db()
    progress_at_kill = (job.status, job.done, job.stored)

    total = import_job_run(job_id=job.pk)
    job.refresh_from_db()

    assert chunks == [2000]
    assert after_kill == 2000
    assert progress_at_kill == ("running", 2000, 2000)
    assert total == 4500
    assert (job.status, job.total, job.done, job.stored) == ("done", 2500, 2500, 4500)
    assert WorkoutSet.objects.filter(user=alice).count() == 4500
    keys = WorkoutSet.objects.filter(user=alice).values_list("idempotency_key", flat=True)
    assert len(set(keys)) == 4500
    assert import_job_run(job_id=job.pk) == 4500  # a finished job run again does nothing


def test_a_job_on_a_file_it_cannot_read_fails_with_the_reason(alice: User) -> None:
    job = ImportJob.objects.create(user=alice, content=b"hello,world\n1,2\n")

    import_job_run(job_id=job.pk)
    job.refresh_from_db()

    assert (job.status, job.error[:10]) == ("failed", "not a Stro")


def test_the_api_previews_and_imports_in_the_background_with_progress(
    alice_api: APIClient, alice: User, eager_celery: None
) -> None:
    upload = io.BytesIO(sample("strong_a_lb.csv"))
    upload.name = "strong.csv"

    preview = alice_api.post("/api/imports/preview/", {"file": upload}, format="multipart")
    upload.seek(0)
    started = alice_api.post(
        "/api/imports/",
        {"file": upload, "units": "lb", "choices": '{"Zumba Step (Machine)": "squat"}'},
        format="multipart",
    )
    job = alice_api.get(f"/api/imports/{started.json()['id']}/")

    assert preview.status_code == 200
    assert preview.json()["new"] == 11
    assert preview.json()["skipped"] == {"rest": 1, "timed": 1, "invalid": 1}
    assert preview.json()["unknown"][0] == {
        "name": "Zumba Step (Machine)",
        "rows": 2,
        "guesses": [
            {"slug": e.slug, "name": e.name}
            for e in catalogue.exercise_suggest(text="Zumba Step (Machine)")
        ],
        "choice": "",
    }
    assert started.status_code == 202
    assert job.json() == {
        "id": started.json()["id"],
        "status": "done",
        "total": 13,
        "done": 13,
        "stored": 13,
        "error": "",
    }
    assert WorkoutSet.objects.filter(user=alice).count() == 13


def test_the_api_creates_one_name_or_all_as_own_exercises(
    alice_api: APIClient, alice: User, eager_celery: None
) -> None:
    def post(url: str, **fields: str) -> dict:
        upload = io.BytesIO(sample("strong_a_lb.csv"))
        upload.name = "strong.csv"
        return alice_api.post(url, {"file": upload, **fields}, format="multipart").json()

    one = post("/api/imports/preview/", choices='{"Seated Leg Curl Machin": "+own"}')
    every = post("/api/imports/preview/", create_all="true")
    started = post("/api/imports/", create_all="true")

    assert [(u["name"], u["choice"]) for u in one["unknown"]] == [
        ("Zumba Step (Machine)", ""),
        ("Seated Leg Curl Machin", OWN),
    ]
    assert {u["choice"] for u in every["unknown"]} == {OWN}
    assert (one["new"], every["new"]) == (12, 14)
    assert alice_api.get(f"/api/imports/{started['id']}/").json()["stored"] == 14
    mine = alice_api.get("/api/exercises/", {"own": "true"}).json()["results"]
    assert sorted(e["name"] for e in mine) == ["Seated Leg Curl Machin", "Zumba Step (Machine)"]


def test_the_api_refuses_a_bad_upload_with_field_errors(
    alice_api: APIClient, bob: User, eager_celery: None
) -> None:
    no_file = alice_api.post("/api/imports/", {}, format="multipart")
    bad_unit = alice_api.post(
        "/api/imports/preview/",
        {"file": io.BytesIO(b"x"), "units": "stone"},
        format="multipart",
    )
    other = ImportJob.objects.create(user=bob, content=b"")

    assert no_file.status_code == 400 and "file" in no_file.json()
    assert bad_unit.status_code == 400 and "units" in bad_unit.json()
    assert alice_api.get(f"/api/imports/{other.pk}/").status_code == 404
