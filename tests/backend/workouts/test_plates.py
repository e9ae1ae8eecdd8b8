from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backend.workouts.plates import (
    Plate,
    Unit,
    default_setup,
    format_weight,
    load,
    loadable_weights,
    make_setup,
    per_side_text,
    round_to_loadable,
)

D = Decimal
DEFAULT_KG = ("25", "20", "15", "10", "5", "2.5", "1.25")


def side(*plates: str) -> tuple[Decimal, ...]:
    return tuple(D(p) for p in plates)


def test_it_loads_the_default_kg_bar_heaviest_plates_first() -> None:
    loading = load(D("142.5"))

    assert loading.exact is not None
    assert loading.exact.per_side == side("25", "25", "10", "1.25")
    assert loading.exact.total == D("142.5")
    assert loading.below is None and loading.above is None


def test_it_gives_the_issue_example_with_one_pair_of_each_plate() -> None:
    one_pair_each = make_setup(plates=[Plate(D(p), pairs=1) for p in DEFAULT_KG])

    loading = load(D("142.5"), one_pair_each)

    assert loading.exact is not None
    assert per_side_text(loading.exact.per_side) == "25 + 20 + 15 + 1.25"


def test_the_default_setup_of_a_unit_is_made_once() -> None:
    assert default_setup("lb") is default_setup("lb") is not default_setup("kg")
    assert default_setup("kg") == default_setup(Unit.KG) == make_setup(unit=Unit.KG)


def test_it_defaults_to_45_lb_bar_and_lb_plates() -> None:
    setup = default_setup(Unit.LB)

    assert setup.bar == D("45")
    assert [p.weight for p in setup.plates] == [D(p) for p in ("45", "35", "25", "10", "5", "2.5")]
    assert load(315, setup).exact.per_side == side("45", "45", "45")  # type: ignore[union-attr]
    assert load(230, setup).exact.per_side == side("45", "45", "2.5")  # type: ignore[union-attr]


def test_it_loads_the_empty_bar_with_no_plates() -> None:
    loading = load(20)

    assert loading.exact is not None
    assert loading.exact.per_side == ()


def test_it_offers_the_nearest_loadable_weights_for_an_unloadable_target() -> None:
    loading = load(D("143"))

    assert loading.exact is None
    assert loading.below is not None and loading.above is not None
    assert (loading.below.total, loading.above.total) == (D("142.5"), D("145"))
    assert loading.above.per_side == side("25", "25", "10", "2.5")
    assert loading.nearest == loading.below  # 0.5 below vs 2 above


def test_it_offers_the_empty_bar_for_a_target_below_it() -> None:
    loading = load(15)

    assert loading.exact is None and loading.below is None
    assert loading.above is not None and loading.above.total == D("20")


def test_it_uses_micro_plates_when_the_lifter_has_them() -> None:
    setup = make_setup(plates=[*DEFAULT_KG, "0.5", "0.25"])

    loading = load(D("101.5"), setup)

    assert loading.exact is not None
    assert loading.exact.per_side == side("25", "15", "0.5", "0.25")


def test_it_finds_a_loading_that_greedy_would_miss() -> None:
    # 25s and 20s only: 60 kg is 20 per side, which picking a 25 first cannot reach
    setup = make_setup(plates=["25", "20"])

    assert load(60, setup).exact.per_side == side("20")  # type: ignore[union-attr]
    assert load(100, setup).exact.per_side == side("20", "20")  # type: ignore[union-attr]
    loading = load(90, setup)  # 35 per side: 25 and 20 reach 25 or 40
    assert loading.exact is None
    assert (loading.below.total, loading.above.total) == (D("70"), D("100"))  # type: ignore[union-attr]


def test_it_reports_nothing_above_when_the_plates_run_out() -> None:
    setup = make_setup(plates=[Plate(D("25"), pairs=1), Plate(D("10"), pairs=1)])

    loading = load(200, setup)

    assert loading.exact is None and loading.above is None
    assert loading.below is not None and loading.below.total == D("90")


def test_it_adds_collars_to_the_bar() -> None:
    setup = make_setup(collar="2.5")  # competition collars

    loading = load(D("100"), setup)

    assert setup.empty == D("25")
    assert loading.exact is not None and loading.exact.per_side == side("25", "10", "2.5")


def test_it_uses_a_custom_bar() -> None:
    setup = make_setup(bar="15")

    assert load(D("57.5"), setup).exact.per_side == side("20", "1.25")  # type: ignore[union-attr]


def test_it_rounds_to_loadable_weights() -> None:
    assert round_to_loadable(D("101")) == D("100")
    assert round_to_loadable(D("101.3"), mode="up") == D("102.5")
    assert round_to_loadable(D("103.7"), mode="down") == D("102.5")
    assert round_to_loadable(D("101.25")) == D("100")  # a tie goes down
    assert round_to_loadable(5) == D("20")  # never under the empty bar
    assert round_to_loadable(5, mode="down") == D("20")


def test_it_accepts_floats_without_binary_drift() -> None:
    assert load(0.1 + 0.2 + 59.7).exact is not None  # repr 60.0
    assert load(142.5).exact.total == D("142.5")  # type: ignore[union-attr]


def test_it_lists_the_loadable_weights() -> None:
    assert loadable_weights(up_to=30) == [D("20"), D("22.5"), D("25"), D("27.5"), D("30")]
    assert loadable_weights(up_to=10) == []


def test_it_formats_weights_without_trailing_zeros() -> None:
    assert [format_weight(D(v)) for v in ("20.00", "1.250", "142.5", "0.25")] == [
        "20",
        "1.25",
        "142.5",
        "0.25",
    ]
    assert per_side_text(()) == ""


@pytest.mark.parametrize("bad", [{"plates": ["0"]}, {"plates": ["-5"]}, {"bar": "-1"}])
def test_it_rejects_impossible_setups(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        make_setup(**bad)  # type: ignore[arg-type]


def test_it_rejects_a_non_finite_target() -> None:
    with pytest.raises(ValueError):
        load(float("nan"))


plate_weights = st.sampled_from(["0.25", "0.5", "1", "1.25", "2.5", "5", "10", "15", "20", "25"])
setups = st.builds(
    lambda unit, bar, plates, pairs, collar: make_setup(
        unit=unit,
        bar=bar,
        plates=[Plate(D(p), pairs=n) for p, n in zip(plates, pairs, strict=False)],
        collar=collar,
    ),
    st.sampled_from(list(Unit)),
    st.sampled_from(["0", "10", "15", "20", "45"]),
    st.lists(plate_weights, min_size=0, max_size=6, unique=True),
    st.lists(st.one_of(st.none(), st.integers(0, 4)), min_size=6, max_size=6),
    st.sampled_from(["0", "2.5"]),
)
targets = st.decimals(min_value=0, max_value=500, places=3)


@settings(max_examples=300, deadline=None)
@given(setup=setups, target=targets)
def test_a_loaded_bar_sums_to_the_target_or_the_reported_nearest(setup, target) -> None:
    loading = load(target, setup)
    owned = {p.weight: p.pairs for p in setup.plates}

    for loaded in (loading.exact, loading.below, loading.above):
        if loaded is None:
            continue
        assert loaded.total == setup.empty + 2 * sum(loaded.per_side, D(0))
        assert list(loaded.per_side) == sorted(loaded.per_side, reverse=True)
        for plate in set(loaded.per_side):
            assert plate in owned
            pairs = owned[plate]
            assert pairs is None or loaded.per_side.count(plate) <= pairs
    if loading.exact is not None:
        assert loading.exact.total == target
    else:
        assert loading.below is None or loading.below.total < target
        assert loading.above is None or loading.above.total > target
        assert loading.below is not None or target < setup.empty


@settings(max_examples=150, deadline=None)
@given(setup=setups, target=targets)
def test_nothing_loadable_lies_between_below_and_above(setup, target) -> None:
    loading = load(target, setup)
    if loading.exact is not None or loading.below is None:
        return
    ceiling = loading.above.total if loading.above is not None else target
    between = [w for w in loadable_weights(setup, up_to=ceiling) if loading.below.total < w]
    assert between == ([] if loading.above is None else [loading.above.total])
