"""Issue 14's plate 500s, in the chat: a bar heavier than the setup's column holds is refused
politely, and a target too heavy for plates this fine gets a hint, not the error apology."""

from __future__ import annotations

import pytest

from backend.workouts.models import PlateSetup
from bot.i18n import t
from tests.bot.conftest import BotHarness


def test_a_bar_heavier_than_the_column_holds_is_refused(bot: BotHarness) -> None:
    (reply,) = bot.say("/plates bar 1000")

    assert reply.text.startswith("Bars, plates and collars must weigh")
    assert not PlateSetup.objects.exists()


@pytest.mark.parametrize("command", ["/plates 999", "/warmup squat 999"])
def test_a_target_too_heavy_for_plates_this_fine_gets_a_hint(bot: BotHarness, command: str) -> None:
    bot.say("/plates have 0.001")

    (reply,) = bot.say(command)

    assert reply.text == t("en", "plates_too_fine", example="/plates have 25 20 15 10 5 2.5 1.25")
    assert "went wrong" not in reply.text
