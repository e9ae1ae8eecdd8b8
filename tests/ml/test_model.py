"""The Keras model: monotone in 1RM, smooth in age and bodyweight, numpy serving equals Keras."""

from __future__ import annotations

import keras
import numpy as np

from ml import dataset
from ml.model import make_model
from ml.predict import PercentileModel

INPUTS = ("exercise", "sex", "age", "bodyweight_kg", "one_rm_kg")


def mesh_inputs(
    *, exercises: int, ages: np.ndarray, bodyweights: np.ndarray, one_rms: np.ndarray
) -> dict[str, np.ndarray]:
    """Every combination of exercise, sex, age, bodyweight and 1RM (1RM varies fastest)."""
    mesh = np.stack(
        np.meshgrid(np.arange(exercises), [0.0, 1.0], ages, bodyweights, one_rms, indexing="ij"), -1
    ).reshape(-1, 5)
    return {name: mesh[:, i] for i, name in enumerate(INPUTS)}


def forward(model: PercentileModel, inputs: dict[str, np.ndarray]) -> np.ndarray:
    """The serving forward pass on a mesh."""
    return model._forward(**{**inputs, "exercise": inputs["exercise"].astype(np.int64)})


def test_it_is_monotone_in_one_rm_on_a_dense_grid(percentile_model: PercentileModel) -> None:
    one_rms = np.concatenate([np.linspace(-70.0, 0.0, 71), np.linspace(0.25, 450.0, 1800)])
    inputs = mesh_inputs(
        exercises=31,
        ages=np.array([18.0, 25.0, 40.0, 51.0, 63.0]),
        bodyweights=np.array([40.0, 57.0, 80.0, 113.0, 150.0]),
        one_rms=one_rms,
    )

    percentiles = forward(percentile_model, inputs).reshape(-1, len(one_rms))

    assert (np.diff(percentiles, axis=1) >= -1e-9).all()
    assert (percentiles.min() >= 0.0, percentiles.max() <= 100.0) == (True, True)


def test_it_is_monotone_by_construction_even_untrained() -> None:
    keras.utils.set_random_seed(3)
    model = make_model(exercises=["a", "b", "c"], added_weight_exercises=frozenset({"c"}))
    one_rms = np.linspace(-50.0, 400.0, 300)
    inputs = mesh_inputs(
        exercises=3,
        ages=np.array([20.0, 60.0]),
        bodyweights=np.array([50.0, 120.0]),
        one_rms=one_rms,
    )

    keras_inputs = {
        name: values.reshape(-1, 1).astype("int32" if name == "exercise" else "float32")
        for name, values in inputs.items()
    }
    percentiles = np.asarray(model(keras_inputs)).reshape(-1, len(one_rms))

    assert (np.diff(percentiles, axis=1) >= -1e-5).all()


def test_it_is_smooth_in_age_and_bodyweight(percentile_model: PercentileModel) -> None:
    ages, bodyweights = np.arange(18.0, 63.5, 0.5), np.arange(40.0, 150.5, 0.5)
    for exercise, sex, one_rm in [("bench-press", "male", 100.0), ("squat", "female", 80.0)]:
        base = {"exercise": exercise, "sex": sex, "one_rm_kg": one_rm}
        by_age = percentile_model.predict_batch(
            [{**base, "age": a, "bodyweight_kg": 70.0} for a in ages]
        )
        by_bodyweight = percentile_model.predict_batch(
            [{**base, "age": 30.0, "bodyweight_kg": b} for b in bodyweights]
        )

        assert np.abs(np.diff([p.percentile for p in by_age])).max() < 1.0
        assert np.abs(np.diff([p.percentile for p in by_bodyweight])).max() < 1.0


def test_it_serves_the_same_numbers_as_the_keras_model(percentile_model: PercentileModel) -> None:
    pairs = dataset.training_pairs(dataset.load_standards(), points_per_table=40, seed=11)

    keras_percentiles = np.asarray(percentile_model.keras_model(pairs.inputs())).ravel()
    served = forward(
        percentile_model,
        {
            "exercise": pairs.exercise,
            "sex": pairs.sex.astype(float),
            "age": pairs.age,
            "bodyweight_kg": pairs.bodyweight_kg,
            "one_rm_kg": pairs.one_rm_kg,
        },
    )

    assert np.abs(served - keras_percentiles).max() < 1e-3


def test_it_meets_the_error_target_at_the_table_thresholds(
    percentile_model: PercentileModel,
) -> None:
    rows = dataset.read_rows()
    pairs = dataset.table_pairs(rows, names=tuple(sorted(percentile_model.exercises)))

    served = forward(
        percentile_model,
        {
            "exercise": pairs.exercise,
            "sex": pairs.sex.astype(float),
            "age": pairs.age,
            "bodyweight_kg": pairs.bodyweight_kg,
            "one_rm_kg": pairs.one_rm_kg,
        },
    )

    assert np.abs(served - pairs.percentile).mean() <= 1.0
