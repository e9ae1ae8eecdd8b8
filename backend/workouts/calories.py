"""Energy burned by strength training, from MET values of the Compendium of Physical Activities.

kcal = MET × body mass (kg) × hours (gross), and (MET − 1) × kg × hours (net: the resting energy
is taken out so a session is not counted twice against a daily total); formulas and MET values
from `../shared/data/met_energy_formulas.json` and the 2011 Adult Compendium.

Time model when the real duration is unknown: a set takes `SECONDS_PER_REP` seconds of work per
rep plus `REST_SECONDS` of rest before the next set. Lifters typically take 2–4 s per rep
(eccentric plus concentric) and rest 1–3 minutes between sets of the main lifts; we use 3 s and
90 s, so a 5-rep set counts for 105 s. When the session's real duration is given, it is shared
out over its sets in proportion to their modelled time instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SECONDS_PER_REP = 3.0
REST_SECONDS = 90.0
DEFAULT_BODYWEIGHT_KG = 75.0  # used when the lifter's bodyweight is unknown


@dataclass(frozen=True)
class Energy:
    gross_kcal: float
    net_kcal: float
    seconds: float


def set_seconds(*, reps: int) -> float:
    """Modelled duration of one set: work time from its reps plus the rest after it."""
    return reps * SECONDS_PER_REP + REST_SECONDS


def energy(*, met: float, bodyweight_kg: float, seconds: float) -> Energy:
    """Gross and net kcal for `seconds` of an activity of `met` by a person of `bodyweight_kg`."""
    if met < 1 or bodyweight_kg <= 0 or seconds < 0:
        raise ValueError("met must be ≥ 1, bodyweight positive and seconds not negative")
    hours = seconds / 3600
    return Energy(
        gross_kcal=met * bodyweight_kg * hours,
        net_kcal=(met - 1) * bodyweight_kg * hours,
        seconds=seconds,
    )


def set_energy(*, met: float, bodyweight_kg: float | None, reps: int) -> Energy:
    """Energy of one set under the time model."""
    return energy(
        met=met,
        bodyweight_kg=bodyweight_kg or DEFAULT_BODYWEIGHT_KG,
        seconds=set_seconds(reps=reps),
    )


def session_energy(
    *,
    sets: Sequence[tuple[float, int]],
    bodyweight_kg: float | None,
    duration_seconds: float | None = None,
) -> list[Energy]:
    """Energy of each (MET, reps) set of a session, scaled to its real duration when known."""
    total = sum(set_seconds(reps=reps) for _, reps in sets)
    scale = duration_seconds / total if duration_seconds is not None and total else 1.0
    weight = bodyweight_kg or DEFAULT_BODYWEIGHT_KG
    return [
        energy(met=met, bodyweight_kg=weight, seconds=set_seconds(reps=reps) * scale)
        for met, reps in sets
    ]
