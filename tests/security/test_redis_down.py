"""Must fix 4: with Redis down, logging in still works and signup and reset answer a clear 503."""

from __future__ import annotations

import logging

from tests.security.live import Stack

logging.getLogger("httpx").setLevel(logging.WARNING)
PASSWORD = "correct horse battery"


def test_login_works_and_codes_answer_503_without_redis(live: Stack) -> None:
    live.python(
        "from backend.accounts.models import User\n"
        "User.objects.filter(email='no-redis@example.com').exists() or "
        f"User.objects.create_user('no-redis@example.com', {PASSWORD!r})\n"
    )
    live.redis.stop()
    try:
        with live.browser() as http:
            login = http.post(
                "/api/auth/login/", json={"email": "no-redis@example.com", "password": PASSWORD}
            )
        with live.browser() as http:  # no session cookies
            signup = http.post(
                "/api/auth/signup/", json={"email": "new@example.com", "password": PASSWORD}
            )
            reset = http.post("/api/auth/password-reset/", json={"email": "no-redis@example.com"})
    finally:
        live.redis.start()
    print(f"Redis down: login {login.status_code}, signup {signup.status_code}, reset {reset}")
    assert login.status_code == 200, login.text
    for response in (signup, reset):
        assert response.status_code == 503, response.text
        assert response.json()["detail"] == (
            "We cannot send emails right now. Please try again in a few minutes."
        )
