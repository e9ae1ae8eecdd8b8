"""Real parts for the accounts tests: an SMTP server on loopback, Celery on the real Redis."""

from __future__ import annotations

import asyncio
import email
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.test import override_settings
from kombu import pools as kombu_pools
from rest_framework.test import APIClient

from backend.config.celery_app import app as celery_app

CODE_RE = re.compile(r"\b(\d{6})\b")


class Inbox:
    """An aiosmtpd handler that keeps what it accepts; it can fail or stall on purpose."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.failures_left = 0
        self.refused = 0
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            if self.failures_left > 0:
                self.failures_left -= 1
                self.refused += 1
                return "451 4.3.0 Temporary failure, try again later"
            message = email.message_from_bytes(envelope.content, policy=default_policy)
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, address: str, count: int = 1, timeout: float = 20.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"{count} email(s) to {address} did not arrive in {timeout} s")

    def code_for(self, address: str, timeout: float = 20.0) -> str:
        message = self.wait_for(address, timeout=timeout)[-1]
        body = message.get_body(preferencelist=("plain",))
        assert body is not None
        match = CODE_RE.search(body.get_content())
        assert match is not None, body.get_content()
        return match.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def smtp_running(inbox: Inbox) -> Iterator[int]:
    """Runs a real SMTP server on loopback that delivers into `inbox`; yields its port."""
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def inbox() -> Iterator[Inbox]:
    """A real SMTP server on loopback; Django sends every email to it."""
    box = Inbox()
    with (
        smtp_running(box) as port,
        override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_TIMEOUT=10,
        ),
    ):
        yield box


def _celery_pools_reset() -> None:
    kombu_pools.reset()  # closes and forgets every pooled broker connection
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def celery_broker(url: str) -> Iterator[None]:
    """Sends tasks to a real Redis broker at `url` instead of running them eagerly."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.task_always_eager, conf.result_backend)
    conf.broker_url, conf.task_always_eager, conf.result_backend = url, False, None
    _celery_pools_reset()
    try:
        yield
    finally:
        conf.broker_url, conf.task_always_eager, conf.result_backend = saved
        _celery_pools_reset()


@contextmanager
def eager_celery() -> Iterator[None]:
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    try:
        yield
    finally:
        celery_app.conf.task_always_eager = saved


@pytest.fixture
def eager() -> Iterator[None]:
    """Celery runs tasks in-process, whatever REDIS_URL says."""
    with eager_celery():
        yield


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """The configured Redis (REDIS_URL), or a private one on a free port when none is set."""
    if settings.REDIS_URL:
        yield settings.REDIS_URL
        return
    with redis_server(free_port()) as url:
        yield url


@pytest.fixture
def celery_worker(redis_url: str) -> Iterator[None]:
    """A real Celery worker (in a thread) consuming from that Redis, its queue emptied first."""
    with celery_broker(redis_url):
        celery_app.control.purge()
        with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
            yield


@contextmanager
def redis_server(port: int) -> Iterator[str]:
    """A private Redis on `port` (so a test may stop it); yields its URL."""
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "yes",
        ],
        check=True,
        capture_output=True,
    )
    deadline = time.monotonic() + 10
    while (
        subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
        ).stdout.strip()
        != "PONG"
    ):
        assert time.monotonic() < deadline, "private redis did not start"
        time.sleep(0.05)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        redis_shutdown(port)


def redis_shutdown(port: int) -> None:
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


@pytest.fixture(autouse=True)
def no_throttle(settings: Any) -> None:
    """The per-client auth throttle is off unless a test turns it on."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": None}}


@pytest.fixture
def csrf_api() -> APIClient:
    """A browser-like client: cookies kept, CSRF enforced."""
    return APIClient(enforce_csrf_checks=True)


SIGNUP = {
    "email": "dana@example.com",
    "password": "squat-bench-dead-500",
    "display_name": "Dana",
    "sex": "female",
    "birth_date": "1995-04-02",
    "height_cm": "168.0",
    "bodyweight_kg": "63.5",
    "units": "kg",
    "timezone": "Asia/Seoul",
    "language": "en",
}
