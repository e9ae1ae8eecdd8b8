"""The small facts every layer shares, each defined once: units, periods, the limits of a set,
the time-zone fallback, and the levels (ids, the percentile each starts at, names).

The bottom of the import layers (`docs/architecture.md`): `bot`, `backend`, `ml` and `charts` all
import from here; this package imports nothing but the standard library.
"""

from __future__ import annotations

import zoneinfo
from decimal import Decimal
from typing import Literal

# --- Units ---------------------------------------------------------------------------------

Unit = Literal["kg", "lb"]
KG_PER_LB = Decimal("0.45359237")  # the international pound, exactly
LB_PER_KG = float(1 / KG_PER_LB)  # for float arithmetic (charts)

# --- Periods of charts and summaries -------------------------------------------------------

Period = Literal["1m", "3m", "6m"]
PERIOD_DAYS: dict[str, int] = {"1m": 30, "3m": 91, "6m": 182}

# --- The limits of one set (kg: the bar's load, or the load added to a bodyweight lift) -----

MAX_WEIGHT_KG = Decimal(1000)  # heavier is a typo or a unit mix-up
MIN_ADDED_KG, MAX_ADDED_KG = Decimal(-200), Decimal(300)  # assistance (−) or belt (+)
MIN_REPS, MAX_REPS = 1, 100
MIN_RPE, MAX_RPE = Decimal(1), Decimal(10)

# --- Time zones ----------------------------------------------------------------------------

FALLBACK_TIME_ZONE = "UTC"  # for a lifter without a (valid) time zone


def time_zone(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone named `name`, or the fallback zone when the name is empty or unknown."""
    try:
        return zoneinfo.ZoneInfo(name or FALLBACK_TIME_ZONE)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo(FALLBACK_TIME_ZONE)


# --- Levels (Strength Level's standards; ml/data/strength_level_percentiles.csv agrees) ----

LEVELS: tuple[str, ...] = ("beginner", "novice", "intermediate", "advanced", "elite")
# The percentile each level starts at: stronger than 5, 20, 50, 80 and 95% of lifters.
LEVEL_PERCENTILES: dict[str, float] = {
    "beginner": 5.0,
    "novice": 20.0,
    "intermediate": 50.0,
    "advanced": 80.0,
    "elite": 95.0,
}
LEVEL_NAMES: dict[str, dict[str, str]] = {
    "en": {
        "beginner": "Beginner",
        "novice": "Novice",
        "intermediate": "Intermediate",
        "advanced": "Advanced",
        "elite": "Elite",
    },
    "ko": {
        "beginner": "초급",
        "novice": "초중급",
        "intermediate": "중급",
        "advanced": "상급",
        "elite": "엘리트",
    },
}
