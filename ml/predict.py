"""Server-side percentile predictor, without TensorFlow: `get_model().predict(...)`.

The committed `.keras` file is the source of truth; training saves the weights the forward pass
needs next to it (`percentile_weights.npz`), and serving loads only those, once per process, and
evaluates them with plain numpy: the same arithmetic as the Keras layers (checked in tests against
the `.keras` file, so a stale weights file fails them), without importing Keras, JAX or
TensorFlow, so a worker with the model loaded costs little more memory than one without it.
`PercentileModel.keras_model` loads the Keras model itself on demand, for tests and benchmarks.
Level thresholds come from the densified Strength Level tables (`ml.dataset`).

`python -m ml.predict < lifts.csv`: CSV in (header `exercise,sex,age,bodyweight_kg,one_rm_kg`), the
same rows out with a `percentile` column; one message per bad row on stderr (its percentile is
left empty) and exit status 1 if any row was bad; exit status 2 (one line) if the model cannot load.
"""

from __future__ import annotations

import csv
import json
import math
import os
import sys
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ml import INSTALL_HINT, dataset
from ml.features import (
    AGE_CENTRE,
    AGE_SCALE,
    BODYWEIGHT_CENTRE,
    BODYWEIGHT_SCALE,
    LOG_LOAD_CENTRE,
    MIN_LOAD_KG,
    MODEL_FILE,
    WEIGHTS_FILE,
)

ARTIFACTS_DIR = Path(__file__).resolve().parent / "artifacts"
CSV_COLUMNS: tuple[str, ...] = ("exercise", "sex", "age", "bodyweight_kg", "one_rm_kg")
# Answers are rounded so batch and single calls agree exactly (BLAS may differ in the last bit).
PERCENTILE_DECIMALS = 4
KG_DECIMALS = 2


class UnknownExerciseError(ValueError):
    """The exercise has no percentile model."""


class ModelLoadError(RuntimeError):
    """The committed percentile model cannot be loaded, so this process cannot rank."""


@dataclass(frozen=True)
class NextLevel:
    """The next level up, its 1RM threshold and how many kg are still missing."""

    level: str
    one_rm_kg: float
    kg_to_go: float


@dataclass(frozen=True)
class Prediction:
    """How a lift ranks among lifters of the same sex, age and bodyweight."""

    percentile: float
    level: str
    extrapolated: bool
    next_level: NextLevel | None


@dataclass(frozen=True)
class _Lift:
    """One validated input row, with age and bodyweight clamped to the data range."""

    exercise: str
    sex: str
    age: float
    bodyweight_kg: float
    one_rm_kg: float
    extrapolated: bool


def _matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b without BLAS: its threads cost more than these tiny products on a busy machine."""
    return np.einsum("ij,jk->ik", a, b)


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))


class _NumpyForward:
    """The percentile model's forward pass in numpy, from its saved `<layer>/<index>` weights."""

    def __init__(self, saved: Mapping[str, np.ndarray]) -> None:
        def weights(name: str) -> list[np.ndarray]:
            found = sorted(key for key in saved if key.rsplit("/", 1)[0] == name)
            if not found:
                raise KeyError(f"the weights file has no layer {name!r}")
            return [np.asarray(saved[key], dtype=np.float64) for key in found]

        (self.embedding,) = weights("exercise_embedding")
        (self.share,) = weights("bodyweight_share")
        self.hidden = [weights("hidden_1"), weights("hidden_2")]
        self.heads = {
            name: weights(name)
            for name in ("location", "inverse_scale", "slope", "unit_weights", "offset")
        }
        self.units_kernel, self.units_bias = weights("monotone_units")

    def __call__(
        self,
        *,
        exercise: np.ndarray,
        sex: np.ndarray,
        age: np.ndarray,
        bodyweight_kg: np.ndarray,
        one_rm_kg: np.ndarray,
    ) -> np.ndarray:
        """Percentiles (n,) for 1-D input arrays."""
        lifter = np.column_stack(
            [
                self.embedding[exercise],
                sex,
                (age - AGE_CENTRE) / AGE_SCALE,
                (bodyweight_kg - BODYWEIGHT_CENTRE) / BODYWEIGHT_SCALE,
            ]
        )
        hidden = lifter
        for kernel, bias in self.hidden:
            hidden = _sigmoid(_matmul(hidden, kernel) + bias)
        head = {name: _matmul(hidden, kernel) + bias for name, (kernel, bias) in self.heads.items()}
        load = np.maximum(one_rm_kg + self.share[exercise, 0] * bodyweight_kg, MIN_LOAD_KG)
        standardized = (np.log(load) - LOG_LOAD_CENTRE - head["location"][:, 0]) * np.exp(
            head["inverse_scale"][:, 0]
        )
        units = _sigmoid(standardized[:, None] * self.units_kernel + self.units_bias)
        logit = (
            _softplus(head["slope"][:, 0]) * standardized
            + (_softplus(head["unit_weights"]) * units).sum(axis=1)
            + head["offset"][:, 0]
        )
        return 100.0 * _sigmoid(logit)


class PercentileModel:
    """Percentile, level and next level of a 1RM, for every exercise with standards."""

    def __init__(
        self,
        *,
        weights: Mapping[str, np.ndarray],
        grids: Mapping[tuple[str, str], dataset.StandardsGrid],
        artifacts_dir: Path = ARTIFACTS_DIR,
    ) -> None:
        self._artifacts_dir = artifacts_dir
        self._grids = dict(grids)
        self._names = dataset.exercises(self._grids)
        self._index = {name: i for i, name in enumerate(self._names)}
        self._forward = _NumpyForward(weights)
        self._ranges = {key: (*g.age_range, *g.bodyweight_range) for key, g in self._grids.items()}
        self._stacked = dataset.StackedGrids.of(self._grids)
        self._grid_index = {key: i for i, key in enumerate(self._stacked.keys)}
        self.exercises: frozenset[str] = frozenset(self._names)

    @classmethod
    def load(cls, *, artifacts_dir: Path = ARTIFACTS_DIR) -> PercentileModel:
        """Load the committed model and the standards tables."""
        try:
            with np.load(artifacts_dir / WEIGHTS_FILE) as saved:
                weights = {key: saved[key] for key in saved.files}
            grids = dataset.load_standards()
            meta = json.loads((artifacts_dir / "meta.json").read_text())
            forward = _NumpyForward(weights)
        except Exception as error:
            hint = f"; {INSTALL_HINT}" if isinstance(error, ImportError) else ""
            raise ModelLoadError(
                f"the percentile model cannot load from {artifacts_dir}: "
                f"{type(error).__name__}: {error}{hint}"
            ) from error
        if meta["exercises"] != list(dataset.exercises(grids)):
            raise ModelLoadError(
                f"{artifacts_dir} is stale: its exercises differ from ml/data; retrain"
                " (python -m ml.train)"
            )
        if len(forward.embedding) != len(meta["exercises"]):
            raise ModelLoadError(
                f"{artifacts_dir / WEIGHTS_FILE} does not match meta.json; retrain"
                " (python -m ml.train)"
            )
        return cls(weights=weights, grids=grids, artifacts_dir=artifacts_dir)

    @property
    def keras_model(self) -> Any:
        """The trained Keras model (on Keras's numpy backend), for tests and benchmarks only."""
        return _keras_model(self._artifacts_dir)

    def predict(
        self, *, exercise: str, sex: str, age: float, bodyweight_kg: float, one_rm_kg: float
    ) -> Prediction:
        """Rank one lift."""
        lift = self._lift(exercise, sex, age, bodyweight_kg, one_rm_kg)
        return self._predictions([lift])[0]

    def predict_batch(self, rows: Sequence[Mapping]) -> list[Prediction]:
        """Rank many lifts in one model call; a bad row raises its error, prefixed by its index."""
        lifts = []
        for i, row in enumerate(rows):
            try:
                lifts.append(
                    self._lift(
                        row["exercise"],
                        row["sex"],
                        row["age"],
                        row["bodyweight_kg"],
                        row["one_rm_kg"],
                    )
                )
            except KeyError as error:
                raise ValueError(f"row {i}: missing {error}") from None
            except ValueError as error:
                raise type(error)(f"row {i}: {error}") from None
        return self._predictions(lifts)

    def thresholds(
        self, *, exercise: str, sex: str, age: float, bodyweight_kg: float
    ) -> dict[str, float]:
        """1RM (kg; added kg for pull-ups and dips) of each level for this lifter."""
        lift = self._lift(exercise, sex, age, bodyweight_kg, 0.0, check_one_rm=False)
        kgs = self._thresholds([lift])[0].round(KG_DECIMALS).tolist()
        return dict(zip(dataset.LEVELS, kgs, strict=True))

    def level_for(
        self, *, exercise: str, sex: str, age: float, bodyweight_kg: float, one_rm_kg: float
    ) -> str:
        """Highest level whose threshold the 1RM reaches (below Beginner is still Beginner)."""
        return self.predict(
            exercise=exercise, sex=sex, age=age, bodyweight_kg=bodyweight_kg, one_rm_kg=one_rm_kg
        ).level

    def next_level(
        self, *, exercise: str, sex: str, age: float, bodyweight_kg: float, one_rm_kg: float
    ) -> NextLevel | None:
        """The level above `level_for`, with its threshold and kg to go; None at Elite."""
        return self.predict(
            exercise=exercise, sex=sex, age=age, bodyweight_kg=bodyweight_kg, one_rm_kg=one_rm_kg
        ).next_level

    def _lift(
        self,
        exercise: str,
        sex: str,
        age: float,
        bodyweight_kg: float,
        one_rm_kg: float,
        *,
        check_one_rm: bool = True,
    ) -> _Lift:
        """Validate one input row and clamp age and bodyweight to the data range."""
        if exercise not in self._index:
            why = dataset.OUT_OF_SCOPE.get(exercise, "no strength standards")
            raise UnknownExerciseError(f"unknown exercise {exercise!r} ({why})")
        if sex not in dataset.SEXES:
            raise ValueError(f"sex must be 'male' or 'female', not {sex!r}")
        age_years, bodyweight = _number(age), _number(bodyweight_kg)
        if age_years is None or age_years <= 0:
            raise ValueError(f"age must be a positive number, not {age!r}")
        if bodyweight is None or bodyweight <= 0:
            raise ValueError(f"bodyweight_kg must be a positive number, not {bodyweight_kg!r}")
        one_rm = _number(one_rm_kg)
        if check_one_rm:
            if one_rm is None:
                raise ValueError(f"one_rm_kg must be a number, not {one_rm_kg!r}")
            if exercise in dataset.ADDED_WEIGHT_EXERCISES and one_rm <= -bodyweight:
                raise ValueError(f"one_rm_kg {one_rm_kg} assists more than the bodyweight")
            if exercise not in dataset.ADDED_WEIGHT_EXERCISES and one_rm <= 0:
                raise ValueError(f"one_rm_kg must be positive, not {one_rm_kg!r}")
        min_age, max_age, min_bodyweight, max_bodyweight = self._ranges[exercise, sex]
        clamped_age = min(max(age_years, min_age), max_age)
        clamped_bodyweight = min(max(bodyweight, min_bodyweight), max_bodyweight)
        extrapolated = clamped_age != age_years or clamped_bodyweight != bodyweight
        return _Lift(exercise, sex, clamped_age, clamped_bodyweight, one_rm or 0.0, extrapolated)

    def _thresholds(self, lifts: Sequence[_Lift]) -> np.ndarray:
        """Thresholds (n, 5) in the user's unit (added kg for pull-ups and dips), one call."""
        index = np.array([self._grid_index[lift.exercise, lift.sex] for lift in lifts])
        bodyweights = np.array([lift.bodyweight_kg for lift in lifts])
        loads = self._stacked.threshold_loads(
            index=index, ages=np.array([lift.age for lift in lifts]), bodyweights=bodyweights
        )
        added = np.array([lift.exercise in dataset.ADDED_WEIGHT_EXERCISES for lift in lifts])
        return loads - np.where(added, bodyweights, 0.0)[:, None]

    def _percentiles(self, lifts: Sequence[_Lift], one_rms: np.ndarray) -> np.ndarray:
        """Model percentiles for validated lifts, one vectorised call."""
        return self._forward(
            exercise=np.array([self._index[lift.exercise] for lift in lifts], dtype=np.int64),
            sex=np.array([lift.sex == "male" for lift in lifts], dtype=np.float64),
            age=np.array([lift.age for lift in lifts]),
            bodyweight_kg=np.array([lift.bodyweight_kg for lift in lifts]),
            one_rm_kg=one_rms,
        )

    def _predictions(self, lifts: Sequence[_Lift]) -> list[Prediction]:
        """Predictions for validated lifts."""
        if not lifts:
            return []
        one_rms = np.array([lift.one_rm_kg for lift in lifts])
        percentiles = np.clip(self._percentiles(lifts, one_rms), 0.0, 100.0)
        thresholds = self._thresholds(lifts).round(KG_DECIMALS)
        level_index = np.maximum((thresholds <= one_rms[:, None]).sum(axis=1) - 1, 0)
        next_index = np.minimum(level_index + 1, len(dataset.LEVELS) - 1)
        next_kg = thresholds[np.arange(len(lifts)), next_index]
        columns = zip(
            lifts,
            percentiles.round(PERCENTILE_DECIMALS).tolist(),
            level_index.tolist(),
            next_kg.tolist(),
            (next_kg - one_rms).round(KG_DECIMALS).tolist(),
            strict=True,
        )
        last = len(dataset.LEVELS) - 1
        return [
            Prediction(
                percentile,
                dataset.LEVELS[level],
                lift.extrapolated,
                None if level == last else NextLevel(dataset.LEVELS[level + 1], kg, to_go),
            )
            for lift, percentile, level, kg, to_go in columns
        ]


def _number(value: object) -> float | None:
    """A finite int, float, Decimal or numpy number as a float; None for anything else."""
    if type(value) is not float and (
        isinstance(value, bool) or not isinstance(value, int | float | Decimal | np.number)
    ):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


_LOADING = threading.Lock()


@cache
def _keras_model(artifacts_dir: Path) -> Any:
    if "keras" not in sys.modules:
        os.environ.setdefault("KERAS_BACKEND", "numpy")
    import keras

    import ml.model  # noqa: F401  (registers the custom layer before loading)

    return keras.saving.load_model(artifacts_dir / MODEL_FILE)


@cache
def _load_once() -> PercentileModel:
    """Load the committed model (cached: once per process)."""
    return PercentileModel.load(artifacts_dir=ARTIFACTS_DIR)


def model_loaded() -> bool:
    """Whether this process has loaded the model already (health checks ask without loading)."""
    return _load_once.cache_info().currsize > 0


def get_model() -> PercentileModel:
    """The process-wide model, loaded on first use (threads wait for the one load).

    Raises ModelLoadError, with the cause in one line, when the model cannot load.
    """
    with _LOADING:
        return _load_once()


def _parse_row(row: Mapping[str, str | None]) -> dict[str, object]:
    """CSV strings to predictor arguments; raises ValueError naming the bad field."""
    parsed: dict[str, object] = {}
    for column in CSV_COLUMNS:
        value = (row.get(column) or "").strip()
        if not value:
            raise ValueError(f"{column} is empty")
        if column in ("exercise", "sex"):
            parsed[column] = value
            continue
        try:
            parsed[column] = float(value)
        except ValueError:
            raise ValueError(f"{column} {value!r} is not a number") from None
    return parsed


def run_csv(*, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """The CSV command: rank every good row, report every bad one; return the exit status."""
    reader = csv.DictReader(stdin)
    header = list(reader.fieldnames or [])
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        print(
            f"error: the header lacks {', '.join(missing)}; expected {','.join(CSV_COLUMNS)}",
            file=stderr,
        )
        return 2
    rows = list(reader)
    try:
        model = get_model()
    except ModelLoadError as error:
        print(f"error: {error}", file=stderr)
        return 2
    good: list[int] = []
    lifts: list[dict[str, object]] = []
    for number, row in enumerate(rows, start=1):
        try:
            lift = _parse_row(row)
            model._lift(**lift)  # type: ignore[arg-type]
        except ValueError as error:
            print(f"row {number}: {error}", file=stderr)
            continue
        good.append(number)
        lifts.append(lift)
    percentiles = dict(zip(good, (p.percentile for p in model.predict_batch(lifts)), strict=True))
    writer = csv.DictWriter(stdout, fieldnames=[*header, "percentile"], lineterminator="\n")
    writer.writeheader()
    for number, row in enumerate(rows, start=1):
        percentile = percentiles.get(number)
        writer.writerow({**row, "percentile": "" if percentile is None else f"{percentile:.2f}"})
    return 0 if len(good) == len(rows) else 1


if __name__ == "__main__":
    sys.exit(run_csv(stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr))
