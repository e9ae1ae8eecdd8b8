"""Must fix 6 (and 7's decompression bomb): avatars are stored under a server-chosen name and
extension, re-encoded, refused when they do not decode, and served as the image they are."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from backend.accounts.models import User

pytestmark = pytest.mark.django_db
SCRIPT = b"<script>alert(document.cookie)</script>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_SERVE = True
    return tmp_path


def png_bytes(size: tuple[int, int] = (32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def bomb_png(side: int = 20000) -> bytes:
    """A valid PNG header of side × side pixels with almost no data (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    data = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("name", ["me.html", "me.svg", "me.php"])
def test_an_avatar_is_stored_as_the_image_it_is_under_a_name_the_server_picks(
    alice_api: APIClient, alice: User, media: Path, name: str
) -> None:
    upload = SimpleUploadedFile(name, png_bytes() + SCRIPT, "text/html")
    response = alice_api.put("/api/profile/avatar/", {"avatar": upload}, format="multipart")
    assert response.status_code == 200, response.data
    alice.refresh_from_db()
    stored = media / alice.avatar.name
    assert stored.suffix == ".png" and stored.stem != "me"
    assert SCRIPT not in stored.read_bytes()  # re-encoded: the trailing script is gone
    with Image.open(stored) as image:
        assert image.format == "PNG" and image.size == (32, 32)
    served = APIClient().get(f"/media/{alice.avatar.name}")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_decompression_bomb_is_refused_with_a_400(alice_api: APIClient) -> None:
    upload = SimpleUploadedFile("big.png", bomb_png(), "image/png")
    response = alice_api.put("/api/profile/avatar/", {"avatar": upload}, format="multipart")
    assert response.status_code == 400
    assert "at most 4096 px" in str(response.data["avatar"][0])


def test_a_truncated_image_is_refused(alice_api: APIClient) -> None:
    upload = SimpleUploadedFile("cut.png", png_bytes((256, 256))[:200], "image/png")
    response = alice_api.put("/api/profile/avatar/", {"avatar": upload}, format="multipart")
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in str(response.data["avatar"][0])


def test_media_serves_only_the_server_s_own_image_types(media: Path) -> None:
    (media / "avatars").mkdir()
    (media / "avatars" / "x.html").write_bytes(SCRIPT)
    (media.parent / "secret.png").write_bytes(png_bytes())
    client = APIClient()
    assert client.get("/media/avatars/x.html").status_code == 404
    assert client.get("/media/../secret.png").status_code == 404
    assert client.get("/media/avatars/none.png").status_code == 404


def test_media_are_not_served_by_django_when_nginx_serves_them(
    settings, alice_api: APIClient, alice: User
) -> None:
    upload = SimpleUploadedFile("a.png", png_bytes(), "image/png")
    response = alice_api.put("/api/profile/avatar/", {"avatar": upload}, format="multipart")
    assert response.status_code == 200
    alice.refresh_from_db()
    settings.MEDIA_SERVE = False
    assert APIClient().get(f"/media/{alice.avatar.name}").status_code == 404
