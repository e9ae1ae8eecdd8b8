"""The pages' two modes as the settings build them from the environment: `make dev` (the Vite dev
server allowed by the Content-Security-Policy, hot reload, the marker) and production (neither).
Each case is a fresh process, since settings.py decides the policy once at start."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.backend.accounts.test_deploy import manage

DEV_PORT = 18552
DEV_ORIGIN = f"http://127.0.0.1:{DEV_PORT}"
# the test client's host; no Redis (a page needs none)
PAGE_ONLY = {"DJANGO_ALLOWED_HOSTS": "testserver", "REDIS_URL": ""}
# renders one page with Django's test client inside the process, prints what came back
RENDER = """
import json
from django.test import Client
response = Client().get("/calculator/", headers={"x-forwarded-proto": "https"})
print(json.dumps({"status": response.status_code, "body": response.content.decode(),
                  "csp": response.headers.get("Content-Security-Policy", "")}))
"""


def render(tmp_path: Path, **env: str) -> dict[str, Any]:
    # manage(): production settings (debug off) unless `env` says otherwise
    result = manage("shell", "-c", RENDER, tmp_path=tmp_path, **PAGE_ONLY, **env)
    assert result.returncode == 0, result.stderr[-3000:]
    output: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return output


def fake_build(tmp_path: Path) -> Path:
    manifest = tmp_path / "dist" / ".vite" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    entry = {"file": "assets/calculator-Zx98Yw76.js", "src": "calculator/main.jsx"}
    manifest.write_text(json.dumps({"calculator/main.jsx": {**entry, "isEntry": True}}))
    return manifest.parent.parent


def directive(policy: str, name: str) -> list[str]:
    for part in policy.split(";"):
        words = part.split()
        if words and words[0] == name:
            return words[1:]
    return []


def test_make_dev_allows_the_dev_server_and_its_inline_preamble_by_nonce(tmp_path: Path) -> None:
    page = render(
        tmp_path,
        DJANGO_DEBUG="true",
        DJANGO_VITE_DEV_MODE="true",
        DJANGO_VITE_DEV_SERVER_PORT=str(DEV_PORT),
    )
    body, policy = page["body"], page["csp"]
    assert page["status"] == 200
    assert f'src="{DEV_ORIGIN}/static/web/@vite/client"' in body
    assert f'src="{DEV_ORIGIN}/static/web/calculator/main.jsx"' in body
    assert "DEVELOPMENT" in body and 'id="development-marker"' in body
    nonce = re.search(r'<script type="module" nonce="([^"]+)">\s*import RefreshRuntime', body)
    assert nonce, "the React refresh preamble has no nonce"
    assert f"'nonce-{nonce.group(1)}'" in directive(policy, "script-src")
    assert DEV_ORIGIN in directive(policy, "script-src")
    assert {DEV_ORIGIN, f"ws://127.0.0.1:{DEV_PORT}"} <= set(directive(policy, "connect-src"))
    assert "'unsafe-eval'" not in policy


def test_production_allows_no_dev_server_and_shows_no_marker(tmp_path: Path) -> None:
    page = render(
        tmp_path,
        DJANGO_DEBUG="false",
        DJANGO_SECURE_SSL_REDIRECT="false",
        WEB_BUILD_DIR=str(fake_build(tmp_path)),
    )
    body, policy = page["body"], page["csp"]
    assert page["status"] == 200
    assert 'src="/static/web/assets/calculator-Zx98Yw76.js"' in body
    assert "@vite/client" not in body and "development-marker" not in body
    # the calculator may compile WebAssembly (TF.js's long.js probes it), never eval() JavaScript
    assert directive(policy, "script-src") == ["'self'", "'wasm-unsafe-eval'"]
    assert directive(policy, "connect-src") == ["'self'"]
    assert "127.0.0.1" not in policy


def test_the_dev_server_mode_refuses_to_start_without_debug(tmp_path: Path) -> None:
    result = manage("check", tmp_path=tmp_path, DJANGO_VITE_DEV_MODE="true")
    assert result.returncode != 0
    assert "DJANGO_VITE_DEV_MODE needs DJANGO_DEBUG on" in result.stderr
