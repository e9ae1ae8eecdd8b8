from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import transaction

from backend.accounts import tasks
from backend.accounts.email_codes import password_reset_start, signup_start
from backend.accounts.models import EmailCode, User

from .conftest import SIGNUP, celery_broker, free_port, redis_server, redis_shutdown

transactional = pytest.mark.django_db(transaction=True)


def wait_until(condition: Callable[[], object], timeout: float = 60.0) -> None:
    """Polls `condition` until it holds (a condition, not a sleep; fails after `timeout`)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        time.sleep(0.05)


@transactional
def test_it_signs_up_through_a_real_worker_on_redis(api, inbox, celery_worker):
    # when
    response = api.post("/api/auth/signup/", SIGNUP)
    code = inbox.code_for(SIGNUP["email"])
    # then
    assert response.status_code == 202
    confirm = api.post("/api/auth/signup/confirm/", {"email": SIGNUP["email"], "code": code})
    assert confirm.status_code == 201, confirm.data
    # the worker marks the code sent once SMTP has taken it (just after it reached the inbox)
    wait_until(lambda: EmailCode.objects.filter(email=SIGNUP["email"]).exclude(sent_at=None))


@transactional
def test_it_retries_while_smtp_fails_and_sends_exactly_one_email(api, inbox, celery_worker):
    # given
    inbox.failures_left = 3
    # when
    response = api.post("/api/auth/signup/", SIGNUP)
    inbox.wait_for(SIGNUP["email"], timeout=60)
    # the task marks the code sent after its last delivery: a duplicate could only come before
    wait_until(lambda: EmailCode.objects.filter(email=SIGNUP["email"]).exclude(sent_at=None))
    # then
    assert response.status_code == 202
    assert (inbox.refused, len(inbox.to(SIGNUP["email"]))) == (3, 1)


@transactional
def test_it_answers_503_instead_of_hanging_and_keeps_nothing_when_redis_is_down(api, inbox):
    port = free_port()
    with redis_server(port) as url, celery_broker(url):
        # given: the broker was up (a pooled connection exists), then it stops
        api.post("/api/auth/signup/", {**SIGNUP, "email": "early@example.com"})
        redis_shutdown(port)
        # when: the request either answers or is still retrying the broker when we give up
        answers: list[Any] = []
        request = threading.Thread(
            target=lambda: answers.append(api.post("/api/auth/signup/", SIGNUP)), daemon=True
        )
        request.start()
        request.join(timeout=60)
    # then
    assert answers, "the signup still waits for the broker"
    (response,) = answers
    assert response.status_code == 503, response.data
    assert EmailCode.objects.filter(email=SIGNUP["email"]).count() == 0
    assert User.objects.filter(email=SIGNUP["email"]).count() == 0
    assert inbox.to(SIGNUP["email"]) == []


@pytest.mark.django_db
def test_it_queues_the_email_only_after_the_transaction_commits(
    inbox, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        password_reset_start(email="nobody@example.com")
        signup_start(email="zoe@example.com", password="x" * 12, profile={})
        assert inbox.to("zoe@example.com") == []
    assert len(callbacks) == 2
    assert len(inbox.wait_for("zoe@example.com")) == 1


@pytest.mark.django_db
def test_it_sends_once_even_when_the_task_runs_twice(inbox, django_capture_on_commit_callbacks):
    # given
    with django_capture_on_commit_callbacks(execute=False):
        row = EmailCode.objects.create(
            purpose=EmailCode.Purpose.SIGNUP,
            email="twice@example.com",
            code_hash="x",
            expires_at=EmailCode.LIFETIME + row_now(),
        )
    # when
    first = tasks.email_code_send.apply(kwargs={"code_id": row.pk}).get()
    second = tasks.email_code_send.apply(kwargs={"code_id": row.pk}).get()
    # then
    assert (first, second) == (True, False)
    assert len(inbox.to("twice@example.com")) == 1


@pytest.mark.django_db
def test_it_sends_nothing_for_a_password_reset_of_an_unknown_address(
    inbox, eager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        password_reset_start(email="ghost@example.com")
    assert EmailCode.objects.get(email="ghost@example.com").sent_at is not None
    assert inbox.to("ghost@example.com") == []


def row_now():
    from django.utils import timezone

    return timezone.now()
