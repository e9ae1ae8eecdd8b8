"""Signup benchmark: request latency while the SMTP server takes 2 s per message; prints a table.

Run `python bench/signup.py` with Redis on 127.0.0.1:6379 (DB index 5 is used). It starts an
aiosmtpd server that stalls 2 s on every message and a Celery worker subprocess on Redis, then
times `POST /api/auth/signup/` in-process. Target from issue 3: the 2 s must not show in the
request. For contrast it also times a few signups with Celery running eagerly (in the request).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class SlowInbox:
    """An SMTP handler that takes `delay` seconds to accept each message."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.count = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        self.count += 1
        return "250 OK"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def row(label: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return (
        f"| {label:<34} | {len(ms):>4} | {percentile(ms, 0.5):>9.1f} | {percentile(ms, 0.95):>9.1f}"
        f" | {max(ms):>9.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--eager-requests", type=int, default=3)
    parser.add_argument("--smtp-delay", type=float, default=2.0)
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/5")
    args = parser.parse_args()

    from aiosmtpd.controller import Controller

    workdir = Path(tempfile.mkdtemp(prefix="bench-signup-"))
    inbox = SlowInbox(args.smtp_delay)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "backend.config.settings",
            "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'db.sqlite3'}"),
            "REDIS_URL": args.redis,
            "CACHE_URL": "locmemcache://",
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            "THROTTLE_RATE_AUTH": "1000000/min",
            "SBD_VAR_DIR": str(workdir),
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.test import Client

    from backend.accounts.models import EmailCode
    from backend.config.celery_app import app

    call_command("migrate", verbosity=0)
    app.control.purge()
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "backend.config.celery_app:app",
            "worker",
            "--pool",
            "threads",
            "--concurrency",
            "8",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
    )
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(timeout=0.5):
            if time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start")
        client = Client()
        client.get("/api/auth/csrf/")  # warm-up: URLconf, DRF and serializers imported
        hashing: list[float] = []
        for _ in range(5):
            started = time.perf_counter()
            make_password("squat-bench-dead-500")
            hashing.append(time.perf_counter() - started)
        queued: list[float] = []
        for i in range(args.requests):
            body = {"email": f"lifter{i}@example.com", "password": "squat-bench-dead-500"}
            started = time.perf_counter()
            response = client.post("/api/auth/signup/", body, content_type="application/json")
            queued.append(time.perf_counter() - started)
            assert response.status_code == 202, response.content
        deadline = time.monotonic() + args.requests * args.smtp_delay + 60
        while EmailCode.objects.filter(sent_at=None).exists():
            if time.monotonic() > deadline:
                raise SystemExit("the emails were not all sent")
            time.sleep(0.2)
        delivered = [
            (code.sent_at - code.created_at).total_seconds()
            for code in EmailCode.objects.all()
            if code.sent_at
        ]
        app.conf.task_always_eager = True
        eager: list[float] = []
        for i in range(args.eager_requests):
            body = {"email": f"eager{i}@example.com", "password": "squat-bench-dead-500"}
            started = time.perf_counter()
            client.post("/api/auth/signup/", body, content_type="application/json")
            eager.append(time.perf_counter() - started)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        controller.stop()

    print(f"SMTP server: {args.smtp_delay:.1f} s per message; worker: 8 threads on {args.redis}")
    print("| measurement                        |    n |  p50 (ms) |  p95 (ms) |  max (ms) |")
    print("|------------------------------------|------|-----------|-----------|-----------|")
    print(row("signup request (Celery on Redis)", queued))
    print(row("code in inbox after request", delivered))
    print(row("signup request, Celery eager", eager))
    print(row("password hashing alone (PBKDF2)", hashing))
    print(f"median request / SMTP delay: {statistics.median(queued) / args.smtp_delay:.3f}")


if __name__ == "__main__":
    main()
