"""Strength standards → dense age × bodyweight tables → (lifter, 1RM → percentile) training pairs.

Strength Level publishes, per exercise and sex, the 1RM of five levels (Beginner … Elite = stronger
than 5, 20, 50, 80, 95% of lifters) on a coarse grid: ages 18, 28, 38, 48, 58, 63 and bodyweights
in 10 kg steps. This module

1. builds one complete rectangular grid per exercise and sex (`load_standards`), filling cells the
   by-age table lacks from the all-ages table with a borrowed age curve (see `AGE_CURVE_FROM`);
2. densifies it with `scipy.interpolate.RegularGridInterpolator`, linear in log-kg, which keeps the
   five levels in order everywhere (`densify`, `threshold_loads`);
3. maps a load to a percentile (`percentile_from_loads`): between two levels, linear in
   (log kg, normal quantile); below Beginner and above Elite, a lognormal tail whose scale is the
   least-squares lognormal fitted to the five points, anchored at the Beginner / Elite threshold;
4. samples training pairs from the dense tables (`training_pairs`).

Loads: for barbell and machine lifts the load is the 1RM. For pull-ups and dips Strength Level gives
the weight *added* to bodyweight (negative = assisted); the load is bodyweight + added kg, which
is positive and scales like a 1RM. Push-ups (bodyweight reps) are out of scope.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from scipy.interpolate import RegularGridInterpolator
from scipy.special import ndtr, ndtri

from facts import LEVEL_PERCENTILES, LEVELS

DATA_DIR = Path(__file__).resolve().parent / "data"

SEXES: tuple[str, ...] = ("female", "male")

# Exercises whose standards are weight added to bodyweight; the user's "1RM" is the added kg.
ADDED_WEIGHT_EXERCISES: frozenset[str] = frozenset({"pull-ups", "dips"})

# Exercises only in the all-ages table borrow the age curve (per level, per bodyweight) of a
# similar lift in the by-age table: threshold(age) = all_ages × ref(age) / ref(ALL_AGES_AGE).
AGE_CURVE_FROM: Mapping[str, str] = {
    "smith-machine-squat": "squat",
    "pull-ups": "lat-pulldown",
    "dips": "bench-press",
}

# Strength Level's all-ages table equals its age-28 rows (ages 25–40 are flat in its tables).
ALL_AGES_AGE = 28.0

OUT_OF_SCOPE: Mapping[str, str] = {"push-ups": "standards are bodyweight reps, not a load"}


@dataclass(frozen=True)
class Holdout:
    """Table rows left out of training: any row at one of these ages or bodyweights."""

    ages: frozenset[float] = frozenset()
    bodyweights: frozenset[float] = frozenset()

    def holds_out(self, *, age: float, bodyweight_kg: float) -> bool:
        """Tell whether a table row at this age and bodyweight is left out."""
        return age in self.ages or bodyweight_kg in self.bodyweights


# Every other 10 kg bodyweight step (the ends 40 and 150 kg stay) and age 58.
BENCH_HOLDOUT = Holdout(
    ages=frozenset({58.0}), bodyweights=frozenset({50.0, 70.0, 90.0, 110.0, 130.0})
)


@dataclass(frozen=True)
class StandardsRow:
    """One published row: the five thresholds as loads (kg) at one age and bodyweight."""

    exercise: str
    sex: str
    age: float
    bodyweight_kg: float
    loads: tuple[float, ...]
    all_ages: bool = False


@dataclass(frozen=True, eq=False)
class StandardsGrid:
    """Complete grid of one exercise and sex: loads[age, bodyweight, level] in kg."""

    exercise: str
    sex: str
    ages: np.ndarray
    bodyweights: np.ndarray
    loads: np.ndarray

    @cached_property
    def interpolator(self) -> RegularGridInterpolator:
        """Linear interpolator of log-loads over (age, bodyweight)."""
        return RegularGridInterpolator((self.ages, self.bodyweights), np.log(self.loads))

    @property
    def age_range(self) -> tuple[float, float]:
        """Smallest and largest age of the grid."""
        return float(self.ages[0]), float(self.ages[-1])

    @property
    def bodyweight_range(self) -> tuple[float, float]:
        """Smallest and largest bodyweight of the grid."""
        return float(self.bodyweights[0]), float(self.bodyweights[-1])


@dataclass(frozen=True)
class DenseTable:
    """A densified grid: loads[age, bodyweight, level] on a fine regular mesh."""

    exercise: str
    sex: str
    ages: np.ndarray
    bodyweights: np.ndarray
    loads: np.ndarray


@dataclass(frozen=True)
class TrainingPairs:
    """Model inputs and target percentiles, one entry per (lifter, load) pair."""

    exercise: np.ndarray
    sex: np.ndarray
    age: np.ndarray
    bodyweight_kg: np.ndarray
    one_rm_kg: np.ndarray
    percentile: np.ndarray

    def __len__(self) -> int:
        return len(self.percentile)

    def inputs(self) -> dict[str, np.ndarray]:
        """The model's named inputs, each shaped (n, 1)."""
        return {
            "exercise": self.exercise.reshape(-1, 1).astype("int32"),
            "sex": self.sex.reshape(-1, 1).astype("float32"),
            "age": self.age.reshape(-1, 1).astype("float32"),
            "bodyweight_kg": self.bodyweight_kg.reshape(-1, 1).astype("float32"),
            "one_rm_kg": self.one_rm_kg.reshape(-1, 1).astype("float32"),
        }

    def subset(self, index: np.ndarray) -> TrainingPairs:
        """The pairs at these indices."""
        return TrainingPairs(
            exercise=self.exercise[index],
            sex=self.sex[index],
            age=self.age[index],
            bodyweight_kg=self.bodyweight_kg[index],
            one_rm_kg=self.one_rm_kg[index],
            percentile=self.percentile[index],
        )


def level_percentiles(*, data_dir: Path = DATA_DIR) -> dict[str, float]:
    """Percentile of each level (beginner 5 … elite 95) from the data file."""
    with open(data_dir / "strength_level_percentiles.csv", newline="") as f:
        rows = {
            row["level"]: float(row["stronger_than_pct_of_lifters"]) for row in csv.DictReader(f)
        }
    return {level: rows[level] for level in LEVELS}


LEVEL_Z: np.ndarray = ndtri(np.array([LEVEL_PERCENTILES[level] for level in LEVELS]) / 100.0)


def read_rows(*, data_dir: Path = DATA_DIR) -> list[StandardsRow]:
    """Every published row the model uses; all-ages rows are placed at age 28."""
    rows: list[StandardsRow] = []
    with open(data_dir / "strength_standards_by_age_kg.csv", newline="") as f:
        for row in csv.DictReader(f):
            values = tuple(float(row[f"{level}_1rm_kg"]) for level in LEVELS)
            rows.append(
                StandardsRow(
                    row["exercise"],
                    row["sex"],
                    float(row["age"]),
                    float(row["bodyweight_kg"]),
                    values,
                )
            )
    by_age = {(r.exercise, r.sex, r.bodyweight_kg) for r in rows}
    with open(data_dir / "strength_standards_all_ages_kg.csv", newline="") as f:
        for row in csv.DictReader(f):
            exercise, sex, bodyweight = row["exercise"], row["sex"], float(row["bodyweight_kg"])
            if row["value_kind"] == "reps" or (exercise, sex, bodyweight) in by_age:
                continue
            offset = bodyweight if row["value_kind"] == "added_kg" else 0.0
            values = tuple(float(row[level]) + offset for level in LEVELS)
            rows.append(
                StandardsRow(exercise, sex, ALL_AGES_AGE, bodyweight, values, all_ages=True)
            )
    return rows


def _grid_from_rows(exercise: str, sex: str, rows: list[StandardsRow]) -> StandardsGrid:
    """A grid from by-age rows that cover a full age × bodyweight rectangle."""
    ages = np.array(sorted({r.age for r in rows}))
    bodyweights = np.array(sorted({r.bodyweight_kg for r in rows}))
    loads = np.full((len(ages), len(bodyweights), len(LEVELS)), np.nan)
    for r in rows:
        loads[np.searchsorted(ages, r.age), np.searchsorted(bodyweights, r.bodyweight_kg)] = r.loads
    if np.isnan(loads).any():
        raise ValueError(f"{exercise}/{sex}: the by-age rows do not fill a rectangle")
    return StandardsGrid(exercise, sex, ages, bodyweights, loads)


def _age_factors(reference: StandardsGrid, *, ages: np.ndarray, bodyweight_kg: float) -> np.ndarray:
    """reference(age, bw) / reference(28, bw) per age and level, bodyweight clamped to its range."""
    bodyweight = np.clip(bodyweight_kg, *reference.bodyweight_range)
    at_ages = threshold_loads(reference, ages=ages, bodyweights=np.full(len(ages), bodyweight))
    at_28 = threshold_loads(
        reference, ages=np.array([ALL_AGES_AGE]), bodyweights=np.array([bodyweight])
    )
    return at_ages / at_28


def _extend_with_all_ages(
    grid: StandardsGrid, extra: list[StandardsRow], *, reference: StandardsGrid
) -> StandardsGrid:
    """Add all-ages bodyweight columns to a grid, aged with the reference grid's age curve."""
    if not extra:
        return grid
    extra = sorted(extra, key=lambda r: r.bodyweight_kg)
    columns = [
        np.array(r.loads) * _age_factors(reference, ages=grid.ages, bodyweight_kg=r.bodyweight_kg)
        for r in extra
    ]
    bodyweights = np.concatenate([grid.bodyweights, [r.bodyweight_kg for r in extra]])
    loads = np.concatenate([grid.loads, np.stack(columns, axis=1)], axis=1)
    order = np.argsort(bodyweights)
    return StandardsGrid(grid.exercise, grid.sex, grid.ages, bodyweights[order], loads[:, order])


def load_standards(
    *, data_dir: Path = DATA_DIR, holdout: Holdout | None = None
) -> dict[tuple[str, str], StandardsGrid]:
    """Complete age × bodyweight grids per (exercise, sex), without the held-out rows."""
    rows = [
        r
        for r in read_rows(data_dir=data_dir)
        if holdout is None or not holdout.holds_out(age=r.age, bodyweight_kg=r.bodyweight_kg)
    ]
    by_age_keys = {(r.exercise, r.sex) for r in rows if r.exercise not in AGE_CURVE_FROM}
    grids: dict[tuple[str, str], StandardsGrid] = {}
    for exercise, sex in sorted(by_age_keys):
        mine = [r for r in rows if (r.exercise, r.sex) == (exercise, sex)]
        core = [r for r in mine if not r.all_ages]
        extra = [r for r in mine if r.all_ages]
        grid = _grid_from_rows(exercise, sex, core)
        grids[exercise, sex] = _extend_with_all_ages(grid, extra, reference=grid)
    for exercise, reference_exercise in AGE_CURVE_FROM.items():
        for sex in SEXES:
            mine = [r for r in rows if (r.exercise, r.sex) == (exercise, sex)]
            reference = grids[reference_exercise, sex]
            empty = StandardsGrid(
                exercise, sex, reference.ages, np.empty(0), np.empty((len(reference.ages), 0, 5))
            )
            grids[exercise, sex] = _extend_with_all_ages(empty, mine, reference=reference)
    return grids


def exercises(grids: Mapping[tuple[str, str], StandardsGrid]) -> tuple[str, ...]:
    """Exercise slugs in model-index order (sorted)."""
    return tuple(sorted({exercise for exercise, _ in grids}))


def threshold_loads(
    grid: StandardsGrid, *, ages: np.ndarray, bodyweights: np.ndarray
) -> np.ndarray:
    """Loads (n, 5) of the five levels at these points, clamped to the grid's range."""
    ages = np.clip(np.asarray(ages, dtype=float), *grid.age_range)
    bodyweights = np.clip(np.asarray(bodyweights, dtype=float), *grid.bodyweight_range)
    return np.exp(grid.interpolator(np.column_stack([ages, bodyweights])))


@dataclass(frozen=True, eq=False)
class StackedGrids:
    """Every grid on shared age and bodyweight axes: one interpolator call for a whole batch.

    Each grid is resampled at the union of all bodyweights (edge values outside its own range,
    which clamping never reaches); linear interpolation between the extra knots reproduces the
    grid's own interpolation exactly.
    """

    keys: tuple[tuple[str, str], ...]
    ranges: np.ndarray
    interpolator: RegularGridInterpolator

    @classmethod
    def of(cls, grids: Mapping[tuple[str, str], StandardsGrid]) -> StackedGrids:
        """Stack these grids (they must share their ages)."""
        keys = tuple(sorted(grids))
        ages = grids[keys[0]].ages
        if any(not np.array_equal(grids[key].ages, ages) for key in keys):
            raise ValueError("grids with different ages cannot be stacked")
        bodyweights = np.unique(np.concatenate([grids[key].bodyweights for key in keys]))
        mesh_ages, mesh_bodyweights = np.meshgrid(ages, bodyweights, indexing="ij")
        logs = np.stack(
            [
                np.log(
                    threshold_loads(
                        grids[key], ages=mesh_ages.ravel(), bodyweights=mesh_bodyweights.ravel()
                    )
                ).reshape(len(ages), len(bodyweights), len(LEVELS))
                for key in keys
            ]
        )
        ranges = np.array([(*grids[key].age_range, *grids[key].bodyweight_range) for key in keys])
        interpolator = RegularGridInterpolator((np.arange(len(keys)), ages, bodyweights), logs)
        return cls(keys, ranges, interpolator)

    def threshold_loads(
        self, *, index: np.ndarray, ages: np.ndarray, bodyweights: np.ndarray
    ) -> np.ndarray:
        """Loads (n, 5) of the levels of grid `index[i]` at each point, clamped to its range."""
        ranges = self.ranges[index]
        ages = np.clip(ages, ranges[:, 0], ranges[:, 1])
        bodyweights = np.clip(bodyweights, ranges[:, 2], ranges[:, 3])
        return np.exp(self.interpolator(np.column_stack([index, ages, bodyweights])))


def densify(
    grid: StandardsGrid, *, age_step: float = 1.0, bodyweight_step: float = 1.0
) -> DenseTable:
    """The grid resampled on a fine regular mesh."""
    ages = np.arange(grid.ages[0], grid.ages[-1] + age_step / 2, age_step)
    bodyweights = np.arange(
        grid.bodyweights[0], grid.bodyweights[-1] + bodyweight_step / 2, bodyweight_step
    )
    mesh_ages, mesh_bodyweights = np.meshgrid(ages, bodyweights, indexing="ij")
    loads = threshold_loads(grid, ages=mesh_ages.ravel(), bodyweights=mesh_bodyweights.ravel())
    return DenseTable(
        grid.exercise, grid.sex, ages, bodyweights, loads.reshape(len(ages), len(bodyweights), 5)
    )


def lognormal_scale(thresholds: np.ndarray) -> np.ndarray:
    """Least-squares lognormal scale σ of log(threshold) = μ + σ·z over the five levels."""
    logs = np.log(thresholds)
    centred = logs - logs.mean(axis=-1, keepdims=True)
    return (centred * LEVEL_Z).sum(axis=-1) / (LEVEL_Z**2).sum()


def percentile_from_loads(loads: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Percentile (0–100) of each load given its five level thresholds (n, 5)."""
    x = np.log(np.maximum(np.asarray(loads, dtype=float), 1e-6))
    knots = np.log(thresholds)
    sigma = lognormal_scale(thresholds)
    z = np.where(
        x < knots[:, 0],
        LEVEL_Z[0] + (x - knots[:, 0]) / sigma,
        LEVEL_Z[-1] + (x - knots[:, -1]) / sigma,
    )
    for i in range(len(LEVELS) - 1):
        inside = (x >= knots[:, i]) & (x <= knots[:, i + 1])
        fraction = (x - knots[:, i]) / (knots[:, i + 1] - knots[:, i])
        z = np.where(inside, LEVEL_Z[i] + fraction * (LEVEL_Z[i + 1] - LEVEL_Z[i]), z)
    return 100.0 * ndtr(z)


def load_from_percentile(percentiles: np.ndarray, thresholds: np.ndarray) -> np.ndarray:
    """Inverse of `percentile_from_loads`: the load (kg) at each percentile."""
    z = ndtri(np.asarray(percentiles, dtype=float) / 100.0)
    knots = np.log(thresholds)
    sigma = lognormal_scale(thresholds)
    x = np.where(
        z < LEVEL_Z[0],
        knots[:, 0] + (z - LEVEL_Z[0]) * sigma,
        knots[:, -1] + (z - LEVEL_Z[-1]) * sigma,
    )
    for i in range(len(LEVELS) - 1):
        inside = (z >= LEVEL_Z[i]) & (z <= LEVEL_Z[i + 1])
        fraction = (z - LEVEL_Z[i]) / (LEVEL_Z[i + 1] - LEVEL_Z[i])
        x = np.where(inside, knots[:, i] + fraction * (knots[:, i + 1] - knots[:, i]), x)
    return np.exp(x)


def to_one_rm(exercise: str, *, loads: np.ndarray, bodyweights: np.ndarray) -> np.ndarray:
    """User-facing 1RM from loads: added kg for pull-ups and dips, the load otherwise."""
    if exercise in ADDED_WEIGHT_EXERCISES:
        return loads - np.asarray(bodyweights).reshape(-1, *([1] * (np.ndim(loads) - 1)))
    return loads


def training_pairs(
    grids: Mapping[tuple[str, str], StandardsGrid],
    *,
    points_per_table: int = 2000,
    random_loads_per_point: int = 4,
    seed: int = 0,
) -> TrainingPairs:
    """Pairs sampled from each densified table: the five thresholds plus random loads per point."""
    rng = np.random.default_rng(seed)
    names = exercises(grids)
    parts: list[TrainingPairs] = []
    for (exercise, sex), grid in sorted(grids.items()):
        dense = densify(grid)
        age_index = rng.integers(0, len(dense.ages), points_per_table)
        bodyweight_index = rng.integers(0, len(dense.bodyweights), points_per_table)
        thresholds = dense.loads[age_index, bodyweight_index]
        random_percentiles = 100.0 * ndtr(
            rng.uniform(-3.2, 3.2, (points_per_table, random_loads_per_point))
        )
        loads = np.concatenate(
            [thresholds]
            + [
                load_from_percentile(random_percentiles[:, j], thresholds)[:, None]
                for j in range(random_loads_per_point)
            ],
            axis=1,
        )
        targets = np.concatenate(
            [
                percentile_from_loads(loads[:, j], thresholds)[:, None]
                for j in range(loads.shape[1])
            ],
            axis=1,
        )
        per_point = loads.shape[1]
        ages = np.repeat(dense.ages[age_index], per_point)
        bodyweights = np.repeat(dense.bodyweights[bodyweight_index], per_point)
        parts.append(
            TrainingPairs(
                exercise=np.full(len(ages), names.index(exercise)),
                sex=np.full(len(ages), SEXES.index(sex)),
                age=ages,
                bodyweight_kg=bodyweights,
                one_rm_kg=to_one_rm(exercise, loads=loads.ravel(), bodyweights=bodyweights),
                percentile=targets.ravel(),
            )
        )
    return _concatenate(parts)


def table_pairs(rows: Iterable[StandardsRow], *, names: tuple[str, ...]) -> TrainingPairs:
    """Pairs at the published thresholds of these rows (what the error targets are measured on)."""
    rows = [r for r in rows if r.exercise in names]
    n = len(LEVELS)
    loads = np.array([r.loads for r in rows]).ravel()
    bodyweights = np.repeat([r.bodyweight_kg for r in rows], n)
    one_rm = np.array(
        [
            to_one_rm(r.exercise, loads=np.array(r.loads), bodyweights=np.array([r.bodyweight_kg]))
            for r in rows
        ]
    ).ravel()
    return TrainingPairs(
        exercise=np.repeat([names.index(r.exercise) for r in rows], n),
        sex=np.repeat([SEXES.index(r.sex) for r in rows], n),
        age=np.repeat([r.age for r in rows], n),
        bodyweight_kg=bodyweights,
        one_rm_kg=one_rm if len(loads) else loads,
        percentile=np.tile([LEVEL_PERCENTILES[level] for level in LEVELS], len(rows)),
    )


def _concatenate(parts: list[TrainingPairs]) -> TrainingPairs:
    """One TrainingPairs from several."""
    return TrainingPairs(
        *(
            np.concatenate([getattr(p, name) for p in parts])
            for name in TrainingPairs.__dataclass_fields__
        )
    )
