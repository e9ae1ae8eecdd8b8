"""A rest timer ticked by real Celery workers over Redis, with no bot process at all: a killed
worker's tick is picked up by the beat's sweep on another worker."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from bot.testing.local_api import LocalBotApi
from bot.testing.process import ROOT, isolated_database_url, migrate
from tests.backend.accounts.conftest import free_port, redis_server

LIFTER_ID = 5401

START = f"""
import django; django.setup()
from backend.accounts.models import User
from backend.programs import services
from backend import bot_api
from bot import timers
user = User.objects.create_user(telegram_id={LIFTER_ID})
message_id = bot_api.send({LIFTER_ID}, "⏱ Rest: 0:45 left")
timer = services.rest_timer_start(
    user=user, chat_id={LIFTER_ID}, seconds=45, language="en", message_id=message_id
)
timers.schedule(timer.pk, services.rest_timer_next_step_at(timer))
"""


def worker(env: dict[str, str], tmp_path: Path, *, beat: bool) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "backend.config.celery_app",
        "worker",
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--loglevel=WARNING",
    ]
    if beat:
        command += ["--beat", f"--schedule={tmp_path / 'beat-schedule'}"]
    log = (tmp_path / f"worker-{'beat' if beat else 'plain'}.log").open("ab")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(process: subprocess.Popen[bytes], sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_workers_tick_a_timer_and_a_killed_workers_tick_is_swept_up(tmp_path: Path) -> None:
    database_url = isolated_database_url(directory=tmp_path)
    migrate(database_url=database_url, var_dir=tmp_path)
    with LocalBotApi() as api, redis_server(free_port()) as redis_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "SBD_VAR_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "backend.config.settings",
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
        }
        first = worker(env, tmp_path, beat=False)
        try:
            # given a 45 s rest started (by whichever replica took the button press)
            subprocess.run([sys.executable, "-c", START], cwd=ROOT, env=env, check=True)
            # then the first worker edits the countdown in place at its first step
            edit = api.wait_for(lambda c: c.method == "editMessageText", timeout=90)
            assert edit.text == "⏱ Rest: 0:30 left"
        finally:
            # when that worker dies holding the next tick
            stop(first, signal.SIGKILL)
        second = worker(env, tmp_path, beat=True)
        try:
            # then the beat's sweep on another worker finishes the timer, once
            ping = api.wait_for(
                lambda c: c.method == "sendMessage" and "Time's up" in c.text, timeout=120
            )
        finally:
            stop(second)
    assert ping.text == "⏰ Time's up! On to your next set."
    edits = [c.text for c in api.calls_of("editMessageText")]
    assert edits[0] == "⏱ Rest: 0:30 left"
    assert edits[-1] == "⏱ Rest over."
    assert len(api.calls_of("sendMessage")) == 2  # the countdown itself and the one ping
