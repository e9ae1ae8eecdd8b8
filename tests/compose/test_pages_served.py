"""The pages in production, as compose runs them: the image's `migrate` script collects the real
Vite build (`make build-web`) into STATIC_ROOT, the `web` script serves the pages with debug off,
and compose/nginx's config serves the assets from STATIC_ROOT. The hashed tags on each page are
those of Vite's manifest, and every asset they name answers 200 with its type, through nginx
and from whitenoise alone (the image without nginx)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.backend.accounts.conftest import free_port
from tests.loopback import ROOT, nginx_server, production_environment, web_service

pytestmark = pytest.mark.slow

BUILD = ROOT / "admin_react" / "dist"
MANIFEST = BUILD / ".vite" / "manifest.json"
HEADERS = {"Host": "sbd.test", "X-Forwarded-Proto": "https"}
PAGES = {"/calculator/": "calculator/main.jsx", "/admin-app/users": "admin-app/main.jsx"}
TYPES = {".js": "javascript", ".css": "text/css"}


@dataclass
class Served:
    nginx: str
    web: str
    static_root: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    assert MANIFEST.is_file(), "no Vite build: run `make build-web` (`make test` does)"
    var = tmp_path_factory.mktemp("pages-served")
    static_root = var / "static"
    env = production_environment(
        var, DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}", DJANGO_STATIC_ROOT=str(static_root)
    )
    migrate = subprocess.run(
        [str(ROOT / "compose" / "start" / "migrate")],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert migrate.returncode == 0, migrate.stdout[-2000:] + migrate.stderr[-2000:]
    web_port, nginx_port = free_port(), free_port()
    with ExitStack() as stack:
        stack.enter_context(web_service(port=web_port, env=env, log=var / "web.log"))
        stack.enter_context(
            nginx_server(
                directory=var / "nginx",
                port=nginx_port,
                upstreams=[web_port],
                static_root=static_root,
                media_root=var / "media",
            )
        )
        yield Served(f"http://127.0.0.1:{nginx_port}", f"http://127.0.0.1:{web_port}", static_root)


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MANIFEST.read_text())
    return data


def expected_tags(entry: str) -> tuple[str, list[str], list[str]]:
    """The entry's script, its stylesheets and its preloaded imports, as Vite's manifest says."""
    chunks = manifest()
    chunk = chunks[entry]
    script = f"/static/web/{chunk['file']}"
    styles = [f"/static/web/{css}" for css in chunk.get("css", [])]
    preloads = [f"/static/web/{chunks[name]['file']}" for name in chunk.get("imports", [])]
    return script, styles, preloads


def page_assets(body: str) -> tuple[list[str], list[str], list[str]]:
    scripts = re.findall(r'<script type="module"[^>]* src="([^"]+)"', body)
    styles = re.findall(r'rel="stylesheet" href="([^"]+)"', body)
    preloads = re.findall(r'<link href="([^"]+)"[^>]* rel="modulepreload"', body)
    return scripts, styles, preloads


def test_each_page_names_the_hashed_files_of_the_manifest(served: Served) -> None:
    with httpx.Client(base_url=served.nginx, headers=HEADERS, timeout=60) as http:
        for url, entry in PAGES.items():
            response = http.get(url)
            assert response.status_code == 200, (url, response.text[:500])
            scripts, styles, preloads = page_assets(response.text)
            script, want_styles, want_preloads = expected_tags(entry)
            assert re.search(r"-[\w-]{8}\.js$", script), script  # Vite's content hash
            assert (scripts, styles, preloads) == ([script], want_styles, want_preloads), url
            assert "@vite/client" not in response.text
            assert "development-marker" not in response.text
            # scripts from this origin only; the calculator may also compile WebAssembly
            # (TF.js's long.js probes it), never eval() JavaScript
            wasm = " 'wasm-unsafe-eval'" if url.startswith("/calculator/") else ""
            policy = response.headers["Content-Security-Policy"] + ";"
            assert f"script-src 'self'{wasm};" in policy, (url, policy)


def every_built_file() -> list[str]:
    """Every file the build wrote under assets/ (the entries, their imports and the lazy TF.js)."""
    return sorted({chunk["file"] for chunk in manifest().values()} | css_files())


def css_files() -> set[str]:
    return {css for chunk in manifest().values() for css in chunk.get("css", [])}


@pytest.mark.parametrize("server", ["nginx", "web"])
def test_every_asset_is_served_from_static_root_with_its_type(served: Served, server: str) -> None:
    base = served.nginx if server == "nginx" else served.web  # web: whitenoise, no nginx
    files = every_built_file()
    assert len(files) >= 4 and css_files()
    with httpx.Client(base_url=base, headers=HEADERS, timeout=60) as http:
        for name in files:
            assert (served.static_root / "web" / name).is_file(), f"{name}: not collected"
            response = http.get(f"/static/web/{name}")
            assert response.status_code == 200, (server, name)
            assert TYPES[Path(name).suffix] in response.headers["Content-Type"], (server, name)
            assert "immutable" in response.headers["Cache-Control"], (server, name)
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.content == (BUILD / name).read_bytes(), (server, name)
        # Vite's manifest is read by the app from the build; it is not published
        assert http.get("/static/web/.vite/manifest.json").status_code == 404
