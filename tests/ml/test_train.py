"""Training pipeline and exports: fast retraining, repeatability, TF.js and TensorFlow equality."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ml import dataset
from ml.predict import ARTIFACTS_DIR, PercentileModel

ROOT = Path(__file__).resolve().parents[2]
TFJS_CHECK = ROOT / "ml" / "tfjs_check"
ARTIFACT_FILES = [
    "MODEL_CARD.md",
    "meta.json",
    "metrics.json",
    "percentile_model.keras",
    "percentile_weights.npz",
    "tfjs",
]


@pytest.fixture(scope="module")
def node_tfjs() -> Path:
    """ml/tfjs_check with its pinned @tensorflow/tfjs installed (npm ci when missing)."""
    if not (TFJS_CHECK / "node_modules" / "@tensorflow" / "tfjs").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=TFJS_CHECK, check=True, timeout=600
        )
    return TFJS_CHECK


@pytest.fixture(scope="module")
def lifters() -> dict[str, np.ndarray]:
    """Model inputs over every exercise and sex, with 1RMs across the whole percentile range."""
    pairs = dataset.training_pairs(dataset.load_standards(), points_per_table=12, seed=5)
    return {
        "exercise": pairs.exercise.astype(np.int64),
        "sex": pairs.sex.astype(float),
        "age": pairs.age,
        "bodyweight_kg": pairs.bodyweight_kg,
        "one_rm_kg": pairs.one_rm_kg,
    }


def train_fast(out: Path) -> dict:
    """Run `python -m ml.train --fast --out OUT` and return its metrics."""
    subprocess.run(
        [sys.executable, "-m", "ml.train", "--fast", "--out", str(out)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return json.loads((out / "metrics.json").read_text())


def tfjs_percentiles(node_tfjs: Path, model_dir: Path, inputs: dict[str, np.ndarray]) -> np.ndarray:
    """Percentiles from the TF.js graph model under Node."""
    result = subprocess.run(
        ["node", str(node_tfjs / "predict.mjs"), str(model_dir)],
        input=json.dumps({name: values.tolist() for name, values in inputs.items()}),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return np.array(json.loads(result.stdout)["percentile"])


def tfjs_size(model_dir: Path) -> int:
    """Bytes of a TF.js model directory."""
    return sum(path.stat().st_size for path in model_dir.iterdir())


def test_it_commits_every_artifact() -> None:
    assert sorted(path.name for path in ARTIFACTS_DIR.iterdir()) == ARTIFACT_FILES
    assert tfjs_size(ARTIFACTS_DIR / "tfjs") <= 200 * 1024


def test_it_exports_a_tfjs_model_equal_to_keras(
    node_tfjs: Path, lifters: dict[str, np.ndarray], percentile_model: PercentileModel
) -> None:
    keras_inputs = {
        name: values.reshape(-1, 1).astype("int32" if name == "exercise" else "float32")
        for name, values in lifters.items()
    }

    in_node = tfjs_percentiles(node_tfjs, ARTIFACTS_DIR / "tfjs", lifters)
    in_keras = np.asarray(percentile_model.keras_model(keras_inputs)).ravel()

    assert len(in_node) == len(in_keras) == 62 * 12 * 9
    assert np.abs(in_node - in_keras).max() <= 0.1


@pytest.mark.slow
def test_it_gives_the_same_numbers_on_the_tensorflow_backend(
    tmp_path: Path, lifters: dict[str, np.ndarray], percentile_model: PercentileModel
) -> None:
    np.savez(tmp_path / "inputs.npz", **lifters)
    code = (
        "import sys, numpy as np, keras, ml.model\n"
        f"inputs = dict(np.load({str(tmp_path / 'inputs.npz')!r}))\n"
        "inputs = {k: v.reshape(-1, 1).astype('int32' if k == 'exercise' else 'float32')"
        " for k, v in inputs.items()}\n"
        f"model = keras.saving.load_model({str(ARTIFACTS_DIR / 'percentile_model.keras')!r})\n"
        f"np.save({str(tmp_path / 'out.npy')!r}, model.predict(inputs, verbose=0).ravel())\n"
        "print(keras.backend.backend())\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "KERAS_BACKEND": "tensorflow", "TF_CPP_MIN_LOG_LEVEL": "3"},
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )

    on_tensorflow = np.load(tmp_path / "out.npy")
    assert result.stdout.strip().splitlines()[-1] == "tensorflow"
    assert np.abs(on_tensorflow - percentile_model._forward(**lifters)).max() < 1e-3


@pytest.mark.slow
def test_it_retrains_a_fast_model_repeatably_and_exports_it(
    tmp_path: Path, node_tfjs: Path, lifters: dict[str, np.ndarray]
) -> None:
    # given two fast training runs with the same seed
    first = train_fast(tmp_path / "first")
    again = train_fast(tmp_path / "again")

    # then they write every artifact and the same numbers
    assert sorted(path.name for path in (tmp_path / "first").iterdir()) == ARTIFACT_FILES
    assert {k: v for k, v in first.items() if k != "train_seconds"} == {
        k: v for k, v in again.items() if k != "train_seconds"
    }
    assert first["monotone_violations"] == 0
    assert first["tfjs_bytes"] == tfjs_size(tmp_path / "first" / "tfjs") <= 200 * 1024

    # and the fresh TF.js export equals the fresh Keras model
    fresh = PercentileModel.load(artifacts_dir=tmp_path / "first")
    in_node = tfjs_percentiles(node_tfjs, tmp_path / "first" / "tfjs", lifters)
    assert np.abs(in_node - fresh._forward(**lifters)).max() <= 0.1
