"""`python -m bot --local`: the terminal chat a newcomer tries without a Telegram token."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from bot.testing.process import ROOT


def test_it_chats_in_the_terminal_and_saves_charts_as_files(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'local.sqlite3'}",
        "SBD_VAR_DIR": str(tmp_path),
        "TELEGRAM_BOT_TOKEN": "",
        "PYTHONUNBUFFERED": "1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "--local"],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    threading.Thread(
        target=lambda: lines.extend(iter(process.stdout.readline, "")), daemon=True
    ).start()  # type: ignore[union-attr]

    def wait_for(fragment: str) -> str:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            found = [line for line in list(lines) if fragment in line]
            if found:
                return found[0]
            time.sleep(0.1)
        raise AssertionError(f"{fragment!r} not in {lines}")

    try:
        wait_for("Ctrl-D quits")
        assert process.stdin is not None
        process.stdin.write("bench 100x5\n")
        process.stdin.flush()
        reply = wait_for("e1RM")
        process.stdin.write("/chart bench 1m\n")
        process.stdin.flush()
        saved = wait_for("saved:")
        process.stdin.close()
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()

    assert "e1RM 112.5 kg" in reply
    chart = Path(saved.split("saved:")[1].strip())
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert chart.is_relative_to(tmp_path)
