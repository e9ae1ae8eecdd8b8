"""Weight unit conversion for chart values (labels format through `ChartLabels.weight`)."""

from __future__ import annotations

import numpy as np

from charts.chart_data import Unit
from facts import LB_PER_KG

__all__ = ["LB_PER_KG", "from_kg"]


def from_kg(values: np.ndarray, *, unit: Unit) -> np.ndarray:
    """Convert kilogram values to `unit`."""
    if unit == "kg":
        return values
    if unit == "lb":
        return values * LB_PER_KG
    raise ValueError(f"unit must be kg or lb, not {unit!r}")
