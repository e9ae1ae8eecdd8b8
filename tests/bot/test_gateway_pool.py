"""Service calls run on the gateway's thread pool, one sync_to_async wrapper per pool."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

from bot import gateway


def test_calls_run_on_the_pool_threads_through_one_wrapper_per_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made: list[Any] = []
    real = gateway.sync_to_async

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(kwargs.get("executor"))
        return real(*args, **kwargs)

    where = gateway._in_django(lambda: threading.current_thread().name)
    monkeypatch.setattr(gateway, "sync_to_async", counted)

    async def twice() -> list[str]:
        return [await where(), await where()]

    try:
        gateway.use_thread_pool(1)
        first = asyncio.run(twice())
        gateway.use_thread_pool(1)  # another pool: a wrapper of its own
        second = asyncio.run(twice())
    finally:
        gateway.use_thread_pool(0)
    assert all(name.startswith("bot-db") for name in first + second)
    assert len(made) == 2 and made[0] is not made[1]
