"""Avatar images: decoded, re-encoded and named by the server, never as uploaded.

An upload is fully decoded with Pillow (what does not decode is refused), re-encoded in its own
format without metadata or trailing bytes, and stored under a random name whose extension the
server picks from that format; media are served with the Content-Type of that extension.
"""

from __future__ import annotations

import io
import warnings
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


class AvatarInvalid(ValueError):
    """The upload is not an avatar image; the message says why."""


def avatar_clean(upload: IO[bytes]) -> ContentFile[bytes]:
    """The upload decoded and re-encoded, named `avatar.<ext>` after its decoded format."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                kind, size = image.format, image.size
                if kind not in FORMATS:
                    raise AvatarInvalid(WRONG_TYPE)
                if max(size) > MAX_SIDE:
                    raise AvatarInvalid(TOO_LARGE)
                image.load()
                extension, _ = FORMATS[kind]
                decoded: Image.Image = image
                if kind == "JPEG" and image.mode not in ("RGB", "L"):
                    decoded = image.convert("RGB")
                out = io.BytesIO()
                decoded.save(out, format=kind)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise AvatarInvalid(TOO_LARGE) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, AvatarInvalid):
            raise
        raise AvatarInvalid(WRONG_TYPE) from None
    return ContentFile(out.getvalue(), name=f"avatar.{extension}")
