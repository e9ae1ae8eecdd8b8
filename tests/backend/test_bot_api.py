"""The backend's one Bot API client (python-telegram-bot's Bot) against the loopback Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from backend import bot_api
from bot.testing.local_api import LocalBotApi


@pytest.fixture
def telegram(settings) -> Iterator[LocalBotApi]:
    with LocalBotApi() as api:
        settings.TELEGRAM_BOT_TOKEN = api.token
        # without the trailing /bot: both spellings of the base URL reach the same server
        settings.TELEGRAM_API_BASE_URL = api.base_url.removesuffix("/bot")
        yield api


def test_it_sends_html_with_buttons_and_edits_in_place(telegram: LocalBotApi) -> None:
    markup = bot_api.keyboard([("Stop", "rest:stop")])
    message_id = bot_api.send(7, "<b>Rest</b> 0:45", markup=markup)
    bot_api.edit(7, message_id, "<b>Rest</b> 0:30", markup=markup)
    sent, edited = telegram.calls
    assert (sent.method, sent.params["parse_mode"], sent.buttons()) == (
        "sendMessage",
        "HTML",
        [("Stop", "rest:stop")],
    )
    assert (edited.method, edited.params["message_id"], edited.text) == (
        "editMessageText",
        message_id,
        "<b>Rest</b> 0:30",
    )


def test_it_tells_a_block_from_a_failure_worth_retrying(telegram: LocalBotApi) -> None:
    telegram.block(8)
    with pytest.raises(bot_api.Blocked):
        bot_api.send(8, "hi")
    telegram.fail_next("sendMessage", status=429, retry_after=3)
    with pytest.raises(bot_api.SendError):
        bot_api.send(9, "hi")
    telegram.fail_next("sendMessage", status=500, retry_after=None)
    with pytest.raises(bot_api.SendError):
        bot_api.send(9, "hi")


def test_the_same_text_again_is_no_error(telegram: LocalBotApi) -> None:
    message_id = bot_api.send(7, "0:45")
    telegram.fail_next(
        "editMessageText",
        status=400,
        retry_after=None,
        description="Bad Request: message is not modified",
    )
    bot_api.edit(7, message_id, "0:45")
    telegram.fail_next("editMessageText", status=400, retry_after=None)
    with pytest.raises(bot_api.SendError):
        bot_api.edit(7, message_id, "0:30")


def test_it_can_be_called_from_code_running_in_an_event_loop(telegram: LocalBotApi) -> None:
    async def handler() -> int:
        return bot_api.send(7, "from a coroutine")

    message_id = asyncio.run(handler())
    assert telegram.calls[-1].text == "from a coroutine" and message_id > 0


def test_configure_points_it_at_another_server(telegram: LocalBotApi, settings) -> None:
    settings.TELEGRAM_API_BASE_URL = "http://127.0.0.1:9/bot"  # nothing listens there
    with pytest.raises(bot_api.SendError):
        bot_api.send(7, "lost")
    bot_api.configure(base_url=telegram.base_url, token=telegram.token)
    try:
        bot_api.send(7, "found")
    finally:
        bot_api.configure_reset()
    assert [call.text for call in telegram.calls] == ["found"]
