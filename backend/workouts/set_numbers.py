"""The numbers of a set: e1RM, calories, percentile and level. One owner for every path that
stores or recomputes a set (the bot and the API through `services.log_sets`, edits, the
importer, recomputes after an exercise changed) and for the calculator.

`set_numbers` takes typed `SetFacts` (what the numbers depend on) and returns `SetNumbers`, with
the percentile model called once for all rankable sets. Warm-ups get e1RM and calories but are
never ranked. No database: the caller reads the bodyweight and age at the time of the set.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from . import calories
from .effective_load import ranked_one_rm_kg, system_e1rm_kg

if TYPE_CHECKING:
    from .models import Exercise

TWO_PLACES = Decimal("0.01")


def quantize(value: float, places: Decimal = TWO_PLACES) -> Decimal:
    """A float as the Decimal a set stores (2 places, half up)."""
    return Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ranking:
    percentile: float
    level: str
    next_level: str | None
    next_level_kg: float | None
    kg_to_next_level: float | None
    extrapolated: bool


def e1rm_for(
    *,
    exercise: Exercise,
    weight_kg: float,
    reps: int,
    bodyweight_kg: float | None,
    rpe: Decimal | None = None,
) -> float:
    """Estimated 1RM of a set on its effective load: for bodyweight exercises bodyweight + added
    weight − assistance (the system 1RM, never negative), see `effective_load`; from the RPE
    chart when the set has an RPE (`rpe.estimate_one_rm`)."""
    return system_e1rm_kg(
        weight_kg=weight_kg,
        reps=reps,
        is_bodyweight=exercise.is_bodyweight,
        bodyweight_kg=bodyweight_kg,
        rpe=rpe,
    )


def ranked_one_rm_for(*, exercise: Exercise, e1rm_kg: float, bodyweight_kg: float | None) -> float:
    """The 1RM the percentile model ranks: the added-weight 1RM for bodyweight exercises."""
    return ranked_one_rm_kg(
        e1rm_kg=e1rm_kg, is_bodyweight=exercise.is_bodyweight, bodyweight_kg=bodyweight_kg
    )


def rank_many(rows: Sequence[dict[str, Any]]) -> list[Ranking | None]:
    """Percentile and level for each row (exercise slug, sex, age, bodyweight_kg, one_rm_kg).

    A row gets None when the lifter's sex, age or bodyweight is unknown or the exercise has no
    model; the model is called once for all rankable rows. A model that cannot load raises
    (`ml.predict.ModelLoadError`): processes check it at start-up (`backend.workouts.apps`).
    """
    from ml.predict import get_model

    model = get_model()
    rankable = [
        i
        for i, row in enumerate(rows)
        if row["sex"] in ("male", "female")
        and row["age"] is not None
        and row["bodyweight_kg"] is not None
        and row["exercise"] in model.exercises
    ]
    results: list[Ranking | None] = [None] * len(rows)
    if not rankable:
        return results
    inputs = [
        {
            "exercise": rows[i]["exercise"],
            "sex": rows[i]["sex"],
            "age": float(rows[i]["age"]),
            "bodyweight_kg": float(rows[i]["bodyweight_kg"]),
            "one_rm_kg": float(rows[i]["one_rm_kg"]),
        }
        for i in rankable
    ]
    cached = _cache_of(model)
    keys = [tuple(row.values()) for row in inputs]
    found: list[Ranking | bool | None] = [cached.get(key, False) for key in keys]
    missing = [n for n, known in enumerate(found) if known is False]
    if missing:
        if len(cached) + len(missing) > RANKINGS_CACHED:
            cached.clear()
        for n, ranking in zip(missing, _predict(model, [inputs[n] for n in missing]), strict=True):
            cached[keys[n]] = ranking
            found[n] = ranking
    for i, known in zip(rankable, found, strict=True):
        results[i] = known if isinstance(known, Ranking) else None
    return results


# A lifter logs the same weight × reps at the same bodyweight again and again (3 × 5 at 100 kg):
# rankings already computed are kept (per model object, by its inputs), so most sets logged need
# no model call.
RANKINGS_CACHED = 4096
_caches: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Ranking | None]] = (
    weakref.WeakKeyDictionary()
)


def _cache_of(model: Any) -> dict[tuple[Any, ...], Ranking | None]:
    try:
        return _caches.setdefault(model, {})
    except TypeError:  # a model that cannot be weakly referenced: nothing kept
        return {}


def _predict(model: Any, inputs: list[dict[str, Any]]) -> list[Ranking | None]:
    """One model call for all rows; a row the model cannot rank gets None."""
    try:
        predictions: list[Any] = model.predict_batch(inputs)
    except ValueError:
        # some row is outside what the model can rank (e.g. assistance beyond bodyweight):
        # rank the others one by one
        predictions = []
        for row in inputs:
            try:
                predictions.append(model.predict(**row))
            except ValueError:
                predictions.append(None)
    results: list[Ranking | None] = []
    for prediction in predictions:
        if prediction is None:
            results.append(None)
            continue
        nxt = prediction.next_level
        results.append(
            Ranking(
                percentile=prediction.percentile,
                level=prediction.level,
                next_level=nxt.level if nxt else None,
                next_level_kg=nxt.one_rm_kg if nxt else None,
                kg_to_next_level=nxt.kg_to_go if nxt else None,
                extrapolated=prediction.extrapolated,
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class SetFacts:
    """What the numbers of one set depend on: the set, and the lifter at the time of it."""

    exercise: Exercise
    weight_kg: Decimal
    reps: int
    bodyweight_kg: Decimal | None  # the lifter's bodyweight when the set was performed
    sex: str  # "male", "female" or "" (then no ranking)
    age: int | None  # on the day of the set (None: no ranking)
    rpe: Decimal | None = None
    is_warmup: bool = False  # warm-ups are never ranked


@dataclass(frozen=True, slots=True)
class SetNumbers:
    """The numbers a set stores (`e1rm_kg`, `calories_kcal`, `percentile`, `level`) and what
    replies and the calculator show besides."""

    e1rm_kg: Decimal
    calories_kcal: Decimal
    percentile: Decimal | None
    level: str
    ranking: Ranking | None
    e1rm: float  # unrounded, on the load moved (system 1RM for bodyweight lifts)
    ranked_one_rm_kg: float  # what the model ranks (added-weight 1RM for bodyweight lifts)
    energy: calories.Energy


def set_numbers(sets: Sequence[SetFacts]) -> list[SetNumbers]:
    """e1RM, calories, percentile and level of each set, ranking them in one model call."""
    partial: list[tuple[float, float, calories.Energy]] = []
    rank_rows: list[dict[str, Any]] = []
    ranked: list[int] = []
    for index, item in enumerate(sets):
        exercise = item.exercise
        body = float(item.bodyweight_kg) if item.bodyweight_kg is not None else None
        e1rm = system_e1rm_kg(
            weight_kg=float(item.weight_kg),
            reps=item.reps,
            is_bodyweight=exercise.is_bodyweight,
            bodyweight_kg=body,
            rpe=item.rpe,
        )
        one_rm = ranked_one_rm_kg(
            e1rm_kg=e1rm, is_bodyweight=exercise.is_bodyweight, bodyweight_kg=body
        )
        energy = calories.set_energy(
            met=float(exercise.met_value), bodyweight_kg=body, reps=item.reps
        )
        partial.append((e1rm, one_rm, energy))
        if not item.is_warmup:
            ranked.append(index)
            rank_rows.append(
                {
                    "exercise": exercise.slug,
                    "sex": item.sex,
                    "age": item.age,
                    "bodyweight_kg": body,
                    "one_rm_kg": one_rm,
                }
            )
    rankings: list[Ranking | None] = [None] * len(sets)
    if rank_rows:
        for index, ranking in zip(ranked, rank_many(rank_rows), strict=True):
            rankings[index] = ranking
    return [
        SetNumbers(
            e1rm_kg=quantize(e1rm),
            calories_kcal=quantize(energy.gross_kcal),
            percentile=quantize(ranking.percentile) if ranking is not None else None,
            level=ranking.level if ranking is not None else "",
            ranking=ranking,
            e1rm=e1rm,
            ranked_one_rm_kg=one_rm,
            energy=energy,
        )
        for (e1rm, one_rm, energy), ranking in zip(partial, rankings, strict=True)
    ]
