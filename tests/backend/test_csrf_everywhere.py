"""Every unsafe call a browser session can make needs the CSRF header: read from the schema.

The table is the OpenAPI schema itself, so a new endpoint is covered the day it is added. Each
case logs in for real (the JWT cookies from /api/auth/login/, no force_authenticate) and sends
the call once without the X-CSRFToken header (refused) and once with it (let through).
"""

from __future__ import annotations

from typing import Any

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from backend.accounts.models import User

pytestmark = pytest.mark.django_db
UNSAFE = ("post", "put", "patch", "delete")
PASSWORD = "correct horse battery"
# The refresh endpoint authenticates by the refresh cookie in the view (no authentication
# class, so the schema lists no scheme for it); it is cookie-authenticated all the same.
REFRESH_COOKIE_PATHS = {"/api/auth/refresh/"}


def cookie_operations() -> list[tuple[str, str]]:
    """(method, path) of every unsafe operation the access or refresh cookie authenticates."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            schemes = {name for option in operation.get("security", []) for name in option}
            if method in UNSAFE and ("jwtCookie" in schemes or path in REFRESH_COOKIE_PATHS):
                found.append((method, path))
    return sorted(found)


OPERATIONS = cookie_operations()


@pytest.fixture(autouse=True)
def fast_logins(settings: Any) -> None:
    """Each case logs in: no auth throttle to stop the table halfway, a cheap password hash."""
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": None}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def browser(staff: User) -> APIClient:
    """Charlie (staff, so the back office is his too) logged in by the real login endpoint."""
    client = APIClient(enforce_csrf_checks=True)
    token = client.get("/api/auth/csrf/").json()["detail"]
    response = client.post(
        "/api/auth/login/",
        {"email": staff.email, "password": PASSWORD},
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.data
    assert {"sbd_access", "csrftoken"} <= set(client.cookies)
    return client


def call(client: APIClient, method: str, path: str, **headers: str) -> Any:
    url = path.replace("{id}", "999999")
    return getattr(client, method)(url, {}, format="json", **headers)


def is_csrf_refusal(response: Any) -> bool:
    detail = str(getattr(response, "data", None) and response.data.get("detail", ""))
    return response.status_code == 403 and detail.startswith("CSRF Failed")


def test_it_finds_every_cookie_authenticated_write_in_the_schema():
    assert len(OPERATIONS) >= 30
    assert {
        ("delete", "/api/sets/{id}/"),
        ("patch", "/api/profile/"),
        ("post", "/api/sets/"),
        ("delete", "/api/auth/refresh/"),
        ("post", "/api/auth/logout/"),
        ("delete", "/api/backoffice/exercises/{id}/"),
    } <= set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_it_refuses_the_call_without_the_csrf_header(browser: APIClient, method: str, path: str):
    response = call(browser, method, path)
    assert is_csrf_refusal(response), (response.status_code, getattr(response, "data", None))


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_it_lets_the_call_through_with_the_csrf_header(browser: APIClient, method: str, path: str):
    token = browser.cookies["csrftoken"].value
    response = call(browser, method, path, HTTP_X_CSRFTOKEN=token)
    assert not is_csrf_refusal(response), response.data
    assert response.status_code < 500
