"""Issue 14: schemathesis, coverage phase included, over the authenticated API of the live
production-configured stack (uvicorn with 2 workers, DEBUG off, MariaDB, Redis): no 5xx.

The coverage phase sends, per operation, the boundary and just-outside values of every parameter
and body field the schema declares (missing, empty, too long, wrong type, out of range, an
unexpected method), deterministically, and the examples phase each declared example: about 6,000
requests, about 3 minutes on two cores. Random fuzzing is left to tests/backend/test_schema_fuzz.py
(in-process, faster). Requests carry a superuser's JWT, so the back office is reached too; the
schema is read as the staff see it.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.security.live import Stack

pytestmark = pytest.mark.slow

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
# the server runs 2 workers; 4 clients keep both busy while the others wait on MariaDB
WORKERS = 4
# operations whose success ends the run's own session or account; each is fuzzed elsewhere
# (tests/backend/test_schema_fuzz.py) and their inputs checked by their own tests
SESSION_ENDING = [
    "/api/auth/password-reset/confirm/",  # a guessed code could end every session
    "/api/profile/password/",
]


def superuser_token(live: Stack) -> str:
    """A superuser with one set and one inquiry of their own, and an access token of a real
    login session that lives an hour."""
    out = live.python(
        "from datetime import timedelta\n"
        "from rest_framework_simplejwt.tokens import AccessToken\n"
        "from backend.accounts.models import User\n"
        "from backend.accounts.sessions import token_pair_issue\n"
        "from backend.inquiries import services as inquiries\n"
        "from backend.workouts import services as workouts\n"
        "from backend.workouts.models import Exercise\n"
        "user = User.objects.filter(email='fuzz-root@example.com').first() or "
        "User.objects.create_superuser('fuzz-root@example.com', 'correct horse battery')\n"
        "workouts.log_sets(user=user, sets=[workouts.SetInput("
        "exercise=Exercise.objects.get(slug='squat'), weight_kg=100, reps=5)])\n"
        "inquiries.inquiry_open(user=user, title='Depth?', body='How deep?')\n"
        # a real login's session (claim sid), its access token living an hour for the run
        "token = AccessToken(token_pair_issue(user=user).access)\n"
        "token.set_exp(lifetime=timedelta(hours=1))\n"
        "print('TOKEN', token)\n"
    )
    return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))


def test_schemathesis_finds_no_server_error_on_the_live_stack(live: Stack, tmp_path: Path) -> None:
    token = superuser_token(live)
    headers = {"Authorization": f"Bearer {token}"}
    schema = httpx.get(f"{live.base_url}/api/schema/?format=json", headers=headers, timeout=60)
    assert schema.status_code == 200, schema.text[:500]
    (tmp_path / "schema.json").write_text(schema.text)
    live.redis.flush()  # the limits start afresh
    errors_before = live.log("uvicorn.log").count("Internal Server Error")

    command = [
        *(str(SCHEMATHESIS), "run", str(tmp_path / "schema.json"), "--url", live.base_url),
        *("--phases", "examples,coverage", "--checks", "not_a_server_error"),
        "--generation-deterministic",
        *("--workers", str(WORKERS), "--request-timeout", "30", "--no-color"),
        *("--header", f"Authorization: Bearer {token}"),
        *(arg for path in SESSION_ENDING for arg in ("--exclude-path", path)),
        *("--report", "ndjson", "--report-dir", str(tmp_path / "report")),
        "--continue-on-failure",
    ]
    started = time.monotonic()
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    elapsed = time.monotonic() - started
    output = result.stdout[-20000:] + result.stderr[-5000:]
    server_errors = live.log("uvicorn.log").count("Internal Server Error") - errors_before

    statuses = response_statuses(tmp_path / "report")
    answered = sum(statuses.values())
    print(
        f"\nschemathesis (examples, coverage): {answered} requests in {elapsed:.0f} s, {statuses}"
    )
    assert result.returncode == 0, output
    assert not [code for code in statuses if code >= 500], output
    assert server_errors == 0, live.log("uvicorn.log")[-5000:]
    # the run reached the operations (a few thousand cases) and stayed authenticated throughout
    assert answered > 3000, statuses
    assert sum(n for code, n in statuses.items() if code < 300) > 500, statuses
    assert httpx.get(f"{live.base_url}/api/profile/", headers=headers).status_code == 200


def response_statuses(report: Path) -> Counter[int]:
    """How many responses of each status the run's scenarios recorded."""
    counts: Counter[int] = Counter()
    for file in report.glob("*.ndjson"):
        for line in file.read_text().splitlines():
            event = json.loads(line).get("ScenarioFinished")
            if event is None:
                continue
            for interaction in event["recorder"].get("interactions", {}).values():
                response = interaction.get("response") or {}
                if "status_code" in response:
                    counts[int(response["status_code"])] += 1
    return counts
