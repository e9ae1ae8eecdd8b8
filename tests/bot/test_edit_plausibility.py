"""/edit checks a corrected set with the same plausibility rules as logging
(`backend.workouts.plausibility` through `services.sets_doubt`): a doubted value is asked about,
a button per reading, "Yes, as typed" and "Cancel", and nothing changes until answered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from backend.workouts.models import WorkoutSet
from tests.bot.conftest import BotHarness


def edit_to(bot: BotHarness, text: str) -> Any:
    """Edits the newest set to `text` through /edit; the bot's reply."""
    (menu,) = bot.say("/edit")
    (asked,) = bot.press(menu, menu.buttons()[0][1])
    assert "Send the new weight and reps" in asked.text
    (reply,) = bot.say(text)
    return reply


def newest() -> tuple[Decimal, int]:
    ws = WorkoutSet.objects.order_by("-id").first()
    assert ws is not None
    return ws.weight_kg, ws.reps


def stored() -> tuple[Decimal, int]:
    ws = WorkoutSet.objects.get()
    return ws.weight_kg, ws.reps


def test_a_doubted_correction_is_asked_about_and_changes_nothing_yet(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    bot.say("bench 100x5")

    question = edit_to(bot, "10x5")

    assert "Did you mean 100 kg × 5" in question.text, question.text
    labels = [label for label, _ in question.buttons()]
    assert labels[-2:] == ["Yes, as typed", "Cancel"]
    assert "100 kg × 5" in labels
    assert newest() == (Decimal("100.00"), 5)


def test_the_reading_picked_is_the_new_value(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    bot.say("bench 90x5")
    question = edit_to(bot, "10.25x5")

    (done,) = bot.press(question, "102.5 kg × 5")

    assert done.text.startswith("Changed to")
    assert newest() == (Decimal("102.50"), 5)


def test_as_typed_and_cancel(bot: BotHarness) -> None:
    bot.say("bench 100x5")

    (cancelled,) = bot.press(edit_to(bot, "5x100"), "Cancel")
    assert cancelled.text == "Cancelled, the set is unchanged."
    assert stored() == (Decimal("100.00"), 5)

    (kept,) = bot.press(edit_to(bot, "5x100"), "Yes, as typed")
    assert kept.text.startswith("Changed to")
    assert stored() == (Decimal("5.00"), 100)


def test_a_believable_correction_changes_at_once(bot: BotHarness) -> None:
    bot.say("bench 100x5")

    reply = edit_to(bot, "102.5x4")

    assert reply.text.startswith("Changed to")
    assert stored() == (Decimal("102.50"), 4)


def test_the_set_being_corrected_is_not_its_own_yardstick(bot: BotHarness) -> None:
    # a typo stored as typed (confirmed) is corrected without being measured against itself
    bot.say("bench 100x5")
    (question,) = bot.say("bench 500x5")
    bot.press(question, "Yes, as typed")
    assert newest() == (Decimal("500.00"), 5)

    reply = edit_to(bot, "50x5")  # far below 500x5, believable against 100x5

    assert reply.text.startswith("Changed to"), reply.text
    assert newest() == (Decimal("50.00"), 5)
