"""Issue 14 for inquiry attachments: re-encoded as avatars are (backend/images.py), named and
typed by the server from the decoded format, refused when they do not decode or are too big."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from backend.inquiries.models import Inquiry
from tests.security.test_avatar_uploads import SCRIPT, bomb_png, png_bytes

pytestmark = pytest.mark.django_db
INQUIRIES = "/api/inquiries/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    settings.MEDIA_SERVE = True
    return tmp_path


def open_with(client: APIClient, upload: SimpleUploadedFile):
    return client.post(
        INQUIRIES, {"title": "Form check", "body": "See photo", "image": upload}, format="multipart"
    )


@pytest.mark.parametrize("name", ["form.html", "form.svg", "form.php"])
def test_an_attachment_is_stored_as_the_image_it_is_under_a_name_the_server_picks(
    alice_api: APIClient, media: Path, name: str
) -> None:
    response = open_with(alice_api, SimpleUploadedFile(name, png_bytes() + SCRIPT, "text/html"))
    assert response.status_code == 201, response.data
    stored_name = Inquiry.objects.get().image.name
    stored = media / stored_name
    assert stored_name.startswith("inquiries/") and stored.suffix == ".png"
    assert "form" not in stored_name  # random, not the uploader's name
    assert SCRIPT not in stored.read_bytes()  # re-encoded: the trailing script is gone
    with Image.open(stored) as image:
        assert (image.format, image.size) == ("PNG", (32, 32))
    served = APIClient().get(f"/media/{stored_name}")
    assert (served["Content-Type"], served["X-Content-Type-Options"]) == ("image/png", "nosniff")


def test_a_jpeg_keeps_its_format_and_loses_its_metadata(alice_api: APIClient, media: Path) -> None:
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone 9"  # the camera model
    Image.new("RGB", (40, 30), "blue").save(out, format="JPEG", exif=exif)
    response = open_with(alice_api, SimpleUploadedFile("x.png", out.getvalue(), "image/png"))
    assert response.status_code == 201, response.data
    stored = media / Inquiry.objects.get().image.name
    assert stored.suffix == ".jpg"
    assert b"Secret Phone 9" not in stored.read_bytes()


def test_a_decompression_bomb_is_a_clear_400(alice_api: APIClient) -> None:
    response = open_with(alice_api, SimpleUploadedFile("big.png", bomb_png(), "image/png"))
    assert response.status_code == 400
    assert "at most 4096 px" in str(response.data["image"][0])
    assert not Inquiry.objects.exists()


def test_a_format_it_does_not_store_is_a_clear_400(alice_api: APIClient) -> None:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, format="GIF")
    response = open_with(alice_api, SimpleUploadedFile("a.gif", out.getvalue(), "image/gif"))
    assert response.status_code == 400
    assert "JPEG, PNG or WebP" in str(response.data["image"][0])
