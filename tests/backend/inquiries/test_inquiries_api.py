from __future__ import annotations

import io

import pytest
from PIL import Image
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.inquiries import services
from backend.inquiries.models import Inquiry

pytestmark = pytest.mark.django_db
ANONYMOUS = {401, 403}


def a_png() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    buffer.name = "form.png"
    buffer.seek(0)
    return buffer


def test_it_opens_an_inquiry(alice_api: APIClient, alice: User):
    response = alice_api.post(
        "/api/inquiries/",
        {"title": "Deload?", "body": "When should I deload?", "category": "training"},
    )
    assert response.status_code == 201
    actual = {key: response.data[key] for key in ("title", "category", "status", "messages")}
    expected = {"title": "Deload?", "category": "training", "status": "open", "messages": []}
    assert actual == expected
    assert Inquiry.objects.get().user == alice


def test_it_opens_an_inquiry_with_an_image(alice_api: APIClient, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = alice_api.post(
        "/api/inquiries/",
        {"title": "Form check", "body": "See photo", "category": "technique", "image": a_png()},
        format="multipart",
    )
    assert response.status_code == 201
    assert Inquiry.objects.get().image.name.endswith(".png")


def test_it_refuses_a_file_that_is_not_an_image(alice_api: APIClient):
    text = io.BytesIO(b"not an image")
    text.name = "notes.png"
    response = alice_api.post(
        "/api/inquiries/",
        {"title": "Form check", "body": "See photo", "image": text},
        format="multipart",
    )
    assert response.status_code == 400
    assert list(response.data) == ["image"]


def test_it_lists_only_the_users_own_inquiries(
    alice_api: APIClient, bob: User, alice_inquiry: Inquiry
):
    services.inquiry_open(user=bob, title="Bob's", body="question", category="other")
    response = alice_api.get("/api/inquiries/")
    assert response.status_code == 200
    assert [row["id"] for row in response.data["results"]] == [alice_inquiry.pk]
    assert response["X-Total-Count"] == "1"


def test_it_hides_another_users_inquiry(bob_api: APIClient, alice_inquiry: Inquiry):
    assert bob_api.get(f"/api/inquiries/{alice_inquiry.pk}/").status_code == 404
    response = bob_api.post(f"/api/inquiries/{alice_inquiry.pk}/messages/", {"body": "hi"})
    assert response.status_code == 404


def test_it_shows_staff_only_their_own_inquiries_here(staff_api: APIClient, alice_inquiry: Inquiry):
    assert staff_api.get(f"/api/inquiries/{alice_inquiry.pk}/").status_code == 404
    assert staff_api.get("/api/inquiries/").data["results"] == []


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/api/inquiries/"), ("post", "/api/inquiries/"), ("get", "/api/inquiries/1/")],
)
def test_it_refuses_anonymous_requests(api: APIClient, method: str, path: str):
    assert getattr(api, method)(path, {}).status_code in ANONYMOUS


def test_it_takes_a_follow_up_and_waits_for_staff_again(
    alice_api: APIClient, staff: User, alice_inquiry: Inquiry
):
    services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="Film it from the side.")
    response = alice_api.post(
        f"/api/inquiries/{alice_inquiry.pk}/messages/", {"body": "Here it is."}
    )
    assert response.status_code == 201
    thread = alice_api.get(f"/api/inquiries/{alice_inquiry.pk}/").data
    actual = (thread["status"], [(m["body"], m["author_name"]) for m in thread["messages"]])
    expected = (
        "open",
        [("Film it from the side.", "SBD Animal team"), ("Here it is.", "Alice")],
    )
    assert actual == expected


def test_it_refuses_a_follow_up_on_a_closed_inquiry(alice_api: APIClient, alice_inquiry: Inquiry):
    services.inquiry_close(inquiry=alice_inquiry)
    response = alice_api.post(f"/api/inquiries/{alice_inquiry.pk}/messages/", {"body": "?"})
    assert response.status_code == 400


@pytest.mark.parametrize("rows", [1, 6])
def test_it_lists_inquiries_in_constant_queries(
    alice_api: APIClient, alice: User, staff: User, rows: int, django_assert_num_queries
):
    for number in range(rows):
        inquiry = services.inquiry_open(user=alice, title=f"Q{number}", body="?", category="other")
        services.inquiry_answer(inquiry=inquiry, staff=staff, body="A")
    # count, page, messages with their authors
    with django_assert_num_queries(3):
        response = alice_api.get("/api/inquiries/")
    assert len(response.data["results"]) == rows
