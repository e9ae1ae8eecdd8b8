"""The account's own fields: the canonical email and language, profile changes, the avatar, the
profile answers typed in a chat (with the ranges they must fall in), and deleting an account.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files import File
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils import timezone

from backend.workouts import display
from backend.workouts.account_data import workout_data_delete
from backend.workouts.services import bodyweight_record

from . import profile_answers
from .exceptions import AccountsError
from .models import User

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


def language_normalize(value: str | None) -> str:
    """A supported language code from a tag such as `ko-KR` (English when unsupported)."""
    code = (value or "").split("-")[0].lower()
    return code if code in User.Language.values else User.Language.EN


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


def profile_avatar_set(*, user: User, image: File[Any] | None) -> User:
    """Replaces (or with None removes) the avatar; the old file goes once this commits."""
    with transaction.atomic():
        if image is None:
            user.avatar = ""
        else:
            user.avatar.save(image.name or "avatar", image, save=False)
        user.save(update_fields=["avatar"])
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
        workout_data_delete(user=user)  # first: the user's own exercises are protected by sets
        user.delete()
