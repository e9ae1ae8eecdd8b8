"""`python -m bot`: polls the Bot API with TELEGRAM_BOT_TOKEN; `--local` chats in this terminal."""

from __future__ import annotations

import argparse
import logging
import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Runs the bot by polling, or the terminal chat with `--local`."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument(
        "--local",
        action="store_true",
        help="chat with the bot in this terminal through a Bot API server on loopback (no token)",
    )
    parser.add_argument("--lang", default="en", choices=("en", "ko"), help="your chat language")
    parser.add_argument(
        "--set-webhook",
        metavar="URL",
        help="register URL (…/telegram/webhook/) with TELEGRAM_WEBHOOK_SECRET, then exit",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if not args.set_webhook:
        from backend.workouts.apps import percentile_model_problem

        problem = percentile_model_problem()
        if problem is not None:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    if args.local:
        from bot.testing.local_chat import run_local_chat

        return run_local_chat(language=args.lang)

    from django.conf import settings
    from telegram import Update

    from bot import gateway
    from bot.application import build_application, db_threads

    if not settings.TELEGRAM_BOT_TOKEN:
        print("TELEGRAM_BOT_TOKEN is not set (or try: python -m bot --local)", file=sys.stderr)
        return 2
    if args.set_webhook:
        return _set_webhook(args.set_webhook)
    gateway.use_thread_pool(db_threads())
    # rates, concurrency and persistence: settings.py (BOT_*, TELEGRAM_OVERALL_MAX_RATE)
    application = build_application()
    if settings.CELERY_TASK_ALWAYS_EAGER:  # no broker: this process ticks timers, sends reminders
        from bot import timers

        timers.pump_start()
    application.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0, timeout=10)
    return 0


def _set_webhook(url: str) -> int:
    """Tells Telegram to POST updates to `url` with the configured secret token."""
    import asyncio

    from django.conf import settings
    from telegram import Bot, Update

    from backend.bot_api import DEFAULT_BASE_URL
    from bot.application import file_url_for

    if not settings.TELEGRAM_WEBHOOK_SECRET:
        print("TELEGRAM_WEBHOOK_SECRET is not set", file=sys.stderr)
        return 2
    base_url = settings.TELEGRAM_API_BASE_URL or DEFAULT_BASE_URL

    async def register() -> bool:
        bot = Bot(
            settings.TELEGRAM_BOT_TOKEN, base_url=base_url, base_file_url=file_url_for(base_url)
        )
        async with bot:
            return await bot.set_webhook(
                url,
                secret_token=settings.TELEGRAM_WEBHOOK_SECRET,
                allowed_updates=Update.ALL_TYPES,
            )

    return 0 if asyncio.run(register()) else 1


if __name__ == "__main__":
    sys.exit(main())
