"""Exactly one reminder per slot with two real beat/worker processes on one database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bot.testing.local_api import LocalBotApi
from bot.testing.process import ROOT, isolated_database_url, migrate, query

ERIN_ID = 5301
# Monday 2026-10-19 18:30 in Berlin (summer time): 16:30 UTC
SLOT = "2026-10-19T16:30:05+00:00"

SETUP = f"""
import django; django.setup()
from datetime import time
from backend.accounts.models import User
from backend.programs import services
user = User.objects.create_user(telegram_id={ERIN_ID}, timezone="Europe/Berlin")
services.reminders_set(user=user, weekdays=[0, 2, 4], at=time(18, 30))
"""

BEAT = f"""
import sys, django; django.setup()
import time_machine
from bot import timers
with time_machine.travel("{SLOT}", tick=False):
    sys.stdout.write(str(timers.reminders_send()))
"""


def run(code: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
    )


def test_two_beat_processes_send_one_reminder(tmp_path: Path) -> None:
    # given Erin's reminder on a fresh database both processes share
    database_url = isolated_database_url(directory=tmp_path)
    migrate(database_url=database_url, var_dir=tmp_path)
    with LocalBotApi() as api:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SBD_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "backend.config.settings",
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        assert run(SETUP, env).wait(timeout=120) == 0
        # when two beat processes reach the slot at the same moment
        beats = [run(BEAT, env) for _ in range(2)]
        outputs = sorted(beat.communicate(timeout=120)[0] for beat in beats)
        # then one sent it and the other found it claimed
        assert outputs == ["0", "1"]
        assert len(api.calls_of("sendMessage", chat_id=ERIN_ID)) == 1
    assert query(database_url, "SELECT kind, outcome FROM programs_remindersent") == [
        ("session", "sent")
    ]
