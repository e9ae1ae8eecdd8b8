"""A model that cannot load says why in one line: ModelLoadError, and the CSV command's exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ml.predict import ModelLoadError, PercentileModel

ROOT = Path(__file__).resolve().parents[2]
CSV = "exercise,sex,age,bodyweight_kg,one_rm_kg\nbench-press,male,30,80,112.5\n"


def test_it_names_the_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError) as raised:
        PercentileModel.load(artifacts_dir=tmp_path)

    assert str(raised.value).startswith(
        f"the percentile model cannot load from {tmp_path}: FileNotFoundError: [Errno 2] No such"
        f" file or directory: '{tmp_path / 'percentile_weights.npz'}'"
    )


def test_the_csv_command_exits_2_with_one_line(tmp_path: Path) -> None:
    code = (
        "import pathlib, sys\n"
        "import ml.predict as predict\n"
        f"predict.ARTIFACTS_DIR = pathlib.Path({str(tmp_path)!r})\n"
        "sys.exit(predict.run_csv(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        input=CSV,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )

    assert (result.returncode, result.stdout) == (2, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: the percentile model cannot load from {tmp_path}: ")


def test_it_refuses_weights_that_do_not_match_the_tables(tmp_path: Path) -> None:
    import shutil

    import numpy as np

    from ml.predict import ARTIFACTS_DIR

    shutil.copy(ARTIFACTS_DIR / "meta.json", tmp_path / "meta.json")
    with np.load(ARTIFACTS_DIR / "percentile_weights.npz") as saved:
        weights = {key: saved[key] for key in saved.files}
    weights["exercise_embedding/0"] = weights["exercise_embedding/0"][:-1]
    np.savez(tmp_path / "percentile_weights.npz", **weights)

    with pytest.raises(ModelLoadError, match=r"does not match meta\.json; retrain"):
        PercentileModel.load(artifacts_dir=tmp_path)
