from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from backend.workouts import catalogue
from backend.workouts.models import Exercise, WorkoutSet
from tests.bot.conftest import ALICE_ID, BotHarness

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


def test_it_maps_one_name_and_creates_the_rest(bot: BotHarness) -> None:
    guesses = catalogue.exercise_suggest(text="Zumba Step (Machine)")
    (preview,) = bot.send_file("strong.csv", (IMPORTS / "strong_a_lb.csv").read_bytes())
    assert preview.buttons()[: len(guesses[:2]) + 1] == [
        *[(e.name, f"import:map:0:{j}") for j, e in enumerate(guesses[:2])],
        ("Create “Zumba Step (Machine)”", "import:own:0"),
    ]
    assert ("Create all as own exercises", "import:own:all") in preview.buttons()

    (mapped,) = bot.press(preview, "import:map:0:0")
    assert f"• Zumba Step (Machine): 2 sets → {guesses[0].slug}" in mapped.text
    (all_own,) = bot.press(mapped, "Create all as own exercises")
    assert "• Seated Leg Curl Machin: 1 sets → new own exercise" in all_own.text
    (done,) = bot.press(all_own, "import:go")

    assert done.text == "Imported 14 sets."
    own = Exercise.objects.get(owner__telegram_id=ALICE_ID)
    assert (own.name, own.has_standards) == ("Seated Leg Curl Machin", False)
    assert WorkoutSet.objects.filter(exercise=own).count() == 1
    assert WorkoutSet.objects.filter(exercise__slug=guesses[0].slug).count() >= 2


def test_it_creates_one_name_as_own(bot: BotHarness) -> None:
    (preview,) = bot.send_file("strong.csv", (IMPORTS / "strong_a_lb.csv").read_bytes())

    (chosen,) = bot.press(preview, "import:own:0")
    (done,) = bot.press(chosen, "import:go")

    assert "• Zumba Step (Machine): 2 sets → new own exercise" in chosen.text
    assert done.text == "Imported 13 sets."
    own = Exercise.objects.get(owner__telegram_id=ALICE_ID)
    assert own.name == "Zumba Step (Machine)"
    assert WorkoutSet.objects.filter(exercise=own).count() == 2
