"""Loads the exercise catalogue from `data/exercises.csv` (idempotent; sources in SOURCES.md).

`data/build_catalogue.py` writes the CSV; the CSV is the committed source of truth read here.
A few bulk queries whatever the catalogue's size, so migrations and `seed_exercises` stay fast.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .models import normalize_alias

EXERCISES_CSV = Path(__file__).resolve().parent / "data" / "exercises.csv"
EXERCISE_FIELDS = (
    "name",
    "name_ko",
    "category",
    "equipment",
    "load_type",
    "met_code",
    "met_value",
    "standards",
    "primary_muscles",
)


def exercise_rows() -> list[dict[str, str]]:
    """The rows of the exercise catalogue."""
    with EXERCISES_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def row_aliases(row: dict[str, str]) -> list[str]:
    """The folded aliases of one catalogue row."""
    return [a for a in (normalize_alias(a) for a in row["aliases"].split(";")) if a]


def seed_exercises(*, exercise_model: Any, alias_model: Any) -> int:
    """Creates or updates every catalogued exercise and its aliases; returns how many.

    Works with a migration's historical models too: fields the model has not got yet are left out.
    """
    rows = exercise_rows()
    present = {f.name for f in exercise_model._meta.get_fields()}
    fields = [name for name in EXERCISE_FIELDS if name in present]
    existing = {e.slug: e for e in exercise_model.objects.all()}
    changed, created = [], []
    for row in rows:
        exercise = existing.get(row["slug"])
        if exercise is None:
            created.append(exercise_model(slug=row["slug"], **{f: row[f] for f in fields}))
            continue
        if any(str(getattr(exercise, f)) != row[f] for f in fields):
            for name in fields:
                setattr(exercise, name, row[name])
            changed.append(exercise)
    exercise_model.objects.bulk_create(created, batch_size=500)
    if changed:
        exercise_model.objects.bulk_update(changed, fields, batch_size=500)
    ids = dict(exercise_model.objects.values_list("slug", "pk"))
    wanted = {alias: ids[row["slug"]] for row in rows for alias in row_aliases(row)}
    stored = {a.alias: a for a in alias_model.objects.all()}
    moved = [a for alias, a in stored.items() if alias in wanted and a.exercise_id != wanted[alias]]
    for alias in moved:
        alias.exercise_id = wanted[alias.alias]
    alias_model.objects.bulk_update(moved, ["exercise"], batch_size=500)
    alias_model.objects.bulk_create(
        [alias_model(alias=a, exercise_id=pk) for a, pk in wanted.items() if a not in stored],
        batch_size=500,
    )
    return len(rows)
