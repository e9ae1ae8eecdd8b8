"""Logins and their JWT sessions: each login is a `LoginSession`, the family of every refresh
and access token descended from it (claim `sid`); ending it ends them all at once.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken, Token
from rest_framework_simplejwt.utils import get_md5_hash_password

from .exceptions import InvalidCredentials, SessionExpired, WrongPassword
from .models import LoginSession, User
from .profile import email_normalize

logger = logging.getLogger(__name__)

# A rotated refresh token traded again this soon is another tab's refresh at the same moment, not
# a theft: it gets a pair of the same session instead of ending it.
REFRESH_GRACE = timedelta(seconds=30)
SESSION_CLAIM = "sid"  # the LoginSession id, in the refresh token and its access tokens


def user_authenticate(*, email: str, password: str) -> User:
    """The active user with this email and password."""
    user = User.objects.filter(email__iexact=email_normalize(email=email)).first()
    if user is None:
        make_password(password)  # spend the same time as a real check: no account enumeration
        raise InvalidCredentials()
    if not user.check_password(password) or not user.is_active:
        raise InvalidCredentials()
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


class _RotatedRefreshToken(RefreshToken):
    """A refresh token checked for its signature, type and expiry but not the blacklist:
    `token_pair_refresh` decides what trading a rotated one means (a race or a theft)."""

    def check_blacklist(self) -> None:
        return None


def _session_id(token: Token) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(token[SESSION_CLAIM]))
    except (KeyError, ValueError):
        return None


def session_user(*, token: Token, users: models.QuerySet[User] | None = None) -> User | None:
    """The active user of a validated access token while its login session is live.

    One query, the one that loads the user anyway: logout ends every access token of the
    session on its next request, on every worker, with no cache to go stale. `users` (default
    all users) lets a view read what it needs next in that query (an annotation, a join).
    """
    session_id = _session_id(token)
    if session_id is None:
        return None
    user = (
        (User.objects.all() if users is None else users)
        .filter(
            pk=token.get(jwt_settings.USER_ID_CLAIM),
            is_active=True,
            login_sessions__pk=session_id,
            login_sessions__revoked_at=None,
        )
        .first()
    )
    if user is None:
        return None
    if token.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        return None
    return user


def _sessions_revoke(sessions: models.QuerySet[LoginSession]) -> None:
    """Ends sessions: their refresh and access tokens stop working on their next use."""
    sessions.filter(revoked_at=None).update(revoked_at=timezone.now())


def _token_pair_of(*, session: LoginSession, user: User) -> TokenPair:
    refresh = RefreshToken.for_user(user)
    refresh[SESSION_CLAIM] = str(session.pk)  # copied into the access token
    OutstandingToken.objects.filter(jti=refresh[jwt_settings.JTI_CLAIM]).update(token=str(refresh))
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def sessions_ended(*, now: datetime | None = None) -> models.QuerySet[LoginSession]:
    """Sessions that can yield no working token: revoked, or not refreshed for a refresh-token
    lifetime (their rows may go: a missing row ends its tokens as well)."""
    ended = (now or timezone.now()) - jwt_settings.REFRESH_TOKEN_LIFETIME
    return LoginSession.objects.filter(Q(revoked_at__isnull=False) | Q(refreshed_at__lt=ended))


def token_pair_issue(*, user: User) -> TokenPair:
    """A fresh access and refresh token, in a new session, for a user who just proved who they
    are; the rows of the user's ended sessions go."""
    sessions_ended().filter(user=user).delete()
    return _token_pair_of(session=LoginSession.objects.create(user=user), user=user)


def token_pair_refresh(*, refresh: str) -> TokenPair:
    """Trades a refresh token for a new pair of the same session, rotating the traded one out.

    A rotated token traded again within `REFRESH_GRACE` (another tab refreshed at the same
    moment) gets a pair of the same session too; traded later it was stolen or leaked, and the
    whole session ends: every token descended from that login.
    """
    try:
        token = _RotatedRefreshToken(refresh)  # type: ignore[arg-type]
    except TokenError:
        raise SessionExpired() from None
    with transaction.atomic():
        pair = _token_pair_rotate(token)
    if pair is None:
        raise SessionExpired()
    return pair


def _token_pair_rotate(token: RefreshToken) -> TokenPair | None:
    session_id = _session_id(token)
    # The session's row lock serializes the refreshes of one login (two tabs at once).
    session = (
        LoginSession.objects.select_for_update().filter(pk=session_id, revoked_at=None).first()
        if session_id
        else None
    )
    outstanding = OutstandingToken.objects.filter(jti=token[jwt_settings.JTI_CLAIM]).first()
    if session is None or outstanding is None:
        return None
    user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM)).first()
    if (
        user is None
        or user.pk != session.user_id
        or not user.is_active
        or token.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password)
    ):
        return None
    rotated = BlacklistedToken.objects.filter(token=outstanding).first()
    if rotated is None:
        BlacklistedToken.objects.create(token=outstanding)
    elif rotated.blacklisted_at < timezone.now() - REFRESH_GRACE:
        logger.warning("refresh token of session %s replayed: session ended", session.pk)
        _sessions_revoke(LoginSession.objects.filter(pk=session.pk))
        return None
    LoginSession.objects.filter(pk=session.pk).update(refreshed_at=timezone.now())
    return _token_pair_of(session=session, user=user)


def session_logout(*, refresh: str = "", access: Token | None = None) -> None:
    """Ends the session of a refresh token and/or a validated access token (logout); an
    invalid, expired or foreign token is ignored."""
    session_ids = [] if access is None else [_session_id(access)]
    with contextlib.suppress(TokenError):
        token = _RotatedRefreshToken(refresh)  # type: ignore[arg-type]
        session_ids.append(_session_id(token))
        with contextlib.suppress(TokenError):
            token.blacklist()
    _sessions_revoke(LoginSession.objects.filter(pk__in=[sid for sid in session_ids if sid]))


def user_tokens_revoke(*, user: User) -> None:
    """Ends every session of the user and blacklists every refresh token they hold."""
    _sessions_revoke(LoginSession.objects.filter(user=user))
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """Changes a password after checking the old one, and ends every session."""
    if not user.check_password(old_password):
        raise WrongPassword()
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_tokens_revoke(user=user)


def user_deactivate(*, user: User) -> None:
    """Deactivates an account; its tokens stop working at once."""
    user.is_active = False
    user.save(update_fields=["is_active"])
    user_tokens_revoke(user=user)
