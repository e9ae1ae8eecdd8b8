"""Answer notifications against a real HTTP server (Bot API stand-in) and a real SMTP server."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.inquiries import services, tasks
from backend.inquiries.models import Inquiry, InquiryMessage

pytestmark = pytest.mark.django_db
TOKEN = "123456:test-token"


@dataclass
class BotApi:
    """A loopback Bot API: records each request and answers with the queued status codes."""

    base_url: str = ""
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    failures: list[int] = field(default_factory=list)


@pytest.fixture
def bot_api(settings) -> Iterator[BotApi]:
    api = BotApi()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            api.requests.append((self.path, json.loads(self.rfile.read(length))))
            code = api.failures.pop(0) if api.failures else 200
            body = {"ok": code == 200, "result": {"message_id": len(api.requests)}}
            payload = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    api.base_url = f"http://127.0.0.1:{server.server_address[1]}/bot"
    settings.TELEGRAM_BOT_TOKEN = TOKEN
    settings.TELEGRAM_API_BASE_URL = api.base_url
    yield api
    server.shutdown()
    server.server_close()


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings) -> Iterator[Mailbox]:
    mailbox = Mailbox()
    with socket.socket() as probe:  # aiosmtpd's start() can't self-check a port of 0
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield mailbox
    controller.stop()


@pytest.fixture
def telegram_alice(alice: User) -> User:
    alice.telegram_id = 4242
    alice.save(update_fields=["telegram_id"])
    return alice


def test_it_sends_a_staff_answer_by_telegram_once(
    bot_api: BotApi,
    telegram_alice: User,
    alice_inquiry: Inquiry,
    staff_api: APIClient,
    eager_celery: None,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(
            f"/api/backoffice/inquiries/{alice_inquiry.pk}/answer/", {"body": "Film it."}
        )
    assert response.status_code == 201
    assert tasks.notify_inquiry_answer(response.data["id"]) == "already"
    actual = [
        (path, body["chat_id"], body["text"].splitlines()[-1]) for path, body in bot_api.requests
    ]
    assert actual == [(f"/bot{TOKEN}/sendMessage", 4242, "Film it.")]
    message = InquiryMessage.objects.get(pk=response.data["id"])
    assert (message.notified_via, message.notified_at is not None) == ("telegram", True)


def test_it_retries_a_failed_telegram_send_and_sends_once(
    bot_api: BotApi, telegram_alice: User, alice_inquiry: Inquiry, staff: User, eager_celery: None
):
    bot_api.failures = [502, 429]
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Deload.")
    result = tasks.notify_inquiry_answer.apply(args=(message.pk,))
    assert result.get() == "telegram"
    assert len(bot_api.requests) == 3
    message.refresh_from_db()
    assert message.notified_via == "telegram"
    assert tasks.notify_inquiry_answer.apply(args=(message.pk,)).get() == "already"
    assert len(bot_api.requests) == 3


def test_it_leaves_the_guard_open_when_every_retry_fails(
    bot_api: BotApi, telegram_alice: User, alice_inquiry: Inquiry, staff: User, eager_celery: None
):
    bot_api.failures = [500] * 20
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Deload.")
    result = tasks.notify_inquiry_answer.apply(args=(message.pk,))
    assert result.state == "FAILURE"
    assert len(bot_api.requests) == tasks.notify_inquiry_answer.max_retries + 1
    message.refresh_from_db()
    assert message.notified_at is None


def test_it_emails_a_user_without_telegram(
    smtp: Mailbox,
    alice: User,
    alice_inquiry: Inquiry,
    staff_api: APIClient,
    eager_celery: None,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(
            f"/api/backoffice/inquiries/{alice_inquiry.pk}/answer/", {"body": "Go lighter."}
        )
    assert response.status_code == 201
    assert tasks.notify_inquiry_answer(response.data["id"]) == "already"
    assert [rcpt for _, rcpt, _ in smtp.messages] == [["alice@example.com"]]
    email = message_from_bytes(smtp.messages[0][2])
    assert email["Subject"] == "Re: Knee pain on squats"
    assert "Go lighter." in email.get_payload(decode=True).decode()


def test_it_marks_an_answer_to_an_unreachable_user(
    alice: User, alice_inquiry: Inquiry, staff: User, settings
):
    settings.TELEGRAM_BOT_TOKEN = ""
    alice.email = None
    alice.telegram_id = 77
    alice.save(update_fields=["email", "telegram_id"])
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="?")
    assert services.inquiry_answer_notify(message_id=message.pk) == "none"
    assert services.inquiry_answer_notify(message_id=message.pk) == "already"


def test_it_emails_instead_when_the_user_blocked_the_bot(
    bot_api: BotApi,
    smtp: Mailbox,
    telegram_alice: User,
    alice_inquiry: Inquiry,
    staff: User,
    eager_celery: None,
):
    bot_api.failures = [403]
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Rest a week.")
    assert tasks.notify_inquiry_answer.apply(args=(message.pk,)).get() == "email"
    assert len(bot_api.requests) == 1  # a 403 is not retried
    assert [rcpt for _, rcpt, _ in smtp.messages] == [["alice@example.com"]]
    telegram_alice.refresh_from_db()
    assert (telegram_alice.telegram_blocked_at is not None, telegram_alice.is_active) == (
        True,
        True,
    )

    # the next answer skips Telegram altogether
    second = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="And eat.")
    assert services.inquiry_answer_notify(message_id=second.pk) == "email"
    assert len(bot_api.requests) == 1
