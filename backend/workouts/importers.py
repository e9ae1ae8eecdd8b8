"""Importing CSV exports of Strong, Hevy, Strength Level and our own `/export` as the lifter's sets.

The layouts, units, warm-up markers and quirks are described in
`tests/backend/workouts/fixtures/imports/FORMATS.md`. Formats are told apart by their header names,
never by column positions. Nothing is dropped silently: every row is stored (warm-ups kept and
marked) or counted under the reason it is not (rest timer, note, timed or cardio row, empty,
invalid value), and names the catalogue does not know are listed with a choice each (map to an
exercise or create it as the lifter's own). Every row gets an idempotency key from its content, so
importing the same file twice, or running an interrupted import again, stores each set once.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone

from facts import FALLBACK_TIME_ZONE, KG_PER_LB, MAX_REPS, MAX_WEIGHT_KG, MIN_REPS, time_zone

from . import catalogue, services
from .models import Exercise, ImportJob, WorkoutSet, normalize_alias
from .set_numbers import SetFacts, set_numbers

if TYPE_CHECKING:
    from backend.accounts.models import User

CENTS = Decimal("0.01")
MAX_ROWS = 100_000
CHUNK = 2000
OWN = "+own"  # the choice "create this name as the lifter's own exercise"
WARMUP_MARKERS = {"w", "warm_up", "warmup", "warm-up", "aufwärmen", "échauffement"}
REST_MARKERS = {"rest timer", "ruhezeit", "minuteur de repos", "rest"}
NOTE_MARKERS = {"note", "notiz"}
TRUE_WORDS = {"1", "true", "yes"}

# Why a row is not stored, in the order the preview lists them.
REASONS = ("rest", "note", "timed", "empty", "invalid")

SOURCE_OWN = "SBD Animal"
SOURCE_STRONG = "Strong"
SOURCE_HEVY = "Hevy"
SOURCE_HEVY_API = "Hevy API"
SOURCE_STRENGTH_LEVEL = "Strength Level"

# Header names (folded: lower case, quotes and spaces trimmed) of each column role.
DATE_NAMES = ("date", "datum", "date lifted", "start_time", "performed_at")
EXERCISE_NAMES = ("exercise name", "nom de l'exercice", "name der übung", "exercise_title")
ORDER_NAMES = ("set order", "ordre de la série", "reihenfolge festlegen")
WEIGHT_NAMES = ("weight", "poids", "gewicht")
WEIGHT_KG_NAMES = ("weight (kg)", "weight_kg", "kg", "poids (kg)", "gewicht (kg)")
WEIGHT_LB_NAMES = ("weight (lb)", "weight (lbs)", "weight_lbs", "weight_lb", "lbs", "lb")
REPS_NAMES = ("reps", "réps", "wiederh.", "wiederholungen")
RPE_NAMES = ("rpe",)
SECONDS_NAMES = ("seconds", "secondes", "sekunden", "duration_seconds")
DISTANCE_NAMES = (
    "distance",
    "entfernung",
    "km",
    "distance (meters)",
    "distance_km",
    "distance_miles",
    "distance_meters",
)


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
    is_warmup: bool = False
    key: str = ""


@dataclass
class ImportRead:
    """What a file holds: its source app, the sets, the unit, and the rows skipped per reason."""

    source: str
    rows: list[ImportRow] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    unit: str = "kg"
    unit_guessed: bool = False


@dataclass(frozen=True)
class UnknownName:
    """An exercise name the catalogue does not know, how many sets use it, and what to do."""

    name: str
    rows: int
    guesses: tuple[tuple[str, str], ...] = ()  # (slug, name) of the closest exercises
    choice: str = ""  # the slug it maps to, OWN, or "" while undecided


@dataclass(frozen=True)
class ImportPreview:
    """What importing a file would do: new sets, duplicates, rows not stored and why."""

    source: str = ""
    new: int = 0
    duplicates: int = 0
    warmups: int = 0  # of `new`: warm-ups, stored and marked
    skipped: dict[str, int] = field(default_factory=dict)  # reason → rows (see REASONS)
    unknown: tuple[UnknownName, ...] = ()
    unit: str = "kg"
    unit_guessed: bool = False  # the file states no unit: `unit` is a guess from the numbers
    error: str | None = None

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    @property
    def undecided(self) -> tuple[UnknownName, ...]:
        return tuple(name for name in self.unknown if not name.choice)


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


def _rpe(value: str | None) -> Decimal | None:
    number = _number(value)
    if number is None or not 1 <= number <= 10 or (number * 2) != (number * 2).to_integral():
        return None
    return number


def _kg(value: Decimal, unit: str) -> Decimal:
    kg = value * KG_PER_LB if unit == "lb" else value
    return kg.quantize(CENTS, rounding=ROUND_HALF_UP)


def _fold(name: str) -> str:
    return name.strip().strip('"').strip().lower()


def _rows(text: str) -> tuple[list[str], list[list[str]]]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [_fold(name) for name in next(reader)]
    except StopIteration:
        raise ImportFormatError("the file is empty") from None
    except csv.Error as error:
        raise ImportFormatError(f"the file is not CSV ({error})") from None
    rows = []
    try:
        for index, row in enumerate(reader):
            if index >= MAX_ROWS:
                raise ImportFormatError(f"more than {MAX_ROWS} rows")
            rows.append(row)
    except csv.Error as error:
        raise ImportFormatError(f"the file is not CSV ({error})") from None
    return header, rows


class _Columns:
    """Where each column role sits in a header, found by the column's name."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.index = {name: i for i, name in reversed(list(enumerate(header)))}

    def find(self, names: Iterable[str]) -> int | None:
        return next((self.index[name] for name in names if name in self.index), None)

    def has(self, *names: str) -> bool:
        return all(name in self.index for name in names)


def _cell(row: list[str], index: int | None) -> str:
    if index is None or index >= len(row):
        return ""
    return row[index].strip()


@functools.lru_cache(maxsize=4096)  # a workout repeats its date on every row
def _parse_moment(text: str, zone: ZoneInfo) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    for form in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%d %b %Y, %H:%M", "%Y-%m-%d"):
        try:
            moment = datetime.strptime(text, form)
        except ValueError:
            continue
        if form == "%Y-%m-%d":  # a day without a time (Strength Level): noon, so it stays that day
            moment = datetime.combine(moment.date(), time(12, 0))
        return moment.replace(tzinfo=zone)
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


# Plate maths: numbers only a pound (45 lb bar + 45 lb plates) or a kilogram gym (20 kg bar +
# 20 kg plates) keeps producing.
LB_MARKS = frozenset(Decimal(v) for v in (45, 95, 135, 185, 225, 275, 315, 365, 405, 455, 495))
KG_MARKS = frozenset(Decimal(v) for v in (20, 60, 100, 140, 180, 220, 260))


def unit_guess(weights: Iterable[Decimal]) -> str:
    """The unit a column of weights without one is most likely in, from the numbers alone.

    45/135/225 and 5-lb steps mean pounds; 20/60/100 and 2.5-kg steps (22.5, 62.5) mean
    kilograms. Ties go to kg.
    """
    lb = kg = 0
    for value in weights:
        value = abs(value).quantize(CENTS, rounding=ROUND_HALF_UP)
        if value <= 0:
            continue
        if value in LB_MARKS:
            lb += 2
        elif value in KG_MARKS:
            kg += 2
        elif value % 5 == Decimal("2.5"):
            kg += 1
        elif value % 10 == 5 and value >= 15:
            lb += 1
    return "lb" if lb > kg else "kg"


@dataclass
class _Raw:
    """One row's cells by role, before they are checked."""

    name: str
    moment: datetime | None
    weight: str
    unit: str
    reps: str
    rpe: str = ""
    marker: str = ""
    warmup: bool = False
    seconds: str = ""
    distance: str = ""


def _classify(raw: _Raw) -> ImportRow | str:
    """The set a row holds, or the reason (see REASONS) it holds none."""
    marker = raw.marker.lower()
    if marker in REST_MARKERS:
        return "rest"
    if marker in NOTE_MARKERS:
        return "note"
    reps = _number(raw.reps)
    weight = _number(raw.weight)
    if not reps:
        timed = (_number(raw.seconds) or 0) > 0 or (_number(raw.distance) or 0) > 0
        if timed:
            return "timed"
        if (raw.weight and weight is None) or (reps is None and raw.reps):
            return "invalid"
        return "empty"
    if not raw.name:
        return "empty"
    if raw.moment is None:
        return "invalid"
    whole = reps.to_integral_value(rounding=ROUND_HALF_UP)
    if abs(reps - whole) > Decimal("0.01") or not MIN_REPS <= whole <= MAX_REPS:
        return "invalid"
    if weight is None and raw.weight:
        return "invalid"
    weight_kg = _kg(weight or Decimal(0), raw.unit)
    if abs(weight_kg) > MAX_WEIGHT_KG:
        return "invalid"
    assisted = bool(re.search(r"\(assisted\)", raw.name, re.I))
    if assisted:
        weight_kg = -abs(weight_kg)
    return ImportRow(
        exercise_name=raw.name,
        performed_at=raw.moment,
        weight_kg=weight_kg,
        reps=int(whole),
        rpe=_rpe(raw.rpe),
        assisted=assisted,
        is_warmup=raw.warmup or marker in WARMUP_MARKERS,
    )


def _own_rows(columns: _Columns, rows: list[list[str]], zone: ZoneInfo) -> Iterable[_Raw]:
    date_i, name_i = columns.find(("performed_at",)), columns.find(("exercise",))
    weight_i, reps_i = columns.find(("weight_kg",)), columns.find(("reps",))
    rpe_i, warmup_i = columns.find(("rpe",)), columns.find(("is_warmup",))
    for row in rows:
        yield _Raw(
            name=_cell(row, name_i),
            moment=_parse_moment(_cell(row, date_i), zone),
            weight=_cell(row, weight_i),
            unit="kg",
            reps=_cell(row, reps_i),
            rpe=_cell(row, rpe_i),
            warmup=_cell(row, warmup_i).lower() in TRUE_WORDS,
        )


def _strong_rows(
    columns: _Columns, rows: list[list[str]], unit: str, zone: ZoneInfo
) -> Iterable[_Raw]:
    date_i, name_i = columns.find(DATE_NAMES), columns.find(EXERCISE_NAMES)
    order_i = columns.find(ORDER_NAMES)
    weight_i = columns.find(WEIGHT_KG_NAMES + WEIGHT_LB_NAMES + WEIGHT_NAMES)
    unit_i = columns.find(("weight unit",))
    reps_i, rpe_i = columns.find(REPS_NAMES), columns.find(RPE_NAMES)
    seconds_i, distance_i = columns.find(SECONDS_NAMES), columns.find(DISTANCE_NAMES)
    for row in rows:
        row_unit = unit
        if unit_i is not None:
            row_unit = "lb" if _cell(row, unit_i).lower().startswith("lb") else "kg"
        yield _Raw(
            name=_cell(row, name_i),
            moment=_parse_moment(_cell(row, date_i), zone),
            weight=_cell(row, weight_i),
            unit=row_unit,
            reps=_cell(row, reps_i),
            rpe=_cell(row, rpe_i),
            marker=_cell(row, order_i),
            seconds=_cell(row, seconds_i),
            distance=_cell(row, distance_i),
        )


def _hevy_rows(columns: _Columns, rows: list[list[str]], zone: ZoneInfo) -> Iterable[_Raw]:
    date_i, name_i = columns.find(("start_time",)), columns.find(("exercise_title",))
    type_i = columns.find(("set_type",))
    weight_i = columns.find(("weight_kg",))
    unit = "kg"
    if weight_i is None:
        weight_i, unit = columns.find(("weight_lbs", "weight_lb")), "lb"
    reps_i, rpe_i = columns.find(("reps",)), columns.find(("rpe",))
    seconds_i, distance_i = columns.find(SECONDS_NAMES), columns.find(DISTANCE_NAMES)
    for row in rows:
        yield _Raw(
            name=_cell(row, name_i),
            moment=_parse_moment(_cell(row, date_i), zone),
            weight=_cell(row, weight_i),
            unit=unit,
            reps=_cell(row, reps_i),
            rpe=_cell(row, rpe_i),
            marker=_cell(row, type_i),
            seconds=_cell(row, seconds_i),
            distance=_cell(row, distance_i),
        )


def _strength_level_rows(
    columns: _Columns, rows: list[list[str]], unit: str, zone: ZoneInfo
) -> Iterable[_Raw]:
    date_i, name_i = columns.find(("date lifted",)), columns.find(("exercise",))
    # both units are on every row; the lifter's own is exact, the other rounded
    weight_i = columns.find(("weight (lb)",) if unit == "lb" else ("weight (kg)",))
    reps_i, warmup_i = columns.find(("reps",)), columns.find(("warmup",))
    for row in reversed(rows):  # newest first, and reversed within a day
        yield _Raw(
            name=_cell(row, name_i),
            moment=_parse_moment(_cell(row, date_i), zone),
            weight=_cell(row, weight_i),
            unit=unit,
            reps=_cell(row, reps_i),
            warmup=_cell(row, warmup_i).lower() in TRUE_WORDS,
        )


def _column_values(rows: list[list[str]], index: int | None) -> list[Decimal]:
    values = (_number(_cell(row, index)) for row in rows)
    return [value for value in values if value is not None]


def _sl_unit_guess(columns: _Columns, rows: list[list[str]]) -> str:
    """Which of Strength Level's two weight columns is the exact one the lifter typed."""

    def exact(values: list[Decimal], step: Decimal) -> int:
        return sum(1 for value in values if value and value % step == 0)

    kg = exact(_column_values(rows, columns.find(("weight (kg)",))), Decimal("1.25"))
    lb = exact(_column_values(rows, columns.find(("weight (lb)",))), Decimal("2.5"))
    return "lb" if lb > kg else "kg"


def _keyed(rows: list[ImportRow]) -> list[ImportRow]:
    """The rows oldest first, each with an idempotency key from its content (and its repeat)."""
    seen: Counter[str] = Counter()
    folded: dict[str, str] = {}
    keyed = []
    for row in sorted(rows, key=lambda r: r.performed_at):
        name = folded.get(row.exercise_name)
        if name is None:
            name = folded[row.exercise_name] = normalize_alias(row.exercise_name)
        text = (
            f"{row.performed_at.isoformat()}|{name}|{row.weight_kg}|{row.reps}|{int(row.is_warmup)}"
        )
        seen[text] += 1
        digest = hashlib.sha1(f"{text}|{seen[text]}".encode()).hexdigest()
        keyed.append(_replace_key(row, "imp:" + digest))
    return keyed


def _replace_key(row: ImportRow, key: str) -> ImportRow:
    return ImportRow(
        exercise_name=row.exercise_name,
        performed_at=row.performed_at,
        weight_kg=row.weight_kg,
        reps=row.reps,
        rpe=row.rpe,
        assisted=row.assisted,
        is_warmup=row.is_warmup,
        key=key,
    )


def _detect(columns: _Columns) -> str:
    if columns.has("performed_at", "exercise", "weight_kg", "reps"):
        return SOURCE_OWN
    if columns.has("date lifted", "exercise"):
        return SOURCE_STRENGTH_LEVEL
    if columns.has("exercise_title", "set_type"):
        return SOURCE_HEVY_API if columns.has("workout_id") else SOURCE_HEVY
    if (
        columns.find(DATE_NAMES) is not None
        and columns.find(EXERCISE_NAMES) is not None
        and columns.find(ORDER_NAMES) is not None
    ):
        return SOURCE_STRONG
    raise ImportFormatError("not a Strong, Hevy, Strength Level or SBD Animal export")


def import_read(
    *, content: bytes, unit: str | None = None, zone: str = FALLBACK_TIME_ZONE
) -> ImportRead:
    """Reads an export into sets and skipped rows per reason (no database access).

    `unit` is the lifter's answer for files that state none; without it the unit is guessed
    from the numbers and `unit_guessed` is set.
    """
    header, rows = _rows(_text(content))
    tz = time_zone(zone)
    columns = _Columns(header)
    source = _detect(columns)
    result = ImportRead(source=source)
    raws: Iterable[_Raw]
    if source == SOURCE_OWN:
        raws = _own_rows(columns, rows, tz)
    elif source in (SOURCE_HEVY, SOURCE_HEVY_API):
        raws = _hevy_rows(columns, rows, tz)
        result.unit = "kg" if columns.has("weight_kg") else "lb"
    elif source == SOURCE_STRENGTH_LEVEL:
        result.unit = unit or _sl_unit_guess(columns, rows)
        result.unit_guessed = unit is None
        raws = _strength_level_rows(columns, rows, result.unit, tz)
    else:
        stated = columns.find(WEIGHT_KG_NAMES + WEIGHT_LB_NAMES + ("weight unit",))
        if stated is not None:
            name = header[stated]
            result.unit = "lb" if name in WEIGHT_LB_NAMES else "kg"
        else:
            weights = _column_values(rows, columns.find(WEIGHT_NAMES))
            result.unit = unit or unit_guess(weights)
            result.unit_guessed = unit is None
        raws = _strong_rows(columns, rows, result.unit, tz)
    sets = []
    for raw in raws:
        if raw.moment is None and not any((raw.name, raw.weight, raw.reps, raw.marker)):
            continue  # a blank line
        parsed = _classify(raw)
        if isinstance(parsed, str):
            result.skipped[parsed] += 1
        else:
            sets.append(parsed)
    result.rows = _keyed(sets)
    return result


# --- matching -------------------------------------------------------------------------------


SUGGESTIONS = 3  # best guesses offered per unknown name


def _match_exercise(name: str, resolve: Callable[[str], Exercise | None]) -> Exercise | None:
    """The exercise of a name as exports write it (`Name (Equipment)` included): the catalogue's,
    else the lifter's own (`resolve` is `catalogue.resolver(user=…)`)."""
    base = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
    equipment = [
        word.lower()
        for word in re.findall(r"\(([^)]*)\)", name)
        if word.lower() not in ("assisted", "weighted")
    ]
    candidates = [name]
    candidates += [f"{word} {base}" for word in equipment if word not in ("barbell",)]
    candidates += [base]
    candidates.append(base[:-1] if base.lower().endswith("s") else base + "s")
    for candidate in candidates:
        if not candidate:
            continue
        exercise = resolve(candidate)
        if exercise is not None:
            return exercise
    return None


@dataclass(frozen=True)
class PlannedSet:
    """A set to store: the row and the exercise it was matched to."""

    row: ImportRow
    exercise: Exercise


@dataclass
class _Plan:
    read: ImportRead
    fresh: list[PlannedSet] = field(default_factory=list)
    to_create: Counter[str] = field(default_factory=Counter)  # own names: fresh rows each
    warmups: int = 0
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unknown: list[UnknownName] = field(default_factory=list)


def _existing_keys(user: User, keys: Sequence[str]) -> set[str | None]:
    found: set[str | None] = set()
    for start in range(0, len(keys), CHUNK):
        found.update(
            WorkoutSet.objects.filter(
                user=user, idempotency_key__in=keys[start : start + CHUNK]
            ).values_list("idempotency_key", flat=True)
        )
    return found


def _existing_content(user: User, rows: Sequence[ImportRow]) -> Counter[tuple[Any, ...]]:
    """The lifter's stored sets as (second, folded names, weight, reps) over the file's span."""
    if not rows:
        return Counter()
    first = min(r.performed_at for r in rows)
    last = max(r.performed_at for r in rows) + timedelta(seconds=1)
    stored: Counter[tuple[Any, ...]] = Counter()
    for moment, slug, weight, reps in WorkoutSet.objects.filter(
        user=user, performed_at__gte=first, performed_at__lt=last
    ).values_list("performed_at", "exercise__slug", "weight_kg", "reps"):
        stored[(int(moment.timestamp()), normalize_alias(slug), weight, reps)] += 1
    return stored


def _own_create(user: User, name: str) -> Exercise | None:
    """`name` as the lifter's own exercise (created once; its load type guessed from the name),
    or None for a name no exercise can have."""
    try:
        return services.exercise_create_own(user=user, name=name)
    except services.ExerciseError:
        return None


def _plan(
    *,
    user: User,
    content: bytes,
    unit: str | None,
    choices: dict[str, str] | None = None,
    create_all: bool = False,
    create: bool = False,
) -> _Plan:
    """What a file would store for the lifter; with `create`, own exercises are created."""
    read = import_read(content=content, unit=unit or None, zone=user.timezone)
    plan = _Plan(read=read, skipped=Counter(read.skipped))
    choices = choices or {}
    resolve = catalogue.resolver(user=user)
    cache: dict[str, Exercise | None] = {}
    own: dict[str, Exercise | None] = {}
    mapped: dict[str, Exercise | None] = {}
    unknown: Counter[str] = Counter()
    stored_keys = _existing_keys(user, [r.key for r in read.rows])
    stored_content = _existing_content(user, read.rows) if read.source == SOURCE_OWN else Counter()
    for row in read.rows:
        name = row.exercise_name
        if name not in cache:
            cache[name] = _match_exercise(name, resolve)
            choice = choices.get(name, "")
            if cache[name] is None and choice and choice != OWN:  # never another lifter's own
                mapped[name] = catalogue.exercise_by_slug(slug=choice, user=user)
        exercise = cache[name] or mapped.get(name)
        if row.key in stored_keys:
            plan.duplicates += 1
            continue
        signature = (
            int(row.performed_at.timestamp()),
            normalize_alias(name),
            row.weight_kg,
            row.reps,
        )
        if stored_content[signature] > 0:
            stored_content[signature] -= 1
            plan.duplicates += 1
            continue
        if cache[name] is None:
            unknown[name] += 1
        if exercise is None:
            wants_own = choices.get(name) == OWN or (create_all and name not in choices)
            if not wants_own:
                continue
            if not create:
                plan.to_create[name] += 1
                plan.warmups += row.is_warmup
                continue
            if name not in own:
                own[name] = _own_create(user, name)
            exercise = own[name]
            if exercise is None:  # a name no exercise can have (too long): reported, not stored
                plan.skipped["invalid"] += 1
                continue
        if row.weight_kg < 0 and not exercise.is_bodyweight:
            plan.skipped["invalid"] += 1
            continue
        plan.warmups += row.is_warmup
        plan.fresh.append(PlannedSet(row=row, exercise=exercise))
    for name, rows in unknown.most_common():
        choice = choices.get(name) or (OWN if create_all else "")
        suggested = catalogue.exercise_suggest(text=name, user=user, limit=SUGGESTIONS)
        guesses = tuple((e.slug, e.name) for e in suggested)
        plan.unknown.append(UnknownName(name=name, rows=rows, guesses=guesses, choice=choice))
    return plan


def import_preview(
    *,
    user: User,
    content: bytes,
    unit: str | None = None,
    choices: dict[str, str] | None = None,
    create_all: bool = False,
) -> ImportPreview:
    """What importing an export would store: new sets, duplicates, rows not stored and why, and
    the names the catalogue does not know (with `choices` applied: name → slug or OWN)."""
    try:
        plan = _plan(user=user, content=content, unit=unit, choices=choices, create_all=create_all)
    except ImportFormatError as error:
        return ImportPreview(error=str(error))
    read = plan.read
    return ImportPreview(
        source=read.source,
        new=len(plan.fresh) + sum(plan.to_create.values()),
        duplicates=plan.duplicates,
        warmups=plan.warmups,
        skipped={reason: plan.skipped[reason] for reason in REASONS if plan.skipped[reason]},
        unknown=tuple(plan.unknown),
        unit=read.unit,
        unit_guessed=read.unit_guessed,
    )


# --- storing --------------------------------------------------------------------------------


def _build(user: User, planned: Sequence[PlannedSet]) -> list[dict[str, Any]]:
    """The sets to store (WorkoutSet field → value) with their bodyweight, e1RM, calories,
    percentile and level; plain dicts, since model instances cost more than the database."""
    moments = [p.row.performed_at for p in planned]
    bodyweights = services._bodyweights_at(user, moments)
    source = WorkoutSet.Source.IMPORT.value
    numbers = set_numbers(
        [
            SetFacts(
                exercise=item.exercise,
                weight_kg=item.row.weight_kg,
                reps=item.row.reps,
                bodyweight_kg=bodyweight,
                sex=user.sex,
                age=user.age_on(item.row.performed_at.date()),
                rpe=item.row.rpe,
                is_warmup=item.row.is_warmup,
            )
            for item, bodyweight in zip(planned, bodyweights, strict=True)
        ]
    )
    return [
        {
            "user_id": user.pk,
            "exercise_id": item.exercise.pk,
            "performed_at": item.row.performed_at,
            "weight_kg": item.row.weight_kg,
            "reps": item.row.reps,
            "rpe": item.row.rpe,
            "bodyweight_kg": bodyweight,
            "e1rm_kg": number.e1rm_kg,
            "calories_kcal": number.calories_kcal,
            "percentile": number.percentile,
            "level": number.level,
            "source": source,
            "is_warmup": item.row.is_warmup,
            "idempotency_key": item.row.key,
        }
        for item, bodyweight, number in zip(planned, bodyweights, numbers, strict=True)
    ]


INSERT_FIELDS = (
    "user_id",
    "exercise_id",
    "performed_at",
    "weight_kg",
    "reps",
    "rpe",
    "bodyweight_kg",
    "e1rm_kg",
    "calories_kcal",
    "percentile",
    "level",
    "source",
    "is_warmup",
    "idempotency_key",
    "created_at",
    "updated_at",
)


def _insert(sets: Sequence[dict[str, Any]]) -> None:
    """Inserts built sets with one multi-row INSERT (what `bulk_create` does, without its
    per-field preparation, which costs more than the database on big imports)."""
    if not sets:
        return
    ops = connection.ops
    meta = WorkoutSet._meta
    column_of = {f.attname: f.column or f.attname for f in meta.concrete_fields}
    columns = ", ".join(ops.quote_name(column_of[name]) for name in INSERT_FIELDS)
    marks = ", ".join(["%s"] * len(INSERT_FIELDS))
    sql = f"INSERT INTO {ops.quote_name(meta.db_table)} ({columns}) VALUES ({marks})"
    now = ops.adapt_datetimefield_value(timezone.now())
    moments: dict[datetime, Any] = {}
    rows = []
    for ws in sets:
        moment = moments.get(ws["performed_at"])
        if moment is None:
            moment = ops.adapt_datetimefield_value(ws["performed_at"])
            moments[ws["performed_at"]] = moment
        rows.append(
            (
                ws["user_id"],
                ws["exercise_id"],
                moment,
                *[ws[f] for f in INSERT_FIELDS[3:-2]],
                now,
                now,
            )
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


ChunkHook = Callable[[int, int], None]  # (sets done, sets stored) after each stored chunk


def import_store(
    *,
    user: User,
    planned: Sequence[PlannedSet],
    chunk_size: int = CHUNK,
    on_chunk: ChunkHook | None = None,
    in_chunk: ChunkHook | None = None,
) -> int:
    """Stores planned sets in chunks, one transaction each; returns how many were new.

    `in_chunk` runs inside each chunk's transaction (progress that must move with the sets),
    `on_chunk` after it commits. A set whose key is already stored is skipped, so running an
    interrupted import again stores each set exactly once.
    """
    stored = 0
    for start in range(0, len(planned), chunk_size):
        chunk = planned[start : start + chunk_size]
        with transaction.atomic():
            known = _existing_keys(user, [p.row.key for p in chunk])
            fresh = [p for p in chunk if p.row.key not in known]
            _insert(_build(user, fresh))
            stored += len(fresh)
            if in_chunk is not None:
                in_chunk(start + len(chunk), stored)
        if on_chunk is not None:
            on_chunk(start + len(chunk), stored)
    return stored


def import_commit(
    *,
    user: User,
    content: bytes,
    unit: str | None = None,
    choices: dict[str, str] | None = None,
    create_all: bool = False,
    on_chunk: ChunkHook | None = None,
) -> int:
    """Stores the sets of an export not stored before; returns how many were stored."""
    plan = _plan(
        user=user, content=content, unit=unit, choices=choices, create_all=create_all, create=True
    )
    return import_store(user=user, planned=plan.fresh, on_chunk=on_chunk)


# --- background jobs ------------------------------------------------------------------------


def import_check(*, content: bytes) -> str | None:
    """Why a file can't be imported (not CSV, not a known export), or None when it can."""
    try:
        _detect(_Columns(_rows(_text(content))[0]))
    except ImportFormatError as error:
        return str(error)
    return None


def import_job_start(
    *,
    user: User,
    content: bytes,
    unit: str | None = None,
    choices: dict[str, str] | None = None,
    create_all: bool = False,
) -> ImportJob:
    """Queues an import in the background (Celery) and returns its job."""
    from .tasks import import_run

    job = ImportJob.objects.create(
        user=user,
        content=content,
        unit=unit or "",
        choices=choices or {},
        create_all=create_all,
    )
    import_run.delay(job.pk)
    job.refresh_from_db()
    return job


def import_job_run(*, job_id: int, on_chunk: ChunkHook | None = None) -> int:
    """Runs (or runs again) an import job; returns the sets it stored in all its runs."""
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    if job.status == ImportJob.Status.DONE:
        return job.stored
    job.status = ImportJob.Status.RUNNING
    job.save(update_fields=["status", "updated_at"])
    try:
        plan = _plan(
            user=job.user,
            content=bytes(job.content),
            unit=job.unit or None,
            choices=dict(job.choices),
            create_all=job.create_all,
            create=True,
        )
    except ImportFormatError as error:
        job.status, job.error = ImportJob.Status.FAILED, str(error)[:200]
        job.save(update_fields=["status", "error", "updated_at"])
        return job.stored
    before = job.stored
    job.total, job.done = len(plan.fresh), 0
    job.save(update_fields=["total", "done", "updated_at"])

    def progress(done: int, stored: int) -> None:
        # inside the chunk's transaction: the count moves exactly with the stored sets
        ImportJob.objects.filter(pk=job_id).update(done=done, stored=before + stored)

    stored = import_store(user=job.user, planned=plan.fresh, on_chunk=on_chunk, in_chunk=progress)
    ImportJob.objects.filter(pk=job_id).update(  # the file is not kept once imported
        status=ImportJob.Status.DONE, done=len(plan.fresh), stored=before + stored, content=b""
    )
    return before + stored


def import_job_get(*, user: User, job_id: int) -> ImportJob | None:
    """One of the lifter's import jobs (None for a missing one or another lifter's)."""
    return ImportJob.objects.filter(user=user, pk=job_id).first()
