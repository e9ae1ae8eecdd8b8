from __future__ import annotations

import pytest

from backend.accounts import services
from backend.accounts.models import User

pytestmark = pytest.mark.django_db


def test_it_creates_a_bot_only_user_on_first_contact() -> None:
    user, created = services.telegram_user_get_or_create(
        telegram_id=42, first_name="Minsu", username="minsu", language_code="ko-KR"
    )

    assert created is True
    assert (user.email, user.display_name, user.language) == (None, "Minsu", "ko")
    assert user.has_usable_password() is False


def test_it_finds_the_same_user_again() -> None:
    first, _ = services.telegram_user_get_or_create(telegram_id=42)

    again, created = services.telegram_user_get_or_create(telegram_id=42)

    assert (again.pk, created) == (first.pk, False)
    assert User.objects.count() == 1


def test_it_reactivates_a_user_who_blocked_then_wrote_again() -> None:
    services.telegram_user_get_or_create(telegram_id=42)
    assert services.telegram_user_deactivate(telegram_id=42) is True
    assert User.objects.get(telegram_id=42).is_active is False

    user, _ = services.telegram_user_get_or_create(telegram_id=42)

    assert user.is_active is True


def test_it_deactivates_nobody_for_an_unknown_id() -> None:
    assert services.telegram_user_deactivate(telegram_id=404) is False
