"""Should fix (credentials): the API takes the JWT access token only (cookie or Bearer header);
no never-expiring DRF token, no Django admin session."""

from __future__ import annotations

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.accounts.sessions import token_pair_issue

pytestmark = pytest.mark.django_db


def test_only_the_jwt_authenticates() -> None:
    assert settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] == [
        "backend.accounts.authentication.CookieJWTAuthentication"
    ]
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS


def test_a_django_admin_session_does_not_open_the_api(staff: User) -> None:
    client = APIClient()
    client.force_login(staff)
    assert client.get("/api/profile/").status_code == 401


def test_a_bearer_access_token_does(staff: User) -> None:
    access = token_pair_issue(user=staff).access
    response = APIClient().get("/api/profile/", HTTP_AUTHORIZATION=f"Bearer {access}")
    assert response.status_code == 200
