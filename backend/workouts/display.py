"""How each quantity reads, in English and Korean: one rule per quantity.

The chat, the charts (through `chart_service`, which passes these functions in), the API's display
fields and the calculator all show numbers through this module, so the same value reads the same
everywhere. Pure: no Django.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from facts import KG_PER_LB, LEVEL_NAMES, LEVELS

Language = Literal["en", "ko"]

# The smallest jump a lifter can load with standard plates (a pair of 1.25 kg / 2.5 lb plates).
LOADABLE_STEP: dict[str, Decimal] = {"kg": Decimal("2.5"), "lb": Decimal(5)}
# A typed load keeps what lifters write (micro plates: 101.25 kg); lb never needs more than 0.1.
LOAD_PLACES: dict[str, str] = {"kg": "0.01", "lb": "0.1"}
ESTIMATE_PLACES = "0.1"
PERCENTILE_MAX = Decimal("99.9")

LEVEL_LABELS = LEVEL_NAMES
TOP_LEVEL = LEVELS[-1]

PERIOD_LABELS: dict[str, dict[str, str]] = {
    "en": {"1m": "1 month", "3m": "3 months", "6m": "6 months"},
    "ko": {"1m": "1개월", "3m": "3개월", "6m": "6개월"},
}


def _decimal(value: Decimal | float | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def to_unit(kg: Decimal | float, unit: str) -> Decimal:
    """A mass in kg expressed in `unit` (not rounded)."""
    value = _decimal(kg)
    return value / KG_PER_LB if unit == "lb" else value


def to_kg(value: Decimal | float, unit: str) -> Decimal:
    """A mass typed in `unit` expressed in kg (not rounded)."""
    number = _decimal(value)
    return number * KG_PER_LB if unit == "lb" else number


def _plain(value: Decimal, places: str) -> str:
    rounded = value.quantize(Decimal(places), rounding=ROUND_HALF_UP)
    text = format(rounded.normalize(), "f")
    return "0" if text in ("-0", "") else text


def format_number(value: Decimal | float | int, places: str = "0.1") -> str:
    """A plain number rounded half up to `places`, no trailing zeros: `102.5`, `100`."""
    return _plain(_decimal(value), places)


def format_load(kg: Decimal | float, unit: str) -> str:
    """A weight put on the bar, as lifters write it: `102.5 kg`, `100 kg`, `225 lb`."""
    return f"{_plain(to_unit(kg, unit), LOAD_PLACES.get(unit, '0.01'))} {unit}"


def format_estimate(kg: Decimal | float, unit: str) -> str:
    """An estimated mass (e1RM, a level threshold, kg to go): one decimal, `127.1 kg`."""
    return f"{_plain(to_unit(kg, unit), ESTIMATE_PLACES)} {unit}"


def format_percentile(percentile: Decimal | float) -> str:
    """A percentile as shown to lifters: one decimal, `63.2`, kept within 0–99.9.

    Nobody is stronger than 100% of lifters (they would have to beat themselves), so a percentile
    that rounds up to 100 reads 99.9.
    """
    value = min(max(_decimal(percentile), Decimal(0)), PERCENTILE_MAX)
    return _plain(value, "0.1") if value < PERCENTILE_MAX else format(PERCENTILE_MAX, "f")


def format_kcal(kcal: Decimal | float) -> str:
    """Energy burned: whole kcal, `45 kcal`."""
    return f"{_plain(_decimal(kcal), '1')} kcal"


def format_rpe(rpe: Decimal | float) -> str:
    """An RPE as typed: `8`, `8.5`."""
    return _plain(_decimal(rpe), "0.1")


def round_loadable(kg: Decimal | float, unit: str, step: Decimal | None = None) -> Decimal:
    """The nearest weight a lifter can load (in `unit`), by `step` or the standard plate step."""
    step = step or LOADABLE_STEP[unit]
    value = to_unit(kg, unit)
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).normalize()


def format_loadable(kg: Decimal | float, unit: str, step: Decimal | None = None) -> str:
    """A suggested weight to load, rounded to the plates: `110 kg`, `242.5 kg`, `245 lb`."""
    return f"{_plain(round_loadable(kg, unit, step), '0.01')} {unit}"


def level_label(level: str, language: str = "en") -> str:
    """A level id (`beginner` … `elite`, any casing) as its name in `language`."""
    labels = LEVEL_LABELS.get(language, LEVEL_LABELS["en"])
    return labels.get(level.casefold(), level)


def level_id(level: str) -> str:
    """The level id (`beginner` … `elite`) of a level in any casing; `""` when it is none."""
    folded = level.casefold()
    return folded if folded in LEVELS else ""


def period_label(period: str, language: str = "en") -> str:
    """A chart period (`1m`, `3m`, `6m`) in words."""
    return PERIOD_LABELS.get(language, PERIOD_LABELS["en"]).get(period.casefold(), period)


def reps_label(reps: int, language: str = "en") -> str:
    """`1 rep`, `5 reps`, `5회`."""
    if language == "ko":
        return f"{reps}회"
    return f"{reps} rep" if reps == 1 else f"{reps} reps"
