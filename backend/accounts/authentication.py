"""JWT authentication from an HttpOnly cookie, with CSRF enforced as for session cookies."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.tokens import Token

from .models import User
from .sessions import session_user

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


class _CSRFCheck(CsrfViewMiddleware):
    def _reject(self, request: HttpRequest, reason: str) -> Any:
        return reason


def request_user(request: HttpRequest | Request) -> User:
    """The signed-in user of a request to an authenticated view, typed as the project's `User`
    (DRF types `request.user` loosely). An anonymous request is refused (401), never passed on."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated()
    return user


def csrf_enforce(request: Request) -> None:
    """Raises 403 unless an unsafe request carries a valid CSRF token (as DRF's sessions do)."""
    check = _CSRFCheck(lambda req: HttpResponse())
    check.process_request(request._request)
    reason = check.process_view(request._request, None, (), {})  # type: ignore[arg-type]
    if reason:
        raise exceptions.PermissionDenied(f"CSRF Failed: {reason}")


class CookieJWTAuthentication(JWTAuthentication):
    """Reads the access token from the Authorization header or else from the access cookie.

    A token counts only while its login session is live: logout ends it at once, not when the
    token expires. The session is checked in the query that loads the user (no extra query).
    """

    # the users a token may load, for a view that reads more with the user (None: all, plain)
    def users(self) -> QuerySet[User] | None:
        return None

    def get_user(self, validated_token: Token) -> Any:  # a User (simplejwt types it loosely)
        user = session_user(token=validated_token, users=self.users())
        if user is None:
            raise exceptions.AuthenticationFailed(
                "The session of this token has ended.", code="session_ended"
            )
        return user

    def authenticate(self, request: Request) -> tuple[Any, Token] | None:
        if self.get_header(request) is not None:
            return super().authenticate(request)
        raw = request.COOKIES.get(settings.AUTH_COOKIE_ACCESS)
        if not raw:
            return None
        try:
            validated = self.get_validated_token(raw.encode())
            user = self.get_user(validated)
        except exceptions.AuthenticationFailed:
            # A stale cookie must not block public endpoints such as login: treat it as absent.
            return None
        if request.method not in SAFE_METHODS:
            csrf_enforce(request)
        return user, validated
