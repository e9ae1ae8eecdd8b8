"""Benchmark of the percentile model against issue 4's targets; prints a table.

    .venv/bin/python bench/ml_predict.py                   # everything (retrains, ~2 min)
    .venv/bin/python bench/ml_predict.py --holdout-age 48  # hold out age 48 instead of 58
    .venv/bin/python bench/ml_predict.py --skip-holdout    # serving figures only

The held-out model is trained like `python -m ml.train` on the tables without every other 10 kg
bodyweight step (50, 70, 90, 110, 130) and one age, then scored on the rows it never saw.

Each part runs in its own process, so that the serving figures come from a process that imports
neither Keras nor TensorFlow (plain numpy on the saved weights) and the side-by-side ones from
Keras on TensorFlow.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, report  # noqa: E402

REPEATS = 2000


def rss_mb() -> tuple[float, float]:
    """Current and peak resident set size of this process, in MB."""
    status = dict(line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines())
    return int(status["VmRSS"].split()[0]) / 1024, int(status["VmHWM"].split()[0]) / 1024


def sample_rows(n: int) -> list[dict]:
    """n lifts spread over every exercise, sex, age, bodyweight and level."""
    import numpy as np

    from ml import dataset

    grids = dataset.load_standards()
    pairs = dataset.training_pairs(grids, points_per_table=n // 62 + 1, seed=42)
    names = dataset.exercises(grids)
    pick = np.random.default_rng(1).choice(len(pairs), n, replace=False)
    return [
        {
            "exercise": names[pairs.exercise[i]],
            "sex": dataset.SEXES[pairs.sex[i]],
            "age": float(pairs.age[i]),
            "bodyweight_kg": float(pairs.bodyweight_kg[i]),
            "one_rm_kg": float(pairs.one_rm_kg[i]),
        }
        for i in pick
    ]


def timed(call: Callable[[], object], repeats: int) -> list[float]:
    """Wall times (ms) of repeated calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def percentile_of(times: list[float], q: float) -> float:
    """The q-th percentile of a list of times."""
    import numpy as np

    return float(np.percentile(times, q))


def part_serving() -> dict:
    """Serving figures: plain numpy, then Keras (numpy backend) beside it for comparison."""
    started = time.perf_counter()
    from ml.predict import get_model

    model = get_model()
    load_ms = (time.perf_counter() - started) * 1000
    import numpy as np

    from ml import dataset

    rows = sample_rows(1000)
    single = timed(lambda: model.predict(**rows[0]), REPEATS)
    batch = timed(lambda: model.predict_batch(rows), 50)
    rss, peak = rss_mb()
    served_without = sorted({"keras", "jax", "tensorflow"} & set(sys.modules)) == []
    import keras

    names = tuple(sorted(model.exercises))
    one = {
        "exercise": np.array([[names.index(rows[0]["exercise"])]], "int32"),
        "sex": np.array([[1.0]], "float32"),
        "age": np.array([[rows[0]["age"]]], "float32"),
        "bodyweight_kg": np.array([[rows[0]["bodyweight_kg"]]], "float32"),
        "one_rm_kg": np.array([[rows[0]["one_rm_kg"]]], "float32"),
    }
    keras_single = timed(lambda: model.keras_model(one), 300)
    table = dataset.table_pairs(dataset.read_rows(), names=names)
    served = model._forward(
        exercise=table.exercise.astype(np.int64),
        sex=table.sex.astype(float),
        age=table.age,
        bodyweight_kg=table.bodyweight_kg,
        one_rm_kg=table.one_rm_kg,
    )
    return {
        "backend": keras.backend.backend(),
        "served_without_keras": served_without,
        "load_ms": load_ms,
        "single_p50_ms": percentile_of(single, 50),
        "single_p99_ms": percentile_of(single, 99),
        "batch_1000_p50_ms": percentile_of(batch, 50),
        "keras_numpy_call_p50_ms": percentile_of(keras_single, 50),
        "table_mae": float(np.abs(served - table.percentile).mean()),
        "table_max": float(np.abs(served - table.percentile).max()),
        "rss_mb": rss,
        "peak_rss_mb": peak,
    }


def part_tensorflow() -> dict:
    """The same model on Keras's TensorFlow backend, with model.predict."""
    os.environ["KERAS_BACKEND"] = "tensorflow"
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import numpy as np

    import ml.model  # noqa: F401  (registers the custom layer)
    from ml import dataset

    model = keras.saving.load_model(ROOT / "ml" / "artifacts" / "percentile_model.keras")
    names = dataset.exercises(dataset.load_standards())
    rows = sample_rows(1000)

    def inputs(chosen: list[dict]) -> dict:
        return {
            "exercise": np.array([[names.index(r["exercise"])] for r in chosen], "int32"),
            "sex": np.array([[dataset.SEXES.index(r["sex"])] for r in chosen], "float32"),
            **{
                key: np.array([[r[key]] for r in chosen], "float32")
                for key in ("age", "bodyweight_kg", "one_rm_kg")
            },
        }

    one, many = inputs(rows[:1]), inputs(rows)
    model.predict(one, verbose=0)
    single = timed(lambda: model.predict(one, verbose=0), 100)
    batch = timed(lambda: model.predict(many, verbose=0, batch_size=1000), 30)
    direct = timed(lambda: model(one), 100)
    rss, peak = rss_mb()
    return {
        "backend": keras.backend.backend(),
        "single_p50_ms": percentile_of(single, 50),
        "batch_1000_p50_ms": percentile_of(batch, 50),
        "call_p50_ms": percentile_of(direct, 50),
        "rss_mb": rss,
        "peak_rss_mb": peak,
    }


def part_holdout(age: float) -> dict:
    """Train on the tables without the held-out rows; error on those rows, model and baseline."""
    from ml import dataset, train

    holdout = dataclasses.replace(dataset.BENCH_HOLDOUT, ages=frozenset({age}))
    return train.holdout_errors(config=train.FULL, holdout=holdout)


def part_worker() -> dict:
    """RSS of a web worker (Django set up, every URL's view imported) before and after the model."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    import backend.config.urls  # noqa: F401  (imports every view, as a serving worker does)

    without, _ = rss_mb()
    from ml.predict import get_model

    model = get_model()
    model.predict(**sample_rows(1)[0])
    loaded, _ = rss_mb()
    return {"rss_without_model_mb": without, "rss_with_model_mb": loaded}


PARTS = ("serving", "tensorflow", "holdout", "worker")


def run_part(name: str, *options: str) -> dict:
    """Run one part in a fresh Python process and return its JSON."""
    result = subprocess.run(
        [sys.executable, __file__, "--part", name, *options],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    """Run every part and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=PARTS)
    parser.add_argument("--skip-holdout", action="store_true")
    parser.add_argument("--holdout-age", type=float, default=58.0, choices=[38.0, 48.0, 58.0])
    args = parser.parse_args()
    if args.part:
        parts = {
            "serving": part_serving,
            "tensorflow": part_tensorflow,
            "holdout": lambda: part_holdout(args.holdout_age),
            "worker": part_worker,
        }
        print(json.dumps(parts[args.part]()))
        return

    serving, tensorflow = run_part("serving"), run_part("tensorflow")
    worker = run_part("worker")
    holdout = None
    if not args.skip_holdout:
        holdout = run_part("holdout", "--holdout-age", str(args.holdout_age))
    tfjs_dir = ROOT / "ml" / "artifacts" / "tfjs"
    tfjs_kb = sum(p.stat().st_size for p in tfjs_dir.iterdir()) / 1024
    lines = [
        ("MAE at table thresholds (all 2,951 rows)", f"{serving['table_mae']:.3f} pp", "≤ 1.0"),
        ("max abs error at table thresholds", f"{serving['table_max']:.2f} pp", "—"),
    ]
    if holdout:
        lines += [
            (
                f"MAE on held-out rows (bw 50/70/90/110/130, age {args.holdout_age:g})",
                f"{holdout['model']['mae']:.3f} pp ({holdout['model']['rows']} rows)",
                "≤ 1.5",
            ),
            (
                "  … baseline: log-space interpolation",
                f"{holdout['baseline_log_interpolation']['mae']:.3f} pp",
                "—",
            ),
            (
                f"  … of which age-{args.holdout_age:g} rows",
                f"{holdout['model_on_held_out_ages']['mae']:.3f} pp",
                "—",
            ),
            (
                "  … rows it was trained on",
                f"{holdout['model_on_trained_rows']['mae']:.3f} pp",
                "—",
            ),
        ]
    lines += [
        (
            "served without importing Keras, JAX or TensorFlow",
            f"{serving['served_without_keras']}",
            "True",
        ),
        ("model load (first get_model())", f"{serving['load_ms']:.0f} ms", "—"),
        (
            "single predict p50 (p99)",
            f"{serving['single_p50_ms']:.3f} ms ({serving['single_p99_ms']:.3f})",
            "≤ 1 ms",
        ),
        ("1,000-row predict_batch p50", f"{serving['batch_1000_p50_ms']:.2f} ms", "≤ 20 ms"),
        (
            "serving RSS (peak)",
            f"{serving['rss_mb']:.0f} MB ({serving['peak_rss_mb']:.0f})",
            "≤ 400 MB",
        ),
        (
            f"  Keras ({serving['backend']} backend) model(x), 1 row",
            f"{serving['keras_numpy_call_p50_ms']:.3f} ms",
            "—",
        ),
        ("  TensorFlow model.predict, 1 row", f"{tensorflow['single_p50_ms']:.2f} ms", "—"),
        ("  TensorFlow model(x), 1 row", f"{tensorflow['call_p50_ms']:.2f} ms", "—"),
        (
            "  TensorFlow model.predict, 1,000 rows",
            f"{tensorflow['batch_1000_p50_ms']:.2f} ms",
            "—",
        ),
        (
            "  TensorFlow process RSS (peak)",
            f"{tensorflow['rss_mb']:.0f} MB ({tensorflow['peak_rss_mb']:.0f})",
            "—",
        ),
        ("TF.js graph model size", f"{tfjs_kb:.1f} KB", "≤ 200 KB"),
    ]
    width = max(len(name) for name, _, _ in lines)
    print(f"{'figure':<{width}}  {'measured':<28}  target")
    for name, value, target in lines:
        print(f"{name:<{width}}  {value:<28}  {target}")
    report(
        [
            Figure(
                "model",
                "single prediction p50 (saved weights, numpy forward)",
                serving["single_p50_ms"],
                "ms",
                floor=tensorflow["single_p50_ms"],
                floor_name="TensorFlow model.predict, same model",
                most=1 / 50,
                note="at least 50× faster",
            ),
            Figure(
                "model",
                "web worker RSS with the model loaded",
                worker["rss_with_model_mb"],
                "MB",
                floor=worker["rss_without_model_mb"],
                floor_name="the same worker before loading it",
                most=1.5,
            ),
        ]
    )


if __name__ == "__main__":
    main()
