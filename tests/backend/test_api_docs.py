"""The Swagger UI at /api/docs/ loads its files from the app (drf-spectacular-sidecar), so it
works offline: no CDN, no `@latest`."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import Client


def test_the_swagger_ui_loads_its_assets_from_the_app(client: Client) -> None:
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', html)

    assert {a.rsplit("/", 1)[-1] for a in assets} >= {"swagger-ui-bundle.js", "swagger-ui.css"}
    for asset in assets:
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert "cdn" not in html.lower()
    assert "@latest" not in html
