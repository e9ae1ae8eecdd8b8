"""The backend's one Bot API client: messages Telegram gets from processes that run no bot
(Celery workers, the web app, the timer pump), through python-telegram-bot's `Bot`.

Inquiry answers (`backend.inquiries`) and the bot's own pushes (rest timers and reminders in
`bot.timers`) both send through here; the bot package imports it, never the other way round.
Each call runs on a short-lived `Bot` in its own event loop, so sync code (a Celery task, a
Django view thread) can call it directly.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.request import HTTPXRequest

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
TIMEOUT_SECONDS = 10.0

T = TypeVar("T")


class Blocked(Exception):
    """Telegram answered 403: the user blocked the bot. Not worth a retry."""


class SendError(Exception):
    """The Bot API refused the call, asked to wait (429) or could not be reached: retry later
    (the Celery tasks back off)."""


_override: dict[str, str] = {}


def configure(*, base_url: str, token: str) -> None:
    """Points every call at another Bot API server (the local chat's loopback one)."""
    _override.update(base_url=base_url, token=token)


def configure_reset() -> None:
    """Back to TELEGRAM_API_BASE_URL and TELEGRAM_BOT_TOKEN."""
    _override.clear()


def _base_url() -> str:
    """The configured base URL in python-telegram-bot's form (ending `/bot`, the token after)."""
    base = _override.get("base_url") or settings.TELEGRAM_API_BASE_URL or DEFAULT_BASE_URL
    base = base.rstrip("/")
    return base if base.endswith("/bot") else f"{base}/bot"


def _bot() -> Bot:
    token = _override.get("token") or settings.TELEGRAM_BOT_TOKEN
    request = HTTPXRequest(
        connect_timeout=TIMEOUT_SECONDS,
        read_timeout=TIMEOUT_SECONDS,
        write_timeout=TIMEOUT_SECONDS,
        pool_timeout=TIMEOUT_SECONDS,
    )
    return Bot(token, base_url=_base_url(), request=request)


async def _call(method: Callable[[Bot], Awaitable[T]]) -> T | None:
    bot = _bot()
    try:
        return await method(bot)
    except Forbidden as exc:
        raise Blocked(exc.message[:200]) from None
    except BadRequest as exc:
        if "message is not modified" in exc.message.lower():
            return None  # the same text again: nothing to change
        raise SendError(exc.message[:200]) from None
    except TelegramError as exc:  # RetryAfter, NetworkError, TimedOut, InvalidToken, …
        raise SendError(str(exc)[:200]) from None
    finally:
        await bot.shutdown()


def _run(method: Callable[[Bot], Awaitable[T]]) -> T | None:
    """Runs one call to completion from sync code (in a thread of its own under a loop)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_call(method))
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _call(method)).result()


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


def send(
    chat_id: int, text: str, *, html: bool = True, markup: InlineKeyboardMarkup | None = None
) -> int:
    """Sends a message (HTML unless `html=False`: then plain text as typed); its message id.
    Raises Blocked on 403 and SendError on other refusals."""
    parse_mode = ParseMode.HTML if html else None
    message = _run(
        lambda bot: bot.send_message(chat_id, text, parse_mode=parse_mode, reply_markup=markup)
    )
    if message is None:
        raise SendError("sendMessage: no message came back")
    return message.message_id


def edit(
    chat_id: int, message_id: int, text: str, *, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replaces the text (and buttons) of a message the bot sent; the same text is no error."""
    _run(
        lambda bot: bot.edit_message_text(
            text,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )
    )
