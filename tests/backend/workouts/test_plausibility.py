"""The plausibility rules and the readings they offer (pure: no database)."""

from decimal import Decimal

import pytest

from backend.workouts import plausibility
from backend.workouts.plausibility import Context, Lift, e1rm_ceiling_kg, sets_doubt
from ml.dataset import read_rows

BENCH = Context("bench-press", "barbell", Decimal(80))
SQUAT = Context("squat", "barbell", Decimal(80))
PULL_UPS = Context("pull-ups", "bodyweight", Decimal(80))


def lifts(*pairs: tuple[str, int]) -> list[Lift]:
    return [Lift(Decimal(weight), reps) for weight, reps in pairs]


def readings(doubt: plausibility.Doubt | None) -> list[list[tuple[str, int]]]:
    assert doubt is not None
    return [[(str(lift.weight_kg), lift.reps) for lift in r.sets] for r in doubt.readings]


def with_best(context: Context, best: str) -> Context:
    return Context(context.exercise_slug, context.load_type, context.bodyweight_kg, Decimal(best))


def test_it_sets_the_ceiling_at_one_and_a_half_times_the_highest_elite_threshold():
    elite = max(row.loads[-1] for row in read_rows() if row.exercise == "bench-press")
    assert e1rm_ceiling_kg(exercise_slug="bench-press") == round(elite * 1.5, 1) == 352.5


def test_it_knows_no_ceiling_for_an_exercise_without_standards():
    assert e1rm_ceiling_kg(exercise_slug="leg-curl") is None


@pytest.mark.parametrize(
    ("sets", "context"),
    [
        (lifts(("100", 5)), BENCH),
        (lifts(("20", 10)), with_best(BENCH, "150")),  # an empty bar warm-up
        (lifts(("140", 3)), with_best(BENCH, "120")),  # a big PR, not a typo
        (lifts(("0", 10)), PULL_UPS),
        (lifts(("-15", 6)), with_best(PULL_UPS, "80")),
        (lifts(("5", 30)), BENCH),
    ],
)
def test_it_believes_ordinary_sets(sets: list[Lift], context: Context):
    assert sets_doubt(sets, context) is None


def test_it_reads_a_swapped_set_as_weight_times_reps():
    doubt = sets_doubt(lifts(("5", 100)), BENCH)
    assert doubt is not None and doubt.reason == "many_reps"
    assert readings(doubt) == [[("100.00", 5)]]


def test_it_doubts_a_barbell_with_no_load_and_offers_nothing_it_cant_believe():
    doubt = sets_doubt(lifts(("0", 5)), SQUAT)
    assert doubt is not None and (doubt.reason, doubt.readings) == ("no_load", ())


def test_it_offers_a_tenth_of_a_load_beyond_the_ceiling():
    doubt = sets_doubt(lifts(("1000", 5)), BENCH)
    assert doubt is not None and doubt.reason == "above_ceiling"
    assert readings(doubt) == [[("100.00", 5)]]


def test_it_offers_both_readings_when_two_are_possible():
    doubt = sets_doubt(lifts(("225", 5)), with_best(BENCH, "100"), unit="kg", unit_typed=False)
    assert doubt is not None and doubt.reason == "far_above"
    assert readings(doubt) == [[("22.50", 5)], [("102.06", 5)]]
    assert [r.unit for r in doubt.readings] == ["kg", "lb"]


def test_it_doubts_a_dropped_digit_far_below_the_lifters_history():
    doubt = sets_doubt(lifts(("10", 5)), with_best(SQUAT, "112.5"))
    assert doubt is not None and doubt.reason == "far_below"
    assert readings(doubt) == [[("100.00", 5)]]


def test_it_counts_bodyweight_lifts_on_the_effective_load():
    # 80 kg + 20 kg × 5 is a 112.5 kg system e1RM, far above a best of 40 kg
    doubt = sets_doubt(lifts(("20", 5)), with_best(PULL_UPS, "40"))
    assert doubt is not None and (doubt.reason, doubt.e1rm_kg) == ("far_above", Decimal("112.50"))


def test_it_does_not_ask_a_lifter_again_below_their_own_confirmed_record():
    assert sets_doubt(lifts(("360", 1)), with_best(BENCH, "370")) is None
    assert sets_doubt(lifts(("360", 1)), BENCH) is not None


def test_it_changes_only_the_doubted_sets_of_a_message():
    doubt = sets_doubt(lifts(("100", 5), ("1050", 3)), with_best(BENCH, "112.5"))
    assert readings(doubt) == [[("100", 5), ("105.00", 3)]]


# -- cases found by mutation testing (bench/mutation_scores.md) ------------------------------


def test_it_names_the_doubted_set_and_reads_in_the_unit_of_the_message():
    (doubted,) = lifts(("400", 1))

    doubt = sets_doubt([*lifts(("100", 5)), doubted], BENCH)

    assert doubt is not None
    assert (doubt.reason, doubt.lift, doubt.e1rm_kg) == (
        "above_ceiling",
        doubted,
        Decimal("400.00"),
    )
    assert [(r.kind, r.unit) for r in doubt.readings] == [("tenth", "kg")]


def test_it_offers_kilos_to_a_pound_lifter_who_did_not_type_the_unit():
    # 10 "lb" × 5 against a 200 kg best: a tenth of the digits, or the kilos they meant
    doubt = sets_doubt(lifts(("10", 5)), with_best(SQUAT, "200"), unit="lb", unit_typed=False)

    assert doubt is not None
    assert [(r.kind, r.unit) for r in doubt.readings] == [("tenfold", "lb"), ("other_unit", "kg")]
    assert readings(doubt)[1] == [("22.05", 5)]


def test_it_swaps_reps_of_exactly_the_lightest_swappable_weight():
    # 30 × 20 far above a 10 kg best reads as 20 kg × 30 (20 kg is the lightest swap)
    assert readings(sets_doubt(lifts(("30", 20)), with_best(SQUAT, "10"))) == [[("20.00", 30)]]


def test_it_never_swaps_a_load_with_a_fraction_into_reps():
    doubt = sets_doubt(lifts(("5.5", 100)), SQUAT)

    assert doubt is not None and doubt.reason == "many_reps"
    assert readings(doubt) == []


def test_it_doubts_a_set_a_tenth_of_the_usual_at_the_edge_of_the_usual_range():
    # tenfold, 100 kg × 1 is exactly half the 200 kg best: the low edge of the usual range
    doubt = sets_doubt(lifts(("10", 1)), with_best(SQUAT, "200"))

    assert doubt is not None and doubt.reason == "far_below"
    assert readings(doubt) == [[("100.00", 1)]]


def test_it_counts_a_best_of_one_kilo_as_history():
    doubt = sets_doubt(lifts(("100", 5)), with_best(SQUAT, "1"))

    assert doubt is not None and doubt.reason == "far_above"


def test_it_doubts_a_first_bodyweight_set_above_the_ceiling():
    # the added load alone equals the pull-up ceiling: the effective load is above it
    ceiling = e1rm_ceiling_kg(exercise_slug="pull-ups")
    assert ceiling is not None

    doubt = sets_doubt([Lift(Decimal(str(ceiling)), 1)], PULL_UPS)

    assert doubt is not None and doubt.reason == "above_ceiling"


def test_it_doubts_a_first_heavy_set_of_an_exercise_without_standards():
    leg_curl = Context("leg-curl", "machine", Decimal(80))
    assert e1rm_ceiling_kg(exercise_slug="leg-curl") is None

    doubt = sets_doubt(lifts(("400", 1)), leg_curl)

    assert doubt is not None and doubt.reason == "above_ceiling"
    assert sets_doubt(lifts(("300", 1)), leg_curl) is None
