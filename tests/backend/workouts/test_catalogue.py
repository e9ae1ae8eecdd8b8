"""The catalogue: Strong/Hevy titles and chat names resolve, typos get suggestions, lookups hit the
cache (pinned query counts), and a change made in one process reaches another within seconds."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from backend.workouts import catalogue, services
from backend.workouts.models import Exercise, ExerciseAlias
from backend.workouts.seed import exercise_rows

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]

# Strong and Hevy titles (FORMATS.md, the sample files, the issue) and chat names → slug
RESOLVES = {
    "Bench Press (Barbell)": "bench-press",
    "Bench Press (Dumbbell)": "dumbbell-bench-press",
    "Bench Press (Smith Machine)": "smith-machine-bench-press",
    "Bench Press (Cable)": "cable-bench-press",
    "Incline Bench Press (Barbell)": "incline-bench-press",
    "Incline Bench Press (Dumbbell)": "incline-dumbbell-bench-press",
    "Incline Bench Press (Smith Machine)": "smith-machine-incline-bench-press",
    "Decline Bench Press (Barbell)": "decline-bench-press",
    "Close Grip Bench Press (Barbell)": "close-grip-bench-press",
    "Chest Press (Machine)": "chest-press",
    "Iso-Lateral Chest Press (Machine)": "iso-lateral-chest-press",
    "Chest Fly (Dumbbell)": "dumbbell-fly",
    "Chest Fly (Machine)": "machine-chest-fly",
    "Butterfly (Pec Deck)": "machine-chest-fly",
    "Cable Fly Crossover": "cable-fly",
    "Cable Crossover": "cable-fly",
    "Squat (Barbell)": "squat",
    "Squat (Smith Machine)": "smith-machine-squat",
    "Squat (Dumbbell)": "dumbbell-squat",
    "Front Squat (Barbell)": "front-squat",
    "Hack Squat (Machine)": "hack-squat",
    "Hack Squat": "hack-squat",
    "Goblet Squat (Kettlebell)": "kettlebell-goblet-squat",
    "Goblet Squat (Dumbbell)": "goblet-squat",
    "Box Squat (Barbell)": "box-squat",
    "Zercher Squat (Barbell)": "zercher-squat",
    "Overhead Squat (Barbell)": "overhead-squat",
    "Bulgarian Split Squat (Dumbbell)": "bulgarian-split-squat",
    "Lunge (Dumbbell)": "lunge",
    "Lunge (Barbell)": "barbell-lunge",
    "Walking Lunge (Dumbbell)": "lunge",
    "Leg Press (Machine)": "horizontal-leg-press",
    "Leg Press": "sled-leg-press",
    "Leg Extension (Machine)": "leg-extension",
    "Seated Leg Curl (Machine)": "leg-curl",
    "Lying Leg Curl (Machine)": "leg-curl",
    "Standing Calf Raise (Machine)": "calf-raise",
    "Seated Calf Raise (Machine)": "seated-calf-raise",
    "Calf Press (Machine)": "leg-press-calf-raise",
    "Hip Abduction (Machine)": "hip-abduction",
    "Hip Adduction (Machine)": "hip-adduction",
    "Hip Thrust (Barbell)": "hip-thrust",
    "Hip Thrust (Machine)": "machine-hip-thrust",
    "Glute Bridge": "glute-bridge",
    "Glute Kickback (Machine)": "glute-kickback",
    "Deadlift (Barbell)": "deadlift",
    "Deadlift (Trap bar)": "hex-bar-deadlift",
    "Deadlift (Dumbbell)": "dumbbell-deadlift",
    "Sumo Deadlift (Barbell)": "sumo-deadlift",
    "Romanian Deadlift (Barbell)": "romanian-deadlift",
    "Romanian Deadlift (Dumbbell)": "dumbbell-romanian-deadlift",
    "Stiff Leg Deadlift (Barbell)": "stiff-leg-deadlift",
    "Rack Pull": "rack-pull",
    "Good Morning (Barbell)": "good-morning",
    "Back Extension": "back-extension",
    "Back Extension (Weighted Hyperextension)": "back-extension",
    "Overhead Press (Barbell)": "shoulder-press",
    "Overhead Press (Dumbbell)": "dumbbell-shoulder-press",
    "Shoulder Press (Dumbbell)": "dumbbell-shoulder-press",
    "Shoulder Press (Machine)": "machine-shoulder-press",
    "Seated Overhead Press (Barbell)": "seated-overhead-press",
    "Push Press": "push-press",
    "Arnold Press (Dumbbell)": "arnold-press",
    "Landmine Press": "landmine-press",
    "Lateral Raise (Dumbbell)": "dumbbell-lateral-raise",
    "Lateral Raise (Cable)": "cable-lateral-raise",
    "Single Arm Lateral Raise (Cable)": "cable-lateral-raise",
    "Lateral Raise (Machine)": "machine-lateral-raise",
    "Front Raise (Dumbbell)": "front-raise",
    "Front Raise (Plate)": "plate-front-raise",
    "Reverse Fly (Dumbbell)": "rear-delt-dumbbell-fly",
    "Rear Delt Reverse Fly (Machine)": "reverse-pec-deck",
    "Reverse Fly (Cable)": "rear-delt-cable-fly",
    "Face Pull (Cable)": "face-pull",
    "Face Pull": "face-pull",
    "Upright Row (Barbell)": "upright-row",
    "Shrug (Barbell)": "barbell-shrug",
    "Shrug (Dumbbell)": "dumbbell-shrug",
    "Lat Pulldown (Cable)": "lat-pulldown",
    "Lat Pulldown (Machine)": "machine-lat-pulldown",
    "Lat Pulldown - Close Grip (Cable)": "close-grip-lat-pulldown",
    "Reverse Grip Lat Pulldown (Cable)": "reverse-grip-lat-pulldown",
    "Single Arm Lat Pulldown": "single-arm-lat-pulldown",
    "Straight Arm Lat Pulldown (Cable)": "straight-arm-pulldown",
    "Seated Row (Cable)": "seated-cable-row",
    "Seated Cable Row - V Grip (Cable)": "seated-cable-row",
    "Seated Row (Machine)": "seated-row-machine",
    "Iso-Lateral Row (Machine)": "iso-lateral-row",
    "Iso-Lateral Low Row": "iso-lateral-low-row",
    "Bent Over Row (Barbell)": "bent-over-row",
    "Bent Over Row (Dumbbell)": "dumbbell-bent-over-row",
    "Pendlay Row (Barbell)": "bent-over-row",
    "Dumbbell Row": "dumbbell-row",
    "Chest Supported Incline Row (Dumbbell)": "chest-supported-row",
    "T Bar Row": "t-bar-row",
    "Meadows Row": "meadows-row",
    "Pull Up": "pull-ups",
    "Pull Up (Assisted)": "pull-ups",
    "Pull Up (Weighted)": "pull-ups",
    "Pull Up (Band)": "pull-ups",
    "Chin Up": "chin-ups",
    "Chin Up (Assisted)": "chin-ups",
    "Chest Dip": "dips",
    "Chest Dip (Assisted)": "dips",
    "Triceps Dip": "triceps-dip",
    "Bench Dip": "bench-dip",
    "Push Up": "push-ups",
    "Incline Push Up": "incline-push-ups",
    "Inverted Row (Bodyweight)": "inverted-row",
    "Muscle Up": "muscle-up",
    "Bicep Curl (Barbell)": "barbell-curl",
    "Bicep Curl (Dumbbell)": "dumbbell-curl",
    "Bicep Curl (Cable)": "cable-curl",
    "Bicep Curl (Machine)": "machine-bicep-curl",
    "EZ Bar Biceps Curl": "ez-bar-curl",
    "Preacher Curl (Barbell)": "barbell-preacher-curl",
    "Preacher Curl (Dumbbell)": "dumbbell-preacher-curl",
    "Preacher Curl (Machine)": "machine-preacher-curl",
    "Hammer Curl (Dumbbell)": "hammer-curl",
    "Hammer Curl (Cable)": "cable-hammer-curl",
    "Concentration Curl (Dumbbell)": "concentration-curl",
    "Incline Curl (Dumbbell)": "incline-curl",
    "Spider Curl (Dumbbell)": "spider-curl",
    "Reverse Curl (Barbell)": "reverse-curl",
    "Wrist Curl (Barbell)": "wrist-curl",
    "Skullcrusher (Barbell)": "skull-crusher",
    "Skullcrusher (Dumbbell)": "dumbbell-skull-crusher",
    "Triceps Pushdown": "tricep-pushdown",
    "Triceps Pushdown (Cable - Straight Bar)": "tricep-pushdown",
    "Triceps Rope Pushdown": "triceps-rope-pushdown",
    "Triceps Extension (Cable)": "cable-overhead-triceps-extension",
    "Triceps Extension (Dumbbell)": "overhead-triceps-extension",
    "Overhead Triceps Extension (Cable)": "cable-overhead-triceps-extension",
    "Triceps Kickback (Dumbbell)": "triceps-kickback",
    "Crunch": "crunch",
    "Crunch (Machine)": "machine-crunch",
    "Crunch (Weighted)": "crunch",
    "Cable Crunch": "cable-crunch",
    "Sit Up": "sit-up",
    "Plank": "plank",
    "Hanging Leg Raise": "hanging-leg-raise",
    "Hanging Knee Raise": "hanging-knee-raise",
    "Knee Raise (Captain's Chair)": "hanging-knee-raise",
    "Ab Wheel": "ab-wheel-rollout",
    "Russian Twist": "russian-twist",
    "Dragon Flag": "dragon-flag",
    "Power Clean": "power-clean",
    "Clean and Jerk (Barbell)": "clean-and-jerk",
    "Snatch (Barbell)": "snatch",
    "Hang Clean (Barbell)": "hang-clean",
    "Thruster (Barbell)": "thruster",
    "Kettlebell Swing": "kettlebell-swing",
    "Farmers Walk": "farmers-walk",
    "Turkish Get Up": "turkish-get-up",
    # Strength Level names and chat names
    "Pull Ups": "pull-ups",
    "Chin Ups": "chin-ups",
    "Sled Leg Press": "sled-leg-press",
    "Shoulder Press": "shoulder-press",
    "hack squat": "hack-squat",
    "zercher squat": "zercher-squat",
    "preacher curl": "preacher-curl",
    "cable lateral raise": "cable-lateral-raise",
    "rdl": "romanian-deadlift",
    "ohp": "shoulder-press",
    "db bench": "dumbbell-bench-press",
    "lat pulldowns": "lat-pulldown",
    "pec deck": "machine-chest-fly",
    "leg curls": "leg-curl",
    "스쿼트": "squat",
    "벤치프레스": "bench-press",
    "데드리프트": "deadlift",
    "핵스쿼트": "hack-squat",
    "랫풀다운": "lat-pulldown",
    "사레레": "dumbbell-lateral-raise",
    "케이블 사레레": "cable-lateral-raise",
    "프리처 컬": "preacher-curl",
    "레그컬": "leg-curl",
    # Korean gym slang
    "밀프": "military-press",
    "오헤프": "shoulder-press",
    "랫풀": "lat-pulldown",
    "스티프": "stiff-leg-deadlift",
    "덤프": "dumbbell-bench-press",
    "덤벨프레스": "dumbbell-bench-press",
    "푸쉬업": "push-ups",
    "펜들레이 로우": "bent-over-row",
    "시티드로우": "seated-cable-row",
    "컨벤셔널": "deadlift",
    "디클라인": "decline-bench-press",
    "원암로우": "dumbbell-row",
    "트라이셉스 익스텐션": "overhead-triceps-extension",
    "케이블 크로스오버": "cable-fly",
    "바이셉 컬": "dumbbell-curl",
    "암컬": "dumbbell-curl",
}


def test_the_catalogue_has_300_exercises_with_the_core_ones_unchanged() -> None:
    rows = {row["slug"]: row for row in exercise_rows()}
    assert len(rows) >= 300
    assert Exercise.objects.count() == len(rows)
    assert (rows["squat"]["name"], rows["squat"]["standards"]) == ("Squat", "1rm_kg")
    assert (rows["pull-ups"]["name"], rows["pull-ups"]["standards"]) == ("Pull-ups", "added_kg")
    equipment = {row["equipment"] for row in rows.values()}
    assert {"barbell", "dumbbell", "cable", "machine", "smith_machine", "plate_loaded"} <= equipment
    assert {"ez_bar", "kettlebell", "band", "bodyweight"} <= equipment
    described = [r for r in rows.values() if r["met_code"] and r["met_value"]]
    assert len(described) == len([r for r in described if r["primary_muscles"]]) == len(rows)


def test_the_resolution_table_is_large() -> None:
    assert len(RESOLVES) >= 150


@pytest.mark.parametrize(("title", "slug"), RESOLVES.items())
def test_it_resolves_strong_and_hevy_titles_and_chat_names(title: str, slug: str) -> None:
    found = services.exercise_resolve(text=title)
    assert (found.slug if found else None) == slug


def test_it_resolves_nothing_for_an_unknown_name_or_a_mismatched_equipment() -> None:
    assert services.exercise_resolve(text="Underwater Basket Weaving") is None
    assert services.exercise_resolve(text="Hack Squat (Kettlebell)") is None
    assert services.exercise_resolve(text="") is None


@pytest.mark.parametrize(
    ("typed", "first"),
    [("sqaut", "squat"), ("benhc", "bench-press"), ("benhc press", "bench-press"),
     ("deadlfit", "deadlift"), ("lat pulldwon", "lat-pulldown"),
     ("preacher crul", "preacher-curl")],
)  # fmt: skip
def test_it_suggests_the_closest_exercise_for_a_typo(typed: str, first: str) -> None:
    suggestions = catalogue.exercise_suggest(text=typed)
    assert 1 <= len(suggestions) <= 3
    assert suggestions[0].slug == first


def test_it_suggests_nothing_for_a_name_far_from_every_exercise() -> None:
    assert catalogue.exercise_suggest(text="zumba") == []
    assert catalogue.exercise_suggest(text="sqaut", limit=0) == []


def test_it_reads_the_catalogue_in_two_queries_then_none() -> None:
    catalogue.catalogue_clear()
    with CaptureQueriesContext(connection) as cold:
        services.exercise_resolve(text="Bench Press (Dumbbell)")
    with CaptureQueriesContext(connection) as warm:
        for title in list(RESOLVES)[:50]:
            services.exercise_resolve(text=title)
        catalogue.exercise_suggest(text="sqaut")
        catalogue.exercise_by_slug(slug="squat")
    assert (len(cold), len(warm)) == (2, 0)


def test_it_drops_the_copy_when_an_alias_is_added_or_removed_in_this_process(
    django_capture_on_commit_callbacks: Any,
) -> None:
    squat = Exercise.objects.get(slug="squat")
    assert services.exercise_resolve(text="the king of lifts") is None
    with django_capture_on_commit_callbacks(execute=True):
        alias = ExerciseAlias.objects.create(exercise=squat, alias="the king of lifts")
    assert services.exercise_resolve(text="the king of lifts") == squat
    with django_capture_on_commit_callbacks(execute=True):
        alias.delete()
    assert services.exercise_resolve(text="the king of lifts") is None


def test_a_rolled_back_exercise_leaves_no_ghost_in_the_copy(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # given an exercise created, looked up, then rolled back
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                Exercise.objects.create(
                    slug="ghost-press", name="Ghost Press", category="chest",
                    load_type="barbell", met_value=Decimal("3.5"), met_code="02054",
                )  # fmt: skip
                # the transaction sees its own exercise
                assert services.exercise_resolve(text="ghost press").slug == "ghost-press"
                raise RuntimeError("roll back")
        except RuntimeError:
            pass

    # then no process copy knows it: nothing ran on commit, and the lookup finds nothing
    assert callbacks == []
    assert Exercise.objects.filter(slug="ghost-press").exists() is False
    assert services.exercise_resolve(text="ghost press") is None
    assert catalogue.exercise_by_slug(slug="ghost-press") is None
    assert "ghostpress" not in catalogue.exercise_aliases()


def test_a_new_exercise_reaches_the_shared_copy_only_once_it_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Exercise.objects.create(
            slug="pin-press-deluxe", name="Pin Press Deluxe", category="chest",
            load_type="barbell", met_value=Decimal("3.5"), met_code="02054",
        )  # fmt: skip
        assert services.exercise_resolve(text="pin press deluxe").slug == "pin-press-deluxe"
        assert catalogue._loaded is None or "pinpressdeluxe" not in catalogue._loaded.names

    assert services.exercise_resolve(text="pin press deluxe").slug == "pin-press-deluxe"


WATCHER = """
import sys, time
import django
django.setup()
from backend.workouts import catalogue
print("ready", catalogue.exercise_resolve(text="the king of lifts"), flush=True)
deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    found = catalogue.exercise_resolve(text="the king of lifts")
    if found is not None:
        print("seen", found.slug, round(time.monotonic() - float(sys.argv[1]), 1), flush=True)
        sys.exit(0)
    time.sleep(0.05)
print("never seen", flush=True)
"""
WRITER = """
import django
django.setup()
from backend.workouts.models import Exercise, ExerciseAlias
ExerciseAlias.objects.create(exercise=Exercise.objects.get(slug="squat"), alias="the king of lifts")
"""


def test_it_drops_the_copy_in_another_process_within_seconds(tmp_path: Path) -> None:
    """Two processes share one database and one cache: the real Redis in the REDIS_URL pass, else
    a file-based cache in a temp dir (locmem lives in one process). The database is a migrated
    SQLite file: the test's own database may be in memory, which no other process can open."""
    cache_url = settings.REDIS_URL or f"filecache://{tmp_path / 'cache'}"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": cache_url,
        "PYTHONPATH": str(ROOT),
    }
    run = {"cwd": ROOT, "env": env, "check": True, "timeout": 120}
    subprocess.run([sys.executable, "manage.py", "migrate", "--skip-checks", "-v0"], **run)
    watcher = subprocess.Popen(
        [sys.executable, "-c", WATCHER, str(time.monotonic())],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert watcher.stdout is not None
        assert watcher.stdout.readline().strip() == "ready None"
        subprocess.run([sys.executable, "-c", WRITER], **run)
        started = time.monotonic()  # the alias is committed
        seen = watcher.stdout.readline().split()
        elapsed = time.monotonic() - started
    finally:
        watcher.kill()
        watcher.wait()
    assert seen[:2] == ["seen", "squat"]
    assert elapsed < 3  # the watcher checks the shared version once a second
