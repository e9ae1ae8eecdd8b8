"""Settings come from the environment; a bad value stops the process with a clear message."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOW = (
    "from django.conf import settings as s; "
    "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
)
OWN_VARIABLES = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_DEBUG", "CACHE_URL")


def load_settings(**env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in OWN_VARIABLES}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {SHOW}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "backend.config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_runs_on_the_embedded_default_without_environment(tmp_path):
    result = load_settings(SBD_VAR_DIR=str(tmp_path))
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ]


def test_it_switches_to_mysql_and_a_celery_worker_from_the_environment():
    result = load_settings(
        DATABASE_URL="mysql://root@127.0.0.1:3306/sbd", REDIS_URL="redis://127.0.0.1:6379/0"
    )
    assert result.stdout.split()[:2] == ["django.db.backends.mysql", "False"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG must be a boolean"),
        ({"DATABASE_CONN_MAX_AGE": "soon", "DATABASE_URL": "mysql://u@h/db"}, "must be an integer"),
        ({"DATABASE_URL": "nonsense://x"}, "DATABASE_URL is not a valid database URL"),
        ({"DJANGO_DEBUG": "false"}, "DJANGO_SECRET_KEY must be set"),
    ],
)
def test_it_refuses_a_bad_value_with_a_clear_message(env: dict[str, str], message: str):
    result = load_settings(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr
