"""Should fix (headers and pages): a Content-Security-Policy on every page, Swagger UI from this
server's own files and, with DEBUG off, only for staff."""

from __future__ import annotations

import logging

import httpx

from tests.security.live import Stack

logging.getLogger("httpx").setLevel(logging.WARNING)


def _staff_token(live: Stack) -> str:
    out = live.python(
        "from backend.accounts.models import User\n"
        "from backend.accounts.services import token_pair_issue\n"
        "user = User.objects.filter(email='docs@example.com').first() or "
        "User.objects.create_user('docs@example.com', 'correct horse battery', is_staff=True)\n"
        "print('TOKEN', token_pair_issue(user=user).access)\n"
    )
    return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))


def test_every_page_has_a_content_security_policy(live: Stack) -> None:
    with httpx.Client(base_url=live.base_url, timeout=60) as http:
        for path in ("/django-admin/login/", "/api/exercises/", "/api/docs/"):
            policy = http.get(path).headers.get("Content-Security-Policy", "")
            assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy, path
            assert "unsafe-eval" not in policy


def test_swagger_ui_is_local_and_for_staff_only_in_production(live: Stack) -> None:
    with httpx.Client(base_url=live.base_url, timeout=60) as http:
        assert http.get("/api/docs/").status_code in (401, 403)
        assert http.get("/api/schema/").status_code in (401, 403)
        staff = {"Authorization": f"Bearer {_staff_token(live)}"}
        docs = http.get("/api/docs/", headers=staff)
        assert docs.status_code == 200
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.text
        assert "cdn.jsdelivr" not in docs.text and "<script>" not in docs.text.replace(" ", "")
        assert http.get("/api/schema/", headers=staff).status_code == 200
