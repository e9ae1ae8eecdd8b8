"""The bot remembers seen updates in the configured cache: the real Redis when REDIS_URL is set."""

from __future__ import annotations

from typing import Any

import pytest
import redis
from django.conf import settings

from bot import gateway
from tests.bot.conftest import BotHarness


def test_it_answers_a_redelivered_update_once(bot: BotHarness) -> None:
    first = bot.say("/help", update_id=4242)
    again = bot.say("/help", update_id=4242)
    assert (len(first), again) == (1, [])


@pytest.mark.skipif(bool(settings.REDIS_URL), reason="the cache is shared: asked in the pool")
def test_a_cache_in_memory_is_asked_and_told_without_a_thread_hop(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def no_hop(*args: Any) -> Any:
        raise AssertionError("a hop to the thread pool for a cache in memory")

    monkeypatch.setattr(gateway, "_update_handled_in_django", no_hop)
    monkeypatch.setattr(gateway, "_update_handled_mark_in_django", no_hop)
    first = bot.say("/help", update_id=4244)
    again = bot.say("/help", update_id=4244)
    assert (len(first), again) == (1, [])


@pytest.mark.skipif(not settings.REDIS_URL, reason="the embedded pass has no shared cache")
def test_it_keeps_the_seen_update_where_other_bot_processes_see_it(bot: BotHarness) -> None:
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete(":1:tg:update:4343")  # whatever an earlier run left
    bot.say("/help", update_id=4343)
    assert client.exists(":1:tg:update:4343") == 1
