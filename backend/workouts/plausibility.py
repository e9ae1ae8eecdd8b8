"""Which sets are worth believing without a question: one place for the plausibility rules.

The bot asks before storing a set these rules doubt, the API refuses it with a field error, and
the calculator page (through the exercise API) warns before ranking it.
"""

from __future__ import annotations


def e1rm_ceiling_kg(*, exercise_slug: str) -> float | None:
    """The heaviest e1RM on an exercise believed without a question (None: no ceiling known)."""
    return None
