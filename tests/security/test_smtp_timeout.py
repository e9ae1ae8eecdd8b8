"""Must fix 5: a hung SMTP server fails a send after the configured timeout instead of holding
the worker; `?timeout=` in EMAIL_URL is honoured."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator

import pytest

from tests.security.live import PORT_BASE, PYTHON, ROOT, HangingSMTP

SEND = (
    "import django; django.setup(); from django.conf import settings; "
    "print('TIMEOUT', settings.EMAIL_TIMEOUT, flush=True); "
    "from django.core.mail import send_mail; "
    "send_mail('s', 'b', 'a@example.com', ['b@example.com'])"
)


@pytest.fixture(scope="module")
def hung() -> Iterator[HangingSMTP]:
    server = HangingSMTP(PORT_BASE + 4)
    yield server
    server.close()


def _send(email_url: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    started = time.monotonic()
    done = subprocess.run(
        [PYTHON, "-c", SEND],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "backend.config.settings", "EMAIL_URL": email_url},
        capture_output=True,
        text=True,
        timeout=120,  # no timeout at all: the send would hang past this
    )
    return done, time.monotonic() - started


@pytest.mark.parametrize(("query", "timeout"), [("", 10), ("?timeout=2", 2)])
def test_a_hung_smtp_server_fails_the_send_in_time(
    hung: HangingSMTP, query: str, timeout: int
) -> None:
    done, seconds = _send(f"smtp://127.0.0.1:{hung.port}{query}")
    print(f"send to a hung SMTP server failed after {seconds:.1f} s (timeout {timeout} s)")
    assert f"TIMEOUT {timeout}" in done.stdout
    assert done.returncode != 0 and "TimeoutError" in done.stderr, done.stderr[-2000:]
    assert seconds < timeout + 30  # + starting Django on a loaded machine


def test_an_unknown_email_url_option_is_refused() -> None:
    done, _ = _send("smtp://127.0.0.1:25?timout=3")
    assert done.returncode != 0
    assert "EMAIL_URL has unknown options: TIMOUT" in done.stderr
