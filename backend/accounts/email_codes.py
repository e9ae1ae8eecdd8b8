"""Emailed codes and what they confirm: signup, password reset, an email for a chat user.

A code is drawn when its email is sent and only its hash kept (it never sits in the broker);
each has a lifetime, a number of tries and a send rate per address. Failures raise a subclass
of `AccountsError` whose message can be shown to the user as is.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from kombu.exceptions import OperationalError as BrokerError

from backend.workouts.services import bodyweight_record

from .exceptions import (
    AccountsError,
    EmailAlreadySet,
    EmailQueueUnavailable,
    InvalidCode,
    RateLimited,
    TooManyAttempts,
)
from .models import EmailCode, User
from .profile import PROFILE_FIELDS, email_normalize, language_normalize
from .sessions import user_tokens_revoke

logger = logging.getLogger(__name__)
T = TypeVar("T")

SEND_INTERVAL = timedelta(seconds=60)
SENDS_PER_HOUR = 5
# A send claimed this long ago by a worker that died is claimed again by the next run: the
# email task's time limit (a live send never takes longer), below the broker's visibility
# timeout (CELERY_VISIBILITY_TIMEOUT), after which a dead worker's task is delivered again.
SEND_CLAIM_TIMEOUT = timedelta(seconds=30)


def _code_hash(*, email: str, code: str) -> str:
    return salted_hmac(
        "backend.accounts.EmailCode", f"{email}:{code}", algorithm="sha256"
    ).hexdigest()


def _email_code_issue(
    *,
    purpose: str,
    email: str,
    language: str,
    user: User | None = None,
    payload: dict[str, Any] | None = None,
) -> EmailCode:
    """Stores a new code (cancelling older ones) and queues its email after commit."""
    now = timezone.now()
    with transaction.atomic():
        recent = list(
            EmailCode.objects.select_for_update()
            .filter(email=email, created_at__gt=now - timedelta(hours=1))
            .order_by("-created_at")
        )
        if recent and recent[0].created_at > now - SEND_INTERVAL:
            wait = recent[0].created_at + SEND_INTERVAL - now
            raise RateLimited(retry_after=int(wait.total_seconds()) + 1)
        if len(recent) >= SENDS_PER_HOUR:
            wait = recent[-1].created_at + timedelta(hours=1) - now
            raise RateLimited(
                retry_after=int(wait.total_seconds()) + 1,
                message="Too many codes were sent to this address. Please try again later.",
            )
        EmailCode.objects.filter(
            email=email, purpose=purpose, used_at=None, cancelled_at=None
        ).update(cancelled_at=now)
        row = EmailCode.objects.create(
            purpose=purpose,
            email=email,
            user=user,
            code_hash="",  # set when the email is sent: the code exists only in that email
            payload=payload or {},
            language=language_normalize(language),
            created_at=now,
            expires_at=now + EmailCode.LIFETIME,
        )
        transaction.on_commit(partial(_email_code_enqueue, code_id=row.pk))
    return row


def _email_code_enqueue(*, code_id: int) -> None:
    """Hands the email to Celery; if the queue is down the code is removed and 503 follows.

    The message carries the row's id only: the code is drawn when the email is sent.
    """
    from .tasks import email_code_send

    try:
        email_code_send.apply_async(
            kwargs={"code_id": code_id},
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.2},
        )
    except (BrokerError, OSError) as exc:  # OSError: SMTP failing when Celery runs eagerly
        logger.warning("could not queue the email for code %s: %r", code_id, exc)
        EmailCode.objects.filter(pk=code_id).delete()
        raise EmailQueueUnavailable() from exc


def email_code_deliver(*, code_id: int) -> bool:
    """Emails a new code unless one was sent, replaced or expired; True when this call sent it.

    The code is drawn here and only its hash kept, so it never sits in the broker; a send that
    died half-way is redone with a fresh code (an email that did go out then no longer works).
    """
    now = timezone.now()
    claimed = (
        EmailCode.objects.filter(
            pk=code_id, sent_at=None, cancelled_at=None, used_at=None, expires_at__gt=now
        )
        .filter(Q(send_claimed_at=None) | Q(send_claimed_at__lt=now - SEND_CLAIM_TIMEOUT))
        .update(send_claimed_at=now)
    )
    if not claimed:
        return False
    row = EmailCode.objects.get(pk=code_id)
    code = f"{secrets.randbelow(10**6):06d}"
    EmailCode.objects.filter(pk=code_id).update(code_hash=_code_hash(email=row.email, code=code))
    message = _email_code_message(row=row, code=code)
    try:
        if message is not None:
            message.send()
    except Exception:
        EmailCode.objects.filter(pk=code_id).update(send_claimed_at=None)
        raise
    EmailCode.objects.filter(pk=code_id).update(sent_at=timezone.now())
    return True


def _email_code_message(*, row: EmailCode, code: str) -> EmailMultiAlternatives | None:
    """The email for a code, a notice when the address is taken, or None (reset, no account)."""
    if row.purpose == EmailCode.Purpose.PASSWORD_RESET and row.user_id is None:
        return None
    taken = User.objects.filter(email__iexact=row.email)
    if row.user_id is not None:
        taken = taken.exclude(pk=row.user_id)
    kind = "code"
    if row.purpose != EmailCode.Purpose.PASSWORD_RESET and taken.exists():
        kind = "account_exists"
    context = {
        "code": code,
        "purpose": row.purpose,
        "minutes": EmailCode.lifetime_minutes(),
        "email": row.email,
    }
    base = f"accounts/email/{kind}.{row.language}"
    subject = render_to_string(f"{base}.subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{base}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
    )
    message.attach_alternative(render_to_string(f"{base}.html", context), "text/html")
    return message


def _email_code_consume(
    *, purpose: str, code: str, lookup: Q, on_success: Callable[[EmailCode], T]
) -> T:
    """Checks a code under a row lock; a wrong try is counted even though the call raises."""
    now = timezone.now()
    error: AccountsError
    with transaction.atomic():
        row = (
            EmailCode.objects.select_for_update()
            .filter(lookup, purpose=purpose, used_at=None, cancelled_at=None)
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None or row.expires_at <= now:
            error = InvalidCode()
        elif row.attempts >= EmailCode.MAX_ATTEMPTS:
            error = TooManyAttempts()
        elif not constant_time_compare(row.code_hash, _code_hash(email=row.email, code=code)):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            error = InvalidCode()
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
            return on_success(row)
    raise error


# --- Signup ---------------------------------------------------------------------------------


def _json_ready(value: Any) -> Any:
    if isinstance(value, (date, Decimal)):
        return str(value)
    return value


def signup_start(*, email: str, password: str, profile: Mapping[str, Any]) -> None:
    """Keeps a pending signup and emails a code; answers alike whether the address is taken."""
    fields = {name: _json_ready(profile[name]) for name in PROFILE_FIELDS if name in profile}
    _email_code_issue(
        purpose=EmailCode.Purpose.SIGNUP,
        email=email_normalize(email=email),
        language=str(fields.get("language", User.Language.EN)),
        payload={"password": make_password(password), "profile": fields},
    )


def signup_confirm(*, email: str, code: str) -> User:
    """Creates the account of a pending signup once its code matches."""
    email = email_normalize(email=email)

    def create(row: EmailCode) -> User:
        if User.objects.filter(email__iexact=email).exists():
            raise InvalidCode()
        profile = dict(row.payload.get("profile", {}))
        bodyweight = profile.pop("bodyweight_kg", None)
        user = User(email=email, password=row.payload["password"], **profile)
        user.full_clean(exclude=["password"])
        user.save()
        if bodyweight is not None:
            bodyweight_record(user=user, weight_kg=Decimal(bodyweight))
        return user

    try:
        return _email_code_consume(
            purpose=EmailCode.Purpose.SIGNUP, code=code, lookup=Q(email=email), on_success=create
        )
    except IntegrityError:  # the same address was confirmed concurrently
        raise InvalidCode() from None


# --- Password reset -------------------------------------------------------------------------


def password_reset_start(*, email: str) -> None:
    """Emails a reset code if the address has an account; answers alike if it has none."""
    email = email_normalize(email=email)
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    _email_code_issue(
        purpose=EmailCode.Purpose.PASSWORD_RESET,
        email=email,
        language=user.language if user else User.Language.EN,
        user=user,
    )


def password_reset_confirm(*, email: str, code: str, new_password: str) -> User:
    """Sets a new password when the reset code matches, and ends every session."""

    def reset(row: EmailCode) -> User:
        user = User.objects.filter(id=row.user_id or 0, is_active=True).first()
        if user is None:
            raise InvalidCode()
        user.set_password(new_password)
        user.save(update_fields=["password"])
        user_tokens_revoke(user=user)
        return user

    return _email_code_consume(
        purpose=EmailCode.Purpose.PASSWORD_RESET,
        code=code,
        lookup=Q(email=email_normalize(email=email)),
        on_success=reset,
    )


# --- An email for a chat user ---------------------------------------------------------------


def chat_registration_start(*, user: User, email: str) -> None:
    """Emails a code to attach a verified email to a Telegram user."""
    if user.email:
        raise EmailAlreadySet()
    _email_code_issue(
        purpose=EmailCode.Purpose.CHAT_REGISTRATION,
        email=email_normalize(email=email),
        language=user.language,
        user=user,
    )


def chat_registration_confirm(*, user: User, code: str) -> User:
    """Attaches the verified email to the Telegram user once the code matches."""

    def attach(row: EmailCode) -> User:
        if User.objects.filter(email__iexact=row.email).exclude(pk=user.pk).exists():
            raise InvalidCode()
        user.email = row.email
        user.save(update_fields=["email"])
        return user

    try:
        return _email_code_consume(
            purpose=EmailCode.Purpose.CHAT_REGISTRATION,
            code=code,
            lookup=Q(user=user),
            on_success=attach,
        )
    except IntegrityError:
        raise InvalidCode() from None
