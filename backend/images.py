"""Uploaded images (avatars, inquiry attachments): decoded, re-encoded and named by the server,
never kept as uploaded.

An upload is fully decoded with Pillow (what does not decode is refused, and so is a
decompression bomb), re-encoded in its own format without metadata or trailing bytes, and
stored under a random name whose extension the server picks from that format; media are served
with the Content-Type of that extension (`backend/config/media.py`, nginx in production).
"""

from __future__ import annotations

import io
import secrets
import warnings
from pathlib import Path
from typing import IO

from django.core.files.base import ContentFile
from PIL import Image, UnidentifiedImageError

# decoded format -> (extension, Content-Type); one place for the three
FORMATS = {
    "JPEG": ("jpg", "image/jpeg"),
    "PNG": ("png", "image/png"),
    "WEBP": ("webp", "image/webp"),
}
CONTENT_TYPES = dict(FORMATS.values())
MAX_SIDE = 4096
WRONG_TYPE = "Upload a JPEG, PNG or WebP image."
TOO_LARGE = f"The image must be at most {MAX_SIDE} px."


class ImageInvalid(ValueError):
    """The upload is not an image this project stores; the message says why."""


def image_clean(upload: IO[bytes], *, stem: str) -> ContentFile[bytes]:
    """The upload decoded and re-encoded, named `<stem>.<ext>` after its decoded format."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind, size = image.format, image.size
                if kind not in FORMATS:
                    raise ImageInvalid(WRONG_TYPE)
                if max(size) > MAX_SIDE:
                    raise ImageInvalid(TOO_LARGE)
                image.load()
                extension, _ = FORMATS[kind]
                decoded: Image.Image = image
                if kind == "JPEG" and image.mode not in ("RGB", "L"):
                    decoded = image.convert("RGB")
                out = io.BytesIO()
                decoded.save(out, format=kind)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ImageInvalid(TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, ImageInvalid):
            raise
        raise ImageInvalid(WRONG_TYPE) from None
    return ContentFile(out.getvalue(), name=f"{stem}.{extension}")


def upload_name(folder: str, filename: str) -> str:
    """A fresh random name in `folder` with the extension `image_clean` chose (or none), so a
    name is never guessed nor a replaced file's cached URL kept alive."""
    suffix = Path(filename).suffix.lower()
    suffix = suffix if suffix[1:] in CONTENT_TYPES else ""
    return f"{folder}/{secrets.token_hex(16)}{suffix}"
