"""RPE-aware e1RM: Mike Tuchscherer's RPE chart (Reactive Training Systems), in
`data/coaching/rpe_percent_1rm_tuchscherer.csv` (sources in `data/coaching/SOURCES.md`).

The whole chart follows one rule: %1RM(reps, RPE) = %1RM(reps + RIR, RPE 10) with reps in
reserve RIR = 10 − RPE, so a set's *effective reps* are reps + RIR and only the RPE-10 row is
needed. Half steps (RPE 8.5 = 1.5 RIR) take the midpoint of the two whole-RPE neighbours, which
is the same as interpolating the RPE-10 row halfway between two rep counts. The chart covers
RPE 6 to 10 and effective reps up to 12; outside it (no RPE, RPE under 6, or more than 12
effective reps) the rep formula of `one_rep_max` is used, and `Estimate.method` says which.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Literal

from . import one_rep_max

CHART_PATH = Path(__file__).parent / "data" / "coaching" / "rpe_percent_1rm_tuchscherer.csv"
MIN_RPE = Decimal(6)
MAX_RPE = Decimal(10)
RPE_STEP = Decimal("0.5")

Method = Literal["rpe_chart", "formula"]


@dataclass(frozen=True)
class Estimate:
    """An e1RM and how it was found: from the RPE chart or the rep formula."""

    one_rm_kg: float
    method: Method
    percent_1rm: float  # the share of the 1RM the set was, 0–100
    formula: str = ""  # the rep formula's name when method is "formula"


@cache
def _rpe10_row() -> dict[int, float]:
    """%1RM at RPE 10 by reps (1…12), checked to follow the RIR rule in every listed cell."""
    row: dict[int, float] = {}
    cells: list[tuple[Decimal, int, float]] = []
    with CHART_PATH.open(newline="") as handle:
        for line in csv.DictReader(handle):
            rpe, reps, percent = Decimal(line["rpe"]), int(line["reps"]), float(line["percent_1rm"])
            cells.append((rpe, reps, percent))
            if rpe == MAX_RPE:
                row[reps] = percent
    for rpe, reps, percent in cells:
        if row.get(reps + int(MAX_RPE - rpe)) != percent:
            raise ValueError(f"the RPE chart breaks the RIR rule at RPE {rpe} × {reps}")
    return row


def chart_covers(*, reps: int, rpe: Decimal | None) -> bool:
    """Whether the RPE chart has a value for `reps` at `rpe` (else the rep formula is used)."""
    if rpe is None or not MIN_RPE <= rpe <= MAX_RPE or rpe % RPE_STEP or reps < 1:
        return False
    return reps + (MAX_RPE - rpe) <= max(_rpe10_row())


def percent_1rm(*, reps: int, rpe: Decimal) -> float:
    """The share of the 1RM (0–100) that `reps` at `rpe` is, from the chart (half steps: the
    midpoint of the whole-RPE neighbours)."""
    if rpe % RPE_STEP:
        raise ValueError("RPE goes in steps of 0.5")
    if not chart_covers(reps=reps, rpe=rpe):
        raise ValueError(f"the RPE chart has no value for {reps} reps at RPE {rpe}")
    row = _rpe10_row()
    effective = reps + (MAX_RPE - rpe)
    low = int(effective)
    if effective == low:
        return row[low]
    return round((row[low] + row[low + 1]) / 2, 2)


def estimate_one_rm(*, weight_kg: float, reps: int, rpe: Decimal | None = None) -> Estimate:
    """The e1RM of `reps` at `weight_kg`: from the RPE chart when the RPE is in it, else the rep
    formula (which assumes the set was taken to failure)."""
    if chart_covers(reps=reps, rpe=rpe):
        assert rpe is not None
        percent = percent_1rm(reps=reps, rpe=rpe)
        return Estimate(
            one_rm_kg=weight_kg * 100 / percent, method="rpe_chart", percent_1rm=percent
        )
    estimate = one_rep_max.estimate_one_rm(weight_kg=weight_kg, reps=reps)
    factor = one_rep_max.one_rm_factor(reps=reps)
    return Estimate(
        one_rm_kg=estimate.one_rm_kg,
        method="formula",
        percent_1rm=round(100 / factor, 2),
        formula=str(estimate.formula),
    )


def weight_for(*, one_rm_kg: float, reps: int, rpe: Decimal | None = None) -> float:
    """The weight for `reps` at `rpe` (or to failure without one) for a 1RM of `one_rm_kg`."""
    if chart_covers(reps=reps, rpe=rpe):
        assert rpe is not None
        return one_rm_kg * percent_1rm(reps=reps, rpe=rpe) / 100
    return one_rep_max.weight_for_reps(one_rm_kg=one_rm_kg, reps=reps)


def rpe_from_rir(rir: Decimal) -> Decimal:
    """The RPE of a set with `rir` reps in reserve (RPE = 10 − RIR)."""
    return MAX_RPE - rir
