from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from backend.accounts.models import User
from backend.inquiries import services
from backend.inquiries.models import Inquiry

pytestmark = pytest.mark.django_db


def test_it_opens_an_inquiry_for_the_bots_ask(alice: User):
    inquiry = services.inquiry_open(
        user=alice, title="Bench stall", body="Stuck at 100", category="training"
    )
    actual = (inquiry.user, inquiry.status, inquiry.category, inquiry.first_answered_at)
    assert actual == (alice, Inquiry.Status.OPEN, "training", None)


def test_a_question_asked_in_one_message_is_its_own_title(alice: User):
    short = services.inquiry_open(user=alice, body="How deep should I squat?")
    long = services.inquiry_open(user=alice, body="word " * 30)
    assert short.title == short.body == "How deep should I squat?"
    assert len(long.title) == 60 and long.title.endswith("word…")
    assert long.body == "word " * 30


def test_it_refuses_an_unknown_category(alice: User):
    with pytest.raises(ValidationError):
        services.inquiry_open(user=alice, title="t", body="b", category="gossip")


def test_it_times_the_first_answer_only(alice_inquiry: Inquiry, staff: User):
    alice_inquiry.created_at = timezone.now() - timedelta(hours=2)
    alice_inquiry.save(update_fields=["created_at"])
    services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="first")
    first = alice_inquiry.first_answer_seconds
    services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="second")
    alice_inquiry.refresh_from_db()
    assert first is not None and 7190 <= first <= 7210
    assert alice_inquiry.first_answer_seconds == first
    assert (alice_inquiry.status, alice_inquiry.assignee) == (Inquiry.Status.ANSWERED, staff)


def test_it_reopens_to_answered_or_open(alice_inquiry: Inquiry, staff: User):
    services.inquiry_close(inquiry=alice_inquiry)
    assert services.inquiry_reopen(inquiry=alice_inquiry).status == Inquiry.Status.OPEN
    services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="answer")
    services.inquiry_close(inquiry=alice_inquiry)
    assert alice_inquiry.closed_at is not None
    reopened = services.inquiry_reopen(inquiry=alice_inquiry)
    assert (reopened.status, reopened.closed_at) == (Inquiry.Status.ANSWERED, None)


def test_it_refuses_to_answer_a_closed_inquiry(alice_inquiry: Inquiry, staff: User):
    services.inquiry_close(inquiry=alice_inquiry)
    with pytest.raises(services.InquiryClosedError):
        services.inquiry_answer(inquiry=alice_inquiry, staff=staff, body="late")
