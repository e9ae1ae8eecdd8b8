"""Powerlifting scores: DOTS, Wilks (2020) and IPF GL points, and where a DOTS score falls among
raw lifters.

Coefficients from OpenPowerlifting's coefficient code, copied verbatim in
`data/coaching/powerlifting_score_coefficients.json`; the DOTS percentiles of raw lifters aged
30 from liftgauge.com in `data/coaching/openpowerlifting_dots_percentiles_liftgauge.csv`
(sources in `data/coaching/SOURCES.md`). Each score works for a total or a single lift (IPF GL
has its own bench-only parameters; the others score a single lift like a small total).
"""

from __future__ import annotations

import csv
import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

DATA = Path(__file__).parent / "data" / "coaching"
COEFFICIENTS_PATH = DATA / "powerlifting_score_coefficients.json"
PERCENTILES_PATH = DATA / "openpowerlifting_dots_percentiles_liftgauge.csv"
IPF_GL_MIN_BODYWEIGHT_KG = 35.0

Sex = Literal["male", "female"]
Event = Literal["SBD", "B"]
Equipment = Literal["Raw", "Single-ply"]


@cache
def _coefficients() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(COEFFICIENTS_PATH.read_text())
    return data


def _group(sex: Sex) -> str:
    if sex not in ("male", "female"):
        raise ValueError(f"sex must be male or female, got {sex!r}")
    return "men" if sex == "male" else "women"


def _clamped(bodyweight_kg: float, bounds: list[float]) -> float:
    if not bodyweight_kg > 0:
        raise ValueError("bodyweight must be positive")
    return min(max(bodyweight_kg, bounds[0]), bounds[1])


def dots_coefficient(*, sex: Sex, bodyweight_kg: float) -> float:
    """The DOTS multiplier for a lifter: 500 / (A·x⁴ + B·x³ + C·x² + D·x + E), x clamped."""
    c = _coefficients()["dots"][_group(sex)]
    x = _clamped(bodyweight_kg, c["bw_bounds_kg"])
    return 500 / (c["A"] * x**4 + c["B"] * x**3 + c["C"] * x**2 + c["D"] * x + c["E"])


def dots(*, sex: Sex, bodyweight_kg: float, total_kg: float) -> float:
    """DOTS points of a total (or one lift) in kg."""
    return total_kg * dots_coefficient(sex=sex, bodyweight_kg=bodyweight_kg)


def wilks2020_coefficient(*, sex: Sex, bodyweight_kg: float) -> float:
    """The Wilks 2020 multiplier: 600 / (A + B·x + … + F·x⁵), x clamped (a 600-point scale)."""
    c = _coefficients()["wilks2020"][_group(sex)]
    x = _clamped(bodyweight_kg, c["bw_bounds_kg"])
    terms = (c["A"], c["B"], c["C"], c["D"], c["E"], c["F"])
    return 600 / sum(k * x**power for power, k in enumerate(terms))


def wilks2020(*, sex: Sex, bodyweight_kg: float, total_kg: float) -> float:
    """Wilks (2020) points of a total (or one lift) in kg."""
    return total_kg * wilks2020_coefficient(sex=sex, bodyweight_kg=bodyweight_kg)


def ipf_gl(
    *,
    sex: Sex,
    bodyweight_kg: float,
    total_kg: float,
    event: Event = "SBD",
    equipment: Equipment = "Raw",
) -> float:
    """IPF GL (Goodlift) points: total × 100 / (A − B·e^(−C·bodyweight)); 0 under 35 kg."""
    if bodyweight_kg < IPF_GL_MIN_BODYWEIGHT_KG:
        return 0.0
    code = "M" if _group(sex) == "men" else "F"
    params = next(
        p
        for p in _coefficients()["ipf_gl_goodlift"]["params"]
        if (p["event"], p["sex"], p["equipment"]) == (event, code, equipment)
    )
    return total_kg * 100 / (params["A"] - params["B"] * math.exp(-params["C"] * bodyweight_kg))


@dataclass(frozen=True)
class Scores:
    total_kg: float
    dots: float
    wilks2020: float
    ipf_gl: float


def scores_for(*, sex: Sex, bodyweight_kg: float, total_kg: float, event: Event = "SBD") -> Scores:
    """All three scores of a raw total (event "SBD") or a bench press (event "B")."""
    return Scores(
        total_kg=total_kg,
        dots=dots(sex=sex, bodyweight_kg=bodyweight_kg, total_kg=total_kg),
        wilks2020=wilks2020(sex=sex, bodyweight_kg=bodyweight_kg, total_kg=total_kg),
        ipf_gl=ipf_gl(sex=sex, bodyweight_kg=bodyweight_kg, total_kg=total_kg, event=event),
    )


@dataclass(frozen=True)
class DotsPercentile:
    """Where a DOTS score falls among raw lifters of the closest published cohort.

    `percentile` is interpolated between the published p10…p90 and clamped to them: `below`
    and `above` say the score is outside that range (under p10 or over p90)."""

    percentile: float
    weight_class_kg: int
    sample_size: int
    below: bool = False
    above: bool = False


PERCENTILE_POINTS = (10, 25, 50, 75, 90)


@cache
def _cohorts() -> list[dict[str, Any]]:
    with PERCENTILES_PATH.open(newline="") as handle:
        return [
            {
                "sex": "male" if row["sex"] == "M" else "female",
                "weight_class_kg": int(row["weight_class_kg"]),
                "points": [float(row[f"p{p}"]) for p in PERCENTILE_POINTS],
                "n": int(row["n"]),
            }
            for row in csv.DictReader(handle)
        ]


def dots_percentile(*, sex: Sex, bodyweight_kg: float, dots_points: float) -> DotsPercentile:
    """The share of raw lifters (the cohort whose weight class is closest) under `dots_points`."""
    _group(sex)
    cohort = min(
        (c for c in _cohorts() if c["sex"] == sex),
        key=lambda c: (abs(c["weight_class_kg"] - bodyweight_kg), c["weight_class_kg"]),
    )
    points: list[float] = cohort["points"]
    found = DotsPercentile(0.0, cohort["weight_class_kg"], cohort["n"])
    if dots_points <= points[0]:
        return DotsPercentile(10.0, found.weight_class_kg, found.sample_size, below=True)
    if dots_points >= points[-1]:
        return DotsPercentile(90.0, found.weight_class_kg, found.sample_size, above=True)
    for (p_low, low), (p_high, high) in zip(
        zip(PERCENTILE_POINTS, points, strict=True),
        zip(PERCENTILE_POINTS[1:], points[1:], strict=True),
        strict=False,
    ):
        if low <= dots_points <= high:
            share = p_low + (p_high - p_low) * (dots_points - low) / (high - low)
            return DotsPercentile(share, found.weight_class_kg, found.sample_size)
    raise AssertionError("unreachable: the points are increasing")
