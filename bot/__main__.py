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
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    logging.getLogger("httpx").setLevel(logging.WARNING)
    if args.local:
        from bot.local_chat import run_local_chat

        return run_local_chat(language=args.lang)

    from django.conf import settings
    from telegram import Update

    from bot.application import DEFAULT_OVERALL_MAX_RATE, build_application

    if not settings.TELEGRAM_BOT_TOKEN:
        print("TELEGRAM_BOT_TOKEN is not set (or try: python -m bot --local)", file=sys.stderr)
        return 2
    rate = float(os.environ.get("TELEGRAM_OVERALL_MAX_RATE", DEFAULT_OVERALL_MAX_RATE))
    application = build_application(overall_max_rate=rate)
    application.run_polling(allowed_updates=Update.ALL_TYPES, poll_interval=0.0, timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
