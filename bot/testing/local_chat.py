"""`python -m bot --local`: chat with the real bot in a terminal, no Telegram token needed.

The bot polls a `LocalBotApi` on loopback; what you type becomes updates from a local user, and
what the bot sends is printed (charts and exports are saved under var/local_chat/ and their paths
printed). Type `!1` to press the first button of the last keyboard, `/file <path>` to send a CSV,
`!clock +1d` to move the clock (reminders, rest timers and streaks follow it).
"""

from __future__ import annotations

import html
import os
import re
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command

from bot.testing.local_api import LOCAL_TOKEN, ApiCall, LocalBotApi

LOCAL_USER_ID = 1001


class _Terminal:
    """Prints what the bot sends and remembers the last keyboard."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.last_keyboard: ApiCall | None = None
        self.lock = threading.Lock()

    def show(self, call: ApiCall) -> None:
        if call.method not in {"sendMessage", "editMessageText", "sendPhoto", "sendDocument"}:
            return
        with self.lock:
            text = html.unescape(re.sub(r"<[^>]+>", "", call.text))
            if call.method in ("sendPhoto", "sendDocument"):
                text = f"{text}\n  saved: {self._save(call)}"
            print("\n".join(f"bot> {line}" for line in text.splitlines() or [""]))
            labels = call.buttons()
            if labels:
                self.last_keyboard = call
                print(
                    "     " + "  ".join(f"[!{i}] {label}" for i, (label, _) in enumerate(labels, 1))
                )
            print("you> ", end="", flush=True)

    def _save(self, call: ApiCall) -> Path:
        key = "photo" if call.method == "sendPhoto" else "document"
        filename, content = call.files.get(key, ("file.bin", b""))
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / Path(filename).name
        path.write_bytes(content)
        return path.resolve()


def _read_input(api: LocalBotApi, terminal: _Terminal, user: dict) -> None:
    print("you> ", end="", flush=True)
    for line in sys.stdin:
        text = line.strip()
        if not text:
            print("you> ", end="", flush=True)
            continue
        if re.fullmatch(r"!\d+", text) and terminal.last_keyboard is not None:
            labels = terminal.last_keyboard.buttons()
            index = int(text[1:]) - 1
            if 0 <= index < len(labels):
                api.press_button(terminal.last_keyboard, labels[index][1], user=user)
            continue
        if text.startswith("!clock"):
            _move_clock(text.removeprefix("!clock").strip())
            print("you> ", end="", flush=True)
            continue
        if text.startswith("/file "):
            path = Path(text.removeprefix("/file ").strip()).expanduser()
            if path.is_file():
                api.send_document(path.name, path.read_bytes(), user=user)
            else:
                print(f"no such file: {path}\nyou> ", end="", flush=True)
            continue
        api.send_text(text, user=user)
    os.kill(os.getpid(), signal.SIGINT)


_clock: list[Any] = []
CLOCK_STEP = re.compile(r"^\+(\d{1,4})([dhm])$")


def _move_clock(text: str) -> None:
    """`!clock +2d`, `!clock +90m`, `!clock 2026-12-07 18:30` (UTC): moves this process's clock
    (time-machine, a dev requirement) so a week of reminders and sessions plays in minutes."""
    from datetime import UTC, datetime, timedelta

    try:
        import time_machine
    except ImportError:
        print("clock> install the dev requirements (time-machine) to move the clock")
        return
    now = datetime.now(UTC)
    step = CLOCK_STEP.match(text)
    try:
        if step is not None:
            unit = {"d": "days", "h": "hours", "m": "minutes"}[step.group(2)]
            target = now + timedelta(**{unit: int(step.group(1))})
        else:
            target = datetime.fromisoformat(text).replace(tzinfo=UTC)
    except ValueError:
        print("clock> use !clock +2d, !clock +90m or !clock 2026-12-07 18:30 (UTC)")
        return
    if _clock:
        _clock.pop().stop()
    traveller = time_machine.travel(target, tick=True)
    traveller.start()
    _clock.append(traveller)
    print(f"clock> now {datetime.now(UTC):%a %Y-%m-%d %H:%M} UTC")


def run_local_chat(*, language: str = "en") -> int:
    """Runs the bot against a loopback Bot API server and chats through stdin/stdout."""
    from backend import bot_api
    from bot import timers
    from bot.application import build_application

    call_command("migrate", verbosity=0)
    var_dir = Path(settings.VAR_DIR)
    terminal = _Terminal(var_dir / "local_chat")
    api = LocalBotApi(token=LOCAL_TOKEN, on_call=terminal.show).start()
    user = api.user(LOCAL_USER_ID, first_name="You", language=language)
    print("SBD Animal, local chat. Try: bench 100x5, /help. Ctrl-D quits.")
    application = build_application(
        token=LOCAL_TOKEN,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        persistence_path=var_dir / "bot" / "local_state.pickle",
    )
    bot_api.configure(base_url=api.base_url, token=LOCAL_TOKEN)
    pump = timers.pump_start()  # rest timers and reminders, as Celery does with a broker
    threading.Thread(target=_read_input, args=(api, terminal, user), daemon=True).start()
    try:
        application.run_polling(poll_interval=0.0, timeout=5, close_loop=False)
    finally:
        pump.set()
        api.stop()
    return 0
