"""OpenAPI description of the cookie authentication (drf-spectacular extension)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class CookieJWTScheme(OpenApiAuthenticationExtension):
    target_class = "backend.accounts.authentication.CookieJWTAuthentication"
    name = "jwtCookie"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "cookie", "name": settings.AUTH_COOKIE_ACCESS}
