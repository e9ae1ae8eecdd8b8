"""Beat's purge of expired codes, link tokens and refresh tokens, run by a real Celery worker on
Redis (the task named in the beat schedule): the dead rows go, the live ones stay working."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from backend.accounts import housekeeping
from backend.accounts.models import EmailCode, LoginSession, TelegramLinkToken, User
from backend.config.celery_app import app as celery_app

from .test_email_task import wait_until
from .test_sessions import REFRESH, csrf_header, login

MINUTE = timedelta(minutes=1)

transactional = pytest.mark.django_db(transaction=True)


def a_code(email: str, *, expired_ago: timedelta | None) -> EmailCode:
    now = timezone.now()
    expires = now - expired_ago if expired_ago is not None else now + EmailCode.LIFETIME
    return EmailCode.objects.create(
        purpose=EmailCode.Purpose.SIGNUP,
        email=email,
        code_hash="x",
        created_at=expires - EmailCode.LIFETIME,
        expires_at=expires,
    )


def a_link_token(user: User, *, expired_ago: timedelta | None) -> TelegramLinkToken:
    now = timezone.now()
    expires = now - expired_ago if expired_ago is not None else now + TelegramLinkToken.LIFETIME
    return TelegramLinkToken.objects.create(
        user=user, token_hash=uuid.uuid4().hex, expires_at=expires
    )


def an_expired_refresh_token(user: User, *, blacklisted: bool) -> OutstandingToken:
    now = timezone.now()
    token = OutstandingToken.objects.create(
        user=user,
        jti=uuid.uuid4().hex,
        token="expired",
        created_at=now - timedelta(days=15),
        expires_at=now - timedelta(days=1),
    )
    if blacklisted:
        BlacklistedToken.objects.create(token=token)
    return token


def test_the_beat_schedule_runs_the_purge_hourly_and_the_stats_daily():
    schedule = settings.CELERY_BEAT_SCHEDULE
    purge, stats = schedule["accounts-purge-expired"], schedule["backoffice-daily-stats"]
    assert purge["task"] == "backend.accounts.tasks.accounts_purge_expired"
    assert purge["schedule"] == 3600
    assert stats["task"] == "backend.backoffice.tasks.daily_stats_record"
    assert (stats["schedule"].hour, stats["schedule"].minute) == ({0}, {10})
    celery_app.loader.import_default_modules()
    # every scheduled name is a task the worker knows
    assert {entry["task"] for entry in schedule.values()} <= set(celery_app.tasks)


@transactional
def test_a_worker_purges_what_expired_and_keeps_what_still_works(alice, celery_worker):
    # given two browser sessions; the second one logs out (its live token is blacklisted)
    kept, gone = APIClient(enforce_csrf_checks=True), APIClient(enforce_csrf_checks=True)
    login(kept), login(gone)
    assert gone.delete(REFRESH, **csrf_header(gone)).status_code == 204
    logged_out = gone.cookies["sbd_refresh"].value
    # and dead rows: codes and link tokens expired long ago, refresh tokens expired yesterday
    old_code = a_code("old@example.com", expired_ago=timedelta(days=2))
    old_link = a_link_token(alice, expired_ago=timedelta(days=2))
    expired = [an_expired_refresh_token(alice, blacklisted=flag) for flag in (False, True)]
    # and rows that still count: a live code, a code expired minutes ago (the hourly send
    # limit counts it), a live link token
    live_code = a_code("live@example.com", expired_ago=None)
    recent_code = a_code("recent@example.com", expired_ago=timedelta(minutes=5))
    live_link = a_link_token(alice, expired_ago=None)
    live_tokens = OutstandingToken.objects.filter(expires_at__gt=timezone.now()).count()
    assert live_tokens == 2  # one per login, the logged-out one blacklisted
    # when the worker runs the job beat sends
    task = settings.CELERY_BEAT_SCHEDULE["accounts-purge-expired"]["task"]
    celery_app.send_task(task)
    wait_until(lambda: not OutstandingToken.objects.filter(pk__in=[t.pk for t in expired]))
    # then the dead rows are gone, with the blacklist entry of the expired token
    assert not EmailCode.objects.filter(pk=old_code.pk).exists()
    assert not TelegramLinkToken.objects.filter(pk=old_link.pk).exists()
    assert not BlacklistedToken.objects.filter(token_id__in=[t.pk for t in expired]).exists()
    # and the live ones survive
    remaining = set(EmailCode.objects.values_list("pk", flat=True))
    assert remaining == {live_code.pk, recent_code.pk}
    assert list(TelegramLinkToken.objects.values_list("pk", flat=True)) == [live_link.pk]
    assert OutstandingToken.objects.count() == live_tokens
    # the logged-out session's row goes, the live one's stays
    wait_until(lambda: LoginSession.objects.count() == 1)
    # the live session still refreshes, and the logged-out token is still refused
    assert kept.post(REFRESH, **csrf_header(kept)).status_code == 200
    gone.cookies["sbd_refresh"] = logged_out
    assert gone.post(REFRESH, **csrf_header(gone)).status_code == 401


@pytest.mark.django_db
def test_it_purges_nothing_twice_and_counts_what_it_removed(alice):
    a_code("old@example.com", expired_ago=timedelta(days=2))
    an_expired_refresh_token(alice, blacklisted=True)
    # sessions: one logged out, one not refreshed for a refresh-token lifetime, one live
    lifetime = jwt_settings.REFRESH_TOKEN_LIFETIME
    LoginSession.objects.create(user=alice, revoked_at=timezone.now())
    LoginSession.objects.create(user=alice, refreshed_at=timezone.now() - lifetime - MINUTE)
    live = LoginSession.objects.create(user=alice, refreshed_at=timezone.now() - lifetime + MINUTE)
    first = housekeeping.accounts_purge_expired()
    second = housekeeping.accounts_purge_expired()
    assert first == housekeeping.Purged(
        email_codes=1, link_tokens=0, refresh_tokens=1, blacklist_entries=1, login_sessions=2
    )
    assert second == housekeeping.Purged(0, 0, 0, 0, 0)
    assert list(LoginSession.objects.values_list("pk", flat=True)) == [live.pk]
