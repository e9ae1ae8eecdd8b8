"""A process that cannot load the percentile model refuses to start, with one clear line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from backend.workouts.apps import percentile_model_problem

ROOT = Path(__file__).resolve().parents[3]


def empty_artifacts(directory: Path) -> str:
    """Prelude pointing the model at an empty artifacts directory."""
    path = str(directory)
    return f"import ml.predict, pathlib; ml.predict.ARTIFACTS_DIR = pathlib.Path({path!r})\n"


def no_model(tmp_path: Path) -> tuple[str, str]:
    """A prelude that leaves the process without its model files, and the one line it must say."""
    empty = tmp_path / "artifacts"
    empty.mkdir(exist_ok=True)
    return empty_artifacts(empty), (
        f"the percentile model cannot load from {empty}: FileNotFoundError: [Errno 2] No such"
        f" file or directory: '{empty / 'percentile_weights.npz'}'"
    )


def run(prelude: str, code: str, *, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Runs `code` after `prelude` in a fresh interpreter at the project root."""
    env = {**os.environ, "SBD_VAR_DIR": str(tmp_path), "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-c", prelude + code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


MANAGE_CHECK = (
    "import runpy; sys.argv = ['manage.py', 'check']\n"
    "runpy.run_path('manage.py', run_name='__main__')"
)


def test_the_model_loads_in_the_test_process() -> None:
    assert percentile_model_problem() is None


def test_manage_check_refuses_without_the_artifacts(tmp_path: Path) -> None:
    empty = tmp_path / "artifacts"
    empty.mkdir()

    result = run(empty_artifacts(empty), "import sys\n" + MANAGE_CHECK, tmp_path=tmp_path)

    assert result.returncode == 1
    expected = (
        f"?: (workouts.E001) the percentile model cannot load from {empty}: FileNotFoundError:"
        f" [Errno 2] No such file or directory: '{empty / 'percentile_weights.npz'}'"
    )
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_the_asgi_and_wsgi_apps_refuse_to_load(tmp_path: Path) -> None:
    prelude, problem = no_model(tmp_path)
    for module in ("backend.config.asgi", "backend.config.wsgi"):
        result = run(prelude, f"import {module}", tmp_path=tmp_path)

        assert result.returncode == 1
        last = result.stderr.strip().splitlines()[-1]
        assert last == f"django.core.exceptions.ImproperlyConfigured: {problem}"


def test_the_bot_refuses_to_start_with_one_line(tmp_path: Path) -> None:
    prelude, problem = no_model(tmp_path)
    for argv in (["--local"], []):
        code = f"import sys\nfrom bot.__main__ import main\nsys.exit(main({argv!r}))"
        result = run(prelude, code, tmp_path=tmp_path)

        assert (result.returncode, result.stderr) == (2, f"error: {problem}\n")


def test_ranking_raises_instead_of_ranking_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "artifacts"
    empty.mkdir()
    code = (
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'backend.config.settings')\n"
        "django.setup()\n"
        "from backend.workouts.set_numbers import rank_many\n"
        "rank_many([])\n"
    )

    result = run(empty_artifacts(empty), code, tmp_path=tmp_path)

    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    cannot_load = f"the percentile model cannot load from {empty}"
    assert last.startswith(f"ml.predict.ModelLoadError: {cannot_load}")
    assert "percentile model unavailable" not in result.stderr
