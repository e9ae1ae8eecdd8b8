from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def manage(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    production = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "x7#Qp2!vL9@rT4$wZ8^kN3&bM6*cF1(hJ5)dS0-gY2+eA7=uI4?oP9<lK3>mB8",
        "DJANGO_ALLOWED_HOSTS": "sbd.example.com",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "REDIS_URL": "redis://127.0.0.1:6379/5",
        "EMAIL_URL": "smtp://127.0.0.1:25",
        "SBD_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deploy_checks_in_production(tmp_path):
    result = manage("check", "--deploy", tmp_path=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "security." not in output
    assert "accounts" not in output


def test_it_refuses_an_access_token_living_longer_than_five_minutes(tmp_path):
    result = manage("check", tmp_path=tmp_path, JWT_ACCESS_MINUTES="10")
    assert result.returncode != 0
    assert "JWT_ACCESS_MINUTES must be between 1 and 5" in result.stderr


def test_it_sends_secure_cookies_in_production(tmp_path):
    code = "from django.conf import settings; print(settings.AUTH_COOKIE_SECURE)"
    result = manage("shell", "-c", code, tmp_path=tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "True", result.stderr
