"""Accounts API: signup by emailed code, cookie sessions, profile and Telegram linking."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, permissions, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import Token

from ..authentication import csrf_enforce, request_user
from ..email_codes import password_reset_confirm, password_reset_start, signup_confirm, signup_start
from ..exceptions import AccountsError, RateLimited, SessionExpired
from ..models import EmailCode, TelegramLinkToken, User
from ..profile import profile_avatar_set, profile_update
from ..sessions import (
    TokenPair,
    password_change,
    session_logout,
    token_pair_issue,
    token_pair_refresh,
    user_authenticate,
)
from ..telegram import telegram_link_token_create, telegram_link_url
from ..throttles import LOGIN_THROTTLES, SCOPE_ADDRESS, AuthThrottle
from . import serializers as s


def _code_sent() -> str:
    """The answer to a code request; the lifetime comes from the code model."""
    minutes = EmailCode.lifetime_minutes()
    return f"If this address can be used, a code is on its way. It expires in {minutes} minutes."


def _api_exception(error: AccountsError) -> exceptions.APIException:
    if isinstance(error, RateLimited):
        return exceptions.Throttled(wait=error.retry_after, detail=error.message)
    exc = exceptions.APIException(detail=error.message, code=error.code)
    exc.status_code = error.status_code
    return exc


def _cookies_set(response: Response, pair: TokenPair) -> Response:
    common: dict[str, Any] = {"httponly": True, "secure": settings.AUTH_COOKIE_SECURE}
    response.set_cookie(
        settings.AUTH_COOKIE_ACCESS,
        pair.access,
        max_age=int(jwt_settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
        samesite="Lax",
        path="/",
        **common,
    )
    response.set_cookie(
        settings.AUTH_COOKIE_REFRESH,
        pair.refresh,
        max_age=int(jwt_settings.REFRESH_TOKEN_LIFETIME.total_seconds()),
        samesite="Strict",
        path=settings.AUTH_COOKIE_REFRESH_PATH,
        **common,
    )
    return response


def _cookies_delete(response: Response) -> Response:
    response.delete_cookie(settings.AUTH_COOKIE_ACCESS, path="/", samesite="Lax")
    response.delete_cookie(
        settings.AUTH_COOKIE_REFRESH, path=settings.AUTH_COOKIE_REFRESH_PATH, samesite="Strict"
    )
    return response


def _logged_in(request: Request, user: User, status_code: int = status.HTTP_200_OK) -> Response:
    get_token(request)  # the CSRF cookie the client echoes on unsafe requests
    response = Response(s.ProfileSerializer(user, context={"request": request}).data, status_code)
    return _cookies_set(response, token_pair_issue(user=user))


class AccountsView(APIView):
    """Turns accounts errors into API errors with their user-facing message."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, AccountsError):
            exc = _api_exception(exc)
        return super().handle_exception(exc)


class PublicAuthView(AccountsView):
    """Login, signup and reset: CSRF-checked as well, or a cross-site form could log a victim
    into the attacker's account (login CSRF). The front ends send X-CSRFToken on every POST."""

    permission_classes = (permissions.AllowAny,)
    throttle_classes: tuple[type, ...] = (AuthThrottle,)
    throttle_scope = SCOPE_ADDRESS

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        csrf_enforce(request)
        super().initial(request, *args, **kwargs)


@extend_schema(request=s.SignupSerializer, responses={202: s.DetailSerializer})
class SignupView(PublicAuthView):
    """Starts a signup: the code goes by email, the account waits for it."""

    def post(self, request: Request) -> Response:
        data = s.SignupSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = dict(data.validated_data)
        email, password = profile.pop("email"), profile.pop("password")
        signup_start(email=email, password=password, profile=profile)
        return Response({"detail": _code_sent()}, status.HTTP_202_ACCEPTED)


@extend_schema(request=s.CodeConfirmSerializer, responses={201: s.ProfileSerializer})
class SignupConfirmView(PublicAuthView):
    """Creates the account once the emailed code matches, and logs it in."""

    def post(self, request: Request) -> Response:
        data = s.CodeConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = signup_confirm(**data.validated_data)
        return _logged_in(request, user, status.HTTP_201_CREATED)


@extend_schema(request=s.LoginSerializer, responses={200: s.ProfileSerializer})
class LoginView(PublicAuthView):
    """Logs in with email and password; the tokens come back only as HttpOnly cookies."""

    throttle_classes = LOGIN_THROTTLES

    def post(self, request: Request) -> Response:
        data = s.LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = user_authenticate(**data.validated_data)
        return _logged_in(request, user)


def _logout(request: Request) -> Response:
    """Ends the session (its refresh token and every access token of it) and clears both
    cookies; answers alike when there was no session."""
    csrf_enforce(request)
    session_logout(
        refresh=request.COOKIES.get(settings.AUTH_COOKIE_REFRESH, ""),
        access=request.auth if isinstance(request.auth, Token) else None,
    )
    return _cookies_delete(Response(status=status.HTTP_204_NO_CONTENT))


class LogoutView(AccountsView):
    """Logs out: the session ends at once, both cookies are cleared."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        return _logout(request)


class RefreshView(AccountsView):
    """POST trades the refresh cookie for new cookies; DELETE logs out (as POST /auth/logout/)."""

    authentication_classes = ()
    permission_classes = (permissions.AllowAny,)

    @extend_schema(request=None, responses={200: s.DetailSerializer})
    def post(self, request: Request) -> Response:
        csrf_enforce(request)
        pair = token_pair_refresh(refresh=request.COOKIES.get(settings.AUTH_COOKIE_REFRESH, ""))
        return _cookies_set(Response({"detail": "Session refreshed."}), pair)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        return _logout(request)

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        if isinstance(exc, SessionExpired):
            _cookies_delete(response)
        return response


class CsrfView(APIView):
    """Sets the CSRF cookie and returns its token for the X-CSRFToken header."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(responses={200: s.DetailSerializer})
    def get(self, request: Request) -> Response:
        return Response({"detail": get_token(request)})


@extend_schema(request=s.EmailSerializer, responses={202: s.DetailSerializer})
class PasswordResetView(PublicAuthView):
    """Emails a reset code when the address has an account (the answer is the same either way)."""

    def post(self, request: Request) -> Response:
        data = s.EmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_start(email=data.validated_data["email"])
        return Response({"detail": _code_sent()}, status.HTTP_202_ACCEPTED)


@extend_schema(request=s.PasswordResetConfirmSerializer, responses={204: None})
class PasswordResetConfirmView(PublicAuthView):
    """Sets a new password with the emailed code; every session ends."""

    def post(self, request: Request) -> Response:
        data = s.PasswordResetConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        password_reset_confirm(**data.validated_data)
        return _cookies_delete(Response(status=status.HTTP_204_NO_CONTENT))


class ProfileView(AccountsView, generics.RetrieveUpdateAPIView[User]):
    """The signed-in lifter's profile; a bodyweight change is also logged as an entry."""

    serializer_class = s.ProfileSerializer

    def get_object(self) -> User:
        return request_user(self.request)

    def perform_update(self, serializer: s.ProfileSerializer) -> None:  # type: ignore[override]
        changes = dict(serializer.validated_data)
        if "timezone" in changes:
            changes["timezone_name"] = changes.pop("timezone")
        profile_update(user=self.get_object(), **changes)


class AvatarView(AccountsView):
    """PUT uploads a new avatar (JPEG, PNG or WebP), DELETE removes it."""

    parser_classes = (MultiPartParser, FormParser)

    @extend_schema(
        request={"multipart/form-data": s.AvatarSerializer}, responses=s.ProfileSerializer
    )
    def put(self, request: Request) -> Response:
        data = s.AvatarSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = profile_avatar_set(user=request_user(request), image=data.validated_data["avatar"])
        return Response(s.ProfileSerializer(user, context={"request": request}).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        profile_avatar_set(user=request_user(request), image=None)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(request=s.PasswordChangeSerializer, responses={200: s.ProfileSerializer})
class PasswordChangeView(AccountsView):
    """Changes the password: every other session ends, this one gets fresh cookies."""

    def post(self, request: Request) -> Response:
        data = s.PasswordChangeSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        password_change(user=request_user(request), **data.validated_data)
        return _logged_in(request, request_user(request))


@extend_schema(request=None, responses={201: s.TelegramLinkSerializer})
class TelegramLinkView(AccountsView):
    """Issues a one-time deep link that links a Telegram account to this account."""

    def post(self, request: Request) -> Response:
        token = telegram_link_token_create(user=request_user(request))
        body = {
            "token": token,
            "url": telegram_link_url(token=token),
            "expires_in": int(TelegramLinkToken.LIFETIME.total_seconds()),
        }
        return Response(body, status.HTTP_201_CREATED)
