"""A code lives ten minutes by the clock, and every message about it says so from one constant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from rest_framework.test import APIClient

from backend.accounts.models import EmailCode

from .conftest import SIGNUP, Inbox

pytestmark = pytest.mark.django_db
CONFIRM = "/api/auth/signup/confirm/"
SIGNED_UP_AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)


@pytest.fixture
def signup(api: APIClient, inbox: Inbox, eager: None, django_capture_on_commit_callbacks: Any):
    """Posts a signup; returns the answer and the code that arrived by SMTP."""

    def post(**overrides: Any) -> tuple[Any, str]:
        data = {**SIGNUP, **overrides}
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post("/api/auth/signup/", data)
        assert response.status_code == 202, response.data
        return response, inbox.code_for(data["email"])

    return post


def confirm_after(api: APIClient, signup: Any, wait: timedelta) -> Any:
    """Signs up at a fixed moment, lets `wait` pass on the clock, then confirms the code."""
    with time_machine.travel(SIGNED_UP_AT, tick=False) as clock:
        _, code = signup()
        clock.shift(wait)
        return api.post(CONFIRM, {"email": SIGNUP["email"], "code": code})


def test_it_lives_ten_minutes():
    assert (EmailCode.LIFETIME.total_seconds(), EmailCode.lifetime_minutes()) == (600, 10)


def test_it_accepts_a_code_a_second_before_it_expires(api, signup):
    response = confirm_after(api, signup, timedelta(minutes=10) - timedelta(seconds=1))
    assert response.status_code == 201, response.data


def test_it_rejects_a_code_once_its_ten_minutes_are_up(api, signup):
    response = confirm_after(api, signup, timedelta(minutes=10))
    assert (response.status_code, response.data["detail"].code) == (400, "invalid_code")


@pytest.mark.parametrize(
    ("language", "wording"),
    [("en", "expires in {minutes} minutes"), ("ko", "{minutes}분 뒤에 만료됩니다")],
)
@pytest.mark.parametrize("minutes", [10, 25])
def test_it_states_the_lifetime_of_the_code_in_the_answer_and_the_email(
    signup, inbox, monkeypatch, language: str, wording: str, minutes: int
):
    monkeypatch.setattr(EmailCode, "LIFETIME", timedelta(minutes=minutes))
    response, _ = signup(language=language)
    (email,) = inbox.to(SIGNUP["email"])
    plain, html = (email.get_body(preferencelist=(kind,)) for kind in ("plain", "html"))
    assert plain is not None and html is not None
    assert f"It expires in {minutes} minutes." in response.data["detail"]
    assert wording.format(minutes=minutes) in plain.get_content()
    assert wording.format(minutes=minutes) in html.get_content()
