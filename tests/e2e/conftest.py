"""Real-browser tests: Debian's chromium driven by Playwright against a live Django server.

The pages are the Vite build (`make build-web`, which `make test` runs first). Screenshots go to
`var/e2e/` (or `$E2E_SCREENSHOTS`) for a person to look at.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import Browser, Page, expect, sync_playwright

from backend.accounts.models import User

CHROMIUM = "/usr/bin/chromium"
# how long an action or an expectation waits: a loaded 2-core machine takes seconds to log in
# (password hashing, the React app's first render), more than Playwright's 5 s for expect()
WAIT_MS = 20_000
expect.set_options(timeout=WAIT_MS)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
BROWSER_FIXTURES = ("browser", "page")
T = TypeVar("T")
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS") or Path(settings.VAR_DIR) / "e2e")


@pytest.fixture
def browser(transactional_db: None, live_server: Any) -> Iterator[Browser]:
    """A fresh chromium per test, started after the database fixtures and stopped before them.

    Playwright's sync API runs an event loop in this thread while it is started, and Django
    refuses ORM calls in a thread with a running loop: the data fixtures run before the browser
    starts (`pytest_collection_modifyitems`), and a test body asks the database through
    `off_the_loop`. The live server's views run as production runs them, with Django's check on.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Starts the browser after every other fixture, so fixtures write to the database first."""
    for item in items:
        names = getattr(item, "fixturenames", None)
        if names is not None:
            names.sort(key=lambda name: name in BROWSER_FIXTURES)  # stable: the rest keep order


def off_the_loop(query: Callable[[], T]) -> T:
    """Runs a test body's database check in a thread of its own, away from Playwright's loop."""

    def run() -> T:
        try:
            return query()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def catalogue(transactional_db: None) -> None:
    # An earlier transactional test may have flushed the catalogue its migration seeded.
    call_command("seed_exercises", stdout=io.StringIO())


@pytest.fixture
def screenshot() -> object:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def page_width(page: Page) -> int:
    """How wide the document is drawn: more than the viewport means a sideways scroll."""
    return int(page.evaluate("document.documentElement.scrollWidth"))


@pytest.fixture
def alice(transactional_db: None) -> User:
    """Alice lifts; she is no staff."""
    return User.objects.create_user(
        "alice@example.com",
        PASSWORD,
        display_name="Alice",
        sex=User.Sex.FEMALE,
        birth_date=date(1994, 5, 1),
        bodyweight_kg=Decimal("62.0"),
    )


@pytest.fixture
def charlie(transactional_db: None) -> User:
    """Charlie is staff: the back office is his."""
    return User.objects.create_user(
        "charlie@example.com", PASSWORD, display_name="Charlie", is_staff=True
    )
