"""`set_numbers`: the one owner of e1RM, calories, percentile and level of a set."""

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

import pytest

from backend.workouts import set_numbers as numbers
from backend.workouts.models import Exercise

pytestmark = pytest.mark.django_db


def _facts(slug: str = "bench-press", **changes: object) -> numbers.SetFacts:
    facts = numbers.SetFacts(
        exercise=Exercise.objects.get(slug=slug),
        weight_kg=Decimal(100),
        reps=5,
        bodyweight_kg=Decimal(80),
        sex="male",
        age=30,
    )
    return replace(facts, **changes)  # type: ignore[arg-type]


def test_a_set_gets_its_stored_numbers_and_ranking() -> None:
    (number,) = numbers.set_numbers([_facts()])
    assert (number.e1rm_kg, number.calories_kcal) == (Decimal("112.50"), Decimal("14.00"))
    assert number.ranking is not None and number.level == number.ranking.level
    assert number.percentile == numbers.quantize(number.ranking.percentile)
    assert number.ranked_one_rm_kg == number.e1rm == 112.5


def test_a_warmup_and_an_unknown_lifter_get_numbers_but_no_ranking() -> None:
    warmup, unknown, no_age = numbers.set_numbers(
        [_facts(is_warmup=True), _facts(sex=""), _facts(age=None)]
    )
    assert warmup.e1rm_kg == unknown.e1rm_kg == Decimal("112.50")
    for number in (warmup, unknown, no_age):
        assert (number.ranking, number.percentile, number.level) == (None, None, "")


def test_sets_are_ranked_in_one_model_call_in_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    rank_many = numbers.rank_many

    def counted(rows: list[dict[str, object]]) -> list[numbers.Ranking | None]:
        calls.append(len(rows))
        return rank_many(rows)

    monkeypatch.setattr(numbers, "rank_many", counted)
    light, warmup, heavy = numbers.set_numbers(
        [_facts(weight_kg=Decimal(60)), _facts(is_warmup=True), _facts(weight_kg=Decimal(140))]
    )
    assert calls == [2]
    assert light.percentile is not None and heavy.percentile is not None
    assert light.percentile < heavy.percentile and warmup.percentile is None


def test_a_bodyweight_lift_ranks_the_added_weight() -> None:
    (number,) = numbers.set_numbers([_facts("pull-ups", weight_kg=Decimal(20), reps=1)])
    assert number.e1rm == 100.0 and number.ranked_one_rm_kg == 20.0


def test_a_set_ranked_before_is_ranked_without_a_model_call(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ml.predict import get_model

    model = get_model()
    calls: list[int] = []
    predict_batch = model.predict_batch

    def counted(rows: list[dict[str, object]]) -> Sequence[object]:
        calls.append(len(rows))
        return predict_batch(rows)

    numbers._caches.clear()
    monkeypatch.setattr(model, "predict_batch", counted)
    first = numbers.set_numbers([_facts(), _facts(weight_kg=Decimal(120))])
    again = numbers.set_numbers([_facts(weight_kg=Decimal(120)), _facts(weight_kg=Decimal(130))])
    assert calls == [2, 1]
    assert again[0] == first[1] and again[1].percentile is not None
    assert again[1].percentile > again[0].percentile  # type: ignore[operator]
