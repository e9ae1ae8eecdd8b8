"""Serves uploaded media (avatars, inquiry images) when Django is to serve them
(DJANGO_SERVE_MEDIA; in production nginx serves MEDIA_ROOT at /media/ with the same rules).

Only raster image extensions are served, each with its
Content-Type, and `X-Content-Type-Options: nosniff` so no browser guesses another type.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest

from backend.images import CONTENT_TYPES

# the types uploads are stored as (backend/images.py), and those inquiry images stored before
# they were re-encoded may have; only raster image types are served, never .html or .svg
SERVED_TYPES = {**CONTENT_TYPES, "jpeg": "image/jpeg", "gif": "image/gif"}


def media_file(request: HttpRequest, path: str) -> FileResponse:
    if not settings.MEDIA_SERVE:
        raise Http404("Media are served by the web server.")
    root = Path(settings.MEDIA_ROOT).resolve()
    file = (root / path).resolve()
    content_type = SERVED_TYPES.get(file.suffix.lower()[1:])
    if content_type is None or not file.is_relative_to(root) or not file.is_file():
        raise Http404("No such file.")
    response = FileResponse(file.open("rb"), content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
