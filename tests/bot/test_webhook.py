from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.test import AsyncClient, Client

from backend.workouts.models import WorkoutSet
from bot import webhook
from tests.bot.conftest import ALICE_ID, BotHarness

URL = "/telegram/webhook/"
SECRET = "s3cret-token"


@pytest.fixture(autouse=True)
def secret(settings: Any) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = SECRET


def an_update(bot: BotHarness, text: str, update_id: int) -> dict[str, Any]:
    return bot.telegram.message_update(text, user=bot.alice, update_id=update_id)


@pytest.mark.parametrize("headers", [{}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}])
def test_it_refuses_a_missing_or_wrong_secret(
    bot: BotHarness, client: Client, headers: dict[str, str]
) -> None:
    response = client.post(
        URL, json.dumps(an_update(bot, "bench 100x5", 1)), "application/json", headers=headers
    )

    assert response.status_code == 403
    assert WorkoutSet.objects.count() == 0


def test_it_refuses_everything_when_no_secret_is_configured(
    bot: BotHarness, client: Client, settings: Any
) -> None:
    settings.TELEGRAM_WEBHOOK_SECRET = ""

    response = client.post(
        URL, "{}", "application/json", headers={"X-Telegram-Bot-Api-Secret-Token": ""}
    )

    assert response.status_code == 403


@pytest.mark.parametrize("body", ["not json", "[]", '{"update_id": "x"}'])
def test_it_refuses_a_malformed_body(client: Client, body: str) -> None:
    response = client.post(
        URL, body, "application/json", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )

    assert response.status_code == 400


def test_it_only_accepts_post(client: Client) -> None:
    assert client.get(URL, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}).status_code == 405


def test_it_logs_an_update_once_even_when_telegram_redelivers_it(bot: BotHarness) -> None:
    payload = json.dumps(an_update(bot, "bench 100x5x3", 777))

    async def deliver_twice() -> list[int]:
        await bot.application.start()
        webhook.use_application(bot.application)
        try:
            client = AsyncClient()
            statuses = []
            for _ in range(2):
                response = await client.post(
                    URL,
                    payload,
                    "application/json",
                    headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
                )
                statuses.append(response.status_code)
            for _ in range(100):
                if bot.telegram.calls_of("sendMessage") and bot.application.update_queue.empty():
                    break
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.2)
            return statuses
        finally:
            webhook.use_application(None)
            await bot.application.stop()

    statuses = async_to_sync(deliver_twice)()

    assert statuses == [200, 200]
    assert WorkoutSet.objects.filter(user__telegram_id=ALICE_ID).count() == 3
    assert len(bot.telegram.calls_of("sendMessage")) == 1
