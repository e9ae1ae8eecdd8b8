"""`manage.py check --deploy` passes with what compose gives the web service from .env.example."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.compose.conftest import COMPOSE, ROOT, compose_config


def web_environment(tmp_path: Path) -> dict[str, str]:
    environment = compose_config(COMPOSE / "compose.yml")["services"]["web"]["environment"]
    return {
        "PATH": os.environ["PATH"],
        **{name: str(value) for name, value in environment.items()},
        "SBD_VAR_DIR": str(tmp_path),
    }


def test_it_passes_check_deploy(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=web_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_can_fail(tmp_path: Path) -> None:
    env = {**web_environment(tmp_path), "DJANGO_SECURE_HSTS_SECONDS": "0"}

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
