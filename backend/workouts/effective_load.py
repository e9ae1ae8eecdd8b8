"""The load a set really moves: the bar for loaded lifts, bodyweight ± the belt or band for
bodyweight lifts. One place for how e1RM, PRs and plausibility count a bodyweight set.

`pullups -15x6` by an 80 kg lifter moves 65 kg six times: its e1RM (the "system" 1RM, bodyweight
included) is 75.6 kg, never a negative number. Strength Level's pull-up and dip standards are in
weight *added* to bodyweight, so the percentile model ranks `ranked_one_rm_kg` (system 1RM minus
bodyweight), which may be negative for assisted sets. Pure: no Django.
"""

from __future__ import annotations

from decimal import Decimal

from . import rpe as rpe_chart
from .calories import DEFAULT_BODYWEIGHT_KG


def bodyweight_or_default(bodyweight_kg: float | None) -> float:
    """The lifter's bodyweight, or the default when unknown."""
    return bodyweight_kg or DEFAULT_BODYWEIGHT_KG


def effective_load_kg(
    *, weight_kg: float, is_bodyweight: bool, bodyweight_kg: float | None
) -> float:
    """The load moved: the weight, or bodyweight + added − assistance (never below 0)."""
    if not is_bodyweight:
        return weight_kg
    return max(bodyweight_or_default(bodyweight_kg) + weight_kg, 0.0)


def system_e1rm_kg(
    *,
    weight_kg: float,
    reps: int,
    is_bodyweight: bool,
    bodyweight_kg: float | None,
    rpe: Decimal | None = None,
) -> float:
    """Estimated 1RM of the load moved (bodyweight included for bodyweight lifts): from the RPE
    chart when the set has an RPE it covers, else the rep formula (`rpe.estimate_one_rm`)."""
    load = effective_load_kg(
        weight_kg=weight_kg, is_bodyweight=is_bodyweight, bodyweight_kg=bodyweight_kg
    )
    return rpe_chart.estimate_one_rm(weight_kg=load, reps=reps, rpe=rpe).one_rm_kg


def ranked_one_rm_kg(*, e1rm_kg: float, is_bodyweight: bool, bodyweight_kg: float | None) -> float:
    """The 1RM the standards rank: the added-weight 1RM for bodyweight lifts, else the e1RM."""
    if not is_bodyweight:
        return e1rm_kg
    return e1rm_kg - bodyweight_or_default(bodyweight_kg)
