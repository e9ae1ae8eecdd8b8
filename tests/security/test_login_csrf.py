"""Should fix (login CSRF): a cross-site form cannot log a victim into the attacker's account."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from backend.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/auth/login/", {"email": "bob@example.com", "password": PASSWORD}),
        ("/api/auth/signup/", {"email": "new@example.com", "password": "squat-bench-dead-500"}),
        ("/api/auth/password-reset/", {"email": "bob@example.com"}),
    ],
)
def test_a_cross_site_form_post_is_refused(bob: User, path: str, body: dict[str, str]) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    response = browser.post(path, body, format="multipart", HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert str(response.data["detail"]).startswith("CSRF Failed")
    assert "sbd_access" not in response.cookies


def test_the_front_end_s_login_with_the_csrf_token_works(bob: User) -> None:
    browser = APIClient(enforce_csrf_checks=True)
    token = browser.get("/api/auth/csrf/").json()["detail"]
    response = browser.post(
        "/api/auth/login/",
        {"email": "bob@example.com", "password": PASSWORD},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert "sbd_access" in response.cookies
