"""Must fix 3: a code email survives a worker killed with -9 mid-send (within about a minute),
and the broker never carries the plain code."""

from __future__ import annotations

import base64
import json
import logging
import time

import redis

from tests.backend.accounts.conftest import Inbox
from tests.security.live import PORT_BASE, HangingSMTP, Stack

logging.getLogger("httpx").setLevel(logging.WARNING)
ADDRESS = "killed-worker@example.com"


def _broker_clear(url: str) -> None:
    """Earlier tests on the same stack (the schemathesis run) leave tasks queued with no worker
    to run them, such as import runs; the new worker would take those first."""
    redis.Redis.from_url(url).delete("celery", "unacked", "unacked_index", "unacked_mutex")


def _broker_messages(url: str, task: str) -> list[dict]:
    """The messages of this task Redis holds: queued, and fetched but not acknowledged."""
    client = redis.Redis.from_url(url)
    raw = [json.loads(item)[0] for item in client.hvals("unacked")]
    raw += [json.loads(item) for item in client.lrange("celery", 0, -1)]
    return [message for message in raw if message["headers"].get("task") == task]


def test_a_code_email_survives_a_killed_worker(live: Stack, live_inbox: tuple[Inbox, int]) -> None:
    from backend.accounts.tasks import email_code_send

    inbox, _ = live_inbox
    _broker_clear(live.redis.url)
    hung = HangingSMTP(PORT_BASE + 3)
    try:
        live.worker_start(EMAIL_URL=f"smtp://127.0.0.1:{hung.port}")
        with live.browser() as http:
            signup = http.post(
                "/api/auth/signup/", json={"email": ADDRESS, "password": "squat-bench-dead-500"}
            )
            assert signup.status_code == 202, signup.text
            deadline = time.monotonic() + 120
            while hung.accepted == 0:  # the worker is now in the middle of sending
                assert time.monotonic() < deadline, live.log("worker.log")[-3000:]
                time.sleep(0.2)
            messages = _broker_messages(live.redis.url, email_code_send.name)
            live.worker_kill()
            killed_at = time.monotonic()
            live.worker_start()
            email = inbox.wait_for(ADDRESS, timeout=150)[-1]
            after = time.monotonic() - killed_at
            print(f"emails after a killed worker: {len(inbox.to(ADDRESS))}, {after:.0f} s after")
            body = email.get_body(preferencelist=("plain",))
            assert body is not None
            code = next(w for w in body.get_content().split() if w.isdigit() and len(w) == 6)
            confirm = http.post("/api/auth/signup/confirm/", json={"email": ADDRESS, "code": code})
            assert confirm.status_code == 201, confirm.text
    finally:
        live.worker_kill()
        hung.close()
    assert after < 90  # the visibility timeout (45 s), a sweep (10 s), the new worker starting
    # the task in the broker: the row's id, no code (neither in its body nor its headers)
    assert len(messages) == 1, messages
    message = messages[0]
    args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
    assert (args, list(kwargs)) == ([], ["code_id"])
    assert "code'" not in message["headers"].get("kwargsrepr", "")


def test_the_timeouts_fit_together() -> None:
    """A claimed send ends (time limit) before the broker hands its task to another worker, and
    that happens while the code still lives; a retry's wait stays under the visibility timeout."""
    from django.conf import settings

    from backend.accounts import email_codes, tasks
    from backend.accounts.models import EmailCode

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    claim = email_codes.SEND_CLAIM_TIMEOUT.total_seconds()
    assert tasks.email_code_send.time_limit <= claim < visibility <= 60
    assert visibility < EmailCode.LIFETIME.total_seconds()
    assert tasks.email_code_send.retry_backoff_max < visibility
    assert tasks.email_code_send.reject_on_worker_lost and tasks.email_code_send.acks_late
