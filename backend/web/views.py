"""The pages, as Django templates whose asset tags django-vite writes, and the TF.js model files.

`/calculator/` and `/admin-app/` (any client-side route under it) render `web/calculator.html`
and `web/admin_app.html`. Their `{% vite_asset %}` tags point at the Vite dev server in
development (`make dev`, hot reload) and at the hashed build read from Vite's manifest otherwise
(`make build-web`; collectstatic puts the files under STATIC_ROOT for nginx or whitenoise).
Until a build exists the pages answer 503 with the command that makes it, and no server path.
The calculator loads the TF.js graph model from `settings.CALCULATOR_MODEL_DIR`, so a retrained
model is served without rebuilding the page; its settings (the bot's deep link, the signup and
model URLs) are in the page as a JSON script, `calculator-config`.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from csp.constants import WASM_UNSAFE_EVAL
from csp.decorators import csp_update
from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_vite.core.asset_loader import DjangoViteAssetLoader
from django_vite.core.exceptions import DjangoViteAssetNotFoundError

BUILD_COMMAND = "make build-web"
# the page must be revalidated to pick up a new build (its assets are hashed and immutable)
REVALIDATE = "no-cache"
MODEL_FILE = re.compile(r"^(model\.json|meta\.json|group\d+-shard\d+of\d+\.bin)$")
# The /start payload of the calculator's deep link: the bot greets it like a plain /start.
CALCULATOR_START = "calc"
# each page's template and its entry module in admin_react/ (a key of Vite's manifest)
PAGES = {
    "calculator": ("web/calculator.html", "calculator/main.jsx"),
    "admin-app": ("web/admin_app.html", "admin-app/main.jsx"),
}


def calculator_config() -> dict[str, str | None]:
    """What the calculator page links to: the bot (None when no bot username is set), signup,
    and the folder of the model files."""
    username = settings.TELEGRAM_BOT_USERNAME
    return {
        "telegramUrl": f"https://t.me/{username}?start={CALCULATOR_START}" if username else None,
        "signupUrl": reverse("auth-signup"),
        "signupConfirmUrl": reverse("auth-signup-confirm"),
        "telegramLinkUrl": reverse("profile-telegram-link") if username else None,
        "modelUrl": reverse("calculator-model", args=["model.json"]).removesuffix("model.json"),
    }


def _page(request: HttpRequest, app: str, context: dict[str, object]) -> HttpResponseBase:
    template, entry = PAGES[app]
    context = {
        **context,
        "entry": entry,
        # a visible "development" banner: never on a production page
        "development": settings.DEBUG,
        "vite_dev_mode": settings.VITE_DEV_MODE,
    }
    try:
        response: HttpResponseBase = render(request, template, context)
    except DjangoViteAssetNotFoundError:
        # No build (or one without this page). django-vite read the manifest once: forget it, so
        # the next request after `make build-web` reads the new one.
        DjangoViteAssetLoader._instance = None
        missing = {"app": app, "command": BUILD_COMMAND}
        response = render(request, "web/build_missing.html", missing, status=503)
    response["Cache-Control"] = REVALIDATE
    return response


@require_safe
# TF.js bundles long.js, which probes WebAssembly when loaded (its try/catch falls back to plain
# JS): without 'wasm-unsafe-eval' every visit logs a CSP violation. It allows compiling
# WebAssembly only, not eval() of JavaScript; the admin app needs neither.
@csp_update({"script-src": [WASM_UNSAFE_EVAL]})
def calculator(request: HttpRequest) -> HttpResponseBase:
    """The public calculator page, with its config."""
    return _page(request, "calculator", {"config": calculator_config()})


@require_safe
def admin_app(request: HttpRequest, path: str = "") -> HttpResponseBase:
    """The React admin: the same page for any client-side route (its router reads the URL)."""
    if "." in path.rsplit("/", 1)[-1]:
        raise Http404("The admin's files are static files (/static/), not routes.")
    return _page(request, "admin-app", {})


@require_safe
def model_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """The TF.js graph model (model.json and weight shards) and its meta.json."""
    if not MODEL_FILE.match(name):
        raise Http404("Not a model file.")
    artifacts = Path(settings.CALCULATOR_MODEL_DIR)
    path = artifacts / name if name == "meta.json" else artifacts / "tfjs" / name
    if not path.is_file():
        raise Http404("Model file missing.")
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    # Not immutable: the names stay the same when the model is retrained.
    response["Cache-Control"] = "public, max-age=300"
    return response
