from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from backend.accounts.email_codes import chat_registration_confirm, chat_registration_start
from backend.accounts.exceptions import (
    EmailAlreadySet,
    InvalidCode,
    LinkTokenInvalid,
    TelegramAlreadyLinked,
)
from backend.accounts.models import TelegramLinkToken, User
from backend.accounts.telegram import (
    telegram_link_consume,
    telegram_link_token_create,
    telegram_link_url,
    telegram_user_get_or_create,
)
from backend.workouts.models import BodyweightEntry, Exercise, WorkoutSet
from backend.workouts.services import SetInput, bodyweight_record, log_sets

pytestmark = pytest.mark.django_db
FRANK = 555001


@pytest.fixture
def frank() -> User:
    """Frank only ever talked to the bot: no email, no password."""
    user, _ = telegram_user_get_or_create(
        telegram_id=FRANK, first_name="Frank", username="frank_lifts", language_code="ko-KR"
    )
    return user


def a_set(weight: str, reps: int, key: str | None, when: Any = None) -> SetInput:
    return SetInput(
        exercise=Exercise.objects.get(slug="bench-press"),
        weight_kg=Decimal(weight),
        reps=reps,
        performed_at=when,
        idempotency_key=key,
    )


def test_it_creates_a_bot_only_user_on_first_contact(frank):
    again, created = telegram_user_get_or_create(telegram_id=FRANK, username="frank2")
    actual = (again.pk, created, again.email, again.has_usable_password(), again.language)
    assert actual == (frank.pk, False, None, False, "ko")
    assert again.telegram_username == "frank2"


def test_it_issues_a_single_use_deep_link_token_of_at_least_128_bits(alice, settings):
    settings.TELEGRAM_BOT_USERNAME = "SBDAnimalBot"
    token = telegram_link_token_create(user=alice)
    assert len(token) >= 43  # 32 random bytes, base64url
    assert telegram_link_url(token=token) == f"https://t.me/SBDAnimalBot?start={token}"
    assert not TelegramLinkToken.objects.filter(token_hash=token).exists()  # only a hash is kept


def test_it_serves_the_deep_link_to_the_signed_in_user(alice_api):
    response = alice_api.post("/api/profile/telegram-link/")
    assert response.status_code == 201
    assert response.data["url"].endswith(f"?start={response.data['token']}")
    assert response.data["expires_in"] == 600


def test_it_links_telegram_to_the_web_account_once(alice):
    token = telegram_link_token_create(user=alice)
    linked = telegram_link_consume(token=token, telegram_id=FRANK)
    assert (linked.pk, User.objects.get(pk=alice.pk).telegram_id) == (alice.pk, FRANK)
    with pytest.raises(LinkTokenInvalid):
        telegram_link_consume(token=token, telegram_id=FRANK)


def test_it_refuses_an_expired_or_unknown_token(alice):
    token = telegram_link_token_create(user=alice)
    TelegramLinkToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(LinkTokenInvalid):
        telegram_link_consume(token=token, telegram_id=FRANK)
    with pytest.raises(LinkTokenInvalid):
        telegram_link_consume(token="made-up", telegram_id=FRANK)


def test_it_links_one_telegram_id_to_one_account(alice, bob):
    telegram_link_consume(token=telegram_link_token_create(user=alice), telegram_id=FRANK)
    with pytest.raises(TelegramAlreadyLinked):
        telegram_link_consume(token=telegram_link_token_create(user=bob), telegram_id=FRANK)
    with pytest.raises(TelegramAlreadyLinked):
        telegram_link_consume(token=telegram_link_token_create(user=alice), telegram_id=FRANK + 1)


def test_it_moves_a_bot_only_users_sets_without_loss_or_duplicates(alice, frank):
    # given: one set reached both accounts, one key collides for different sets
    when = timezone.now() - timedelta(days=1)
    log_sets(user=frank, sets=[a_set("100", 5, "tg:1", when), a_set("90", 8, "shared", when)])
    log_sets(user=frank, sets=[a_set("80", 10, None, when)])
    log_sets(user=alice, sets=[a_set("100", 5, "tg:1", when), a_set("60", 3, "shared", when)])
    bodyweight_record(user=frank, weight_kg=Decimal("81.0"), measured_at=when)
    # when
    telegram_link_consume(token=telegram_link_token_create(user=alice), telegram_id=FRANK)
    # then
    sets = sorted((str(ws.weight_kg), ws.reps) for ws in WorkoutSet.objects.filter(user=alice))
    assert sets == [("100.00", 5), ("60.00", 3), ("80.00", 10), ("90.00", 8)]
    assert WorkoutSet.objects.filter(user=frank).count() == 0
    assert BodyweightEntry.objects.filter(user=alice).count() == 1
    frank.refresh_from_db()
    assert (frank.is_active, frank.telegram_id) == (False, None)
    assert User.objects.get(pk=alice.pk).telegram_username == "frank_lifts"


def test_it_registers_a_telegram_user_by_chat_with_an_emailed_code(
    frank, inbox, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chat_registration_start(user=frank, email="Frank@Example.com")
    code = inbox.code_for("frank@example.com")
    message = inbox.to("frank@example.com")[0]
    assert "텔레그램" in message.get_body(preferencelist=("plain",)).get_content()
    with pytest.raises(InvalidCode):
        chat_registration_confirm(user=frank, code=f"{(int(code) + 1) % 10**6:06d}")
    user = chat_registration_confirm(user=frank, code=code)
    assert User.objects.get(pk=user.pk).email == "frank@example.com"
    with pytest.raises(EmailAlreadySet):
        chat_registration_start(user=frank, email="other@example.com")


def test_it_never_attaches_an_address_that_has_an_account(
    frank, alice, inbox, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        chat_registration_start(user=frank, email=alice.email)
    notice = inbox.wait_for(alice.email)[0].get_body(preferencelist=("plain",)).get_content()
    assert "이미 계정이 있습니다" in notice
    with pytest.raises(InvalidCode):
        chat_registration_confirm(user=frank, code="000000")


def test_it_resets_a_password_by_emailed_code(
    api, alice, inbox, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert api.post("/api/auth/password-reset/", {"email": alice.email}).status_code == 202
    code = inbox.code_for(alice.email)
    body = {"email": alice.email, "code": code, "new_password": "lifting heavy things"}
    response = api.post("/api/auth/password-reset/confirm/", body)
    assert response.status_code == 204
    assert User.objects.get(pk=alice.pk).check_password("lifting heavy things")
    assert api.post("/api/auth/password-reset/confirm/", body).status_code == 400
