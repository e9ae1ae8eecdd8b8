"""The loopback Bot API server speaks enough Telegram for python-telegram-bot's own client."""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import Forbidden, RetryAfter

from bot.testing.local_api import LocalBotApi


@pytest.fixture
def api() -> object:
    with LocalBotApi() as server:
        yield server


def a_bot(api: LocalBotApi) -> Bot:
    return Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)


def test_it_answers_get_me_and_records_sends(api: LocalBotApi) -> None:
    async def scenario() -> tuple[str, int]:
        async with a_bot(api) as bot:
            me = await bot.get_me()
            markup = InlineKeyboardMarkup([[InlineKeyboardButton("Yes", callback_data="y")]])
            sent = await bot.send_message(5, "hi <b>there</b>", reply_markup=markup)
            return str(me.username), sent.message_id

    username, message_id = async_to_sync(scenario)()

    (call,) = api.calls_of("sendMessage")
    assert username == "sbd_animal_bot"
    assert (call.chat_id, call.text, call.buttons()) == (5, "hi <b>there</b>", [("Yes", "y")])
    assert call.params["_message_id"] == message_id


def test_it_takes_uploads_and_serves_downloads(api: LocalBotApi) -> None:
    async def scenario() -> bytes:
        async with a_bot(api) as bot:
            await bot.send_photo(5, b"\x89PNG fake", caption="chart")
            sent = await bot.send_document(5, b"a,b\n1,2\n", filename="sets.csv")
            telegram_file = await bot.get_file(sent.document.file_id)
            return bytes(await telegram_file.download_as_bytearray())

    assert async_to_sync(scenario)() == b"a,b\n1,2\n"
    assert api.calls_of("sendPhoto")[0].files["photo"][1] == b"\x89PNG fake"


def test_it_long_polls_until_an_update_arrives(api: LocalBotApi) -> None:
    user = api.user(7)

    async def scenario() -> list[str]:
        async with a_bot(api) as bot:
            empty = await bot.get_updates(timeout=0)
            # the longest poll the server allows; it must end when the update comes, not then
            poll = asyncio.ensure_future(bot.get_updates(offset=0, timeout=30, read_timeout=60))
            await asyncio.to_thread(api.wait_for_poll)
            api.send_text("/start", user=user)
            updates = await asyncio.wait_for(poll, timeout=15)
            after = await bot.get_updates(offset=updates[-1].update_id + 1, timeout=0)
            return [u.message.text for u in empty + updates + after]

    assert async_to_sync(scenario)() == ["/start"]


def test_it_injects_429_and_403(api: LocalBotApi) -> None:
    api.fail_next("sendMessage", retry_after=3)
    api.block(9)

    async def scenario() -> list[str]:
        outcomes = []
        async with a_bot(api) as bot:
            for chat_id in (5, 9):
                try:
                    await bot.send_message(chat_id, "x")
                except RetryAfter as error:
                    outcomes.append(f"retry {int(error.retry_after)}")
                except Forbidden as error:
                    outcomes.append(error.message)
        return outcomes

    assert async_to_sync(scenario)() == ["retry 3", "Forbidden: bot was blocked by the user"]


def test_it_edits_messages_and_answers_callbacks(api: LocalBotApi) -> None:
    async def scenario() -> str:
        async with a_bot(api) as bot:
            sent = await bot.send_message(5, "question")
            await bot.edit_message_text("answered", chat_id=5, message_id=sent.message_id)
            await bot.answer_callback_query("cb1")
            return api.messages[(5, sent.message_id)]["text"]

    assert async_to_sync(scenario)() == "answered"
    assert [c.method for c in api.calls] == [
        "getMe",
        "sendMessage",
        "editMessageText",
        "answerCallbackQuery",
    ]
