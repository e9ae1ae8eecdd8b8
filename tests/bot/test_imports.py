from __future__ import annotations

from pathlib import Path

from backend.workouts.models import WorkoutSet
from tests.bot.conftest import BotHarness

FIXTURES = Path(__file__).parent / "fixtures"


def test_it_previews_then_imports_a_hevy_export(bot: BotHarness) -> None:
    (preview,) = bot.send_file("workout_data.csv", (FIXTURES / "hevy_sample_a.csv").read_bytes())
    assert preview.text.startswith("Hevy export: 17 new sets, 0 already logged, 3 rows skipped")
    assert WorkoutSet.objects.count() == 0

    (done,) = bot.press(preview, "import:go")

    assert done.text == "Imported 17 sets."
    assert WorkoutSet.objects.filter(source="import").count() == 17


def test_it_skips_duplicates_when_the_same_file_comes_again(bot: BotHarness) -> None:
    content = (FIXTURES / "hevy_sample_a.csv").read_bytes()
    (preview,) = bot.send_file("workout_data.csv", content)
    bot.press(preview, "import:go")

    (again,) = bot.send_file("workout_data.csv", content)

    assert "0 new sets, 17 already logged" in again.text
    assert again.buttons() == []


def test_it_asks_the_unit_of_a_strong_export(bot: BotHarness) -> None:
    (question,) = bot.send_file("strong.csv", (FIXTURES / "strong_sample_a.csv").read_bytes())
    assert question.text == "This file has no unit. Which unit are the weights in?"

    _, preview = bot.press(question, "import:unit:kg")
    bot.press(preview, "import:go")

    assert WorkoutSet.objects.count() == 17


def test_it_drops_an_import_on_cancel(bot: BotHarness) -> None:
    (preview,) = bot.send_file("workout_data.csv", (FIXTURES / "hevy_sample_a.csv").read_bytes())

    (cancelled,) = bot.press(preview, "import:cancel")

    assert cancelled.text == "Cancelled, nothing logged."
    assert WorkoutSet.objects.count() == 0


def test_it_explains_a_file_it_cannot_read(bot: BotHarness) -> None:
    (reply,) = bot.send_file("notes.txt", b"just some notes")

    assert reply.text.startswith("I can't read this file")
