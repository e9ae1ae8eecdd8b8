"""Train the percentile model and write its artifacts: `python -m ml.train [--fast] [--out DIR]`.

Writes to the output directory: `percentile_model.keras` (the source of truth),
`percentile_weights.npz` (the weights serving evaluates in numpy, without Keras), `tfjs/` (a TF.js
graph model: Keras `model.export()` → SavedModel → tensorflowjs converter), `meta.json` (input
encoding and valid ranges, for the web calculator), `metrics.json` and `MODEL_CARD.md`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np

from ml import dataset
from ml.features import MODEL_FILE, WEIGHTS_FILE
from ml.model import make_model, serving_weights

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
TFJS_DIR = "tfjs"
META_FILE = "meta.json"
METRICS_FILE = "metrics.json"
MODEL_CARD_FILE = "MODEL_CARD.md"


@dataclass(frozen=True)
class TrainingConfig:
    """How much data and how many epochs."""

    points_per_table: int
    random_loads_per_point: int
    epochs: int
    hidden_units: int = 32
    monotone_units: int = 8
    batch_size: int = 512
    learning_rate: float = 3e-3
    validation_fraction: float = 0.1
    seed: int = 0


FULL = TrainingConfig(points_per_table=1500, random_loads_per_point=4, epochs=40)
FAST = TrainingConfig(points_per_table=120, random_loads_per_point=3, epochs=3)


def fit_model(
    *, grids: dict[tuple[str, str], dataset.StandardsGrid], config: TrainingConfig, verbose: int = 2
) -> tuple[keras.Model, dict[str, float]]:
    """Train a model on pairs sampled from these grids; return it with its validation error."""
    keras.utils.set_random_seed(config.seed)
    import tensorflow as tf

    tf.config.experimental.enable_op_determinism()
    names = dataset.exercises(grids)
    pairs = dataset.training_pairs(
        grids,
        points_per_table=config.points_per_table,
        random_loads_per_point=config.random_loads_per_point,
        seed=config.seed,
    )
    order = np.random.default_rng(config.seed).permutation(len(pairs))
    n_validation = int(len(pairs) * config.validation_fraction)
    validation, training = pairs.subset(order[:n_validation]), pairs.subset(order[n_validation:])

    model = make_model(
        exercises=names,
        added_weight_exercises=dataset.ADDED_WEIGHT_EXERCISES,
        hidden_units=config.hidden_units,
        monotone_units=config.monotone_units,
    )
    steps = config.epochs * int(np.ceil(len(training) / config.batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(config.learning_rate, steps, alpha=0.02)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="mse", metrics=["mae"])
    model.fit(
        training.inputs(),
        training.percentile.astype("float32"),
        validation_data=(validation.inputs(), validation.percentile.astype("float32")),
        batch_size=config.batch_size,
        epochs=config.epochs,
        verbose=verbose,
    )
    predicted = model.predict(validation.inputs(), batch_size=8192, verbose=0).ravel()
    errors = np.abs(predicted - validation.percentile)
    return model, {
        "validation_pairs": len(validation),
        "training_pairs": len(training),
        "validation_mae": float(errors.mean()),
        "validation_p99_abs_error": float(np.quantile(errors, 0.99)),
    }


def table_errors(
    model: keras.Model, *, rows: list[dataset.StandardsRow], names: tuple[str, ...]
) -> dict[str, float]:
    """Absolute error (percentile points) at the published thresholds of these rows."""
    pairs = dataset.table_pairs(rows, names=names)
    errors = np.abs(
        model.predict(pairs.inputs(), batch_size=8192, verbose=0).ravel() - pairs.percentile
    )
    by_level = errors.reshape(-1, len(dataset.LEVELS)).mean(axis=0)
    return {
        "rows": len(rows),
        "mae": float(errors.mean()),
        "max_abs_error": float(errors.max()),
        **{f"mae_{level}": float(e) for level, e in zip(dataset.LEVELS, by_level, strict=True)},
    }


def baseline_errors(
    *, grids: dict[tuple[str, str], dataset.StandardsGrid], rows: list[dataset.StandardsRow]
) -> dict[str, float]:
    """The same errors for plain log-space interpolation of the grids (no model), for scale."""
    errors = []
    for row in rows:
        thresholds = dataset.threshold_loads(
            grids[row.exercise, row.sex],
            ages=np.array([row.age]),
            bodyweights=np.array([row.bodyweight_kg]),
        )
        percentiles = dataset.percentile_from_loads(
            np.array(row.loads), np.repeat(thresholds, 5, axis=0)
        )
        errors.append(np.abs(percentiles - [dataset.LEVEL_PERCENTILES[x] for x in dataset.LEVELS]))
    return {
        "rows": len(rows),
        "mae": float(np.mean(errors)),
        "max_abs_error": float(np.max(errors)),
    }


def holdout_errors(*, config: TrainingConfig, holdout: dataset.Holdout) -> dict[str, dict]:
    """Train without the held-out rows, then score them: the model against plain interpolation."""
    grids = dataset.load_standards(holdout=holdout)
    model, _ = fit_model(grids=grids, config=config, verbose=0)
    rows = dataset.read_rows()
    held_out = [r for r in rows if holdout.holds_out(age=r.age, bodyweight_kg=r.bodyweight_kg)]
    names = dataset.exercises(grids)
    return {
        "holdout": {"ages": sorted(holdout.ages), "bodyweights": sorted(holdout.bodyweights)},
        "model": table_errors(model, rows=held_out, names=names),
        "baseline_log_interpolation": baseline_errors(grids=grids, rows=held_out),
        "model_on_held_out_ages": table_errors(
            model, rows=[r for r in held_out if r.age in holdout.ages], names=names
        ),
        "model_on_trained_rows": table_errors(
            model, rows=[r for r in rows if r not in held_out], names=names
        ),
    }


def monotone_violations(model: keras.Model, *, names: tuple[str, ...]) -> int:
    """How many steps of a dense 1RM sweep (every exercise, sex, age, bodyweight) go down."""
    ages, bodyweights = np.arange(18.0, 64.0, 9.0), np.arange(40.0, 151.0, 22.0)
    loads = np.linspace(-60.0, 400.0, 231)
    mesh = np.stack(
        np.meshgrid(np.arange(len(names)), [0.0, 1.0], ages, bodyweights, loads, indexing="ij"), -1
    ).reshape(-1, 5)
    inputs = {
        name: mesh[:, i : i + 1].astype("int32" if name == "exercise" else "float32")
        for i, name in enumerate(("exercise", "sex", "age", "bodyweight_kg", "one_rm_kg"))
    }
    predicted = model.predict(inputs, batch_size=65536, verbose=0).reshape(-1, len(loads))
    return int((np.diff(predicted, axis=1) < -1e-4).sum())


def grid_meta(grids: dict[tuple[str, str], dataset.StandardsGrid]) -> dict:
    """Input encoding and valid ranges of the model (what a client needs to call it)."""
    names = dataset.exercises(grids)
    return {
        "inputs": {
            "exercise": "int32 index into `exercises`",
            "sex": "float32, 0 = female, 1 = male",
            "age": "float32 years",
            "bodyweight_kg": "float32 kg",
            "one_rm_kg": "float32 kg; for `added_weight_exercises` the weight added to bodyweight",
        },
        "output": "percentile 0–100 (stronger than this % of lifters)",
        "exercises": list(names),
        "sexes": list(dataset.SEXES),
        "added_weight_exercises": sorted(dataset.ADDED_WEIGHT_EXERCISES),
        "level_percentiles": dataset.LEVEL_PERCENTILES,
        "ranges": {
            f"{exercise}/{sex}": {"age": grid.age_range, "bodyweight_kg": grid.bodyweight_range}
            for (exercise, sex), grid in sorted(grids.items())
        },
        "credit": "Strength standards: Strength Level (strengthlevel.com)",
    }


def export_tfjs(model: keras.Model, *, out_dir: Path) -> int:
    """Write the TF.js graph model to out_dir; return its size in bytes."""
    from tensorflowjs.converters import convert_tf_saved_model

    shutil.rmtree(out_dir, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        saved_model = Path(tmp) / "saved_model"
        model.export(str(saved_model), format="tf_saved_model", verbose=False)
        convert_tf_saved_model(str(saved_model), str(out_dir), signature_def="serve")
    return sum(path.stat().st_size for path in out_dir.iterdir())


def write_model_card(*, out_dir: Path, metrics: dict, meta: dict) -> None:
    """Write MODEL_CARD.md from the metrics."""
    table = metrics["table_thresholds"]
    ranges = sorted({(tuple(r["age"]), tuple(r["bodyweight_kg"])) for r in meta["ranges"].values()})
    card = MODEL_CARD.format(
        exercises=", ".join(meta["exercises"]),
        n_exercises=len(meta["exercises"]),
        table_mae=table["mae"],
        table_max=table["max_abs_error"],
        by_level=", ".join(f"{level} {table[f'mae_{level}']:.2f}" for level in dataset.LEVELS),
        validation_mae=metrics["validation"]["validation_mae"],
        held_out=held_out_text(metrics),
        monotone=metrics["monotone_violations"],
        tfjs_kb=metrics["tfjs_bytes"] / 1024,
        config=metrics["config"],
        age_ranges=", ".join(f"{a[0]:g}–{a[1]:g}" for a in sorted({r[0] for r in ranges})),
        bodyweight_ranges=", ".join(f"{b[0]:g}–{b[1]:g}" for b in sorted({r[1] for r in ranges})),
    )
    (out_dir / MODEL_CARD_FILE).write_text(card)


def held_out_text(metrics: dict) -> str:
    """The model card's line on rows left out of training."""
    if "held_out_rows" not in metrics:
        return "Rows left out of training: not measured in this run (`bench/ml_predict.py`)."
    held_out = metrics["held_out_rows"]
    return (
        f"Rows left out of training (a second model trained without bodyweights "
        f"{', '.join(f'{b:g}' for b in held_out['holdout']['bodyweights'])} kg and age "
        f"{', '.join(f'{a:g}' for a in held_out['holdout']['ages'])}; "
        f"{held_out['model']['rows']} rows): MAE {held_out['model']['mae']:.2f}; plain "
        f"log-space interpolation of the same reduced tables scores "
        f"{held_out['baseline_log_interpolation']['mae']:.2f}."
    )


def train(
    *, out_dir: Path, config: TrainingConfig, with_holdout: bool = False, verbose: int = 2
) -> dict:
    """Train on every table row, evaluate, and write all artifacts to out_dir."""
    started = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    grids = dataset.load_standards()
    names = dataset.exercises(grids)
    model, validation = fit_model(grids=grids, config=config, verbose=verbose)
    model.save(out_dir / MODEL_FILE)
    np.savez(out_dir / WEIGHTS_FILE, **serving_weights(model))
    meta = grid_meta(grids)
    (out_dir / META_FILE).write_text(json.dumps(meta, indent=1) + "\n")
    metrics = {
        "config": config.__dict__,
        "validation": validation,
        "table_thresholds": table_errors(model, rows=dataset.read_rows(), names=names),
        "monotone_violations": monotone_violations(model, names=names),
        "tfjs_bytes": export_tfjs(model, out_dir=out_dir / TFJS_DIR),
        "keras_bytes": (out_dir / MODEL_FILE).stat().st_size,
    }
    if with_holdout:
        metrics["held_out_rows"] = holdout_errors(config=config, holdout=dataset.BENCH_HOLDOUT)
    metrics["train_seconds"] = round(time.perf_counter() - started, 1)
    (out_dir / METRICS_FILE).write_text(json.dumps(metrics, indent=1) + "\n")
    write_model_card(out_dir=out_dir, metrics=metrics, meta=meta)
    return metrics


def main() -> None:
    """Parse the command line, train, print the metrics."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", action="store_true", help="few pairs and epochs (CI smoke run)")
    parser.add_argument("--out", type=Path, default=ARTIFACTS_DIR, help="output directory")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--epochs", type=int, help="override the number of epochs")
    parser.add_argument(
        "--no-holdout", action="store_true", help="skip the held-out retraining (full run only)"
    )
    args = parser.parse_args()
    config = FAST if args.fast else FULL
    config = TrainingConfig(
        **{**config.__dict__, "seed": args.seed, "epochs": args.epochs or config.epochs}
    )
    metrics = train(
        out_dir=args.out,
        config=config,
        with_holdout=not (args.fast or args.no_holdout),
        verbose=0 if args.fast else 2,
    )
    print(f"validation MAE        {metrics['validation']['validation_mae']:.3f} percentile points")
    print(f"table-threshold MAE   {metrics['table_thresholds']['mae']:.3f} percentile points")
    print(f"table-threshold max   {metrics['table_thresholds']['max_abs_error']:.3f}")
    if "held_out_rows" in metrics:
        held_out = metrics["held_out_rows"]
        print(f"held-out rows MAE     {held_out['model']['mae']:.3f} percentile points")
        print(f"  baseline (interp.)  {held_out['baseline_log_interpolation']['mae']:.3f}")
    print(f"monotone violations   {metrics['monotone_violations']}")
    print(f"TF.js model           {metrics['tfjs_bytes'] / 1024:.1f} KB")
    print(f"artifacts             {args.out}")


MODEL_CARD = """# Model card: lift percentile model

Estimates how a lift ranks: the percentage of lifters of the same sex, age and bodyweight that a
one-rep max (1RM) beats on a given exercise. Written by `python -m ml.train`; figures below are from
the committed run.

## Data

Strength Level's strength standards (strengthlevel.com, 2026 edition; `ml/data/SOURCES.md`): the
1RM of Beginner, Novice, Intermediate, Advanced and Elite, which beat 5, 20, 50, 80 and 95% of
lifters, per exercise, sex, age (18, 28, 38, 48, 58, 63) and bodyweight (10 kg steps).

- **Densifying** (`ml/dataset.py`): one complete age × bodyweight grid per exercise and sex,
  linearly interpolated in log-kg with `scipy.interpolate.RegularGridInterpolator` (1 year × 1 kg
  mesh), which keeps the five levels in order everywhere.
- **Women above 80 kg** (and barbell curl above 100 kg): the all-ages table, given the age curve of
  the same exercise at the heaviest by-age bodyweight (ratio to age 28, per level).
- **Exercises with only an all-ages table** borrow an age curve per level and bodyweight:
  smith-machine squat from squat, pull-ups from lat pulldown, dips from bench press.
- **Pull-ups and dips** use the load bodyweight + added kg (negative = assisted); their `one_rm_kg`
  input is the added weight. Loads under 1 kg count as 1 kg.
- **Between levels**: linear in (log kg, normal quantile). **Below Beginner / above Elite**: a
  lognormal tail whose scale σ is the least-squares fit of log(threshold) = μ + σ·z over the five
  levels, anchored at the Beginner / Elite threshold.
- Training pairs: {config[points_per_table]} random mesh points per exercise and sex, each with its
  five thresholds and {config[random_loads_per_point]} loads drawn uniformly in normal-quantile
  space (z in ±3.2); {config[validation_fraction]:.0%} of pairs kept for validation; seed
  {config[seed]}.

## Inputs and valid ranges

`exercise` (index into `meta.json` → `exercises`), `sex` (0 female, 1 male), `age` (years),
`bodyweight_kg`, `one_rm_kg` → `percentile` (0–100). Ages {age_ranges}; bodyweights (kg)
{bodyweight_ranges}, depending on exercise and sex (`meta.json` → `ranges`). The server-side
predictor clamps age and bodyweight into the range and flags the answer as `extrapolated`; the
1RM is never clamped (the tails cover it). {n_exercises} exercises: {exercises}.

The web calculator loads `tfjs/model.json` with `tf.loadGraphModel` and calls
`model.execute({{exercise, sex, age, bodyweight_kg, one_rm_kg}})` with `[n, 1]` tensors (`exercise`
int32, the rest float32) → `[n, 1]` percentiles; it should clamp age and bodyweight with
`meta.json` → `ranges` as the server does. Its outputs are checked against Keras under Node on
the pure-JS CPU backend (`ml/tfjs_check/`), which has no fused tanh: hence sigmoid layers.

Out of scope: push-ups (standards are bodyweight reps, not a load); ages under 18 or over 63
(answered at the nearest age, flagged).

## Model

Keras Functional: exercise embedding (8) + sex + scaled age and bodyweight → 2 × 32 sigmoid → a
location μ, an inverse scale s > 0 and non-negative weights of a monotone curve applied to
u = (log load − μ)·s; percentile = 100·σ(a·u + Σ wₖ σ(vₖu + bₖ) + c) with a, wₖ, vₖ ≥ 0.
Non-decreasing in 1RM by construction (checked on a dense sweep: {monotone} decreasing steps),
smooth in age and bodyweight. About 2,100 parameters; TF.js graph model {tfjs_kb:.1f} KB.

## Error

- At the published thresholds (every table row): MAE {table_mae:.2f} percentile points, max
  {table_max:.2f}; by level: {by_level}.
- Validation pairs (dense mesh): MAE {validation_mae:.2f}.
- {held_out}

The standards describe Strength Level's users (people who log lifts), not the whole population, and
drift a little from year to year as its user base grows.

## Credits

Strength standards: Strength Level (strengthlevel.com). Show this credit wherever a level or a
percentile is shown.
"""


if __name__ == "__main__":
    main()
