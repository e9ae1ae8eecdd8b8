"""Issue 14: the bot's /chart shares the lifter's budget of new drawings, and says when to retry."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.accounts.models import User
from backend.accounts.profile import profile_update
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


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_report_over_the_rate_answers_its_text_and_when_the_chart_can_follow(
    bot: BotHarness, language: str
) -> None:
    lifter = bot.alice if language == "en" else bot.minsu
    bot.say("/timezone", user=lifter)  # creates the lifter; a full profile ranks the squat
    profile_update(
        user=User.objects.get(telegram_id=lifter["id"]),
        sex="male",
        birth_date=date(1995, 7, 1),
        bodyweight_kg=Decimal("90"),
    )
    bot.say("squat 140x5", user=lifter)

    first = bot.say("/report", user=lifter)
    second = bot.say("/report", user=lifter)

    assert [c.method for c in first] == ["sendPhoto", "sendMessage"]
    assert [c.method for c in second] == ["sendMessage", "sendMessage"]
    assert second[0].text == first[1].text  # the report itself, as before
    prefix = t(language, "chart_slow_down", seconds=0).split("0")[0]
    assert second[1].text.startswith(prefix)
