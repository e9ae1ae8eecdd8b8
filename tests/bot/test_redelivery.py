"""Issue 15, a replica killed mid-turn: the webhook answers only once an update is handled, and
an update is marked handled only at its end, so a redelivery of one whose process died is handled
again (its sets stored once: they carry the update's keys), and of one handled is dropped."""

from __future__ import annotations

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient

from backend.workouts.models import WorkoutSet
from bot import webhook
from tests.bot.conftest import ALICE_ID, BotHarness

SECRET = "redelivery-secret"


def alice_sets() -> int:
    return WorkoutSet.objects.filter(user__telegram_id=ALICE_ID).count()


class ProcessDied(BaseException):
    """What SIGKILL does to a turn, in-process: nothing after this point runs (PTB catches
    Exception, not this)."""


def test_an_update_whose_process_died_is_handled_again_and_stored_once(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot_class = type(bot.application.bot)
    real_send = bot_class.send_message

    async def die(*args: Any, **kwargs: Any) -> Any:
        raise ProcessDied

    # the process dies mid-turn: the sets are stored, the answer not yet sent
    monkeypatch.setattr(bot_class, "send_message", die)
    with pytest.raises(ProcessDied):
        bot.say("bench 100x5x3", update_id=7100)
    assert alice_sets() == 3
    monkeypatch.setattr(bot_class, "send_message", real_send)

    again = bot.say("bench 100x5x3", update_id=7100)  # redelivered (to another replica)
    after_that = bot.say("bench 100x5x3", update_id=7100)

    assert len(again) == 1  # answered this time
    assert after_that == []  # handled to the end: a further redelivery is dropped
    assert alice_sets() == 3  # the sets keep the update's keys: stored once


def test_the_webhook_answers_once_the_update_is_handled(bot: BotHarness, settings: Any) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET
    payload = json.dumps(bot.telegram.message_update("bench 100x5", user=bot.alice, update_id=71))

    async def deliver() -> tuple[int, int, int]:
        await bot.application.start()
        webhook.use_application(bot.application)
        try:
            response = await AsyncClient().post(
                "/telegram/webhook/",
                payload,
                "application/json",
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            # no waiting: by the time of the 200 the set is stored and the lifter answered
            answered = len(bot.telegram.calls_of("sendMessage", chat_id=ALICE_ID))
            stored = await WorkoutSet.objects.filter(user__telegram_id=ALICE_ID).acount()
            return response.status_code, answered, stored
        finally:
            webhook.use_application(None)
            await bot.application.stop()

    assert async_to_sync(deliver)() == (200, 1, 1)


pytestmark = pytest.mark.django_db
