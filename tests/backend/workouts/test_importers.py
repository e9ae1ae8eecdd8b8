from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from backend.accounts.models import User
from backend.workouts import services
from backend.workouts.importers import (
    ImportPreview,
    UnknownName,
    import_commit,
    import_preview,
    import_read,
)
from backend.workouts.models import Exercise, ExerciseAlias, WorkoutSet, normalize_alias

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).parent / "fixtures" / "imports"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def stored(user: User) -> list[tuple[str, Decimal, int]]:
    return list(
        WorkoutSet.objects.filter(user=user)
        .order_by("performed_at", "id")
        .values_list("exercise__slug", "weight_kg", "reps")
    )


def test_it_guesses_the_unit_of_a_strong_file_without_one(alice: User) -> None:
    # was: it asked for the unit and previewed nothing; now it shows its guess to confirm
    assert import_preview(user=alice, content=sample("strong_sample_a.csv")) == ImportPreview(
        source="Strong", new=19, warmups=2, skipped={"rest": 1}, unit="kg", unit_guessed=True
    )


def test_it_previews_a_strong_export(alice: User) -> None:
    preview = import_preview(user=alice, content=sample("strong_sample_a.csv"), unit="kg")

    assert preview == ImportPreview(source="Strong", new=19, warmups=2, skipped={"rest": 1})


def test_it_imports_a_strong_export_with_warmups_marked_and_without_rests(alice: User) -> None:
    # was: warm-ups were dropped (17 sets); now they are kept and marked
    count = import_commit(user=alice, content=sample("strong_sample_a.csv"), unit="kg")

    sets = stored(alice)
    assert count == 19
    assert sets[:5] == [
        ("squat", Decimal("60.00"), 5),
        ("squat", Decimal("100.00"), 5),
        ("squat", Decimal("100.00"), 5),
        ("squat", Decimal("100.00"), 4),
        ("deadlift", Decimal("140.00"), 3),
    ]
    assert ("pull-ups", Decimal("0.00"), 8) in sets
    assert ("bench-press", Decimal("60.00"), 10) in sets  # the drop set counts
    warmups = WorkoutSet.objects.filter(user=alice, is_warmup=True)
    assert sorted(warmups.values_list("exercise__slug", "weight_kg")) == [
        ("shoulder-press", Decimal("30.00")),
        ("squat", Decimal("60.00")),
    ]
    assert set(WorkoutSet.objects.values_list("source", flat=True)) == {"import"}


def test_it_converts_a_strong_file_in_pounds(alice: User) -> None:
    import_commit(user=alice, content=sample("strong_sample_a.csv"), unit="lb")

    assert stored(alice)[:2] == [("squat", Decimal("27.22"), 5), ("squat", Decimal("45.36"), 5)]


def test_it_skips_duplicates_on_a_second_import(alice: User) -> None:
    import_commit(user=alice, content=sample("hevy_sample_a.csv"))

    preview = import_preview(user=alice, content=sample("hevy_sample_a.csv"))
    again = import_commit(user=alice, content=sample("hevy_sample_a.csv"))

    assert (preview.new, preview.duplicates) == (0, 19)
    assert again == 0
    assert WorkoutSet.objects.filter(user=alice).count() == 19


def test_it_imports_hevy_with_rpe_and_warmups_but_without_cardio(alice: User) -> None:
    preview = import_preview(user=alice, content=sample("hevy_sample_a.csv"))
    import_commit(user=alice, content=sample("hevy_sample_a.csv"))

    assert (preview.source, preview.new, preview.warmups, preview.skipped) == (
        "Hevy",
        19,
        2,
        {"timed": 1},
    )
    rpes = set(WorkoutSet.objects.filter(user=alice).values_list("rpe", flat=True))
    assert Decimal("7.5") in rpes
    assert not WorkoutSet.objects.filter(user=alice, exercise__slug="treadmill").exists()


def test_it_imports_strength_level_in_the_chosen_unit(alice: User) -> None:
    preview = import_preview(user=alice, content=sample("strengthlevel_sample_a.csv"))
    import_commit(user=alice, content=sample("strengthlevel_sample_a.csv"), unit="lb")

    assert (preview.source, preview.new, preview.warmups, preview.unit) == (
        "Strength Level",
        20,
        2,
        "kg",
    )
    bench = WorkoutSet.objects.filter(user=alice, exercise__slug="bench-press").first()
    assert bench is not None and bench.weight_kg == Decimal("82.51")  # 181.9 lb


def test_it_reads_strong_6_semicolon_layout_and_assisted_moves(alice: User) -> None:
    content = (
        b'"Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";'
        b'"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes"\n'
        b'"1";"2025-05-01 07:00:00";"Push";"3600";"Bench Press (Barbell)";"WARM_UP";"40.0";'
        b'"10.0";"";"";"";"";""\n'
        b'"1";"2025-05-01 07:00:00";"Push";"3600";"Bench Press (Barbell)";"1";"90.0";"5.0";'
        b'"8.5";"";"";"";""\n'
        b'"1";"2025-05-01 07:00:00";"Push";"3600";"Pull Up (Assisted)";"1";"20.0";"8.0";"";'
        b'"";"";"";""\n'
        b'"1";"2025-05-01 07:00:00";"Push";"3600";"Bench Press (Barbell)";"Rest Timer";"";"";'
        b'"";"";"120.0";"";""\n'
    )

    import_commit(user=alice, content=content)

    assert stored(alice) == [
        ("bench-press", Decimal("40.00"), 10),
        ("bench-press", Decimal("90.00"), 5),
        ("pull-ups", Decimal("-20.00"), 8),
    ]


def test_it_lists_unknown_exercises(alice: User) -> None:
    content = (
        b"Date Lifted,Exercise,Weight (kg),Weight (lb),Reps,Bodyweight (kg),Bodyweight (lb),"
        b"Percentile (%),Warmup\n2025-01-01,Underwater Basket Weaving,10,22,5,80,176,0,0\n"
    )

    preview = import_preview(user=alice, content=content)

    assert (preview.new, preview.unknown) == (0, (UnknownName("Underwater Basket Weaving", 1),))


@pytest.mark.parametrize("content", [b"", b"hello,world\n1,2\n", b"\xff\xfe\x00garbage"])
def test_it_refuses_a_file_it_cannot_read(alice: User, content: bytes) -> None:
    preview = import_preview(user=alice, content=content)

    assert preview.error


def test_it_reads_without_the_database() -> None:
    read = import_read(content=sample("hevy_sample_a.csv"), zone="Asia/Seoul")

    assert (read.source, len(read.rows)) == ("Hevy", 19)
    assert read.rows[0].performed_at.utcoffset() is not None


def test_it_reads_the_strong_layout_with_unit_columns() -> None:
    content = (
        b"Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;"
        b"Distance Unit;Seconds;Notes;Workout Notes\n"
        b'2021-03-01 18:00:00;"Legs";"Squat (Barbell)";1;225;lbs;5;8;;;;"";""\n'
        b'2021-03-01 18:00:00;"Legs";"Deadlift (Barbell)";1;140;kg;3;;;;;"";""\n'
    )

    read = import_read(content=content)

    assert [(r.exercise_name, r.weight_kg, r.reps, r.rpe) for r in read.rows] == [
        ("Squat (Barbell)", Decimal("102.06"), 5, Decimal("8")),
        ("Deadlift (Barbell)", Decimal("140"), 3, None),
    ]


@pytest.mark.parametrize(
    ("reps", "reason"), [("5.5", "invalid"), ("0", "empty"), ("101", "invalid"), ("x", "invalid")]
)
def test_it_skips_a_row_whose_reps_are_not_a_count_from_1_to_100(reps: str, reason: str) -> None:
    content = (
        b"Date Lifted,Exercise,Weight (kg),Weight (lb),Reps,Bodyweight (kg),Bodyweight (lb),"
        b"Percentile (%),Warmup\n2025-01-01,Squat,100,220,5,80,176,50,0\n"
        + f"2025-01-02,Squat,100,220,{reps},80,176,50,0\n".encode()
    )

    read = import_read(content=content, unit="kg")

    assert ([r.reps for r in read.rows], dict(read.skipped)) == ([5], {reason: 1})


def test_it_reads_a_hevy_set_without_weight_as_bodyweight_only() -> None:
    content = (
        b'"title","start_time","end_time","description","exercise_title","superset_id",'
        b'"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        b'"duration_seconds","rpe"\n'
        b'"Pull","7 Mar 2025, 07:45","7 Mar 2025, 08:46","","Pull Up",,"",0,"normal",,8,,,\n'
    )

    (row,) = import_read(content=content).rows

    assert (row.exercise_name, row.weight_kg, row.reps) == ("Pull Up", Decimal(0), 8)


def test_it_reads_strong_dates_without_seconds() -> None:
    content = (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,"
        b'Workout Notes,RPE\n2025-07-23 19:16,"Evening",29m,"Leg Press",1,40.0,20.0,0,0.0,"","",\n'
    )

    (row,) = import_read(content=content, unit="kg").rows

    assert row.performed_at.replace(tzinfo=None) == datetime(2025, 7, 23, 19, 16)


def test_it_matches_an_alias_with_its_brackets_before_the_bare_name(alice: User) -> None:
    # an alias the back office added for the whole name wins over what "Curl" alone means
    curl = Exercise.objects.get(slug="dumbbell-curl")
    ExerciseAlias.objects.create(alias=normalize_alias("Curl (Spider)"), exercise=curl)
    services.exercise_aliases_clear()  # as the back office does when it saves an alias
    content = (
        b"Date Lifted,Exercise,Weight (kg),Weight (lb),Reps,Bodyweight (kg),Bodyweight (lb),"
        b"Percentile (%),Warmup\n2025-01-01,Curl (Spider),12,26,10,80,176,50,0\n"
    )

    import_commit(user=alice, content=content, unit="kg")

    assert stored(alice) == [("dumbbell-curl", Decimal("12.00"), 10)]
