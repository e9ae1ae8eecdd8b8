"""What the deployment tests share: the files under compose/ and the rules they must follow."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose"
ENV_EXAMPLE = COMPOSE / ".env.example"
COMPOSE_FILES = [COMPOSE / "compose.yml", COMPOSE / "compose.test.yml"]
DOCKERFILES = sorted(COMPOSE.rglob("Dockerfile"))
START = COMPOSE / "start"


@functools.cache
def compose_config(file: Path, *profiles: str) -> dict[str, Any]:
    """The file as Debian's docker-compose resolves it with .env.example (raises on invalid)."""
    flags = [arg for profile in profiles for arg in ("--profile", profile)]
    result = subprocess.run(
        ["docker-compose", "--env-file", str(ENV_EXAMPLE), "-f", str(file), *flags, "config"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config: dict[str, Any] = yaml.safe_load(result.stdout)
    return config
