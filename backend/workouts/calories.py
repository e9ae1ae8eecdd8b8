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


# --- daily energy: BMR (Mifflin–St Jeor) and TDEE by activity level -------------------------
#
# Mifflin MD, St Jeor ST et al., "A new predictive equation for resting energy expenditure in
# healthy individuals", Am J Clin Nutr 1990;51(2):241-7:
#     BMR = 10 × kg + 6.25 × cm − 5 × years + 5 (men), − 161 (women)    [kcal/day]
# TDEE = BMR × an activity factor; the factors are the usual five levels of the Harris–Benedict
# activity multipliers (McArdle, Katch & Katch, *Exercise Physiology*), as most calculators use.

MIFFLIN_SEX_CONSTANT = {"male": 5.0, "female": -161.0}
ACTIVITY_FACTORS: dict[str, float] = {
    "sedentary": 1.2,  # little or no exercise
    "light": 1.375,  # light exercise 1–3 days a week
    "moderate": 1.55,  # moderate exercise 3–5 days a week
    "active": 1.725,  # hard exercise 6–7 days a week
    "very_active": 1.9,  # very hard exercise and a physical job
}
HEIGHT_RANGE_CM = (50.0, 272.0)
AGE_RANGE = (13, 120)
BODYWEIGHT_RANGE_KG = (20.0, 400.0)


@dataclass(frozen=True)
class DailyEnergy:
    bmr_kcal: float
    tdee_kcal: float
    activity: str
    activity_factor: float


def bmr_mifflin_st_jeor(*, sex: str, bodyweight_kg: float, height_cm: float, age: int) -> float:
    """Basal metabolic rate in kcal a day by the Mifflin–St Jeor equation."""
    if sex not in MIFFLIN_SEX_CONSTANT:
        raise ValueError(f"sex must be male or female, got {sex!r}")
    return 10 * bodyweight_kg + 6.25 * height_cm - 5 * age + MIFFLIN_SEX_CONSTANT[sex]


def daily_energy(
    *, sex: str, bodyweight_kg: float, height_cm: float, age: int, activity: str
) -> DailyEnergy:
    """BMR and the total daily energy expenditure at an activity level (`ACTIVITY_FACTORS`)."""
    if activity not in ACTIVITY_FACTORS:
        raise ValueError(f"activity must be one of {', '.join(ACTIVITY_FACTORS)}")
    bmr = bmr_mifflin_st_jeor(sex=sex, bodyweight_kg=bodyweight_kg, height_cm=height_cm, age=age)
    factor = ACTIVITY_FACTORS[activity]
    return DailyEnergy(
        bmr_kcal=bmr, tdee_kcal=bmr * factor, activity=activity, activity_factor=factor
    )
