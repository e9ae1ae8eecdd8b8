"""Schemathesis over the whole API on a live server: no 5xx, no response that breaks the schema.

The run is bounded (a few examples per operation) and deterministic (fixed seed, no example
database), and authenticates as a superuser so every endpoint, the back office included, is
reached.
"""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework_simplejwt.tokens import AccessToken

from backend.accounts.models import User
from backend.accounts.sessions import token_pair_issue
from backend.inquiries import services as inquiry_services
from backend.workouts.models import Exercise, WorkoutSet

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
MAX_EXAMPLES = 5
SEED = 20240607


@pytest.fixture
def superuser_token(transactional_db: None) -> str:
    # An earlier transactional test may have flushed the catalogue its migration seeded.
    call_command("seed_exercises", stdout=io.StringIO())
    root = User.objects.create_superuser("dana@example.com", "correct horse battery")
    lifter = User.objects.create_user("alice@example.com", "correct horse battery")
    for owner in (root, lifter):
        WorkoutSet.objects.create(
            user=owner,
            exercise=Exercise.objects.get(slug="squat"),
            weight_kg=100,
            reps=5,
            e1rm_kg=116,
        )
        inquiry_services.inquiry_open(user=owner, title="Depth?", body="How deep?")
    token = AccessToken(token_pair_issue(user=root).access.encode())  # a real session
    token.set_exp(lifetime=timedelta(hours=1))  # the run may outlast the 5-minute lifetime
    return str(token)


def test_it_finds_no_server_error_and_no_response_off_schema(
    live_server, superuser_token: str, eager_celery: None, tmp_path: Path
):
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/schema/",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--seed",
        str(SEED),
        "--generation-deterministic",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--header",
        f"Authorization: Bearer {superuser_token}",
        "--no-color",
        "--phases",
        "examples,fuzzing",
        "--report-dir",
        str(tmp_path),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]
