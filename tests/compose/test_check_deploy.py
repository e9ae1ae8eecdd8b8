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
        "WEB_BUILD_DIR": str(image_build(tmp_path)),
    }


def image_build(tmp_path: Path) -> Path:
    """The image always holds the Vite build (its node stage): a stand-in with its manifest."""
    manifest = tmp_path / "dist" / ".vite" / "manifest.json"
    manifest.parent.mkdir(parents=True, exist_ok=True)
    manifest.write_text('{"calculator/main.jsx": {"file": "assets/calculator-Zx98Yw76.js"}}')
    return manifest.parent.parent


def test_a_missing_build_is_reported(tmp_path: Path) -> None:
    result = check_deploy({**web_environment(tmp_path), "WEB_BUILD_DIR": str(tmp_path / "none")})
    assert result.returncode != 0
    assert "django_vite.W001" in result.stdout + result.stderr


def check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_passes_check_deploy(tmp_path: Path) -> None:
    result = check_deploy(web_environment(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_can_fail(tmp_path: Path) -> None:
    result = check_deploy({**web_environment(tmp_path), "DJANGO_SECURE_HSTS_SECONDS": "0"})

    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
