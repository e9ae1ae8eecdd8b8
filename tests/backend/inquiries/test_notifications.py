"""Answer notifications against the loopback Bot API server (sent by python-telegram-bot's Bot,
`backend.bot_api`) and a real SMTP server."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.inquiries import services, tasks
from backend.inquiries.models import Inquiry, InquiryMessage
from bot.testing.local_api import ApiCall, LocalBotApi

pytestmark = pytest.mark.django_db
TOKEN = "123456:test-token"


@pytest.fixture
def bot_api(settings) -> Iterator[LocalBotApi]:
    """The loopback Bot API server; answers go to it through python-telegram-bot's Bot."""
    with LocalBotApi(token=TOKEN) as api:
        settings.TELEGRAM_BOT_TOKEN = TOKEN
        settings.TELEGRAM_API_BASE_URL = api.base_url
        yield api


def sends(api: LocalBotApi) -> list[ApiCall]:
    return api.calls_of("sendMessage")


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
    bot_api: LocalBotApi,
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
    # one Bot API call, the only one: python-telegram-bot's Bot sends no getMe first
    actual = [(call.method, call.chat_id, call.text.splitlines()[-1]) for call in bot_api.calls]
    assert actual == [("sendMessage", 4242, "Film it.")]
    message = InquiryMessage.objects.get(pk=response.data["id"])
    assert (message.notified_via, message.notified_at is not None) == ("telegram", True)


def test_it_retries_a_failed_telegram_send_and_sends_once(
    bot_api: LocalBotApi,
    telegram_alice: User,
    alice_inquiry: Inquiry,
    staff: User,
    eager_celery: None,
):
    bot_api.fail_next("sendMessage", status=502, retry_after=None)
    bot_api.fail_next("sendMessage", status=429, retry_after=1)
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Deload.")
    result = tasks.notify_inquiry_answer.apply(args=(message.pk,))
    assert result.get() == "telegram"
    assert len(sends(bot_api)) == 3
    message.refresh_from_db()
    assert message.notified_via == "telegram"
    assert tasks.notify_inquiry_answer.apply(args=(message.pk,)).get() == "already"
    assert len(sends(bot_api)) == 3


def test_it_leaves_the_guard_open_when_every_retry_fails(
    bot_api: LocalBotApi,
    telegram_alice: User,
    alice_inquiry: Inquiry,
    staff: User,
    eager_celery: None,
):
    bot_api.fail_next("sendMessage", status=500, retry_after=None, times=20)
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Deload.")
    result = tasks.notify_inquiry_answer.apply(args=(message.pk,))
    assert result.state == "FAILURE"
    assert len(sends(bot_api)) == tasks.notify_inquiry_answer.max_retries + 1
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
    bot_api: LocalBotApi,
    smtp: Mailbox,
    telegram_alice: User,
    alice_inquiry: Inquiry,
    staff: User,
    eager_celery: None,
):
    bot_api.block(4242)
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Rest a week.")
    assert tasks.notify_inquiry_answer.apply(args=(message.pk,)).get() == "email"
    assert len(sends(bot_api)) == 1  # a 403 is not retried
    assert [rcpt for _, rcpt, _ in smtp.messages] == [["alice@example.com"]]
    telegram_alice.refresh_from_db()
    assert (telegram_alice.telegram_blocked_at is not None, telegram_alice.is_active) == (
        True,
        True,
    )

    # the next answer skips Telegram altogether
    second = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="And eat.")
    assert services.inquiry_answer_notify(message_id=second.pk) == "email"
    assert len(sends(bot_api)) == 1


def test_it_sends_the_answer_as_plain_text_as_staff_typed_it(
    bot_api: LocalBotApi,
    telegram_alice: User,
    alice_inquiry: Inquiry,
    staff: User,
    eager_celery: None,
):
    body = "Keep RPE <8 & film the <b>second</b> set."
    message = services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body=body)
    assert tasks.notify_inquiry_answer.apply(args=(message.pk,)).get() == "telegram"
    [call] = sends(bot_api)
    assert call.text.endswith(body)
    assert "parse_mode" not in call.params
