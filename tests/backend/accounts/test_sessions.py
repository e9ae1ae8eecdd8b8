from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken
from rest_framework_simplejwt.tokens import UntypedToken

from backend.accounts.exceptions import SessionExpired
from backend.accounts.models import LoginSession, User
from backend.accounts.sessions import (
    REFRESH_GRACE,
    TokenPair,
    session_logout,
    token_pair_issue,
    token_pair_refresh,
    user_deactivate,
)

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
REFRESH = "/api/auth/refresh/"
LOGOUT = "/api/auth/logout/"


def login(client: APIClient, email: str = "alice@example.com", password: str = PASSWORD) -> Any:
    token = client.get("/api/auth/csrf/").json()["detail"]  # as the front ends do
    return client.post(
        "/api/auth/login/", {"email": email, "password": password}, HTTP_X_CSRFTOKEN=token
    )


def jti_of(refresh: str) -> str:
    return str(UntypedToken(refresh.encode())["jti"])


def csrf_header(client: APIClient) -> dict[str, str]:
    return {"HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}


def test_it_puts_the_tokens_only_in_httponly_cookies(csrf_api, alice):
    response = login(csrf_api)
    access, refresh = response.cookies["sbd_access"], response.cookies["sbd_refresh"]
    assert response.status_code == 200
    assert response.data["email"] == "alice@example.com"
    assert not {"access", "refresh", "token"} & set(response.data)
    actual = (access["httponly"], access["samesite"], access["path"], int(access["max-age"]) <= 300)
    assert actual == (True, "Lax", "/", True)
    actual = (refresh["httponly"], refresh["samesite"], refresh["path"])
    assert actual == (True, "Strict", "/api/auth/")  # sent to refresh and logout only


@override_settings(AUTH_COOKIE_SECURE=True)
def test_it_marks_the_cookies_secure_outside_development(csrf_api, alice):
    response = login(csrf_api)
    assert (
        response.cookies["sbd_access"]["secure"],
        response.cookies["sbd_refresh"]["secure"],
    ) == (
        True,
        True,
    )


def test_it_refuses_a_wrong_password_without_telling_which_part_was_wrong(csrf_api, alice):
    wrong_password = login(csrf_api, password="nope nope nope")
    no_account = login(csrf_api, email="nobody@example.com")
    assert (wrong_password.status_code, no_account.status_code) == (401, 401)
    assert wrong_password.data == no_account.data
    assert "sbd_access" not in wrong_password.cookies


def test_it_authenticates_by_the_access_cookie(csrf_api, alice):
    login(csrf_api)
    response = csrf_api.get("/api/profile/")
    assert (response.status_code, response.data["email"]) == (200, "alice@example.com")


def test_it_enforces_csrf_on_cookie_authenticated_unsafe_requests(csrf_api, alice):
    login(csrf_api)
    without = csrf_api.patch("/api/profile/", {"units": "lb"})
    with_header = csrf_api.patch("/api/profile/", {"units": "lb"}, **csrf_header(csrf_api))
    assert (without.status_code, with_header.status_code) == (403, 200)
    assert User.objects.get(pk=alice.pk).units == "lb"


def test_it_enforces_csrf_on_refresh_and_logout(csrf_api, alice):
    login(csrf_api)
    assert csrf_api.post(REFRESH).status_code == 403
    assert csrf_api.delete(REFRESH).status_code == 403
    assert csrf_api.post(REFRESH, **csrf_header(csrf_api)).status_code == 200


def test_it_logs_out_even_when_the_refresh_cookie_is_garbage(csrf_api, alice):
    login(csrf_api)
    csrf_api.cookies["sbd_refresh"] = "not-a-token"
    response = csrf_api.delete(REFRESH, **csrf_header(csrf_api))
    assert (response.status_code, response.cookies["sbd_access"].value) == (204, "")


def test_it_serves_a_csrf_token_to_a_fresh_client(csrf_api):
    response = csrf_api.get("/api/auth/csrf/")
    assert response.data["detail"]
    assert "csrftoken" in response.cookies


def test_it_rotates_the_refresh_token_and_refuses_the_old_one_after_the_grace(csrf_api, alice):
    # given
    login(csrf_api)
    old = csrf_api.cookies["sbd_refresh"].value
    # when
    response = csrf_api.post(REFRESH, **csrf_header(csrf_api))
    # then
    assert response.status_code == 200
    assert response.cookies["sbd_refresh"].value != old
    assert BlacklistedToken.objects.filter(token__jti=jti_of(old)).exists()
    csrf_api.cookies["sbd_refresh"] = old
    later = timezone.now() + REFRESH_GRACE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        replay = csrf_api.post(REFRESH, **csrf_header(csrf_api))
    assert replay.status_code == 401
    assert replay.cookies["sbd_refresh"].value == ""  # the stale cookie is cleared


def test_it_logs_out_by_blacklisting_and_deleting_both_cookies(csrf_api, alice):
    login(csrf_api)
    refresh = csrf_api.cookies["sbd_refresh"].value
    response = csrf_api.delete(REFRESH, **csrf_header(csrf_api))
    assert response.status_code == 204
    assert (response.cookies["sbd_access"].value, response.cookies["sbd_refresh"].value) == ("", "")
    assert int(response.cookies["sbd_refresh"]["max-age"]) == 0
    with pytest.raises(SessionExpired):
        token_pair_refresh(refresh=refresh)


def test_it_stops_the_tokens_of_a_deactivated_user(csrf_api, alice):
    login(csrf_api)
    user_deactivate(user=alice)
    assert csrf_api.get("/api/profile/").status_code == 401
    assert csrf_api.post(REFRESH, **csrf_header(csrf_api)).status_code == 401


def test_it_stops_old_tokens_when_the_password_changes(alice):
    # given: two sessions
    laptop, phone = APIClient(enforce_csrf_checks=True), APIClient(enforce_csrf_checks=True)
    login(laptop)
    login(phone)
    # when: the phone changes the password
    response = phone.post(
        "/api/profile/password/",
        {"old_password": PASSWORD, "new_password": "a brand new passphrase"},
        **csrf_header(phone),
    )
    # then: the laptop is out, the phone got fresh cookies
    assert response.status_code == 200
    assert laptop.get("/api/profile/").status_code == 401
    assert laptop.post(REFRESH, **csrf_header(laptop)).status_code == 401
    assert phone.get("/api/profile/").status_code == 200


def test_it_refuses_a_password_change_with_a_wrong_old_password(alice_api, alice):
    response = alice_api.post(
        "/api/profile/password/", {"old_password": "wrong", "new_password": "a brand new one!"}
    )
    assert (response.status_code, response.data["detail"].code) == (400, "wrong_password")


def test_it_throttles_login_attempts_per_client(api, alice, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"auth": "3/min"},
    }
    client = APIClient(REMOTE_ADDR="203.0.113.77")
    statuses = [login(client, password="wrong").status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]


def test_it_requires_login_for_the_profile(api):
    assert api.get("/api/profile/").status_code == 401


def bearer(access: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {access}"}


def test_it_logs_out_by_post_and_ends_the_access_token_at_once(csrf_api, alice):
    # given: a logged-in browser, and a copy of its access token
    login(csrf_api)
    access = csrf_api.cookies["sbd_access"].value
    refresh = csrf_api.cookies["sbd_refresh"].value
    assert APIClient().get("/api/profile/", **bearer(access)).status_code == 200
    # when
    response = csrf_api.post(LOGOUT, **csrf_header(csrf_api))
    # then: both cookies cleared, and neither token works any more, long before it expires
    assert response.status_code == 204
    assert (response.cookies["sbd_access"].value, response.cookies["sbd_refresh"].value) == ("", "")
    assert APIClient().get("/api/profile/", **bearer(access)).status_code == 401
    csrf_api.cookies["sbd_access"] = access
    assert csrf_api.get("/api/profile/").status_code == 401
    with pytest.raises(SessionExpired):
        token_pair_refresh(refresh=refresh)


def test_it_logs_out_one_session_and_leaves_the_others(alice):
    laptop, phone = token_pair_issue(user=alice), token_pair_issue(user=alice)
    session_logout(refresh=laptop.refresh)
    statuses = [
        APIClient().get("/api/profile/", **bearer(pair.access)).status_code
        for pair in (laptop, phone)
    ]
    assert statuses == [401, 200]


def test_it_logs_out_a_bearer_client_by_its_access_token(csrf_api, alice):
    pair = token_pair_issue(user=alice)
    response = APIClient().post(LOGOUT, **bearer(pair.access))
    assert response.status_code == 204
    assert APIClient().get("/api/profile/", **bearer(pair.access)).status_code == 401
    with pytest.raises(SessionExpired):
        token_pair_refresh(refresh=pair.refresh)


def test_it_checks_the_session_in_the_query_that_loads_the_user(alice):
    pair = token_pair_issue(user=alice)
    with CaptureQueriesContext(connection) as queries:
        assert APIClient().get("/api/profile/", **bearer(pair.access)).status_code == 200
    sql = [q["sql"].lower() for q in queries.captured_queries]
    session_checks = [q for q in sql if "accounts_loginsession" in q]
    assert len(session_checks) == 1
    assert 'from "accounts_user"' in session_checks[0].replace("`", '"')


def test_it_ends_the_whole_family_when_a_rotated_token_is_replayed_later(alice):
    # given: a login refreshed twice (r0 -> r1 -> r2)
    first = token_pair_issue(user=alice)
    second = token_pair_refresh(refresh=first.refresh)
    third = token_pair_refresh(refresh=second.refresh)
    assert APIClient().get("/api/profile/", **bearer(third.access)).status_code == 200
    # when: r0 comes back after the grace window (a thief's copy)
    later = timezone.now() + REFRESH_GRACE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(SessionExpired):
            token_pair_refresh(refresh=first.refresh)
        # then: every token descended from that login is dead, the newest included
        with pytest.raises(SessionExpired):
            token_pair_refresh(refresh=third.refresh)
        assert APIClient().get("/api/profile/", **bearer(third.access)).status_code == 401


def test_it_keeps_other_logins_alive_when_one_family_is_revoked(alice):
    stolen, other = token_pair_issue(user=alice), token_pair_issue(user=alice)
    token_pair_refresh(refresh=stolen.refresh)
    later = timezone.now() + REFRESH_GRACE + timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(SessionExpired):
            token_pair_refresh(refresh=stolen.refresh)
        assert token_pair_refresh(refresh=other.refresh).access


def test_it_gives_the_second_tab_of_a_refresh_race_a_pair_of_the_same_session(csrf_api, alice):
    # given: two tabs hold the same refresh cookie; the first refreshes
    login(csrf_api)
    shared = csrf_api.cookies["sbd_refresh"].value
    assert csrf_api.post(REFRESH, **csrf_header(csrf_api)).status_code == 200
    # when: the second tab sends the same, just-rotated token a moment later
    csrf_api.cookies["sbd_refresh"] = shared
    response = csrf_api.post(REFRESH, **csrf_header(csrf_api))
    # then: it is not logged out, and the session goes on
    assert response.status_code == 200
    assert csrf_api.get("/api/profile/").status_code == 200
    assert csrf_api.post(REFRESH, **csrf_header(csrf_api)).status_code == 200
    assert LoginSession.objects.filter(user=alice, revoked_at=None).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("tabs", [2, 20])
def test_it_logs_every_tab_in_when_they_refresh_the_same_token_at_once(alice, tabs):
    # given
    refresh = token_pair_issue(user=alice).refresh
    start = threading.Barrier(tabs)

    def trade(_: int) -> TokenPair | None:
        start.wait()
        try:
            return token_pair_refresh(refresh=refresh)
        except SessionExpired:
            return None
        finally:
            connection.close()

    # when
    with ThreadPoolExecutor(max_workers=tabs) as pool:
        pairs = list(pool.map(trade, range(tabs)))
    # then: every tab holds a working pair, all of one session, and the token was rotated once
    assert None not in pairs
    statuses = {
        APIClient().get("/api/profile/", **bearer(pair.access)).status_code
        for pair in pairs
        if pair
    }
    assert statuses == {200}
    assert LoginSession.objects.filter(user=alice).count() == 1
    assert BlacklistedToken.objects.count() == 1


def test_a_login_deletes_the_rows_of_the_users_ended_sessions(alice, bob):
    # given: alice logged out of one session and left another to expire; bob logged out
    logged_out, _left = token_pair_issue(user=alice), token_pair_issue(user=alice)
    session_logout(refresh=logged_out.refresh)
    session_logout(refresh=token_pair_issue(user=bob).refresh)
    lifetime = jwt_settings.REFRESH_TOKEN_LIFETIME
    with time_machine.travel(timezone.now() + lifetime + timedelta(minutes=1), tick=False):
        # when: alice logs in again, after the untouched session's refresh token expired
        token_pair_issue(user=alice)
        # then: only her new session is left; bob's rows wait for his own next login
        assert LoginSession.objects.filter(user=alice).count() == 1
        assert LoginSession.objects.filter(user=bob).count() == 1


def test_a_refresh_keeps_a_session_from_ending_by_itself(alice):
    lifetime = jwt_settings.REFRESH_TOKEN_LIFETIME
    start = timezone.now()
    pair = token_pair_issue(user=alice)
    with time_machine.travel(start + lifetime - timedelta(days=1), tick=False):
        pair = token_pair_refresh(refresh=pair.refresh)
    with time_machine.travel(start + lifetime + timedelta(days=1), tick=False):
        token_pair_issue(user=alice)  # another login sweeps ended sessions
        assert token_pair_refresh(refresh=pair.refresh).access
