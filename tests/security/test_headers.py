"""Should fix (headers and pages): a Content-Security-Policy on every page, Swagger UI from this
server's own files and, with DEBUG off, only for staff."""

from __future__ import annotations

import logging

import httpx

from tests.security.live import Stack

logging.getLogger("httpx").setLevel(logging.WARNING)


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
        token = live.access_token("docs@example.com", is_staff=True)
        staff = {"Authorization": f"Bearer {token}"}
        docs = http.get("/api/docs/", headers=staff)
        assert docs.status_code == 200
        assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs.text
        assert "cdn.jsdelivr" not in docs.text and "<script>" not in docs.text.replace(" ", "")
        assert http.get("/api/schema/", headers=staff).status_code == 200
