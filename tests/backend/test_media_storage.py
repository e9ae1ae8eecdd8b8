"""Media on S3-compatible storage (django-storages) when MEDIA_S3_BUCKET is set, against a real
S3 API on loopback: moto in server mode, started here. The settings come from the environment
exactly as the app reads them; the upload goes through the API."""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import boto3
import httpx
import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from moto.server import ThreadedMotoServer
from PIL import Image
from rest_framework.test import APIClient

from backend.accounts.models import User
from tests.loopback import wait_for_port

ROOT = __import__("pathlib").Path(__file__).resolve().parents[2]
BUCKET = "sbd-media"
# the ports of this suite's loopback S3 API (the first one free is taken)
PORTS = range(18600, 18650)
KEYS = {"MEDIA_S3_ACCESS_KEY_ID": "testing-key", "MEDIA_S3_SECRET_ACCESS_KEY": "testing-secret"}


def a_free_port() -> int:
    for port in PORTS:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise AssertionError(f"no free port in {PORTS}")


@pytest.fixture(scope="module")
def s3() -> Iterator[str]:
    """moto's S3 API on a loopback port; yields its endpoint URL."""
    port = a_free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def client_of(endpoint: str) -> Any:
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=KEYS["MEDIA_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["MEDIA_S3_SECRET_ACCESS_KEY"],
    )


@pytest.fixture
def bucket(s3: str) -> Iterator[Any]:
    client = client_of(s3)
    client.create_bucket(Bucket=BUCKET)
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def storages_from_environment(**environment: str) -> dict[str, Any]:
    """settings.STORAGES as the app computes it from these variables (a fresh process)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEDIA_S3_")}
    env.update(environment, DJANGO_SETTINGS_MODULE="backend.config.settings")
    script = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES))"
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def png(size: tuple[int, int] = (48, 48)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return SimpleUploadedFile("me.html", out.getvalue(), "text/html")


def test_media_stay_on_the_local_volume_by_default() -> None:
    default = storages_from_environment()["default"]
    assert default["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_a_bad_addressing_style_is_refused_at_start() -> None:
    with pytest.raises(subprocess.CalledProcessError) as failed:
        storages_from_environment(MEDIA_S3_BUCKET=BUCKET, MEDIA_S3_ADDRESSING_STYLE="sideways")
    assert "MEDIA_S3_ADDRESSING_STYLE must be auto, path or virtual" in failed.value.stderr


@pytest.mark.django_db
def test_an_avatar_uploaded_through_the_api_lands_in_the_bucket_and_its_url_is_the_storages(
    s3: str, bucket: Any, alice: User, alice_api: APIClient, django_capture_on_commit_callbacks
) -> None:
    # given the app configured for the bucket from the environment
    storages = storages_from_environment(
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL=s3,
        MEDIA_S3_REGION="us-east-1",
        MEDIA_S3_ADDRESSING_STYLE="path",
        **KEYS,
    )
    assert storages["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    with override_settings(STORAGES=storages):
        # when Alice uploads an avatar, then replaces it
        response = alice_api.put("/api/profile/avatar/", {"avatar": png()}, format="multipart")
        assert response.status_code == 200, response.data
        alice.refresh_from_db()
        first = alice.avatar.name
        with django_capture_on_commit_callbacks(execute=True):
            again = alice_api.put("/api/profile/avatar/", {"avatar": png()}, format="multipart")
        url = again.data["avatar"]
        alice.refresh_from_db()
        assert default_storage.__class__.__name__ == "S3Storage"
    # then the object is in the bucket under the prefix, named by the server, typed as a PNG
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"media/{alice.avatar.name}"]
    assert first != alice.avatar.name  # the replaced one was deleted from the bucket
    head = bucket.head_object(Bucket=BUCKET, Key=keys[0])
    assert head["ContentType"] == "image/png"
    # and the URL the API serves is the storage's: a signed URL of that object on the S3 API
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == s3
    assert parts.path == f"/{BUCKET}/media/{alice.avatar.name}"
    assert "Signature=" in parts.query or "X-Amz-Signature=" in parts.query
    fetched = httpx.get(url)
    assert fetched.status_code == 200
    assert fetched.headers["content-type"] == "image/png"
    with Image.open(io.BytesIO(fetched.content)) as image:
        assert (image.format, image.size) == ("PNG", (48, 48))
