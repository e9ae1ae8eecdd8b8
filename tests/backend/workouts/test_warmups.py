from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from backend.workouts import plates
from backend.workouts.warmups import warmup_ramp

D = Decimal


def ramp(work: object, setup: plates.BarSetup | None = None) -> list[tuple[str, int]]:
    return [(plates.format_weight(s.weight), s.reps) for s in warmup_ramp(work, setup)]  # type: ignore[arg-type]


def test_it_ramps_empty_bar_40_60_80_to_a_medium_set() -> None:
    assert ramp(100) == [("20", 10), ("40", 5), ("60", 3), ("80", 1)]


def test_it_adds_steps_for_a_heavy_set_rounded_down_to_plates() -> None:
    assert ramp(160) == [
        ("20", 10),
        ("62.5", 5),
        ("87.5", 3),
        ("110", 2),
        ("127.5", 1),
        ("142.5", 1),
    ]


def test_it_needs_one_step_for_a_light_set() -> None:
    assert ramp(45) == [("20", 10), ("25", 5)]


def test_it_gives_no_warmup_at_or_under_the_empty_bar() -> None:
    assert ramp(20) == []
    assert ramp(15) == []


def test_it_ramps_in_lb_with_lb_plates() -> None:
    assert ramp(225, plates.default_setup("lb")) == [("45", 10), ("90", 5), ("135", 3), ("180", 1)]


def test_each_warmup_set_shows_its_plates() -> None:
    sets = warmup_ramp(100)

    assert [s.per_side for s in sets[1:]] == [(D(10),), (D(20),), (D(25), D(5))]


@settings(max_examples=200, deadline=None)
@given(
    work=st.decimals(min_value=0, max_value=400, places=2),
    unit=st.sampled_from(list(plates.Unit)),
)
def test_warmups_strictly_increase_stay_below_the_work_set_and_load(work, unit) -> None:  # type: ignore[no-untyped-def]
    setup = plates.default_setup(unit)

    sets = warmup_ramp(work, setup)

    weights = [s.weight for s in sets]
    assert weights == sorted(set(weights))
    assert all(w < work for w in weights)
    for s in sets:
        assert plates.load(s.weight, setup).exact is not None
        assert s.weight == setup.empty + 2 * sum(s.per_side, D(0))
