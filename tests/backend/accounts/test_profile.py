from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from backend.accounts.models import User
from backend.accounts.profile import profile_avatar_set, user_delete
from backend.workouts.models import BodyweightEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def png(size: tuple[int, int] = (64, 64), kind: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, kind)
    return SimpleUploadedFile(f"me.{kind.lower()}", buffer.getvalue(), f"image/{kind.lower()}")


def test_it_shows_the_profile(alice_api):
    response = alice_api.get("/api/profile/")
    actual = {k: response.data[k] for k in ("email", "sex", "birth_date", "bodyweight_kg", "units")}
    expected = {
        "email": "alice@example.com",
        "sex": "male",
        "birth_date": "1996-01-15",
        "bodyweight_kg": Decimal("80.0"),
        "units": "kg",
    }
    assert actual == expected


def test_it_records_a_bodyweight_entry_when_the_profile_bodyweight_changes(alice_api, alice):
    response = alice_api.patch(
        "/api/profile/", {"bodyweight_kg": "82.5", "height_cm": "180.0", "timezone": "Asia/Seoul"}
    )
    assert response.status_code == 200, response.data
    alice.refresh_from_db()
    assert (alice.bodyweight_kg, alice.height_cm, alice.timezone) == (
        Decimal("82.5"),
        Decimal("180.0"),
        "Asia/Seoul",
    )
    entries = list(BodyweightEntry.objects.filter(user=alice).values_list("weight_kg", flat=True))
    assert entries == [Decimal("82.5")]


def test_it_rejects_bad_profile_values(alice_api):
    response = alice_api.patch(
        "/api/profile/", {"timezone": "Nowhere/Else", "units": "stone", "height_cm": "20"}
    )
    assert response.status_code == 400
    assert {"timezone", "units", "height_cm"} <= set(response.data)


def test_it_never_lets_the_email_or_telegram_id_be_edited_here(alice_api, alice):
    alice_api.patch("/api/profile/", {"email": "evil@example.com", "telegram_id": 1})
    alice.refresh_from_db()
    assert (alice.email, alice.telegram_id) == ("alice@example.com", None)


def test_it_stores_an_avatar_image(alice_api, alice, media):
    response = alice_api.put("/api/profile/avatar/", {"avatar": png()}, format="multipart")
    assert response.status_code == 200, response.data
    alice.refresh_from_db()
    assert (media / alice.avatar.name).exists()
    assert response.data["avatar"].endswith(alice.avatar.name)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("me.png", b"not an image at all", "image/png"), "JPEG, PNG or WebP"),
        (png(kind="GIF"), "JPEG, PNG or WebP"),
        (png(size=(5000, 10)), "at most 4096 px"),
    ],
)
def test_it_rejects_an_avatar_of_the_wrong_type_or_shape(alice_api, upload, message):
    response = alice_api.put("/api/profile/avatar/", {"avatar": upload}, format="multipart")
    assert response.status_code == 400
    assert message in str(response.data["avatar"][0])


def test_it_rejects_an_avatar_that_is_too_big(alice_api, settings):
    settings.ACCOUNTS_AVATAR_MAX_BYTES = 100
    response = alice_api.put("/api/profile/avatar/", {"avatar": png()}, format="multipart")
    assert response.status_code == 400
    assert "at most 0 KB" in str(response.data["avatar"][0])


def test_it_removes_the_old_avatar_file_when_it_is_replaced(
    alice_api, alice, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        alice_api.put("/api/profile/avatar/", {"avatar": png()}, format="multipart")
    alice.refresh_from_db()
    old = media / alice.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        alice_api.put("/api/profile/avatar/", {"avatar": png(kind="JPEG")}, format="multipart")
    alice.refresh_from_db()
    assert (old.exists(), (media / alice.avatar.name).exists()) == (False, True)


def test_it_removes_the_avatar_file_when_the_user_is_deleted(
    alice, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        profile_avatar_set(user=alice, image=png())
    path = media / alice.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        user_delete(user=alice)
    assert (path.exists(), User.objects.filter(pk=alice.pk).exists()) == (False, False)


def test_it_removes_the_avatar(alice_api, alice, media, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        profile_avatar_set(user=alice, image=png())
    path = media / alice.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_api.delete("/api/profile/avatar/")
    alice.refresh_from_db()
    assert (response.status_code, alice.avatar.name, path.exists()) == (204, "", False)
