from __future__ import annotations

import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

from backend.workouts import services
from backend.workouts.models import Exercise, WorkoutSet
from tests.bot.conftest import BotHarness

FIXTURES = Path(__file__).parent / "fixtures"
IMPORTS = Path(__file__).parents[1] / "backend" / "workouts" / "fixtures" / "imports"

pytestmark = pytest.mark.usefixtures("eager_celery")


def test_it_previews_then_imports_a_hevy_export(bot: BotHarness) -> None:
    (preview,) = bot.send_file("workout_data.csv", (FIXTURES / "hevy_sample_a.csv").read_bytes())
    assert preview.text == (
        "Hevy export: 19 new sets (2 warm-ups, kept and marked), 0 already logged.\n"
        "Not stored: 1 timed or cardio rows."
    )
    assert WorkoutSet.objects.count() == 0

    (done,) = bot.press(preview, "import:go")

    assert done.text == "Imported 19 sets."
    assert WorkoutSet.objects.filter(source="import").count() == 19
    assert WorkoutSet.objects.filter(is_warmup=True).count() == 2


def test_it_skips_duplicates_when_the_same_file_comes_again(bot: BotHarness) -> None:
    content = (FIXTURES / "hevy_sample_a.csv").read_bytes()
    (preview,) = bot.send_file("workout_data.csv", content)
    bot.press(preview, "import:go")

    (again,) = bot.send_file("workout_data.csv", content)

    assert "0 new sets (0 warm-ups, kept and marked), 19 already logged" in again.text
    assert again.buttons() == []


def test_it_shows_its_unit_guess_and_lets_the_lifter_switch(bot: BotHarness) -> None:
    # was: a question "This file has no unit" before any preview; now the guess is shown
    (preview,) = bot.send_file("strong.csv", (FIXTURES / "strong_sample_a.csv").read_bytes())
    assert "Weights read as kg: the file has no unit" in preview.text

    (switched,) = bot.press(preview, "import:unit:lb")
    assert "Weights read as lb" in switched.text
    bot.press(switched, "import:go")

    assert WorkoutSet.objects.count() == 19
    squat = WorkoutSet.objects.filter(exercise__slug="squat", is_warmup=False).first()
    assert squat is not None and squat.weight_kg == Decimal("45.36")  # 100 lb


def test_it_drops_an_import_on_cancel(bot: BotHarness) -> None:
    (preview,) = bot.send_file("workout_data.csv", (FIXTURES / "hevy_sample_a.csv").read_bytes())

    (cancelled,) = bot.press(preview, "import:cancel")

    assert cancelled.text == "Cancelled, nothing logged."
    assert WorkoutSet.objects.count() == 0


def test_it_explains_a_file_it_cannot_read(bot: BotHarness) -> None:
    (reply,) = bot.send_file("notes.txt", b"just some notes")

    assert reply.text.startswith("I can't read this file")


def test_it_lists_unknown_names_and_says_why_rows_are_not_stored(bot: BotHarness) -> None:
    (preview,) = bot.send_file("strong.csv", (IMPORTS / "strong_a_lb.csv").read_bytes())

    assert preview.text.splitlines()[1:] == [
        "Not stored: 1 rest timers, 1 timed or cardio rows, 1 negative or absurd values.",
        "Weights read as lb: the file has no unit, this is a guess from the numbers.",
        "Exercises I don't know (not imported until you choose):",
        "• Zumba Step (Machine): 2 sets",
        "• Seated Leg Curl Machin: 1 sets",
    ]


@pytest.fixture
def seams(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Stand-ins for the two services other branches bring (SEAMS in importers): the
    catalogue's `exercise_suggest` and the own-exercises `exercise_create_own`."""
    created: list[str] = []

    def suggest(*, text: str, user: object = None, limit: int = 3) -> list[Exercise]:
        return list(Exercise.objects.filter(slug__in=("squat", "leg-curl")).order_by("slug"))

    def create_own(*, user: object, name: str, load_type: str | None = None) -> Exercise:
        created.append(name)
        return Exercise.objects.create(
            slug=f"own-{len(created)}",
            name=name,
            category=Exercise.Category.LEGS,
            load_type=Exercise.LoadType.MACHINE,
            met_value=Decimal("3.5"),
            met_code="02054",
        )

    catalogue = types.ModuleType("backend.workouts.catalogue")
    catalogue.exercise_suggest = suggest  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backend.workouts.catalogue", catalogue)
    monkeypatch.setattr(services, "exercise_create_own", create_own, raising=False)
    return created


def test_it_maps_one_name_and_creates_the_rest(bot: BotHarness, seams: list[str]) -> None:
    (preview,) = bot.send_file("strong.csv", (IMPORTS / "strong_a_lb.csv").read_bytes())
    assert preview.buttons()[:3] == [
        ("Leg Curl", "import:map:0:0"),
        ("Squat", "import:map:0:1"),
        ("Create “Zumba Step (Machine)”", "import:own:0"),
    ]

    (mapped,) = bot.press(preview, "import:map:0:1")
    assert "• Zumba Step (Machine): 2 sets → squat" in mapped.text
    (all_own,) = bot.press(mapped, "Create all as own exercises")
    assert "• Seated Leg Curl Machin: 1 sets → new own exercise" in all_own.text
    (done,) = bot.press(all_own, "import:go")

    assert done.text == "Imported 14 sets."
    assert seams == ["Seated Leg Curl Machin"]
    assert WorkoutSet.objects.filter(exercise__slug="squat").count() == 7
