from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from backend.accounts.email_codes import signup_confirm, signup_start
from backend.accounts.exceptions import InvalidCode, TooManyAttempts
from backend.accounts.models import EmailCode, User
from backend.workouts.models import BodyweightEntry

from .conftest import SIGNUP, Inbox

pytestmark = pytest.mark.django_db
CONFIRM = "/api/auth/signup/confirm/"


@pytest.fixture
def signup(api: APIClient, inbox: Inbox, eager: None, django_capture_on_commit_callbacks: Any):
    """Posts a signup and returns the code that arrived by SMTP."""

    def post(**overrides: Any) -> str:
        data = {**SIGNUP, **overrides}
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post("/api/auth/signup/", data)
        assert response.status_code == 202, response.data
        return inbox.code_for(data["email"])

    return post


def test_it_creates_the_account_only_once_the_emailed_code_matches(api, signup):
    # given
    code = signup()
    assert User.objects.filter(email=SIGNUP["email"]).count() == 0
    # when
    response = api.post(CONFIRM, {"email": SIGNUP["email"], "code": code})
    # then
    assert response.status_code == 201, response.data
    user = User.objects.get(email=SIGNUP["email"])
    actual = (user.display_name, user.sex, str(user.birth_date), user.height_cm, user.timezone)
    assert actual == ("Dana", "female", "1995-04-02", Decimal("168.0"), "Asia/Seoul")
    assert user.check_password(SIGNUP["password"])
    assert list(BodyweightEntry.objects.filter(user=user).values_list("weight_kg", flat=True)) == [
        Decimal("63.5")
    ]
    assert response.cookies["sbd_access"]["httponly"]
    assert "access" not in response.data and "refresh" not in response.data


def test_it_stores_the_code_only_as_a_keyed_hash_and_the_password_hashed(signup):
    code = signup()
    row = EmailCode.objects.get(email=SIGNUP["email"])
    stored = " ".join(str(value) for value in EmailCode.objects.values().get(pk=row.pk).values())
    assert code not in stored
    assert SIGNUP["password"] not in stored
    assert row.payload["password"].startswith("pbkdf2_sha256$")


def test_it_emails_plain_text_and_html_in_the_users_language(inbox, signup):
    signup(email="minji@example.com", language="ko")
    message = inbox.to("minji@example.com")[0]
    assert "인증 코드" in message["Subject"]
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "가입" in html.get_content()


def test_it_answers_alike_for_an_address_that_has_an_account(api, alice, inbox, eager):
    # when
    response = api.post("/api/auth/signup/", {**SIGNUP, "email": "Alice@Example.com"})
    # then
    assert (response.status_code, response.data) == (
        202,
        {"detail": "If this address can be used, a code is on its way. It expires in 10 minutes."},
    )


@pytest.mark.django_db(transaction=True)
def test_it_tells_the_owner_of_a_taken_address_instead_of_sending_a_code(api, alice, inbox, eager):
    api.post("/api/auth/signup/", {**SIGNUP, "email": alice.email})
    message = inbox.wait_for(alice.email)[0]
    assert "already has an account" in message.get_body(preferencelist=("plain",)).get_content()
    response = api.post(CONFIRM, {"email": alice.email, "code": "123456"})
    assert response.status_code == 400
    assert User.objects.filter(email=alice.email).count() == 1


def test_it_accepts_a_code_only_once(api, signup):
    code = signup()
    assert api.post(CONFIRM, {"email": SIGNUP["email"], "code": code}).status_code == 201
    response = api.post(CONFIRM, {"email": SIGNUP["email"], "code": code})
    assert response.status_code == 400


def test_it_rejects_an_expired_code(api, signup):
    code = signup()
    EmailCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = api.post(CONFIRM, {"email": SIGNUP["email"], "code": code})
    assert (response.status_code, response.data["detail"].code) == (400, "invalid_code")


def test_it_kills_the_code_after_five_wrong_tries(api, signup):
    code = signup()
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answers = [api.post(CONFIRM, {"email": SIGNUP["email"], "code": wrong}) for _ in range(6)]
    assert [a.data["detail"].code for a in answers] == ["invalid_code"] * 5 + ["too_many_attempts"]
    response = api.post(CONFIRM, {"email": SIGNUP["email"], "code": code})
    assert response.data["detail"].code == "too_many_attempts"


def test_it_sends_at_most_one_code_a_minute_and_five_an_hour(api, signup):
    signup()
    response = api.post("/api/auth/signup/", SIGNUP)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    for _ in range(4):
        EmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=11))
        signup()
    EmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=11))
    response = api.post("/api/auth/signup/", SIGNUP)
    assert response.status_code == 429
    assert EmailCode.objects.count() == 5


def test_it_cancels_the_old_code_when_a_new_one_is_sent(api, signup):
    old = signup()
    EmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    new = signup()
    while new == old:  # one draw in a million: send again so the old code differs
        EmailCode.objects.update(created_at=timezone.now() - timedelta(minutes=2))
        new = signup()
    cancelled = EmailCode.objects.order_by("created_at").values_list("cancelled_at", flat=True)
    assert [moment is not None for moment in cancelled][-2:] == [True, False]
    response = api.post(CONFIRM, {"email": SIGNUP["email"], "code": old})
    assert (response.status_code, response.data["detail"].code) == (400, "invalid_code")
    assert api.post(CONFIRM, {"email": SIGNUP["email"], "code": new}).status_code == 201


def test_it_validates_the_password_and_profile(api):
    response = api.post(
        "/api/auth/signup/", {**SIGNUP, "password": "123", "timezone": "Mars/Olympus"}
    )
    assert (response.status_code, set(response.data)) == (400, {"password", "timezone"})
    assert [str(e) for e in response.data["timezone"]] == ["Unknown time zone."]
    assert any("too short" in str(e) for e in response.data["password"]), response.data


def test_it_rejects_a_weak_password_alone(api):
    response = api.post("/api/auth/signup/", {**SIGNUP, "password": SIGNUP["email"]})
    assert (response.status_code, set(response.data)) == (400, {"password"})
    assert EmailCode.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_it_counts_fifty_parallel_wrong_tries_without_losing_one(inbox, eager):
    # given
    signup_start(email="eve@example.com", password="x" * 12, profile={})
    code = inbox.code_for("eve@example.com")
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    def attempt(_: int) -> str:
        try:
            signup_confirm(email="eve@example.com", code=wrong)
        except (InvalidCode, TooManyAttempts) as error:
            return error.code
        finally:
            connection.close()
        return "accepted"

    # when
    with ThreadPoolExecutor(max_workers=50) as pool:
        outcomes = list(pool.map(attempt, range(50)))
    # then
    assert outcomes.count("invalid_code") == EmailCode.MAX_ATTEMPTS
    assert outcomes.count("too_many_attempts") == 50 - EmailCode.MAX_ATTEMPTS
    assert EmailCode.objects.get(email="eve@example.com").attempts == EmailCode.MAX_ATTEMPTS
    with pytest.raises(TooManyAttempts):
        signup_confirm(email="eve@example.com", code=code)
