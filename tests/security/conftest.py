"""Fixtures of the attack suite: one live production-configured stack per session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache

from tests.backend.accounts.conftest import Inbox, smtp_running
from tests.security.live import Stack, stack_running


@pytest.fixture(scope="session")
def live_inbox() -> Iterator[tuple[Inbox, int]]:
    box = Inbox()
    with smtp_running(box) as port:
        yield box, port


@pytest.fixture(scope="session")
def live(
    live_inbox: tuple[Inbox, int], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """uvicorn (2 workers, DEBUG off) on MariaDB and a private Redis; no worker until asked."""
    tmp: Path = tmp_path_factory.mktemp("live")
    with stack_running(tmp, live_inbox[1]) as stack:
        yield stack


@pytest.fixture(autouse=True)
def no_throttle(settings: Any) -> None:
    """In-process, the auth limits are off (the cache is shared across tests) unless a test sets
    them; the live stack has its own."""
    cache.clear()
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {}}
