"""The server-side predictor: API, errors, clamping, the CSV command, no TensorFlow."""

from __future__ import annotations

import math
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ml.dataset import LEVELS
from ml.predict import NextLevel, PercentileModel, Prediction, UnknownExerciseError, get_model

ROOT = Path(__file__).resolve().parents[2]

# Alice: a 30-year-old 80 kg man; Strength Level's bench press row for him is 56/75/98/124/151 kg.
ALICE = {"exercise": "bench-press", "sex": "male", "age": 30.0, "bodyweight_kg": 80.0}
ALICE_BENCH = {"beginner": 56.0, "novice": 75.0, "intermediate": 98.0, "advanced": 124.0,
               "elite": 151.0}  # fmt: skip


def test_it_loads_the_model_once_per_process() -> None:
    assert get_model() is get_model()


@settings(max_examples=300, deadline=None)
@given(
    exercise=st.sampled_from(sorted(get_model().exercises)),
    sex=st.sampled_from(["female", "male"]),
    age=st.floats(10.0, 90.0),
    bodyweight_kg=st.floats(35.0, 200.0),
    one_rms=st.lists(st.floats(1.0, 400.0), min_size=2, max_size=2),
)
def test_it_never_ranks_a_heavier_lift_lower(
    exercise: str, sex: str, age: float, bodyweight_kg: float, one_rms: list[float]
) -> None:
    lifter = {"exercise": exercise, "sex": sex, "age": age, "bodyweight_kg": bodyweight_kg}
    lighter, heavier = (get_model().predict(**lifter, one_rm_kg=kg) for kg in sorted(one_rms))

    assert lighter.percentile <= heavier.percentile
    assert LEVELS.index(lighter.level) <= LEVELS.index(heavier.level)


def test_it_knows_every_exercise_with_a_load_standard(percentile_model: PercentileModel) -> None:
    assert len(percentile_model.exercises) == 31
    assert {"bench-press", "squat", "deadlift", "pull-ups", "dips", "smith-machine-squat"} <= (
        percentile_model.exercises
    )
    assert "push-ups" not in percentile_model.exercises


def test_it_gives_the_table_thresholds(percentile_model: PercentileModel) -> None:
    actual = percentile_model.thresholds(**ALICE)

    assert {level: round(kg, 6) for level, kg in actual.items()} == ALICE_BENCH


def test_it_ranks_an_intermediate_bench(percentile_model: PercentileModel) -> None:
    actual = percentile_model.predict(**ALICE, one_rm_kg=100.0)

    assert isinstance(actual, Prediction)
    assert (actual.level, actual.extrapolated) == ("intermediate", False)
    assert 50.0 < actual.percentile < 60.0
    assert actual.next_level == NextLevel("advanced", pytest.approx(124.0), pytest.approx(24.0))


def test_it_hits_the_level_percentiles_at_the_thresholds(percentile_model: PercentileModel) -> None:
    actual = [
        round(percentile_model.predict(**ALICE, one_rm_kg=kg).percentile)
        for kg in ALICE_BENCH.values()
    ]

    assert actual == pytest.approx([5, 20, 50, 80, 95], abs=2)


def test_it_calls_a_lift_below_beginner_beginner(percentile_model: PercentileModel) -> None:
    actual = percentile_model.predict(**ALICE, one_rm_kg=40.0)

    assert actual.level == "beginner"
    assert actual.percentile < 5.0
    assert actual.next_level == NextLevel("novice", pytest.approx(75.0), pytest.approx(35.0))


def test_it_has_no_next_level_at_elite(percentile_model: PercentileModel) -> None:
    actual = percentile_model.predict(**ALICE, one_rm_kg=180.0)

    assert (actual.level, actual.next_level) == ("elite", None)
    assert 95.0 < actual.percentile <= 100.0


def test_it_reaches_a_level_exactly_at_its_threshold(percentile_model: PercentileModel) -> None:
    assert percentile_model.level_for(**ALICE, one_rm_kg=124.0) == "advanced"
    assert percentile_model.level_for(**ALICE, one_rm_kg=123.5) == "intermediate"
    assert percentile_model.next_level(**ALICE, one_rm_kg=123.5) == NextLevel(
        "advanced", pytest.approx(124.0), pytest.approx(0.5)
    )


def test_it_reads_pull_ups_as_added_weight(percentile_model: PercentileModel) -> None:
    bob = {"exercise": "pull-ups", "sex": "male", "age": 28.0, "bodyweight_kg": 80.0}

    thresholds = percentile_model.thresholds(**bob)
    assisted = percentile_model.predict(**bob, one_rm_kg=-10.0)
    weighted = percentile_model.predict(**bob, one_rm_kg=40.0)

    assert {k: round(v, 6) for k, v in thresholds.items()} == {
        "beginner": -2.0, "novice": 14.0, "intermediate": 33.0, "advanced": 54.0, "elite": 75.0
    }  # fmt: skip
    assert (assisted.level, weighted.level) == ("beginner", "intermediate")
    assert assisted.percentile < 5.0 < 50.0 < weighted.percentile < 80.0


def test_it_clamps_and_flags_an_age_outside_the_tables(percentile_model: PercentileModel) -> None:
    older = percentile_model.predict(**{**ALICE, "age": 75.0}, one_rm_kg=100.0)
    oldest_in_tables = percentile_model.predict(**{**ALICE, "age": 63.0}, one_rm_kg=100.0)

    assert older.extrapolated is True
    assert oldest_in_tables.extrapolated is False
    assert older.percentile == oldest_in_tables.percentile
    assert older.level == oldest_in_tables.level


def test_it_clamps_and_flags_a_bodyweight_outside_the_tables(
    percentile_model: PercentileModel,
) -> None:
    carol = {"exercise": "hip-thrust", "sex": "female", "age": 30.0, "one_rm_kg": 100.0}

    heavy = percentile_model.predict(**carol, bodyweight_kg=95.0)
    heaviest_in_tables = percentile_model.predict(**carol, bodyweight_kg=80.0)

    assert (heavy.extrapolated, heaviest_in_tables.extrapolated) == (True, False)
    assert heavy == Prediction(
        heaviest_in_tables.percentile, heaviest_in_tables.level, True, heaviest_in_tables.next_level
    )


def test_it_predicts_a_batch_like_single_rows(percentile_model: PercentileModel) -> None:
    rows = [
        {**ALICE, "one_rm_kg": 100.0},
        {"exercise": "squat", "sex": "female", "age": 45.0, "bodyweight_kg": 63.0, "one_rm_kg": 70},
        {"exercise": "dips", "sex": "male", "age": 19.0, "bodyweight_kg": 120.0, "one_rm_kg": 0.0},
        {
            "exercise": "deadlift",
            "sex": "male",
            "age": 16.0,
            "bodyweight_kg": 70.0,
            "one_rm_kg": 90,
        },
    ]

    actual = percentile_model.predict_batch(rows)

    assert actual == [percentile_model.predict(**row) for row in rows]
    assert [p.extrapolated for p in actual] == [False, False, False, True]


def test_it_accepts_decimal_and_numpy_numbers(percentile_model: PercentileModel) -> None:
    actual = percentile_model.predict(
        exercise="bench-press",
        sex="male",
        age=np.int64(30),
        bodyweight_kg=Decimal("80.0"),
        one_rm_kg=np.float32(100.0),
    )

    assert actual == percentile_model.predict(**ALICE, one_rm_kg=100.0)


def test_it_predicts_an_empty_batch(percentile_model: PercentileModel) -> None:
    assert percentile_model.predict_batch([]) == []


def test_it_rejects_an_unknown_exercise(percentile_model: PercentileModel) -> None:
    with pytest.raises(UnknownExerciseError, match="unknown exercise 'bench'"):
        percentile_model.predict(**{**ALICE, "exercise": "bench"}, one_rm_kg=100.0)
    with pytest.raises(UnknownExerciseError, match="bodyweight reps"):
        percentile_model.thresholds(**{**ALICE, "exercise": "push-ups"})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"sex": "M"}, "sex must be 'male' or 'female'"),
        ({"age": math.nan}, "age must be a positive number"),
        ({"age": -3.0}, "age must be a positive number"),
        ({"bodyweight_kg": 0.0}, "bodyweight_kg must be a positive number"),
        ({"bodyweight_kg": "80"}, "bodyweight_kg must be a positive number"),
        ({"age": True}, "age must be a positive number"),
        ({"one_rm_kg": None}, "one_rm_kg must be a number"),
        ({"one_rm_kg": 0.0}, "one_rm_kg must be positive"),
        ({"one_rm_kg": math.inf}, "one_rm_kg must be a number"),
        ({"exercise": "pull-ups", "one_rm_kg": -80.0}, "assists more than the bodyweight"),
    ],
)
def test_it_rejects_bad_input(
    percentile_model: PercentileModel, change: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        percentile_model.predict(**{**ALICE, "one_rm_kg": 100.0, **change})


def test_it_names_the_bad_row_of_a_batch(percentile_model: PercentileModel) -> None:
    rows = [{**ALICE, "one_rm_kg": 100.0}, {**ALICE, "exercise": "curl", "one_rm_kg": 30.0}]

    with pytest.raises(UnknownExerciseError, match=r"^row 1: unknown exercise 'curl'"):
        percentile_model.predict_batch(rows)
    with pytest.raises(ValueError, match=r"^row 0: missing 'one_rm_kg'"):
        percentile_model.predict_batch([ALICE])


def run_cli(stdin: str) -> subprocess.CompletedProcess[str]:
    """Run `python -m ml.predict` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "ml.predict"],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_it_adds_a_percentile_column_to_csv_rows(percentile_model: PercentileModel) -> None:
    stdin = (
        "exercise,sex,age,bodyweight_kg,one_rm_kg\n"
        "bench-press,male,30,80,100\n"
        "pull-ups,female,25,60,-5\n"
    )

    result = run_cli(stdin)

    expected = [
        percentile_model.predict(**ALICE, one_rm_kg=100.0).percentile,
        percentile_model.predict(
            exercise="pull-ups", sex="female", age=25.0, bodyweight_kg=60.0, one_rm_kg=-5.0
        ).percentile,
    ]
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "exercise,sex,age,bodyweight_kg,one_rm_kg,percentile",
        f"bench-press,male,30,80,100,{expected[0]:.2f}",
        f"pull-ups,female,25,60,-5,{expected[1]:.2f}",
    ]


def test_it_reports_each_bad_csv_row_and_keeps_the_good_ones() -> None:
    stdin = (
        "exercise,sex,age,bodyweight_kg,one_rm_kg,note\n"
        "bench-press,male,30,80,100,ok\n"
        "bench,male,30,80,100,typo\n"
        "squat,man,30,80,140,bad sex\n"
        "deadlift,female,thirty,60,100,bad age\n"
        "squat,female,30,60,,empty\n"
        "deadlift,female,30,60,100,ok\n"
    )

    result = run_cli(stdin)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "row 2: unknown exercise 'bench' (no strength standards)",
        "row 3: sex must be 'male' or 'female', not 'man'",
        "row 4: age 'thirty' is not a number",
        "row 5: one_rm_kg is empty",
    ]
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert [line.rsplit(",", 1)[1] != "" for line in lines[1:]] == [
        True, False, False, False, False, True
    ]  # fmt: skip


def test_it_rejects_a_csv_without_the_expected_header() -> None:
    result = run_cli("lift,sex\nbench-press,male\n")

    assert result.returncode == 2
    assert "the header lacks exercise, age, bodyweight_kg, one_rm_kg" in result.stderr


def test_it_serves_without_importing_keras_jax_or_tensorflow() -> None:
    code = (
        "import sys\n"
        "from ml.predict import get_model\n"
        "get_model().predict(exercise='squat', sex='male', age=30, bodyweight_kg=90,"
        " one_rm_kg=150)\n"
        "print(sorted({'keras', 'jax', 'tensorflow', 'h5py'} & set(sys.modules)))\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )

    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
