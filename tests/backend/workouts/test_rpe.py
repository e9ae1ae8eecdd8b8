from decimal import Decimal

import pytest

from backend.workouts import rpe

D = Decimal


@pytest.mark.parametrize(
    ("reps", "rpe_value", "percent"),
    [
        # cells of Tuchscherer's RTS chart as published (data/coaching/SOURCES.md)
        (1, D(10), 100.0),
        (5, D(8), 81.1),
        (3, D(9), 89.2),
        (8, D(7), 71.7),
        (12, D(10), 69.4),
        (1, D(6), 86.3),
        # half steps: the midpoint of the whole-RPE neighbours
        (5, D("8.5"), 82.4),
        (1, D("9.5"), 97.75),
    ],
)
def test_it_reads_the_published_rpe_chart(reps: int, rpe_value: Decimal, percent: float) -> None:
    assert rpe.percent_1rm(reps=reps, rpe=rpe_value) == percent


def test_it_estimates_from_the_chart_when_a_set_has_an_rpe() -> None:
    estimate = rpe.estimate_one_rm(weight_kg=100, reps=5, rpe=D(8))

    assert estimate.method == "rpe_chart"
    assert round(estimate.one_rm_kg, 1) == 123.3  # 100 / 0.811


def test_it_falls_back_to_the_rep_formula_without_an_rpe_or_outside_the_chart() -> None:
    assert rpe.estimate_one_rm(weight_kg=100, reps=5).method == "formula"
    assert rpe.estimate_one_rm(weight_kg=100, reps=5).one_rm_kg == 112.5  # Brzycki
    assert rpe.estimate_one_rm(weight_kg=100, reps=5, rpe=D(5)).method == "formula"
    assert rpe.estimate_one_rm(weight_kg=100, reps=10, rpe=D(7)).method == "formula"  # 13 eff.


def test_it_gives_the_load_for_other_reps_at_a_target_rpe() -> None:
    one_rm = rpe.estimate_one_rm(weight_kg=100, reps=5, rpe=D(8)).one_rm_kg

    assert round(rpe.weight_for(one_rm_kg=one_rm, reps=3, rpe=D(9)), 1) == 110.0  # 89.2 / 81.1


def test_reps_in_reserve_count_as_reps() -> None:
    assert rpe.rpe_from_rir(D(2)) == D(8)
    for reps in range(1, 9):
        assert rpe.percent_1rm(reps=reps, rpe=D(8)) == rpe.percent_1rm(reps=reps + 2, rpe=D(10))


def test_it_rejects_rpe_between_half_steps() -> None:
    with pytest.raises(ValueError):
        rpe.percent_1rm(reps=5, rpe=D("8.3"))
