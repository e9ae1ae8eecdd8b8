"""A bot harness for handler tests: the real Application, answered in memory by LocalBotApi."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from telegram import Update
from telegram.ext import Application

from bot import gateway
from bot.application import build_application
from bot.testing.local_api import LOCAL_TOKEN, ApiCall, LocalBotApi, LocalRequest
from tests.backend.accounts.conftest import Inbox, smtp_running

ALICE_ID = 111
BOB_ID = 222
MINSU_ID = 333
GROUP_ID = -1000


class BotHarness:
    """Feeds updates to the application and returns what the bot sent in answer."""

    def __init__(self, application: Application, telegram: LocalBotApi) -> None:
        self.application = application
        self.telegram = telegram
        self.alice = telegram.user(ALICE_ID, first_name="Alice")
        self.bob = telegram.user(BOB_ID, first_name="Bob")
        self.minsu = telegram.user(MINSU_ID, first_name="Minsu", language="ko")

    def process(self, raw: dict[str, Any]) -> list[ApiCall]:
        """Processes one raw update and returns the messages sent or edited meanwhile."""
        mark = self.telegram.mark()
        raw.setdefault("update_id", next(self.telegram._update_ids))
        update = Update.de_json(raw, self.application.bot)
        async_to_sync(self.application.process_update)(update)
        return [c for c in self.telegram.sent() if c in self.telegram.calls[mark:]]

    def say(
        self,
        text: str,
        *,
        user: dict[str, Any] | None = None,
        chat_id: int | None = None,
        update_id: int | None = None,
    ) -> list[ApiCall]:
        """`user` (Alice by default) sends `text`."""
        raw = self.telegram.message_update(
            text, user=user or self.alice, chat_id=chat_id, update_id=update_id
        )
        return self.process(raw)

    def press(
        self, call: ApiCall, label_or_data: str, *, user: dict[str, Any] | None = None
    ) -> list[ApiCall]:
        """Presses the button (by label or callback data) on the message `call` sent."""
        data = next(d for label, d in call.buttons() if label_or_data in (label, d))
        mark = self.telegram.mark()
        self.telegram.press_button(call, data, user=user or self.alice)
        raw = self.telegram._updates.pop()
        update = Update.de_json(raw, self.application.bot)
        async_to_sync(self.application.process_update)(update)
        return [c for c in self.telegram.sent() if c in self.telegram.calls[mark:]]

    def send_file(self, filename: str, content: bytes, *, user: dict | None = None) -> list:
        """`user` sends a document."""
        return self.process(
            self.telegram.document_update(filename, content, user=user or self.alice)
        )

    def text(self, calls: list[ApiCall]) -> str:
        """Everything the bot wrote in `calls`, joined by newlines."""
        return "\n".join(c.text for c in calls)


@pytest.fixture
def telegram() -> LocalBotApi:
    """The in-memory Bot API server (not listening: handler tests need no sockets)."""
    return LocalBotApi()


@pytest.fixture
def bot(telegram: LocalBotApi, db: None, settings: Any) -> Iterator[BotHarness]:
    """The real application with every handler, its requests answered by `telegram`.

    The cache is the configured one: the real Redis in the REDIS_URL pass, emptied per test.
    """
    from django.core.cache import cache

    cache.clear()
    gateway.catalogue_clear()
    application = build_application(
        token=LOCAL_TOKEN,
        persistence=False,
        overall_max_rate=0,
        request=lambda: LocalRequest(telegram),
    )
    async_to_sync(application.initialize)()
    yield BotHarness(application, telegram)
    async_to_sync(application.shutdown)()
    # the test's rollback removes the exercises it created (own ones): forget the copy holding them
    gateway.catalogue_clear()


@pytest.fixture
def inbox(settings: Any) -> Iterator[Inbox]:
    """A real SMTP server on loopback (a free port); Django sends every email to it."""
    box = Inbox()
    with smtp_running(box) as port:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 10
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield box


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each `async_to_sync` call runs on a fresh loop; the rate limiter's reuse warning is moot."""
    for item in items:
        if "tests/bot/" in str(item.fspath):
            item.add_marker(
                pytest.mark.filterwarnings("ignore:This AsyncLimiter instance:RuntimeWarning")
            )
