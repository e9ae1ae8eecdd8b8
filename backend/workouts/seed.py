"""Loads the exercise catalogue from `data/exercises.csv` (idempotent; sources in SOURCES.md)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .models import normalize_alias

EXERCISES_CSV = Path(__file__).resolve().parent / "data" / "exercises.csv"


def exercise_rows() -> list[dict[str, str]]:
    """The rows of the exercise catalogue."""
    with EXERCISES_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def seed_exercises(*, exercise_model: Any, alias_model: Any) -> int:
    """Creates or updates every catalogued exercise and its aliases; returns how many."""
    rows = exercise_rows()
    for row in rows:
        exercise, _ = exercise_model.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "name_ko": row["name_ko"],
                "category": row["category"],
                "load_type": row["load_type"],
                "met_code": row["met_code"],
                "met_value": row["met_value"],
                "standards": row["standards"],
            },
        )
        for alias in filter(None, (a.strip() for a in row["aliases"].split(";"))):
            alias_model.objects.update_or_create(
                alias=normalize_alias(alias), defaults={"exercise": exercise}
            )
    return len(rows)
