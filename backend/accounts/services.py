"""Accounts services: signup by emailed code, JWT sessions, profiles and Telegram identity.

Shared by the REST API, the Telegram bot and Celery. Failures raise a subclass of
`AccountsError` whose message can be shown to the user as is.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.files import File
from django.core.mail import EmailMultiAlternatives
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from kombu.exceptions import OperationalError as BrokerError
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from backend.workouts import display
from backend.workouts.models import BodyweightEntry, WorkoutSet
from backend.workouts.services import bodyweight_record

from . import profile_answers
from .exceptions import (
    AccountsError,
    EmailAlreadySet,
    EmailQueueUnavailable,
    InvalidCode,
    InvalidCredentials,
    LinkTokenInvalid,
    RateLimited,
    SessionExpired,
    TelegramAlreadyLinked,
    TooManyAttempts,
    WrongPassword,
)
from .models import EmailCode, TelegramLinkToken, User

__all__ = [
    "AccountsError",
    "TokenPair",
    "chat_registration_confirm",
    "chat_registration_start",
    "email_code_deliver",
    "password_change",
    "password_reset_confirm",
    "password_reset_start",
    "profile_avatar_set",
    "profile_update",
    "refresh_token_revoke",
    "signup_confirm",
    "signup_start",
    "telegram_link_consume",
    "telegram_link_token_create",
    "telegram_link_url",
    "telegram_user_deactivate",
    "telegram_user_get_or_create",
    "token_pair_issue",
    "token_pair_refresh",
    "user_authenticate",
    "user_deactivate",
    "user_delete",
    "user_tokens_revoke",
]

logger = logging.getLogger(__name__)
T = TypeVar("T")

SEND_INTERVAL = timedelta(seconds=60)
SENDS_PER_HOUR = 5
# A send claimed this long ago by a worker that died is claimed again by the next run: the
# email task's time limit (a live send never takes longer), below the broker's visibility
# timeout (CELERY_VISIBILITY_TIMEOUT), after which a dead worker's task is delivered again.
SEND_CLAIM_TIMEOUT = timedelta(seconds=30)
PROFILE_FIELDS = (
    "display_name",
    "sex",
    "birth_date",
    "height_cm",
    "bodyweight_kg",
    "units",
    "timezone",
    "language",
)


def email_normalize(*, email: str) -> str:
    """The canonical form of an address: trimmed and lower-case."""
    return email.strip().lower()


def _language(value: str | None) -> str:
    code = (value or "").split("-")[0].lower()
    return code if code in User.Language.values else User.Language.EN


# --- Emailed codes --------------------------------------------------------------------------


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
            language=_language(language),
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


# --- Password -------------------------------------------------------------------------------


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


# --- JWT sessions ---------------------------------------------------------------------------


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


def profile_avatar_set(*, user: User, image: File[Any] | None) -> User:
    """Replaces (or with None removes) the avatar; the old file goes once this commits."""
    with transaction.atomic():
        if image is None:
            user.avatar = ""
        else:
            user.avatar.save(image.name or "avatar", image, save=False)
        user.save(update_fields=["avatar"])
    return user


@dataclass(frozen=True)
class TokenPair:
    access: str
    refresh: str


def token_pair_issue(*, user: User) -> TokenPair:
    """A fresh access and refresh token for a user who just proved who they are."""
    refresh = RefreshToken.for_user(user)
    return TokenPair(access=str(refresh.access_token), refresh=str(refresh))


def token_pair_refresh(*, refresh: str) -> TokenPair:
    """Trades a refresh token for a new pair; of concurrent trades of one token only one wins."""
    try:
        token = RefreshToken(refresh)  # type: ignore[arg-type]
    except TokenError:
        raise SessionExpired() from None
    with transaction.atomic():
        # The row lock serializes concurrent refreshes of the same token.
        outstanding = OutstandingToken.objects.select_for_update().filter(jti=token["jti"]).first()
        if outstanding is None or BlacklistedToken.objects.filter(token=outstanding).exists():
            raise SessionExpired()
        user = User.objects.filter(pk=token.get(jwt_settings.USER_ID_CLAIM)).first()
        revoke_claim = token.get(jwt_settings.REVOKE_TOKEN_CLAIM)
        if (
            user is None
            or not user.is_active
            or revoke_claim != get_md5_hash_password(user.password)
        ):
            raise SessionExpired()
        BlacklistedToken.objects.create(token=outstanding)
        return token_pair_issue(user=user)


def refresh_token_revoke(*, refresh: str) -> None:
    """Blacklists a refresh token (logout); an invalid or used token is ignored."""
    with contextlib.suppress(TokenError):
        RefreshToken(refresh).blacklist()  # type: ignore[arg-type]


def user_tokens_revoke(*, user: User) -> None:
    """Blacklists every refresh token the user holds."""
    outstanding = OutstandingToken.objects.filter(user=user, blacklistedtoken__isnull=True)
    BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )


# --- Profile --------------------------------------------------------------------------------


def profile_update(
    *,
    user: User,
    sex: str | None = None,
    birth_date: date | None = None,
    units: str | None = None,
    timezone_name: str | None = None,
    language: str | None = None,
    display_name: str | None = None,
    height_cm: Decimal | None = None,
    bodyweight_kg: Decimal | None = None,
    birth_year: int | None = None,
) -> User:
    """Changes the given profile fields (None leaves one as it is); a new bodyweight is logged.
    A `birth_year` alone (a chat answer) is stored as `birth_date_from_year` says (AccountsError
    outside the accepted years)."""
    if birth_year is not None and birth_date is None:
        birth_date = birth_date_from_year(year=birth_year)
    changes = {
        "sex": sex,
        "birth_date": birth_date,
        "units": units,
        "timezone": timezone_name,
        "language": language,
        "display_name": display_name,
        "height_cm": height_cm,
    }
    fields = [name for name, value in changes.items() if value is not None]
    with transaction.atomic():
        for name in fields:
            setattr(user, name, changes[name])
        if fields:
            user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in fields])
            user.save(update_fields=fields)
        if bodyweight_kg is not None and bodyweight_kg != user.bodyweight_kg:
            bodyweight_record(user=user, weight_kg=bodyweight_kg)
    return user


# --- Profile answers typed in a chat --------------------------------------------------------

BIRTH_YEAR_LOW = 1900
MIN_AGE_YEARS = 10
# A birth year alone is stored as the middle of that year: the age is then never off by more
# than six months.
BIRTH_DAY_OF_YEAR = (7, 1)


def birth_year_range(*, today: date | None = None) -> tuple[int, int]:
    """The birth years a lifter may give: 1900 to ten years ago."""
    today = today or timezone.localdate()
    return BIRTH_YEAR_LOW, today.year - MIN_AGE_YEARS


def birth_date_from_year(*, year: int, today: date | None = None) -> date:
    """The birth date stored for a birth year (1 July); AccountsError outside the range."""
    low, high = birth_year_range(today=today)
    if not low <= year <= high:
        raise AccountsError(f"Send a year between {low} and {high}.")
    return date(year, *BIRTH_DAY_OF_YEAR)


def birth_year_answer(*, text: str, today: date | None = None) -> int | None:
    """The birth year in a chat answer (`1994`, `94년생`, `30 years old`), None if unsure."""
    today = today or timezone.localdate()
    year = profile_answers.read_birth_year(text, today=today)
    low, high = birth_year_range(today=today)
    return year if year is not None and low <= year <= high else None


def bodyweight_limits_kg() -> tuple[Decimal, Decimal]:
    """The bodyweights a profile accepts, from the model's validators (20–400 kg)."""
    validators = User._meta.get_field("bodyweight_kg").validators
    low = next(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return Decimal(low), Decimal(high)


def bodyweight_answer(*, text: str, unit: str = "kg") -> Decimal | None:
    """The bodyweight in kg (0.1) in a chat answer (`about 80 kilos`, `몸무게 80`, `176 lbs`).

    A number without a unit is in the lifter's `unit`; None when the answer is not one weight
    within the profile's limits.
    """
    read = profile_answers.read_bodyweight(text)
    if read is None:
        return None
    value, typed_unit = read
    kg = display.to_kg(value, typed_unit or unit).quantize(Decimal("0.1"))
    low, high = bodyweight_limits_kg()
    return kg if low <= kg <= high else None


def timezone_answer(*, text: str) -> tuple[str, ...]:
    """The time zone ids a chat answer may mean (`Seoul`, `asia/seoul`, `서울`, `미국`)."""
    return profile_answers.resolve_timezone(text)


def user_delete(*, user: User) -> None:
    """Deletes the user with every set and bodyweight entry they own (and their avatar file)."""
    with transaction.atomic():
        # sets first: their own exercises (`Exercise.owner`) are protected while sets use them
        WorkoutSet.objects.filter(user=user).delete()
        user.delete()


# --- Telegram identity ----------------------------------------------------------------------


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
                    language=_language(language or language_code),
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
            _user_data_move(source=source, target=target)
            target.telegram_username = target.telegram_username or source.telegram_username
            source.telegram_id = None
            source.is_active = False
            source.save(update_fields=["telegram_id", "is_active"])
        target.telegram_id = telegram_id
        target.save()
        row.used_at = now
        row.save(update_fields=["used_at"])
    return target


def _set_signature(workout_set: WorkoutSet) -> tuple[Any, ...]:
    return (
        workout_set.exercise_id,
        workout_set.performed_at,
        workout_set.weight_kg,
        workout_set.reps,
    )


def _user_data_move(*, source: User, target: User) -> None:
    """Moves a bot-only user's sets, bodyweights and other rows to `target`, once each."""
    source_sets = WorkoutSet.objects.filter(user=source)
    keys = list(source_sets.exclude(idempotency_key=None).values_list("idempotency_key", flat=True))
    taken = {
        ws.idempotency_key: ws
        for ws in WorkoutSet.objects.filter(user=target, idempotency_key__in=keys)
    }
    for workout_set in source_sets.filter(idempotency_key__in=list(taken)):
        twin = taken[workout_set.idempotency_key]
        if _set_signature(twin) == _set_signature(workout_set):
            workout_set.delete()  # the same set reached both accounts: keep one
        else:
            moved = hashlib.sha256(f"{source.pk}:{workout_set.idempotency_key}".encode())
            workout_set.idempotency_key = f"moved:{moved.hexdigest()[:40]}"
            workout_set.save(update_fields=["idempotency_key"])
    source_sets.update(user=target)

    target_weights = set(
        BodyweightEntry.objects.filter(user=target).values_list("measured_at", "weight_kg")
    )
    for entry in BodyweightEntry.objects.filter(user=source):
        if (entry.measured_at, entry.weight_kg) in target_weights:
            entry.delete()
    BodyweightEntry.objects.filter(user=source).update(user=target)
    latest = BodyweightEntry.objects.filter(user=target).order_by("-measured_at", "-id").first()
    if latest is not None:
        target.bodyweight_kg = latest.weight_kg
    for name in ("sex", "birth_date", "height_cm"):
        if getattr(target, name) in (None, "") and getattr(source, name) not in (None, ""):
            setattr(target, name, getattr(source, name))
    _user_relations_move(source=source, target=target)


def _user_relations_move(*, source: User, target: User) -> None:
    """Hands other apps' rows (e.g. inquiries) of `source` to `target` so nothing is lost."""
    handled = {WorkoutSet, BodyweightEntry, EmailCode, TelegramLinkToken, OutstandingToken}
    for relation in User._meta.related_objects:
        model = relation.related_model
        if not relation.many_to_one or model in handled or not isinstance(model, type):
            continue
        field = relation.field.name
        try:
            with transaction.atomic():
                manager: models.Manager[Any] = model._base_manager
                manager.filter(**{field: source}).update(**{field: target})
        except IntegrityError:
            logger.warning("could not move %s rows of user %s", model.__name__, source.pk)


# --- Registration by chat -------------------------------------------------------------------


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
