"""Messages the bot sends on its own (rest timers, reminders) from any process: plain sync Bot
API calls over HTTP, so a Celery worker needs no running bot."""

from __future__ import annotations

import json
from typing import Any

import httpx
from django.conf import settings

from backend.inquiries.services import TELEGRAM_DEFAULT_BASE_URL, TELEGRAM_TIMEOUT_SECONDS


class Blocked(Exception):
    """Telegram answered 403: the lifter blocked the bot."""


class PushError(Exception):
    """The Bot API refused the call (retry later); `retry_after` when it said so."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


_override: dict[str, str] = {}


def configure(*, base_url: str, token: str) -> None:
    """Points pushes at another Bot API server (the local chat's loopback one)."""
    _override.update(base_url=base_url, token=token)


def _url(method: str) -> str:
    base = _override.get("base_url") or settings.TELEGRAM_API_BASE_URL or TELEGRAM_DEFAULT_BASE_URL
    token = _override.get("token") or settings.TELEGRAM_BOT_TOKEN
    return (
        f"{base.rstrip('/')}{'' if base.rstrip('/').endswith('/bot') else '/bot'}{token}/{method}"
    )


def call(method: str, **params: Any) -> Any:
    """One Bot API call; its result. Raises Blocked on 403 and PushError on other refusals."""
    body = {k: v for k, v in params.items() if v is not None}
    response = httpx.post(_url(method), json=body, timeout=TELEGRAM_TIMEOUT_SECONDS)
    if response.status_code == 403:
        raise Blocked(response.text[:200])
    try:
        data = response.json()
    except json.JSONDecodeError:
        raise PushError(f"{method}: HTTP {response.status_code}") from None
    if data.get("ok"):
        return data.get("result")
    description = str(data.get("description", ""))
    if "message is not modified" in description:
        return None  # the same text again: nothing to change
    retry_after = (data.get("parameters") or {}).get("retry_after")
    raise PushError(f"{method}: {description[:200]}", retry_after)


def keyboard(*rows: list[tuple[str, str]]) -> dict[str, Any]:
    """An inline keyboard from rows of (label, callback data)."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in rows
        ]
    }


def send(chat_id: int, text: str, *, markup: dict[str, Any] | None = None) -> int:
    """Sends an HTML message; its message id."""
    result = call("sendMessage", chat_id=chat_id, text=text, parse_mode="HTML", reply_markup=markup)
    return int(result["message_id"])


def edit(chat_id: int, message_id: int, text: str, *, markup: dict[str, Any] | None = None) -> None:
    """Replaces the text (and buttons) of a message the bot sent."""
    call(
        "editMessageText",
        chat_id=chat_id,
        message_id=message_id,
        text=text,
        parse_mode="HTML",
        reply_markup=markup,
    )
