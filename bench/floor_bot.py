"""The bot benchmark's floor: a minimal python-telegram-bot process, no database.

    TELEGRAM_BOT_TOKEN=… TELEGRAM_API_BASE_URL=http://127.0.0.1:…/bot python bench/floor_bot.py

It polls the same loopback Bot API as the real bot, parses each text with the chat grammar
(`bot.lift_parser`, any name taken as an exercise) and sends one reply, with as many updates at
once as the real bot: what any PTB handler that reads a lift costs, without the backend (Django
is set up only to read the bot's settings). `bench/bot.py` measures its CPU per message beside
the real bot's.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")

import django

django.setup()

from telegram import Update  # noqa: E402
from telegram.ext import ApplicationBuilder, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.application import DEFAULT_CONCURRENT_UPDATES  # noqa: E402
from bot.lift_parser import ExerciseRef, ParseError, parse_lift  # noqa: E402


def anything(name: str) -> ExerciseRef:
    return ExerciseRef(slug=name, name=name)


async def reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    parsed = parse_lift(update.message.text, resolve_exercise=anything, today=date.today())
    text = parsed.code if isinstance(parsed, ParseError) else f"{parsed!r}"[:200]
    await update.message.reply_text(text)


def main() -> None:
    base_url = os.environ["TELEGRAM_API_BASE_URL"]
    application = (
        ApplicationBuilder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(base_url)
        .concurrent_updates(DEFAULT_CONCURRENT_UPDATES)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, reply))
    application.run_polling(poll_interval=0.0, timeout=10)


if __name__ == "__main__":
    main()
