"""backend/web: the pages as Django templates (django-vite), the model files, the missing build."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_vite.core.asset_loader import DjangoViteAssetLoader

# what `vite build` writes for the two entries (admin_react/vite.config.js), with made-up hashes
MANIFEST = {
    "_client-Ab12Cd34.js": {"file": "assets/client-Ab12Cd34.js", "name": "client"},
    "calculator/main.jsx": {
        "file": "assets/calculator-Zx98Yw76.js",
        "name": "calculator",
        "src": "calculator/main.jsx",
        "isEntry": True,
        "imports": ["_client-Ab12Cd34.js"],
        "css": ["assets/calculator-Qq11Rr22.css"],
    },
    "admin-app/main.jsx": {
        "file": "assets/admin-Mm33Nn44.js",
        "name": "admin",
        "src": "admin-app/main.jsx",
        "isEntry": True,
        "imports": ["_client-Ab12Cd34.js"],
    },
}
DEV_PORT = 18551


def _use_vite(settings: Any, **config: Any) -> None:
    """Points django-vite at `config`; its loader is a singleton that read the settings once."""
    settings.DJANGO_VITE = {"default": {**settings.DJANGO_VITE["default"], **config}}
    DjangoViteAssetLoader._instance = None


@pytest.fixture(autouse=True)
def _fresh_vite_loader() -> Iterator[None]:
    DjangoViteAssetLoader._instance = None
    yield
    DjangoViteAssetLoader._instance = None


@pytest.fixture
def build(tmp_path: Path, settings: Any) -> Path:
    """A fake Vite build of both pages: its manifest only (the tags are read from it)."""
    manifest = tmp_path / "dist" / ".vite" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps(MANIFEST))
    settings.DEBUG = False
    _use_vite(settings, dev_mode=False, manifest_path=manifest)
    return manifest.parent.parent


@pytest.fixture
def dev_server(settings: Any) -> None:
    """`make dev`: DEBUG on, the tags point at the Vite dev server."""
    settings.DEBUG = True
    settings.VITE_DEV_MODE = True
    _use_vite(settings, dev_mode=True, dev_server_port=DEV_PORT)


def _config(response: Any) -> dict[str, Any]:
    found = re.search(
        r'<script id="calculator-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert found, "no calculator-config script in the page"
    return json.loads(found.group(1))


def _scripts(body: str) -> list[str]:
    return re.findall(r'<script type="module"[^>]* src="([^"]+)"', body)


def test_it_renders_the_calculator_with_the_hashed_build_from_the_manifest(
    client: Client, build: Path
) -> None:
    response = client.get("/calculator/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response["Cache-Control"] == "no-cache"
    assert _scripts(body) == ["/static/web/assets/calculator-Zx98Yw76.js"]
    assert 'rel="stylesheet" href="/static/web/assets/calculator-Qq11Rr22.css"' in body
    assert 'href="/static/web/assets/client-Ab12Cd34.js"' in body  # modulepreload of its import
    assert '<div id="root"></div>' in body
    # a production page: no dev server, no development marker
    assert "@vite/client" not in body
    assert "development-marker" not in body


def test_it_answers_admin_routes_with_the_admin_page(client: Client, build: Path) -> None:
    for url in ("/admin-app/", "/admin-app/users", "/admin-app/inquiries/3/show"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _scripts(response.content.decode()) == ["/static/web/assets/admin-Mm33Nn44.js"]


def test_it_gives_404_for_files_under_the_admin_route(client: Client, build: Path) -> None:
    # the build's files are static files now; a file-like admin URL is not a client route
    assert client.get("/admin-app/assets/admin-Mm33Nn44.js").status_code == 404
    assert client.get("/admin-app/favicon.ico").status_code == 404
    assert client.get("/calculator/assets/calculator-Zx98Yw76.js").status_code == 404


def test_it_gives_the_calculator_the_bot_link_the_signup_and_model_urls(
    client: Client, build: Path, settings: Any
) -> None:
    settings.TELEGRAM_BOT_USERNAME = "SBDAnimalBot"
    assert _config(client.get("/calculator/")) == {
        "telegramUrl": "https://t.me/SBDAnimalBot?start=calc",
        "signupUrl": "/api/auth/signup/",
        "signupConfirmUrl": "/api/auth/signup/confirm/",
        "telegramLinkUrl": "/api/profile/telegram-link/",
        "modelUrl": "/calculator/model/",
    }


def test_it_gives_no_bot_link_without_a_bot_username(
    client: Client, build: Path, settings: Any
) -> None:
    settings.TELEGRAM_BOT_USERNAME = ""
    config = _config(client.get("/calculator/"))
    assert (config["telegramUrl"], config["telegramLinkUrl"]) == (None, None)
    assert config["signupUrl"] == "/api/auth/signup/"


def test_it_escapes_the_config_inside_the_page(client: Client, build: Path, settings: Any) -> None:
    settings.TELEGRAM_BOT_USERNAME = "</script><b>x"
    response = client.get("/calculator/")
    assert "</script><b>x" not in response.content.decode()
    assert _config(response)["telegramUrl"] == "https://t.me/</script><b>x?start=calc"


def test_development_points_at_the_vite_dev_server_and_says_so(
    client: Client, dev_server: None
) -> None:
    origin = f"http://127.0.0.1:{DEV_PORT}"
    for url, entry in (("/calculator/", "calculator"), ("/admin-app/users", "admin-app")):
        body = client.get(url).content.decode()
        assert _scripts(body) == [
            f"{origin}/static/web/@vite/client",
            f"{origin}/static/web/{entry}/main.jsx",
        ], url
        # @vitejs/plugin-react's preamble (hot reload of components)
        assert f"import RefreshRuntime from '{origin}/static/web/@react-refresh'" in body
        assert re.search(r'<div id="development-marker"[^>]*>\s*DEVELOPMENT', body), url
        assert "Vite dev server" in body
        assert "/static/web/assets/" not in body


def test_debug_without_the_dev_server_shows_the_marker_on_the_built_page(
    client: Client, build: Path, settings: Any
) -> None:
    settings.DEBUG = True
    body = client.get("/calculator/").content.decode()
    assert _scripts(body) == ["/static/web/assets/calculator-Zx98Yw76.js"]
    assert re.search(r'<div id="development-marker"[^>]*>\s*DEVELOPMENT', body)


def test_it_tells_the_operator_to_build_without_showing_a_server_path(
    client: Client, tmp_path: Path, settings: Any
) -> None:
    missing = tmp_path / "no-build-here" / "dist" / ".vite" / "manifest.json"
    _use_vite(settings, dev_mode=False, manifest_path=missing)
    settings.WEB_BUILD_DIR = missing.parent.parent
    for url in ("/calculator/", "/admin-app/users"):
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code == 503, url
        assert "make build-web" in body
        for secret in (str(tmp_path), "no-build-here", "manifest", str(settings.BASE_DIR)):
            assert secret not in body, (url, secret)
        # the only absolute path on the page is the page's own URL
        page = "/" + url.split("/")[1] + "/"
        assert set(re.findall(r"(?<![\w.:/-])/[\w.-]+(?:/[\w.-]*)+", body)) == {page}, url


def test_the_page_comes_back_once_the_build_exists(
    client: Client, tmp_path: Path, settings: Any
) -> None:
    manifest = tmp_path / "dist" / ".vite" / "manifest.json"
    _use_vite(settings, dev_mode=False, manifest_path=manifest)
    assert client.get("/calculator/").status_code == 503
    manifest.parent.mkdir(parents=True)
    manifest.write_text(json.dumps(MANIFEST))  # `make build-web` while the server runs
    assert client.get("/calculator/").status_code == 200


def test_it_serves_the_tfjs_model_and_its_meta(client: Client) -> None:
    model = client.get("/calculator/model/model.json")
    assert model.status_code == 200
    assert model["Content-Type"] == "application/json"
    manifest = json.loads(b"".join(model.streaming_content))
    shard = manifest["weightsManifest"][0]["paths"][0]
    assert client.get(f"/calculator/model/{shard}").status_code == 200
    meta = client.get("/calculator/model/meta.json")
    assert meta.status_code == 200
    assert b"bench-press" in b"".join(meta.streaming_content)


def test_the_model_folder_comes_from_settings(
    client: Client, tmp_path: Path, settings: Any
) -> None:
    (tmp_path / "meta.json").write_text('{"exercises": ["from-settings"]}')
    settings.CALCULATOR_MODEL_DIR = tmp_path
    meta = client.get("/calculator/model/meta.json")
    assert b"".join(meta.streaming_content) == b'{"exercises": ["from-settings"]}'
    assert client.get("/calculator/model/model.json").status_code == 404


def test_it_serves_nothing_else_from_the_artifacts(client: Client) -> None:
    assert client.get("/calculator/model/percentile_model.keras").status_code == 404
    assert client.get("/calculator/model/metrics.json").status_code == 404


def test_it_refuses_writes(client: Client, build: Path) -> None:
    assert client.post("/calculator/").status_code == 405
    assert client.post("/admin-app/users").status_code == 405


def test_it_sends_visitors_of_the_site_root_to_the_calculator(client: Client) -> None:
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/calculator/")
