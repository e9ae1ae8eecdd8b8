"""The built front end (`admin_react/dist`) and the TF.js model, served by Django.

`make build-web` writes one folder per page: `dist/calculator/` and `dist/admin-app/`, each an
`index.html` with its hashed `assets/`. The calculator loads the TF.js graph model straight from
`ml/artifacts/`, so a retrained model is served without rebuilding the page. Until the build
exists, both pages answer 503 with the command that makes it. The calculator's index.html gets
the page's settings (the bot's deep link, the signup URLs) as a JSON script, `calculator-config`.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils._os import safe_join
from django.utils.html import json_script
from django.views.decorators.http import require_safe

import ml

BUILD_COMMAND = "make build-web"
# Hashed names never change content; index.html must be revalidated to pick up a new build.
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# ml/artifacts without importing ml.predict (which loads Keras)
ARTIFACTS_DIR = Path(ml.__file__).resolve().parent / "artifacts"
MODEL_FILE = re.compile(r"^(model\.json|meta\.json|group\d+-shard\d+of\d+\.bin)$")
# The /start payload of the calculator's deep link: the bot greets it like a plain /start.
CALCULATOR_START = "calc"


def _build_dir(app: str) -> Path:
    return Path(settings.WEB_BUILD_DIR) / app


def _file(path: Path, cache_control: str) -> FileResponse:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = cache_control
    return response


def _index(request: HttpRequest, app: str) -> HttpResponseBase:
    index = _build_dir(app) / "index.html"
    if not index.is_file():
        context = {"app": app, "command": BUILD_COMMAND, "build_dir": _build_dir(app)}
        return render(request, "web/build_missing.html", context, status=503)
    return _file(index, REVALIDATE)


def calculator_config() -> dict[str, str | None]:
    """What the calculator page links to: the bot (None when no bot username is set), signup."""
    username = settings.TELEGRAM_BOT_USERNAME
    return {
        "telegramUrl": f"https://t.me/{username}?start={CALCULATOR_START}" if username else None,
        "signupUrl": reverse("auth-signup"),
        "signupConfirmUrl": reverse("auth-signup-confirm"),
        "telegramLinkUrl": reverse("profile-telegram-link") if username else None,
    }


def _calculator_index(request: HttpRequest) -> HttpResponseBase:
    index = _build_dir("calculator") / "index.html"
    if not index.is_file():
        return _index(request, "calculator")
    html = index.read_text(encoding="utf-8")
    config = str(json_script(calculator_config(), "calculator-config"))
    head, body_end, tail = html.rpartition("</body>")
    page = f"{head}{config}{body_end}{tail}" if body_end else f"{html}{config}"
    response = HttpResponse(page, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = REVALIDATE
    return response


def _asset(app: str, path: str) -> Path | None:
    """The built file at `path` under the app's folder, or None (never outside the folder)."""
    try:
        candidate = Path(safe_join(_build_dir(app), path))
    except Exception:  # SuspiciousFileOperation: `..` or an absolute path
        return None
    return candidate if candidate.is_file() else None


@require_safe
def calculator(request: HttpRequest, path: str = "") -> HttpResponseBase:
    """The public calculator page (with its config) and its assets."""
    if not path:
        return _calculator_index(request)
    asset = _asset("calculator", path)
    if asset is None:
        raise Http404("No such file in the calculator build.")
    return _file(asset, IMMUTABLE if path.startswith("assets/") else REVALIDATE)


@require_safe
def admin_app(request: HttpRequest, path: str = "") -> HttpResponseBase:
    """The React admin: its assets, else index.html for any client-side route."""
    asset = _asset("admin-app", path) if path else None
    if asset is not None:
        return _file(asset, IMMUTABLE if path.startswith("assets/") else REVALIDATE)
    if path.startswith("assets/") or "." in path.rsplit("/", 1)[-1]:
        raise Http404("No such file in the admin build.")
    return _index(request, "admin-app")


@require_safe
def model_file(request: HttpRequest, name: str) -> HttpResponseBase:
    """The TF.js graph model (model.json and weight shards) and its meta.json."""
    if not MODEL_FILE.match(name):
        raise Http404("Not a model file.")
    path = ARTIFACTS_DIR / name if name == "meta.json" else ARTIFACTS_DIR / "tfjs" / name
    if not path.is_file():
        raise Http404("Model file missing.")
    # Not immutable: the names stay the same when the model is retrained.
    return _file(path, "public, max-age=300")
