"""The percentile model: (exercise, sex, age, bodyweight, 1RM) → percentile, monotone in 1RM.

A small network reads the lifter (exercise embedding, sex, age, bodyweight) and outputs, for that
lifter, a location μ, an inverse scale s > 0 and the positive weights of a monotone curve. The load
(1RM, or bodyweight + added kg for pull-ups and dips) enters only through

    u = (log load − μ) · s
    g = a·u + Σₖ wₖ·σ(vₖ·u + bₖ) + c        with a, wₖ ≥ 0 (softplus), vₖ ≥ 0 (NonNeg)
    percentile = 100 · σ(g)                    σ = logistic sigmoid

so the percentile is non-decreasing in the 1RM by construction, and smooth in age and bodyweight.
Hidden layers use the sigmoid, not tanh: the TF.js converter fuses Dense + activation into
_FusedMatMul, and @tensorflow/tfjs 4.22's CPU backend implements that only for linear, relu, relu6,
elu, prelu, leakyrelu and sigmoid ("Activation tanh has not been implemented for the CPU backend").
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np

from ml.features import (
    AGE_CENTRE,
    AGE_SCALE,
    BODYWEIGHT_CENTRE,
    BODYWEIGHT_SCALE,
    INPUT_NAMES,
    LOG_LOAD_CENTRE,
    MIN_LOAD_KG,
    SERVING_LAYERS,
)

__all__ = ["INPUT_NAMES", "LogLoad", "make_model", "serving_weights"]


@keras.saving.register_keras_serializable(package="sbd_animal")
class LogLoad(keras.layers.Layer):
    """log(max(one_rm + share · bodyweight, 1 kg)) − 4: share is 1 for added-weight exercises."""

    def call(self, inputs: list) -> object:
        """Centred log of the load lifted."""
        one_rm, bodyweight, share = inputs
        load = keras.ops.maximum(one_rm + share * bodyweight, MIN_LOAD_KG)
        return keras.ops.log(load) - LOG_LOAD_CENTRE

    def compute_output_shape(self, input_shape: list) -> tuple:
        """Same shape as the 1RM input."""
        return tuple(input_shape[0])


def make_model(
    *,
    exercises: Sequence[str],
    added_weight_exercises: frozenset[str] = frozenset(),
    embedding_dim: int = 8,
    hidden_units: int = 32,
    monotone_units: int = 8,
) -> keras.Model:
    """Build the uncompiled percentile model for these exercises (index = position in the list)."""
    exercise = keras.Input(shape=(1,), dtype="int32", name="exercise")
    sex = keras.Input(shape=(1,), name="sex")
    age = keras.Input(shape=(1,), name="age")
    bodyweight = keras.Input(shape=(1,), name="bodyweight_kg")
    one_rm = keras.Input(shape=(1,), name="one_rm_kg")

    embedded = keras.layers.Flatten(name="exercise_vector")(
        keras.layers.Embedding(len(exercises), embedding_dim, name="exercise_embedding")(exercise)
    )
    share = keras.layers.Flatten(name="bodyweight_share_vector")(
        keras.layers.Embedding(len(exercises), 1, trainable=False, name="bodyweight_share")(
            exercise
        )
    )
    age_scaled = keras.layers.Rescaling(1 / AGE_SCALE, -AGE_CENTRE / AGE_SCALE, name="age_scaled")(
        age
    )
    bodyweight_scaled = keras.layers.Rescaling(
        1 / BODYWEIGHT_SCALE, -BODYWEIGHT_CENTRE / BODYWEIGHT_SCALE, name="bodyweight_scaled"
    )(bodyweight)
    lifter = keras.layers.Concatenate(name="lifter")([embedded, sex, age_scaled, bodyweight_scaled])
    hidden = keras.layers.Dense(hidden_units, activation="sigmoid", name="hidden_1")(lifter)
    hidden = keras.layers.Dense(hidden_units, activation="sigmoid", name="hidden_2")(hidden)

    location = keras.layers.Dense(1, name="location")(hidden)
    inverse_scale = keras.layers.Dense(
        1,
        activation="exponential",
        bias_initializer=keras.initializers.Constant(np.log(2.5)),
        name="inverse_scale",
    )(hidden)
    slope = keras.layers.Dense(1, activation="softplus", name="slope")(hidden)
    unit_weights = keras.layers.Dense(monotone_units, activation="softplus", name="unit_weights")(
        hidden
    )
    offset = keras.layers.Dense(1, name="offset")(hidden)

    log_load = LogLoad(name="log_load")([one_rm, bodyweight, share])
    standardized = keras.layers.Multiply(name="standardized_load")(
        [keras.layers.Subtract(name="centred_load")([log_load, location]), inverse_scale]
    )
    units = keras.layers.Dense(
        monotone_units,
        activation="sigmoid",
        kernel_constraint=keras.constraints.NonNeg(),
        kernel_initializer=keras.initializers.RandomUniform(0.5, 2.0),
        bias_initializer=keras.initializers.RandomUniform(-2.0, 2.0),
        name="monotone_units",
    )(standardized)
    logit = keras.layers.Add(name="logit")(
        [
            keras.layers.Multiply(name="linear_part")([slope, standardized]),
            keras.layers.Dot(axes=1, name="curved_part")([unit_weights, units]),
            offset,
        ]
    )
    percentile = keras.layers.Rescaling(100.0, name="percentile")(
        keras.layers.Activation("sigmoid", name="probability")(logit)
    )
    model = keras.Model(
        inputs={
            "exercise": exercise,
            "sex": sex,
            "age": age,
            "bodyweight_kg": bodyweight,
            "one_rm_kg": one_rm,
        },
        outputs=percentile,
        name="percentile_model",
    )
    shares = np.array([[1.0 if name in added_weight_exercises else 0.0] for name in exercises])
    model.get_layer("bodyweight_share").set_weights([shares])
    return model


def serving_weights(model: keras.Model) -> dict[str, np.ndarray]:
    """The weights `ml.predict` serves with, as `<layer>/<index>` arrays (kernel 0, bias 1)."""
    return {
        f"{name}/{index}": np.asarray(weight, dtype=np.float64)
        for name in SERVING_LAYERS
        for index, weight in enumerate(model.get_layer(name).get_weights())
    }
