"""Webhook mode: Telegram POSTs updates to the Django ASGI app, which hands them to the bot.

Serve `backend.config.asgi:application` with an ASGI server (uvicorn): the bot application is
started lazily in the server's event loop on the first update, and the view answers once the
update is handled (so an update a dying replica was handling is delivered again, not lost).
Register the URL with `python -m bot --set-webhook https://…/telegram/webhook/`, which sends
TELEGRAM_WEBHOOK_SECRET as the `secret_token` Telegram echoes in every request.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from telegram import Update
from telegram.ext import Application

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
logger = logging.getLogger(__name__)

_application: Application | None = None
_starting: asyncio.Lock | None = None


def use_application(application: Application | None) -> None:
    """Serves updates with an already started application (tests), or forgets it (None)."""
    global _application
    _application = application


async def webhook_application() -> Application:
    """The bot application of this process, built and started on first use."""
    global _application, _starting
    if _application is not None:
        return _application
    if _starting is None:
        _starting = asyncio.Lock()
    async with _starting:
        if _application is None:
            from bot import gateway
            from bot.application import build_application, db_threads

            gateway.use_thread_pool(db_threads())
            application = build_application(webhook=True)
            await application.initialize()
            await application.start()
            _application = application
    return _application


def secret_matches(given: str) -> bool:
    """Whether the request carries the configured secret token (never true without one)."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    return bool(secret) and hmac.compare_digest(given.encode(), secret.encode())


@csrf_exempt
@require_POST
async def telegram_webhook(request: HttpRequest) -> HttpResponse:
    """Queues a Telegram update for the bot once the secret token matches (403 otherwise)."""
    if not secret_matches(request.headers.get(SECRET_HEADER, "")):
        return HttpResponse(status=403)
    try:
        payload = json.loads(request.body)
    except (ValueError, RecursionError):
        return HttpResponse(status=400)
    if not _update_shaped(payload):
        return HttpResponse(status=400)
    application = await webhook_application()
    update = Update.de_json(payload, application.bot)
    # answered once handled (in its chat's order, as the queue would): a replica that dies
    # mid-turn answers nothing, so nginx (or Telegram) delivers the update again elsewhere
    await application.update_processor.process_update(update, application.process_update(update))
    return HttpResponse(status=200)


def _update_shaped(payload: object) -> bool:
    """Whether the body is an update python-telegram-bot can read (Telegram only sends those)."""
    if not isinstance(payload, dict):
        return False
    update_id = payload.get("update_id")
    if isinstance(update_id, bool) or not isinstance(update_id, int):
        return False
    if not 0 <= update_id < 2**63:
        return False
    try:
        Update.de_json(payload, None)
    except Exception:  # de_json raises whatever the malformed field makes it raise
        return False
    return True
