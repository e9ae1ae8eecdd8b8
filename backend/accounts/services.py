"""Account services shared by the REST API, the Telegram bot and Celery."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from .models import User

# --- Telegram identity ----------------------------------------------------------------------


def telegram_user_get_or_create(
    *, telegram_id: int, first_name: str = "", username: str = "", language_code: str | None = None
) -> tuple[User, bool]:
    """The user with this Telegram id, created as a bot-only user (no email) on first contact.

    A user who was marked inactive because they blocked the bot is active again once they write.
    """
    user = User.objects.filter(telegram_id=telegram_id).first()
    created = False
    if user is None:
        language = "ko" if (language_code or "").lower().startswith("ko") else "en"
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    None,
                    telegram_id=telegram_id,
                    telegram_username=username[:64],
                    display_name=first_name[:150],
                    language=language,
                )
                created = True
        except IntegrityError:  # the same user's other update created it first
            user = User.objects.get(telegram_id=telegram_id)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user, created


def telegram_user_deactivate(*, telegram_id: int) -> bool:
    """Marks the Telegram user inactive (they blocked the bot); True when one was found."""
    return bool(User.objects.filter(telegram_id=telegram_id).update(is_active=False))


def profile_update(
    *,
    user: User,
    sex: str | None = None,
    birth_date: date | None = None,
    units: str | None = None,
    timezone_name: str | None = None,
    language: str | None = None,
) -> User:
    """Changes the given profile fields (None leaves a field as it is) and saves only those."""
    changes = {
        "sex": sex,
        "birth_date": birth_date,
        "units": units,
        "timezone": timezone_name,
        "language": language,
    }
    fields = [name for name, value in changes.items() if value is not None]
    for name in fields:
        setattr(user, name, changes[name])
    if fields:
        user.full_clean(exclude=[f.name for f in User._meta.fields if f.name not in fields])
        user.save(update_fields=fields)
    return user


def user_delete(*, user: User) -> None:
    """Deletes the user with every set and bodyweight entry they own."""
    user.delete()
