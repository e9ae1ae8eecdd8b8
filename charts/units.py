"""Weight unit conversion and formatting for chart labels."""

from __future__ import annotations

import numpy as np

from charts.chart_data import Unit

LB_PER_KG = 2.2046226218


def from_kg(values: np.ndarray, *, unit: Unit) -> np.ndarray:
    """Convert kilogram values to `unit`."""
    if unit == "kg":
        return values
    if unit == "lb":
        return values * LB_PER_KG
    raise ValueError(f"unit must be kg or lb, not {unit!r}")


def format_weight(value: float, *, unit: Unit) -> str:
    """Format a weight already in `unit` the way lifters write it (142.5 kg, 315 lb)."""
    if unit == "lb":
        return f"{value:.0f} lb"
    return f"{round(value * 2) / 2:g} kg"
