"""Standards tables → dense grids → training pairs."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from ml import dataset

LEVEL_PERCENTILES = [5.0, 20.0, 50.0, 80.0, 95.0]


def test_it_reads_the_level_percentiles_from_the_data() -> None:
    assert list(dataset.LEVEL_PERCENTILES.values()) == LEVEL_PERCENTILES


def test_it_builds_a_complete_grid_for_every_exercise_and_sex(grids: dict) -> None:
    names = dataset.exercises(grids)

    assert len(names) == 31
    assert "push-ups" not in names
    assert {"smith-machine-squat", "pull-ups", "dips"} <= set(names)
    assert sorted(grids) == sorted((name, sex) for name in names for sex in ("female", "male"))
    for grid in grids.values():
        assert grid.loads.shape == (len(grid.ages), len(grid.bodyweights), 5)
        assert np.isfinite(grid.loads).all()


def test_it_covers_women_up_to_120_kg_where_the_all_ages_table_does(grids: dict) -> None:
    assert grids["squat", "female"].bodyweight_range == (40.0, 120.0)
    assert grids["hip-thrust", "female"].bodyweight_range == (40.0, 80.0)
    assert grids["squat", "male"].bodyweight_range == (40.0, 150.0)
    assert grids["squat", "male"].age_range == (18.0, 63.0)


def test_it_keeps_every_published_row_at_its_grid_point(grids: dict) -> None:
    rows = dataset.read_rows()

    for row in rows:
        grid = grids[row.exercise, row.sex]
        actual = dataset.threshold_loads(
            grid, ages=np.array([row.age]), bodyweights=np.array([row.bodyweight_kg])
        )[0]
        np.testing.assert_allclose(actual, row.loads, rtol=1e-9)
    # by-age rows, women above 80 kg (barbell curl above 100), smith squat, pull-ups, dips
    assert len(rows) == 2868 + 30 + 19 + 19 + 15


def test_it_densifies_on_a_one_year_one_kg_mesh(grids: dict) -> None:
    dense = dataset.densify(grids["squat", "male"])

    assert dense.loads.shape == (46, 111, 5)
    assert (dense.ages[0], dense.ages[-1], dense.bodyweights[0], dense.bodyweights[-1]) == (
        18.0,
        63.0,
        40.0,
        150.0,
    )


def test_it_keeps_the_five_levels_in_order_everywhere(grids: dict) -> None:
    for grid in grids.values():
        dense = dataset.densify(grid, age_step=0.5, bodyweight_step=0.5)
        assert (np.diff(dense.loads, axis=-1) > 0).all(), (grid.exercise, grid.sex)


def test_it_maps_each_threshold_to_its_level_percentile() -> None:
    thresholds = np.array([[56.0, 75.0, 98.0, 124.0, 151.0]])

    actual = dataset.percentile_from_loads(thresholds[0], np.repeat(thresholds, 5, axis=0))

    np.testing.assert_allclose(actual, LEVEL_PERCENTILES)


def test_it_is_monotone_and_continuous_through_the_tails() -> None:
    thresholds = np.array([[56.0, 75.0, 98.0, 124.0, 151.0]])
    loads = np.linspace(5.0, 400.0, 20_000)

    percentiles = dataset.percentile_from_loads(loads, np.repeat(thresholds, len(loads), axis=0))

    assert (np.diff(percentiles) > 0).all()
    assert np.abs(np.diff(percentiles)).max() < 0.05
    assert (percentiles[0] < 0.01, percentiles[-1] > 99.99) == (True, True)


def test_it_inverts_the_percentile_mapping() -> None:
    thresholds = np.repeat([[56.0, 75.0, 98.0, 124.0, 151.0]], 7, axis=0)
    percentiles = np.array([0.5, 3.0, 12.0, 50.0, 77.0, 96.0, 99.9])

    loads = dataset.load_from_percentile(percentiles, thresholds)

    np.testing.assert_allclose(dataset.percentile_from_loads(loads, thresholds), percentiles)


def test_it_gives_smith_machine_squat_the_age_curve_of_squat(grids: dict) -> None:
    smith, squat = grids["smith-machine-squat", "male"], grids["squat", "male"]
    at = {"bodyweights": np.array([90.0])}

    smith_ratio = dataset.threshold_loads(smith, ages=np.array([63.0]), **at) / (
        dataset.threshold_loads(smith, ages=np.array([28.0]), **at)
    )
    squat_ratio = dataset.threshold_loads(squat, ages=np.array([63.0]), **at) / (
        dataset.threshold_loads(squat, ages=np.array([28.0]), **at)
    )

    np.testing.assert_allclose(smith_ratio, squat_ratio)
    np.testing.assert_allclose(
        dataset.threshold_loads(smith, ages=np.array([28.0]), **at)[0], [66, 95, 131, 173, 219]
    )


def test_it_uses_bodyweight_plus_added_kg_for_pull_ups(grids: dict) -> None:
    loads = dataset.threshold_loads(
        grids["pull-ups", "male"], ages=np.array([28.0]), bodyweights=np.array([80.0])
    )[0]

    np.testing.assert_allclose(loads, np.array([-2, 14, 33, 54, 75]) + 80.0)


def test_it_leaves_held_out_rows_out_of_the_grids() -> None:
    holdout = dataset.Holdout(ages=frozenset({58.0}), bodyweights=frozenset({50.0, 70.0}))

    grid = dataset.load_standards(holdout=holdout)["bench-press", "male"]

    assert grid.ages.tolist() == [18.0, 28.0, 38.0, 48.0, 63.0]
    assert 50.0 not in grid.bodyweights and 70.0 not in grid.bodyweights
    assert grid.bodyweight_range == (40.0, 150.0)


def test_it_samples_the_same_training_pairs_for_the_same_seed(grids: dict) -> None:
    first = dataset.training_pairs(grids, points_per_table=20, random_loads_per_point=2, seed=7)
    again = dataset.training_pairs(grids, points_per_table=20, random_loads_per_point=2, seed=7)

    assert len(first) == 62 * 20 * (5 + 2)
    np.testing.assert_array_equal(first.one_rm_kg, again.one_rm_kg)
    np.testing.assert_array_equal(first.percentile, again.percentile)
    assert (first.percentile.min() > 0.0, first.percentile.max() < 100.0) == (True, True)
    assert {name: array.shape for name, array in first.inputs().items()} == {
        name: (len(first), 1) for name in ("exercise", "sex", "age", "bodyweight_kg", "one_rm_kg")
    }


def test_it_puts_added_kg_in_the_pull_up_training_pairs(grids: dict) -> None:
    pairs = dataset.training_pairs(
        {key: grids[key] for key in [("pull-ups", "female")]},
        points_per_table=50,
        random_loads_per_point=0,
    )

    assert pairs.one_rm_kg.min() < 0.0
    assert set(np.round(pairs.percentile, 6)) == set(LEVEL_PERCENTILES)


@pytest.mark.parametrize("module", ["ml.dataset", "ml.model", "ml.predict"])
def test_it_never_imports_django_or_the_bot(module: str) -> None:
    code = (
        f"import sys, {module}; "
        "print(sorted(m for m in ('django', 'bot', 'backend') if m in sys.modules))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )

    assert result.stdout.strip() == "[]"


def test_it_interpolates_stacked_grids_like_each_grid(grids: dict) -> None:
    stacked = dataset.StackedGrids.of(grids)
    rng = np.random.default_rng(0)
    index = rng.integers(0, len(stacked.keys), 5000)
    ages, bodyweights = rng.uniform(10.0, 80.0, 5000), rng.uniform(30.0, 170.0, 5000)

    actual = stacked.threshold_loads(index=index, ages=ages, bodyweights=bodyweights)

    expected = np.concatenate(
        [
            dataset.threshold_loads(
                grids[stacked.keys[grid]], ages=ages[i : i + 1], bodyweights=bodyweights[i : i + 1]
            )
            for i, grid in enumerate(index)
        ]
    )
    np.testing.assert_allclose(actual, expected, rtol=1e-12)
