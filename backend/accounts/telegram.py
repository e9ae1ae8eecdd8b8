"""Telegram identity: the user behind a Telegram id (a bot-only user until linked), blocking,
and the one-time deep link that links a Telegram account to a web account (merging a bot-only
user into it).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .exceptions import LinkTokenInvalid, TelegramAlreadyLinked
from .merge import account_merge
from .models import TelegramLinkToken, User
from .profile import language_normalize


def telegram_user_get_or_create(
    *,
    telegram_id: int,
    first_name: str = "",
    username: str = "",
    language_code: str | None = None,
    language: str | None = None,
    related: Sequence[str] = (),
    annotations: Mapping[str, Any] | None = None,
    lookup: Callable[[int], User | None] | None = None,
) -> tuple[User, bool]:
    """The user with this Telegram id, created as a bot-only user (no email) on first contact.

    A user who had blocked the bot is reachable again once they write. `related` and
    `annotations` are read in the same query (for a caller that needs them next); `lookup`
    (Telegram id → user or None) finds the user instead, for a caller with its own query.
    """
    if lookup is not None:
        user = lookup(telegram_id)
    else:
        found = User.objects.filter(telegram_id=telegram_id).select_related(*related)
        user = found.annotate(**annotations).first() if annotations else found.first()
    created = False
    if user is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    None,
                    telegram_id=telegram_id,
                    telegram_username=username[:64],
                    display_name=(first_name or username)[:150],
                    language=language_normalize(language or language_code),
                )
                created = True
        except IntegrityError:  # the same user's other update created it first
            user = User.objects.get(telegram_id=telegram_id)
    update_fields = []
    if user.telegram_blocked_at is not None:
        user.telegram_blocked_at = None
        update_fields.append("telegram_blocked_at")
    if username and user.telegram_username != username[:64]:
        user.telegram_username = username[:64]
        update_fields.append("telegram_username")
    if update_fields:
        user.save(update_fields=update_fields)
    return user, created


def telegram_user_deactivate(*, telegram_id: int) -> bool:
    """Marks that the Telegram user blocked the bot (no more messages); True when one was found."""
    return bool(
        User.objects.filter(telegram_id=telegram_id).update(telegram_blocked_at=timezone.now())
    )


def _link_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def telegram_link_token_create(*, user: User) -> str:
    """A one-time, 10-minute token (256 bits) that links a Telegram account to `user`."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    TelegramLinkToken.objects.create(
        user=user,
        token_hash=_link_token_hash(token),
        created_at=now,
        expires_at=now + TelegramLinkToken.LIFETIME,
    )
    return token


def telegram_link_url(*, token: str) -> str:
    """The deep link that opens the bot with the link token."""
    return f"https://t.me/{settings.TELEGRAM_BOT_USERNAME}?start={token}"


def telegram_link_consume(*, token: str, telegram_id: int) -> User:
    """Links a Telegram id to the token's web account, moving a bot-only user's data into it."""
    now = timezone.now()
    with transaction.atomic():
        row = (
            TelegramLinkToken.objects.select_for_update()
            .filter(token_hash=_link_token_hash(token), used_at=None, expires_at__gt=now)
            .first()
        )
        if row is None:
            raise LinkTokenInvalid()
        target = User.objects.select_for_update().get(pk=row.user_id)
        if target.telegram_id is not None and target.telegram_id != telegram_id:
            raise TelegramAlreadyLinked(
                "Your account is already linked to another Telegram account."
            )
        source = User.objects.select_for_update().filter(telegram_id=telegram_id).first()
        if source is not None and source.pk != target.pk:
            if source.email or source.has_usable_password():
                raise TelegramAlreadyLinked()
            account_merge(source=source, target=target)
            target.telegram_username = target.telegram_username or source.telegram_username
            source.telegram_id = None
            source.is_active = False
            source.save(update_fields=["telegram_id", "is_active"])
        target.telegram_id = telegram_id
        target.save()
        row.used_at = now
        row.save(update_fields=["used_at"])
    return target
