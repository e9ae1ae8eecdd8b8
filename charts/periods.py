"""The chart periods lifters can ask for (1, 3 or 6 months) and their date ranges."""

from __future__ import annotations

from datetime import date, timedelta

from facts import PERIOD_DAYS, Period

__all__ = ["PERIOD_DAYS", "Period", "period_start"]


def period_start(*, period: str, end: date) -> date:
    """Return the first local day of `period` ending on `end` (inclusive)."""
    if period not in PERIOD_DAYS:
        raise ValueError(f"period must be one of {', '.join(PERIOD_DAYS)}")
    return end - timedelta(days=PERIOD_DAYS[period] - 1)
