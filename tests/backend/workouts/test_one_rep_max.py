import pytest

from backend.workouts.one_rep_max import (
    Formula,
    default_formula,
    estimate_one_rm,
    one_rm_factor,
    weight_for_reps,
)


@pytest.mark.parametrize(
    ("formula", "weight", "reps", "expected"),
    [
        # 100 kg × 5: Brzycki 112.5 and Epley 116.7 as quoted by brianmac and vcalc; O'Conner
        # equals Brzycki at 5 reps (startingstrength forum t=33294); the others worked by hand
        # from the expressions in shared/data/one_rm_formulas.csv
        (Formula.BRZYCKI, 100, 5, 112.5),
        (Formula.EPLEY, 100, 5, 116.67),
        (Formula.OCONNER, 100, 5, 112.5),
        (Formula.LANDER, 100, 5, 113.71),
        (Formula.LOMBARDI, 100, 5, 117.46),
        (Formula.MAYHEW, 100, 5, 119.01),
        (Formula.WATHAN, 100, 5, 116.58),
        (Formula.BRZYCKI, 100, 10, 133.33),
        (Formula.EPLEY, 100, 10, 133.33),  # Epley and Brzycki agree at 10 reps (vcalc)
    ],
)
def test_it_matches_published_values(formula: Formula, weight: int, reps: int, expected: float):
    actual = estimate_one_rm(weight_kg=weight, reps=reps, formula=formula).one_rm_kg
    assert actual == pytest.approx(expected, abs=0.01)


def test_it_uses_brzycki_to_ten_reps_and_epley_above():
    assert [default_formula(r) for r in (1, 5, 10, 11, 20)] == [
        Formula.BRZYCKI,
        Formula.BRZYCKI,
        Formula.BRZYCKI,
        Formula.EPLEY,
        Formula.EPLEY,
    ]


def test_it_is_continuous_where_the_formula_switches():
    at_ten = one_rm_factor(reps=10)
    at_eleven = one_rm_factor(reps=11)
    assert at_ten == pytest.approx(4 / 3)
    assert 0 < at_eleven - at_ten < 0.04


def test_it_takes_a_single_as_the_one_rep_max():
    assert estimate_one_rm(weight_kg=182.5, reps=1).one_rm_kg == 182.5


def test_it_flags_estimates_past_twelve_reps():
    assert estimate_one_rm(weight_kg=60, reps=12).reliable is True
    assert estimate_one_rm(weight_kg=60, reps=13).reliable is False


def test_it_inverts_to_the_weight_for_a_rep_count():
    assert weight_for_reps(one_rm_kg=112.5, reps=5) == pytest.approx(100)
    assert weight_for_reps(one_rm_kg=150, reps=1) == 150


@pytest.mark.parametrize("reps", [0, -1, 101])
def test_it_rejects_reps_out_of_range(reps: int):
    with pytest.raises(ValueError, match="reps"):
        one_rm_factor(reps=reps)


def test_it_refuses_brzycki_where_it_is_undefined():
    with pytest.raises(ValueError, match="37"):
        one_rm_factor(reps=37, formula=Formula.BRZYCKI)


def test_it_names_the_formula_it_used():
    assert [
        estimate_one_rm(weight_kg=100, reps=5).formula,
        estimate_one_rm(weight_kg=100, reps=15).formula,
        estimate_one_rm(weight_kg=100, reps=5, formula=Formula.LANDER).formula,
    ] == [Formula.BRZYCKI, Formula.EPLEY, Formula.LANDER]


def test_it_inverts_with_the_formula_asked_for():
    # Epley at 5 reps: 1RM = w × (1 + 5/30), so w = 120 / (7/6)
    assert weight_for_reps(one_rm_kg=120, reps=5, formula=Formula.EPLEY) == pytest.approx(
        102.857, abs=0.001
    )
