"""The model's input scaling and the serving weights' layout, without Keras.

Training (`ml.model`, Keras) and serving (`ml.predict`, plain numpy) both read these, so serving
never imports Keras: a web worker with the model loaded stays close to one without it.
"""

from __future__ import annotations

# Centre of log(load in kg); keeps the location head's output near zero.
LOG_LOAD_CENTRE = 4.0
AGE_CENTRE, AGE_SCALE = 40.0, 15.0
BODYWEIGHT_CENTRE, BODYWEIGHT_SCALE = 80.0, 30.0
# Loads below this (e.g. heavily assisted pull-ups) are treated as this (kg).
MIN_LOAD_KG = 1.0

INPUT_NAMES: tuple[str, ...] = ("exercise", "sex", "age", "bodyweight_kg", "one_rm_kg")

# The layers whose weights the numpy forward pass needs, saved by training next to the .keras
# file as `<layer>/<index>` arrays (kernel 0, bias 1) in WEIGHTS_FILE.
SERVING_LAYERS: tuple[str, ...] = (
    "exercise_embedding",
    "bodyweight_share",
    "hidden_1",
    "hidden_2",
    "location",
    "inverse_scale",
    "slope",
    "unit_weights",
    "offset",
    "monotone_units",
)
WEIGHTS_FILE = "percentile_weights.npz"
# The trained Keras model itself: the source of truth for training, tests and the TF.js export.
MODEL_FILE = "percentile_model.keras"
