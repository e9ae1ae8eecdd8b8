"""backend/web: the built pages, their assets, the model files and the missing-build page."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

INDEX = '<!doctype html><html><body><div id="root"></div></body></html>'


@pytest.fixture
def build(tmp_path: Path, settings: Any) -> Path:
    """A fake Vite build of both pages."""
    for app in ("calculator", "admin-app"):
        (tmp_path / app / "assets").mkdir(parents=True)
        (tmp_path / app / "index.html").write_text(INDEX.replace("root", f"root-{app}"))
        (tmp_path / app / "assets" / "index-abc123.js").write_text(f"console.log('{app}')")
    settings.WEB_BUILD_DIR = tmp_path
    return tmp_path


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def _config(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="calculator-config" type="application/json">(.*?)</script>', _body(response)
    )
    assert found, "no calculator-config script in the page"
    return json.loads(found.group(1))


def test_it_serves_the_calculator_page(client: Client, build: Path) -> None:
    response = client.get("/calculator/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-cache"
    assert 'id="root-calculator"' in _body(response)


def test_it_gives_the_calculator_the_bot_link_and_the_signup_urls(
    client: Client, build: Path, settings: Any
) -> None:
    settings.TELEGRAM_BOT_USERNAME = "SBDAnimalBot"
    response = client.get("/calculator/")
    assert _config(response) == {
        "telegramUrl": "https://t.me/SBDAnimalBot?start=calc",
        "signupUrl": "/api/auth/signup/",
        "signupConfirmUrl": "/api/auth/signup/confirm/",
        "telegramLinkUrl": "/api/profile/telegram-link/",
    }
    assert _body(response).endswith("</body></html>")


def test_it_gives_no_bot_link_without_a_bot_username(
    client: Client, build: Path, settings: Any
) -> None:
    settings.TELEGRAM_BOT_USERNAME = ""
    config = _config(client.get("/calculator/"))
    assert (config["telegramUrl"], config["telegramLinkUrl"]) == (None, None)
    assert config["signupUrl"] == "/api/auth/signup/"


def test_it_escapes_the_config_inside_the_page(client: Client, build: Path, settings: Any) -> None:
    settings.TELEGRAM_BOT_USERNAME = "</script><b>x"
    body = _body(client.get("/calculator/"))
    assert "</script><b>x" not in body
    assert _config(client.get("/calculator/"))["telegramUrl"] == (
        "https://t.me/</script><b>x?start=calc"
    )


def test_it_serves_hashed_assets_as_immutable(client: Client, build: Path) -> None:
    response = client.get("/calculator/assets/index-abc123.js")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    assert _body(response) == "console.log('calculator')"


def test_it_answers_admin_routes_with_the_admin_page(client: Client, build: Path) -> None:
    for url in ("/admin-app/", "/admin-app/users", "/admin-app/inquiries/3/show"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'id="root-admin-app"' in _body(response)


def test_it_gives_404_for_a_missing_asset(client: Client, build: Path) -> None:
    assert client.get("/admin-app/assets/gone-123.js").status_code == 404
    assert client.get("/admin-app/favicon.ico").status_code == 404
    assert client.get("/calculator/nothing.js").status_code == 404


def test_it_never_serves_files_outside_the_build(client: Client, build: Path) -> None:
    (build / "secret.txt").write_text("no")
    assert client.get("/calculator/../secret.txt").status_code == 404
    assert client.get("/calculator/%2e%2e/secret.txt").status_code == 404


def test_it_tells_the_operator_to_build_when_the_build_is_missing(
    client: Client, tmp_path: Path, settings: Any
) -> None:
    settings.WEB_BUILD_DIR = tmp_path / "nothing-here"
    for url in ("/calculator/", "/admin-app/users"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert b"make build-web" in response.content


def test_it_serves_the_tfjs_model_and_its_meta(client: Client) -> None:
    model = client.get("/calculator/model/model.json")
    assert model.status_code == 200
    assert model["Content-Type"] == "application/json"
    manifest = json.loads(_body(model))
    shard = manifest["weightsManifest"][0]["paths"][0]
    weights = client.get(f"/calculator/model/{shard}")
    assert weights.status_code == 200
    meta = client.get("/calculator/model/meta.json")
    assert meta.status_code == 200
    assert "bench-press" in _body(meta)


def test_it_serves_nothing_else_from_the_artifacts(client: Client) -> None:
    assert client.get("/calculator/model/percentile_model.keras").status_code == 404
    assert client.get("/calculator/model/metrics.json").status_code == 404


def test_it_refuses_writes(client: Client, build: Path) -> None:
    assert client.post("/calculator/").status_code == 405


def test_it_sends_visitors_of_the_site_root_to_the_calculator(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/calculator/")
