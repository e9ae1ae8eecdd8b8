"""`make dev` in a real browser: Django's runserver and the Vite dev server together, the pages'
modules from the dev server under the Content-Security-Policy, its hot-reload socket connected,
and the development marker on the page."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.backend.accounts.conftest import free_port
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, WAIT_MS
from tests.loopback import ROOT, stop_process_group, wait_for_port

pytestmark = pytest.mark.slow

VITE = ROOT / "admin_react" / "node_modules" / ".bin" / "vite"
# what `make dev` would otherwise (re)install: the shared venv and node_modules are in place
NOT_REMADE = ["-o", ".venv/.runtime-installed", "-o", "admin_react/node_modules/.installed"]


def dev_environment(var_dir: Path) -> dict[str, str]:
    """The embedded default, as `make dev` is run on a fresh checkout: no DJANGO_*, no services."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TELEGRAM_"))}
    for name in ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "CACHE_URL"):
        env.pop(name, None)
    return {**env, "SBD_VAR_DIR": str(var_dir), "PYTHONUNBUFFERED": "1"}


@pytest.mark.skipif(
    shutil.which("make") is None or not VITE.exists(), reason="needs make and admin_react's Vite"
)
def test_make_dev_serves_the_pages_from_the_vite_dev_server(tmp_path: Path) -> None:
    django_port, vite_port = free_port(), free_port()
    log = tmp_path / "make-dev.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            ["make", *NOT_REMADE, "dev", f"PORT={django_port}", f"VITE_PORT={vite_port}"],
            cwd=ROOT,
            env=dev_environment(tmp_path),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        try:
            wait_for_port(vite_port, timeout=300, process=process)
            wait_for_port(django_port, timeout=300, process=process)
        except (RuntimeError, TimeoutError) as error:
            raise AssertionError(f"{error}: {log.read_text()[-3000:]}") from None
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.set_default_timeout(WAIT_MS)
            console: list[str] = []
            page.on("console", lambda message: console.append(message.text))
            page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))

            page.goto(f"http://127.0.0.1:{django_port}/calculator/")
            expect(page.get_by_role("heading", name="How strong is your lift?")).to_be_visible()
            expect(page.locator("#development-marker")).to_have_text(
                re.compile(r"DEVELOPMENT.*Vite dev server")
            )
            scripts = page.evaluate("[...document.scripts].map((s) => s.src).filter(Boolean)")
            vite = f"http://127.0.0.1:{vite_port}/static/web/"
            assert scripts == [f"{vite}@vite/client", f"{vite}calculator/main.jsx"]
            deadline = time.monotonic() + WAIT_MS / 1000
            while "[vite] connected." not in console and time.monotonic() < deadline:
                page.wait_for_timeout(200)
            assert "[vite] connected." in console  # the hot-reload socket, allowed by the CSP

            page.goto(f"http://127.0.0.1:{django_port}/admin-app/")
            expect(page.get_by_label("Email")).to_be_visible()
            expect(page.locator("#development-marker")).to_be_visible()
            browser.close()
        blocked = [line for line in console if "Content Security Policy" in line]
        assert blocked == []
        assert not [line for line in console if line.startswith("pageerror")], console
    finally:
        stop_process_group(process)
