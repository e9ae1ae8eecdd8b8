from __future__ import annotations

import pytest

from backend.accounts.models import User
from backend.accounts.telegram import telegram_user_deactivate, telegram_user_get_or_create

pytestmark = pytest.mark.django_db


def test_it_creates_a_bot_only_user_on_first_contact() -> None:
    user, created = telegram_user_get_or_create(
        telegram_id=42, first_name="Minsu", username="minsu", language_code="ko-KR"
    )

    assert created is True
    assert (user.email, user.display_name, user.language) == (None, "Minsu", "ko")
    assert user.has_usable_password() is False


def test_it_finds_the_same_user_again() -> None:
    first, _ = telegram_user_get_or_create(telegram_id=42)

    again, created = telegram_user_get_or_create(telegram_id=42)

    assert (again.pk, created) == (first.pk, False)
    assert User.objects.count() == 1


def test_it_reaches_a_user_again_who_blocked_then_wrote_again() -> None:
    telegram_user_get_or_create(telegram_id=42)
    assert telegram_user_deactivate(telegram_id=42) is True
    blocked = User.objects.get(telegram_id=42)
    assert (blocked.telegram_blocked_at is not None, blocked.is_active) == (True, True)

    user, _ = telegram_user_get_or_create(telegram_id=42)

    assert User.objects.get(pk=user.pk).telegram_blocked_at is None


def test_it_keeps_a_banned_user_banned_when_they_write_to_the_bot() -> None:
    user, _ = telegram_user_get_or_create(telegram_id=42)
    User.objects.filter(pk=user.pk).update(is_active=False)  # staff deactivated them

    again, _ = telegram_user_get_or_create(telegram_id=42)

    assert User.objects.get(pk=again.pk).is_active is False


def test_it_deactivates_nobody_for_an_unknown_id() -> None:
    assert telegram_user_deactivate(telegram_id=404) is False
