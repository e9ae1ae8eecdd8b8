"""Estimated one-rep max (e1RM) from a set of `reps` at `weight`, and the inverse.

Formulas from `../shared/data/one_rm_formulas.csv` (sources there): each maps (weight, reps) to an
estimated 1RM, and each is linear in the weight, so it is a factor `f(reps)` with
`1RM = weight * f(reps)`.

The default follows Strength Level, whose reps→%1RM table equals Brzycki up to 10 reps (our
standards come from Strength Level, so the same formula keeps levels consistent). Brzycki and
Epley give exactly the same factor at 10 reps (4/3), and Brzycki grows without bound towards 37
reps, so above 10 reps we switch to Epley: the curve stays continuous and grows linearly. Every
source puts the linear formulas' reliable range at about 10 reps, so estimates from more than
`RELIABLE_MAX_REPS` reps are flagged as unreliable.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from facts import MAX_REPS, MIN_REPS


class Formula(StrEnum):
    EPLEY = "epley"
    BRZYCKI = "brzycki"
    LANDER = "lander"
    LOMBARDI = "lombardi"
    MAYHEW = "mayhew"
    OCONNER = "oconner"
    WATHAN = "wathan"


FACTORS: dict[Formula, Callable[[int], float]] = {
    Formula.EPLEY: lambda r: 1 + r / 30,
    Formula.BRZYCKI: lambda r: 36 / (37 - r),
    Formula.LANDER: lambda r: 100 / (101.3 - 2.67123 * r),
    Formula.LOMBARDI: lambda r: r**0.10,
    Formula.MAYHEW: lambda r: 100 / (52.2 + 41.9 * math.exp(-0.055 * r)),
    Formula.OCONNER: lambda r: 1 + 0.025 * r,
    Formula.WATHAN: lambda r: 100 / (48.8 + 53.8 * math.exp(-0.075 * r)),
}

BRZYCKI_MAX_REPS = 10
RELIABLE_MAX_REPS = 12


@dataclass(frozen=True)
class Estimate:
    one_rm_kg: float
    formula: Formula
    reliable: bool


def default_formula(reps: int) -> Formula:
    """The formula used for `reps` when none is asked for: Brzycki to 10 reps, Epley above."""
    return Formula.BRZYCKI if reps <= BRZYCKI_MAX_REPS else Formula.EPLEY


def one_rm_factor(*, reps: int, formula: Formula | None = None) -> float:
    """How many times the lifted weight the 1RM is, for a set of `reps`."""
    if not MIN_REPS <= reps <= MAX_REPS:
        raise ValueError(f"reps must be between {MIN_REPS} and {MAX_REPS}, got {reps}")
    if reps == 1:
        return 1.0
    chosen = formula or default_formula(reps)
    if chosen is Formula.BRZYCKI and reps >= 37:
        raise ValueError("Brzycki's formula is undefined at 37 reps or more")
    return FACTORS[chosen](reps)


def estimate_one_rm(*, weight_kg: float, reps: int, formula: Formula | None = None) -> Estimate:
    """Estimates the 1RM of a set of `reps` at `weight_kg`."""
    chosen = formula or default_formula(reps)
    return Estimate(
        one_rm_kg=weight_kg * one_rm_factor(reps=reps, formula=chosen),
        formula=chosen,
        reliable=reps <= RELIABLE_MAX_REPS,
    )


def weight_for_reps(*, one_rm_kg: float, reps: int, formula: Formula | None = None) -> float:
    """The weight that can be lifted for `reps` by a lifter whose 1RM is `one_rm_kg`."""
    return one_rm_kg / one_rm_factor(reps=reps, formula=formula)
