"""Importing CSV exports of Strong, Hevy and Strength Level as the lifter's sets.

The layouts, units, warm-up markers and quirks are described in the project's
`tests/backend/workouts/fixtures/imports/FORMATS.md`. Warm-ups, rest timers, notes and cardio rows
are skipped; every imported row gets an idempotency key from its content, so importing the same
file twice stores nothing the second time.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from . import services
from .models import Exercise, WorkoutSet

if TYPE_CHECKING:
    from backend.accounts.models import User

LB_TO_KG = Decimal("0.45359237")
MAX_ROWS = 50_000
WARMUP_MARKERS = {"w", "warm_up", "warmup", "warm-up"}
PSEUDO_ROWS = {"rest timer", "ruhezeit", "note"}
TRUE_WORDS = {"1", "true", "yes"}


class ImportFormatError(ValueError):
    """The file is not a CSV export this importer knows."""


@dataclass(frozen=True)
class ImportRow:
    """One set read from an export, before it is matched to an exercise."""

    exercise_name: str
    performed_at: datetime
    weight_kg: Decimal
    reps: int
    rpe: Decimal | None = None
    assisted: bool = False


@dataclass
class ImportRead:
    """What a file holds: its source app, the sets, and how many rows were skipped."""

    source: str
    rows: list[ImportRow] = field(default_factory=list)
    skipped: int = 0
    needs_unit: bool = False


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do."""

    source: str = ""
    new: int = 0
    duplicates: int = 0
    skipped: int = 0
    unknown: tuple[str, ...] = ()
    needs_unit: bool = False
    error: str | None = None


# --- reading --------------------------------------------------------------------------------


def _text(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFormatError("the file is not text")


def _number(value: str | None) -> Decimal | None:
    if value is None or not value.strip():
        return None
    try:
        number = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _reps(value: str | None) -> int | None:
    number = _number(value)
    if number is None or number != number.to_integral() or not 1 <= number <= 100:
        return None
    return int(number)


def _rpe(value: str | None) -> Decimal | None:
    number = _number(value)
    if number is None or not 1 <= number <= 10 or (number * 2) != (number * 2).to_integral():
        return None
    return number


def _kg(value: Decimal, unit: str) -> Decimal:
    kg = value * LB_TO_KG if unit == "lb" else value
    return kg.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _aware(moment: datetime, zone: ZoneInfo) -> datetime:
    return moment.replace(tzinfo=zone)


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text.replace("\r\n", "\n")), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise ImportFormatError("the file is empty") from None
    rows = []
    for index, row in enumerate(reader):
        if index >= MAX_ROWS:
            raise ImportFormatError(f"more than {MAX_ROWS} rows")
        if any(cell.strip() for cell in row):
            rows.append(row)
    return header, rows


def _column(header: list[str], *names: str) -> int | None:
    lowered = [name.lower() for name in header]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


def _read_strong(
    header: list[str], rows: list[list[str]], unit: str | None, zone: ZoneInfo
) -> ImportRead:
    # Column positions, not names: the header text follows the app's UI language.
    layout_c = _column(header, "Workout #") is not None
    layout_b = _column(header, "Weight Unit") is not None
    if layout_c:
        date_i, name_i, order_i, weight_i, reps_i, rpe_i = 1, 4, 5, 6, 7, 8
    elif layout_b:
        date_i, name_i, order_i, weight_i, reps_i, rpe_i = 0, 2, 3, 4, 6, 7
    else:
        has_duration = len(header) >= 12 or _column(header, "Duration") is not None
        offset = 1 if has_duration else 0
        date_i, name_i = 0, 2 + offset
        order_i, weight_i, reps_i = 3 + offset, 4 + offset, 5 + offset
        rpe_i = len(header) - 1
    result = ImportRead(source="Strong")
    if not layout_c and not layout_b and unit is None:
        result.needs_unit = True
        return result
    for row in rows:
        order = _cell(row, order_i).lower()
        if order in PSEUDO_ROWS or order in WARMUP_MARKERS:
            result.skipped += 1
            continue
        row_unit = "kg" if layout_c else unit or "kg"
        if layout_b:
            row_unit = "lb" if _cell(row, 5).lower().startswith("lb") else "kg"
        parsed = _set_from(
            name=_cell(row, name_i),
            moment=_parse_moment(_cell(row, date_i), ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")),
            weight=_number(_cell(row, weight_i)) or Decimal(0),
            reps=_reps(_cell(row, reps_i)),
            rpe=_rpe(_cell(row, rpe_i)),
            unit=row_unit,
            zone=zone,
        )
        _add(result, parsed)
    return result


def _read_hevy(header: list[str], rows: list[list[str]], zone: ZoneInfo) -> ImportRead:
    result = ImportRead(source="Hevy")
    start_i = _column(header, "start_time")
    name_i = _column(header, "exercise_title")
    type_i = _column(header, "set_type")
    weight_i = _column(header, "weight_kg", "weight_lbs")
    unit = "lb" if _column(header, "weight_lbs") is not None else "kg"
    reps_i = _column(header, "reps")
    rpe_i = _column(header, "rpe")
    for row in rows:
        if _cell(row, type_i).lower() in WARMUP_MARKERS:
            result.skipped += 1
            continue
        parsed = _set_from(
            name=_cell(row, name_i),
            moment=_parse_moment(_cell(row, start_i), ("%d %b %Y, %H:%M",)),
            weight=_number(_cell(row, weight_i)) or Decimal(0),
            reps=_reps(_cell(row, reps_i)),
            rpe=_rpe(_cell(row, rpe_i)),
            unit=unit,
            zone=zone,
        )
        _add(result, parsed)
    return result


def _read_strength_level(
    header: list[str], rows: list[list[str]], unit: str | None, zone: ZoneInfo
) -> ImportRead:
    result = ImportRead(source="Strength Level")
    date_i = _column(header, "Date Lifted")
    name_i = _column(header, "Exercise")
    use_lb = unit == "lb"
    weight_i = _column(header, "Weight (lb)" if use_lb else "Weight (kg)")
    reps_i = _column(header, "Reps")
    warmup_i = _column(header, "Warmup")
    for row in rows:
        if _cell(row, warmup_i).lower() in TRUE_WORDS:
            result.skipped += 1
            continue
        day = _parse_moment(_cell(row, date_i), ("%Y-%m-%d",))
        parsed = _set_from(
            name=_cell(row, name_i),
            moment=datetime.combine(day.date(), time(12, 0)) if day else None,
            weight=_number(_cell(row, weight_i)) or Decimal(0),
            reps=_reps(_cell(row, reps_i)),
            rpe=None,
            unit="lb" if use_lb else "kg",
            zone=zone,
        )
        _add(result, parsed)
    return result


def _parse_moment(text: str, formats: Iterable[str]) -> datetime | None:
    for form in formats:
        try:
            return datetime.strptime(text.strip(), form)
        except ValueError:
            continue
    return None


def _set_from(
    *,
    name: str,
    moment: datetime | None,
    weight: Decimal,
    reps: int | None,
    rpe: Decimal | None,
    unit: str,
    zone: ZoneInfo,
) -> ImportRow | None:
    if not name or moment is None or reps is None:
        return None
    assisted = bool(re.search(r"\(assisted\)", name, re.I))
    weight_kg = _kg(abs(weight) if assisted else weight, unit)
    return ImportRow(
        exercise_name=name,
        performed_at=_aware(moment, zone),
        weight_kg=-weight_kg if assisted else weight_kg,
        reps=reps,
        rpe=rpe,
        assisted=assisted,
    )


def _add(result: ImportRead, row: ImportRow | None) -> None:
    if row is None:
        result.skipped += 1
    else:
        result.rows.append(row)


def import_read(*, content: bytes, unit: str | None = None, zone: str = "UTC") -> ImportRead:
    """Reads a Strong, Hevy or Strength Level CSV export into sets (no database access)."""
    header, rows = _rows(_text(content))
    try:
        tz = ZoneInfo(zone or "UTC")
    except (KeyError, ValueError):
        tz = ZoneInfo("UTC")
    names = {name.lower() for name in header}
    if {"date lifted", "exercise"} <= names:
        return _read_strength_level(header, rows, unit, tz)
    if {"exercise_title", "start_time"} <= names:
        return _read_hevy(header, rows, tz)
    if len(header) >= 10 and (
        "workout #" in names or "weight unit" in names or len(header) in (10, 11, 12)
    ):
        return _read_strong(header, rows, unit, tz)
    raise ImportFormatError("not a Strong, Hevy or Strength Level export")


# --- matching and storing -------------------------------------------------------------------


def _exercise_matcher() -> Callable[[str], Exercise | None]:
    cache: dict[str, Exercise | None] = {}

    def match(name: str) -> Exercise | None:
        if name not in cache:
            cache[name] = _match_exercise(name)
        return cache[name]

    return match


def _match_exercise(name: str) -> Exercise | None:
    base = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    equipment = [
        word.lower()
        for word in re.findall(r"\(([^)]*)\)", name)
        if word.lower() not in ("assisted", "weighted")
    ]
    candidates = [name]
    candidates += [f"{word} {base}" for word in equipment if word not in ("barbell",)]
    candidates += [base]
    if base.lower().endswith("s"):
        candidates.append(base[:-1])
    else:
        candidates.append(base + "s")
    for candidate in candidates:
        exercise = services.exercise_resolve(text=candidate)
        if exercise is not None:
            return exercise
    return None


def _valid(exercise: Exercise, row: ImportRow) -> bool:
    if exercise.is_bodyweight:
        return Decimal(-200) <= row.weight_kg <= Decimal(300)
    return Decimal(0) <= row.weight_kg <= Decimal(1000)


def _key(row: ImportRow, slug: str, occurrence: int) -> str:
    text = f"{row.performed_at.isoformat()}|{slug}|{row.weight_kg}|{row.reps}|{occurrence}"
    return "imp:" + hashlib.sha1(text.encode()).hexdigest()


def _plan(*, user: User, content: bytes, unit: str | None) -> tuple[ImportRead, dict[str, Any]]:
    read = import_read(content=content, unit=unit or None, zone=user.timezone)
    if read.needs_unit:
        return read, {}
    match = _exercise_matcher()
    unknown: Counter[str] = Counter()
    seen: Counter[tuple[Any, ...]] = Counter()
    sets: list[services.SetInput] = []
    skipped = read.skipped
    for row in sorted(read.rows, key=lambda r: r.performed_at):
        exercise = match(row.exercise_name)
        if exercise is None:
            unknown[row.exercise_name] += 1
            continue
        if not _valid(exercise, row):
            skipped += 1
            continue
        signature = (row.performed_at, exercise.slug, row.weight_kg, row.reps)
        seen[signature] += 1
        sets.append(
            services.SetInput(
                exercise=exercise,
                weight_kg=row.weight_kg,
                reps=row.reps,
                rpe=row.rpe,
                performed_at=row.performed_at,
                idempotency_key=_key(row, exercise.slug, seen[signature]),
            )
        )
    keys = [s.idempotency_key for s in sets]
    stored = set(
        WorkoutSet.objects.filter(user=user, idempotency_key__in=keys).values_list(
            "idempotency_key", flat=True
        )
    )
    fresh = [s for s in sets if s.idempotency_key not in stored]
    return read, {
        "fresh": fresh,
        "duplicates": len(sets) - len(fresh),
        "skipped": skipped,
        "unknown": tuple(name for name, _ in unknown.most_common()),
    }


def import_preview(*, user: User, content: bytes, unit: str | None = None) -> ImportPreview:
    """What importing a CSV export would store: new sets, duplicates, skipped rows, unknowns."""
    try:
        read, plan = _plan(user=user, content=content, unit=unit)
    except ImportFormatError as error:
        return ImportPreview(error=str(error))
    if read.needs_unit:
        return ImportPreview(source=read.source, needs_unit=True)
    return ImportPreview(
        source=read.source,
        new=len(plan["fresh"]),
        duplicates=plan["duplicates"],
        skipped=plan["skipped"],
        unknown=plan["unknown"],
    )


def import_commit(*, user: User, content: bytes, unit: str | None = None) -> int:
    """Stores the sets of a CSV export not stored before; returns how many were stored."""
    read, plan = _plan(user=user, content=content, unit=unit)
    if read.needs_unit or not plan["fresh"]:
        return 0
    result = services.log_sets(user=user, sets=plan["fresh"], source=WorkoutSet.Source.IMPORT)
    return len(result.sets) if result.created else 0
