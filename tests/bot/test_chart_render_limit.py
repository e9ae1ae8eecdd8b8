"""Issue 14: the bot's /chart shares the lifter's budget of new drawings, and says when to retry."""

from __future__ import annotations

from typing import Any

import pytest

from bot.i18n import t
from tests.bot.conftest import BotHarness


@pytest.fixture(autouse=True)
def one_a_minute(settings: Any) -> None:
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**rates, "chart_render": "1/min"},
    }


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_new_chart_over_the_rate_is_refused_politely(bot: BotHarness, language: str) -> None:
    lifter = bot.alice if language == "en" else bot.minsu
    bot.say("bench 100x5", user=lifter)

    (photo,) = bot.say("/chart bench 1m", user=lifter)
    (refused,) = bot.say("/chart bench 3m", user=lifter)
    (again,) = bot.say("/chart bench 1m", user=lifter)  # drawn already: served

    assert photo.method == "sendPhoto"
    assert refused.method == "sendMessage"
    prefix = t(language, "chart_slow_down", seconds=0).split("0")[0]
    assert refused.text.startswith(prefix)
    assert again.method == "sendPhoto"
    assert again.files["photo"][1] == photo.files["photo"][1]
