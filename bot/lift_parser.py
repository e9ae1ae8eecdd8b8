"""The chat grammar for logging lifts: `bench 100x5x3 @8`, `ohp 60 5 5 4`, `어제 스쿼트 100 5`.

Weight first (`100x5x3`, `100kg x 5 x 3 sets`, `100kg 5회 3세트`, `180kg for 5`) and sets first
(`3x5 100kg`, `5x5 @ 120kg`, `3 sets of 8 at 60kg`) both read, with the exercise named before
the numbers or after them (`3x5 100kg squat`); `bw+20` is 20 kg added to the bodyweight.
The rule of thumb: a number with a unit is a weight, so `NxM` directly followed by a weight with
a unit (or `@`/`at` and a load) is sets × reps; `@` followed by a number far above the RPE scale
is a weight too. Whether what was read is believable is not the parser's business (see
`backend.workouts.plausibility`).

Pure: no Django, no Telegram. The caller passes a resolver that maps what the lifter typed as an
exercise name to an `ExerciseRef` (or None), today's date in the lifter's timezone and the
lifter's preferred unit. The result is a `ParsedLift` or a `ParseError` (never an exception).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from facts import (
    KG_PER_LB,
    MAX_ADDED_KG,
    MAX_REPS,
    MAX_RPE,
    MAX_WEIGHT_KG,
    MIN_ADDED_KG,
    MIN_REPS,
    MIN_RPE,
    Unit,
)

MAX_TEXT_LENGTH = 200
MAX_SETS = 20
CENTS = Decimal("0.01")

UNIT_WORDS: dict[str, Unit] = {
    "kg": "kg",
    "kgs": "kg",
    "k": "kg",
    "키로": "kg",
    "킬로": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "파운드": "lb",
}
DAY_WORDS: dict[str, int] = {
    "today": 0,
    "오늘": 0,
    "yesterday": 1,
    "어제": 1,
    "그제": 2,
    "그저께": 2,
}
REPS_WORDS = ("reps", "rep", "회", "개", "번")
SETS_WORDS = ("sets", "set", "세트", "셋")
# Words that only join the numbers: `3 sets of 8 at 60kg`, `180kg for 5`, `3 x 5 reps`.
FILLER_WORDS = ("of", "for", "with", "reps", "rep")
# `5x5 100` (no unit) reads as sets × reps @ weight only for a few sets and a real load.
MAX_BARE_SETS_FIRST = 6
MIN_BARE_SETS_FIRST_KG = Decimal(20)
# `@ 120` is a weight, not an RPE, from here up.
MIN_AT_WEIGHT = Decimal(20)

_NUM = r"\d+(?:[.,]\d+)?"
_UNIT = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
_SETS_WORD = "|".join(sorted(SETS_WORDS, key=len, reverse=True))
# `100x5x3`, `100kg x 5 x 3 sets`
_GROUP_RE = re.compile(
    rf"(?P<weight>[+-]?{_NUM}|bw)\s*(?P<unit>{_UNIT})?\s*x\s*(?P<reps>\d+)"
    rf"(?:\s*x\s*(?P<sets>\d+)(?:\s*(?:{_SETS_WORD})(?![a-z가-힣]))?)?(?!\.\d)"
)
_BARE_REPS_RE = re.compile(r"x\s*(?P<reps>\d+)(?:\s*x\s*(?P<sets>\d+))?(?!\.\d)")
_REPS_X_SETS_RE = re.compile(r"(?P<reps>\d+)\s*x\s*(?P<sets>\d+)(?![.,]?\d)(?!\s*(?:kg|lb))")
_AT_WEIGHT_RE = re.compile(
    rf"(?P<at>@|at(?![a-z]))\s*(?P<weight>{_NUM})\s*(?P<unit>{_UNIT})?(?![a-z가-힣\d.,])(?!\s*x)"
)
_UNIT_WEIGHT_RE = re.compile(
    rf"(?P<weight>[+-]?{_NUM})\s*(?P<unit>{_UNIT})(?![a-z가-힣])(?!\s*x\s*\d)"
)
_FILLER_RE = re.compile(rf"(?:{'|'.join(FILLER_WORDS)})(?![a-z])")
_RPE_RE = re.compile(r"(?:@|rpe)\s*(?P<rpe>\d+(?:[.,]\d+)?)")
# reps in reserve: `rir 2`, `@rir2`, `2rir` read as RPE 10 − RIR (backend.workouts.rpe); in
# `100 5 rir 2` the 5 is the reps (a number after `rir` is the RIR)
_RIR_RE = re.compile(
    r"(?:@\s*)?rir\s*(?P<rir>\d+(?:[.,]\d+)?)"
    r"|(?:@\s*)?(?P<rir_first>\d+(?:[.,]\d+)?)\s*rir(?![a-z])(?!\s*@?\s*\d)"
)
_COUNT_RE = re.compile(rf"(?P<count>\d+)\s*(?P<word>{'|'.join(REPS_WORDS + SETS_WORDS)})(?![a-z])")
_WEIGHT_RE = re.compile(rf"(?P<weight>[+-]?{_NUM}|bw)\s*(?P<unit>{_UNIT})?(?![a-z가-힣])")
_REPS_RE = re.compile(r"(?P<reps>\d+(?:\.\d+)?)(?![\d])")
_UNIT_RE = re.compile(rf"(?P<unit>{_UNIT})(?![a-z가-힣])")
# `plank 60s`, `런닝머신 30분`: a time, which a set of weight × reps cannot hold
_DURATION_RE = re.compile(
    r"(?<![\d.,])\d+(?:[.,]\d+)?\s*(?:s|secs?|seconds?|mins?|minutes?|hrs?|hours?|초|분|시간)"
    r"(?![a-z가-힣])"
)
_SEPARATOR_RE = re.compile(r"[\s,;/]+")
_ISO_DATE_RE = re.compile(r"^(\d{4})[-./](\d{1,2})[-./](\d{1,2})$")
_NAME_END_RE = re.compile(r"(?:^|(?<=\s))(?:[+-]?\d|@|bw\b|x\d|rpe\s*\d|rir\s*\d)")


@dataclass(frozen=True)
class ExerciseRef:
    """An exercise the resolver recognised."""

    slug: str
    name: str
    is_bodyweight: bool = False


@dataclass(frozen=True)
class ParsedSet:
    """One set: the load in kg (added load for bodyweight exercises), reps and optional RPE."""

    weight_kg: Decimal
    reps: int
    rpe: Decimal | None = None


@dataclass(frozen=True)
class ParsedLift:
    """What one message asks to log."""

    exercise: ExerciseRef
    sets: tuple[ParsedSet, ...]
    unit: Unit
    performed_on: date | None = None
    exercise_text: str = ""
    unit_typed: bool = False
    # `pullups 3x8` may be +3 kg × 8 or 3 sets of 8: the other reading, asked about by the caller
    other_reading: tuple[ParsedSet, ...] = ()
    # `warmup squat 60x5`: warm-up sets count for volume and calories, never for PRs or level
    warmup: bool = False


@dataclass(frozen=True)
class ParseError:
    """Why a message could not be read as a lift; `code` picks the translated usage line."""

    code: str
    params: dict[str, str] = field(default_factory=dict)
    example: str = "bench 100x5"


@dataclass
class _Group:
    weight: Decimal | None
    reps: list[int]
    unit: Unit | None = None
    sets: int = 1
    # a plain `NxM` (no unit, no sign): may turn out to be sets × reps once a weight follows
    bare_pair: bool = False

    def takes_weight(self) -> bool:
        """A group read so far as sets and reps, still waiting for its weight: `3 sets of 8`."""
        return self.weight is None and (self.sets > 1 or bool(self.reps))

    def as_sets_first(self, weight: Decimal, unit: Unit | None) -> bool:
        """Rereads `NxM` as N sets of M reps at `weight`; False when it can't be sets × reps."""
        if not self.bare_pair or self.weight is None or len(self.reps) != 1:
            return False
        if self.weight != self.weight.to_integral() or not 1 <= self.weight <= MAX_SETS:
            return False
        self.sets, self.weight, self.unit, self.bare_pair = int(self.weight), weight, unit, False
        return True


Resolver = Callable[[str], ExerciseRef | None]


def parse_lift(
    text: str, *, resolve_exercise: Resolver, today: date, default_unit: Unit = "kg"
) -> ParsedLift | ParseError:
    """Reads one chat message as a lift, or says why it can't."""
    try:
        return _parse(text, resolve_exercise=resolve_exercise, today=today, unit=default_unit)
    except _Fail as fail:
        return fail.error


class _Fail(Exception):
    def __init__(self, code: str, example: str = "bench 100x5", **params: object) -> None:
        super().__init__(code)
        self.error = ParseError(code, {k: str(v) for k, v in params.items()}, example)


def looks_like_lift(text: str) -> bool:
    """Tells whether a free-text message is probably an attempt to log a set (it has a number)."""
    return any(ch.isdigit() for ch in unicodedata.normalize("NFKC", text))


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[×✕✖*]", "x", text)
    text = text.replace(":", " ")
    text = text.replace("−", "-").replace("–", "-")
    # bodyweight plus a load is that added load: `pull-ups bw+20 5` is `+20 5`
    text = re.sub(r"\bbw\s*\+\s*(?=\d)", "+", text)
    # Korean is often typed without a space before the numbers: 스쿼트100 5
    text = re.sub(r"(?<=[가-힣])(?=[+\-@]?\d)", " ", text)
    return " ".join(text.split())


def _parse(text: str, *, resolve_exercise: Resolver, today: date, unit: Unit) -> ParsedLift:
    if len(text) > MAX_TEXT_LENGTH:
        raise _Fail("too_long", limit=MAX_TEXT_LENGTH)
    normalized = _normalize(text)
    if len(normalized) > MAX_TEXT_LENGTH:
        raise _Fail("too_long", limit=MAX_TEXT_LENGTH)
    words = normalized.split(" ")
    warmup, words = _take_warmup(words)
    performed_on, words = _take_date(words, today=today)
    if not warmup:
        warmup, words = _take_warmup(words)
    body = " ".join(words).strip()
    if not body:
        raise _Fail("empty")
    match = _NAME_END_RE.search(body)
    if match is None:
        raise _Fail("no_numbers", name=body)
    name, rest = body[: match.start()].strip(), body[match.start() :]
    if not name:
        name, rest = _name_last(rest)
    if _DURATION_RE.search(rest):
        raise _Fail("timed", example="bench 100x5")
    exercise = _resolve(name, resolve_exercise)
    groups, rpe, typed_unit = _scan(rest, exercise)
    message_unit = typed_unit or unit
    sets = _build_sets(groups, exercise=exercise, named=name, unit=message_unit, rpe=rpe)
    other = _sets_first_bodyweight(groups, exercise=exercise, rpe=rpe, unit_typed=bool(typed_unit))
    return ParsedLift(
        exercise=exercise,
        sets=tuple(sets),
        unit=message_unit,
        performed_on=performed_on,
        exercise_text=name,
        unit_typed=typed_unit is not None,
        other_reading=other,
        warmup=warmup,
    )


# words of the numbers' part that are never an exercise's name (`3x5 100kg squat`)
_NUMBER_WORDS = frozenset(
    {*UNIT_WORDS, *REPS_WORDS, *SETS_WORDS, *FILLER_WORDS, "x", "at", "rpe", "rir", "bw"}
)


def _name_last(body: str) -> tuple[str, str]:
    """`3x5 100kg squat`: the exercise named after the numbers; (name, the numbers' part)."""
    words = body.split(" ")
    start = len(words)
    while start > 0 and not re.search(r"[\d@+]", words[start - 1]):
        if words[start - 1] in _NUMBER_WORDS:
            break
        start -= 1
    if start == len(words) or start == 0:
        raise _Fail("no_exercise")
    return " ".join(words[start:]), " ".join(words[:start])


# the word that marks a message's sets as warm-ups, first or last: `warmup squat 60x5`,
# `squat 60x5 wu`, `웜업 스쿼트 60 5`
WARMUP_WORDS = frozenset({"warmup", "warm-up", "warmups", "warm-ups", "wu", "웜업", "워밍업"})


def _take_warmup(words: list[str]) -> tuple[bool, list[str]]:
    if words[:2] == ["warm", "up"]:  # `warm up squat 60x5`, typed as two words
        return True, words[2:]
    if len(words) > 2 and words[-2:] == ["warm", "up"]:
        return True, words[:-2]
    for index in (0, len(words) - 1):
        if words and words[index] in WARMUP_WORDS:
            return True, words[:index] + words[index + 1 :]
    return False, words


def _sets_first_bodyweight(
    groups: list[_Group], *, exercise: ExerciseRef, rpe: Decimal | None, unit_typed: bool
) -> tuple[ParsedSet, ...]:
    """`pullups 3x8` (no sign, no unit) also reads as 3 sets of 8 at bodyweight."""
    if not exercise.is_bodyweight or unit_typed or len(groups) != 1:
        return ()
    only = groups[0]
    if not only.bare_pair or only.weight is None or len(only.reps) != 1 or only.sets != 1:
        return ()
    if only.weight != only.weight.to_integral() or not 2 <= only.weight <= MAX_SETS:
        return ()
    return tuple(ParsedSet(Decimal(0), only.reps[0], rpe) for _ in range(int(only.weight)))


def _take_date(words: list[str], *, today: date) -> tuple[date | None, list[str]]:
    for index in (0, len(words) - 1):
        if not words or not words[index]:
            continue
        found = _read_date(words[index], today=today)
        if found is not None:
            if found > today:
                raise _Fail("future_date", example="yesterday squat 100x5", date=found)
            return found, words[:index] + words[index + 1 :]
    return None, words


def _read_date(word: str, *, today: date) -> date | None:
    if word in DAY_WORDS:
        return today - timedelta(days=DAY_WORDS[word])
    match = _ISO_DATE_RE.match(word)
    if match is None:
        return None
    try:
        found = date(*map(int, match.groups()))
    except ValueError:
        raise _Fail("bad_date", example="2026-11-20 bench 90x8", date=word) from None
    if found.year < 1950:
        raise _Fail("bad_date", example="2026-11-20 bench 90x8", date=word)
    return found


def _resolve(name: str, resolve_exercise: Resolver) -> ExerciseRef:
    words = name.split(" ")
    for size in range(len(words), 0, -1):
        found = resolve_exercise(" ".join(words[:size]))
        if found is None:
            continue
        if size < len(words):
            raise _Fail("unexpected", text=" ".join(words[size:]))
        return found
    raise _Fail("unknown_exercise", name=name)


def _scan(rest: str, exercise: ExerciseRef) -> tuple[list[_Group], Decimal | None, Unit | None]:
    groups: list[_Group] = []
    rpe: Decimal | None = None
    units: set[Unit] = set()
    position = 0
    while position < len(rest):
        separator = _SEPARATOR_RE.match(rest, position)
        if separator:
            position = separator.end()
            continue
        if match := _FILLER_RE.match(rest, position):
            pass
        elif (match := _AT_WEIGHT_RE.match(rest, position)) and _is_at_weight(match):
            _late_weight(groups, _weight(match["weight"]), _unit_of(match["unit"]))
        elif match := _RIR_RE.match(rest, position):
            if rpe is not None:
                raise _Fail("two_rpe", example="bench 100x5x3 @8")
            rpe = _rpe_from_rir(match["rir"] or match["rir_first"])
        elif match := _RPE_RE.match(rest, position):
            if rpe is not None:
                raise _Fail("two_rpe", example="bench 100x5x3 @8")
            rpe = _rpe(match["rpe"])
        elif _wants_reps(groups) and (match := _REPS_X_SETS_RE.match(rest, position)):
            groups[-1].reps.append(_reps(match["reps"]))
            groups[-1].sets = _set_count(match["sets"])
        elif match := _GROUP_RE.match(rest, position):
            group = _Group(_weight(match["weight"]), [_reps(match["reps"])])
            group.unit = _unit_of(match["unit"])
            group.sets = _set_count(match["sets"]) if match["sets"] else 1
            group.bare_pair = not match["unit"] and not match["sets"] and match["weight"][0] != "+"
            _add_group(groups, group)
        elif match := _BARE_REPS_RE.match(rest, position):
            group = _Group(None, [_reps(match["reps"])])
            group.sets = _set_count(match["sets"]) if match["sets"] else 1
            _add_group(groups, group)
        elif match := _COUNT_RE.match(rest, position):
            _apply_count(groups, int(match["count"]), is_sets=match["word"] in SETS_WORDS)
        elif match := _UNIT_WEIGHT_RE.match(rest, position):
            _late_weight(groups, _weight(match["weight"]), _unit_of(match["unit"]))
        elif (
            groups
            and groups[-1].takes_weight()
            and not groups[-1].reps
            and (match := _REPS_RE.match(rest, position))
        ):
            groups[-1].reps.append(_reps(match["reps"]))
        elif (match := _WEIGHT_RE.match(rest, position)) and _bare_sets_first(
            groups, match, exercise
        ):
            groups[-1].as_sets_first(_weight(match["weight"]), None)
        elif groups and groups[-1].weight is not None and (match := _REPS_RE.match(rest, position)):
            groups[-1].reps.append(_reps(match["reps"]))
        elif match := _WEIGHT_RE.match(rest, position):
            weight = _weight(match["weight"])
            _late_weight(groups, weight, _unit_of(match["unit"]))
        elif match := _UNIT_RE.match(rest, position):
            units.add(UNIT_WORDS[match["unit"]])
        else:
            raise _Fail("unexpected", text=rest[position:].split(" ")[0])
        position = match.end()
    units.update(group.unit for group in groups if group.unit)
    if len(units) > 1:
        raise _Fail("mixed_units", example="squat 225lb 5")
    return groups, rpe, units.pop() if units else None


def _unit_of(word: str | None) -> Unit | None:
    return UNIT_WORDS[word] if word else None


def _is_at_weight(match: re.Match[str]) -> bool:
    """`@ 120kg`, `@ 120` and `at 60` are weights; `@8` is an RPE."""
    if match["unit"] or match["at"] == "at":
        return True
    return _number(match["weight"]) >= MIN_AT_WEIGHT


def _late_weight(groups: list[_Group], weight: Decimal, unit: Unit | None) -> None:
    """A weight after the reps: it completes `3 sets of 8`, rereads `3x5` as sets × reps, or
    starts a group of its own (`100kg 5회`)."""
    last = groups[-1] if groups else None
    if last is not None and last.takes_weight():
        last.weight, last.unit = weight, unit
    elif last is None or not last.as_sets_first(weight, unit):
        groups.append(_Group(weight, [], unit))


def _bare_sets_first(groups: list[_Group], match: re.Match[str], exercise: ExerciseRef) -> bool:
    """`bench 5x5 100`: a few sets × reps and then a real load without its unit."""
    if exercise.is_bodyweight or match["unit"] or not groups or not groups[-1].bare_pair:
        return False
    last, weight = groups[-1], _number(match["weight"])
    return (
        last.weight is not None
        and last.weight <= MAX_BARE_SETS_FIRST
        and weight >= MIN_BARE_SETS_FIRST_KG
        and weight > max(last.reps)
    )


def _add_group(groups: list[_Group], group: _Group) -> None:
    """A new group; `3 sets 100x5` gives its set count to the group that follows."""
    if groups and groups[-1].weight is None and not groups[-1].reps:
        group.sets = groups.pop().sets
    groups.append(group)


def _wants_reps(groups: list[_Group]) -> bool:
    return bool(groups) and groups[-1].weight is not None and not groups[-1].reps


def _apply_count(groups: list[_Group], count: int, *, is_sets: bool) -> None:
    # a count before any weight starts a group that waits for it: `3 sets of 8 at 60kg`,
    # `풀업 10개` (bodyweight: no weight needed)
    if (
        not groups
        or (is_sets and groups[-1].sets > 1)
        or (not is_sets and groups[-1].reps and (groups[-1].weight is None))
    ):
        groups.append(_Group(None, []))
    if is_sets:
        groups[-1].sets = _set_count(str(count))
    else:
        groups[-1].reps.append(_reps(str(count)))


def _build_sets(
    groups: list[_Group], *, exercise: ExerciseRef, named: str, unit: Unit, rpe: Decimal | None
) -> list[ParsedSet]:
    """The sets of the groups read; `named` is the exercise as the lifter wrote it (examples in
    the hints repeat it)."""
    if not groups:
        raise _Fail("no_numbers", name=exercise.name)
    # A lone number after a bodyweight exercise is its reps: `pullups 10`.
    if len(groups) == 1 and not groups[0].reps and exercise.is_bodyweight:
        only = groups[0]
        if (
            only.weight is not None
            and only.unit is None
            and only.weight == only.weight.to_integral()
        ):
            only.reps, only.weight = [_reps(str(only.weight))], Decimal(0)
    sets: list[ParsedSet] = []
    for group in groups:
        if not group.reps:
            if group.weight is None:
                raise _Fail("no_reps", example=f"{named} 100x5")
            raise _Fail("no_reps", example=f"{named} {group.weight}x5")
        typed = group.weight if group.weight is not None else Decimal(0)
        if group.weight is None and not exercise.is_bodyweight:
            raise _Fail("no_weight", example=f"{named} 100x5")
        weight_kg = _to_kg(typed, unit)
        _check_weight(weight_kg, exercise=exercise)
        for reps in group.reps:
            sets.extend(ParsedSet(weight_kg, reps, rpe) for _ in range(group.sets))
    if len(sets) > MAX_SETS:
        raise _Fail("too_many_sets", example="bench 100x5x3", limit=MAX_SETS)
    return sets


def _to_kg(weight: Decimal, unit: Unit) -> Decimal:
    kg = weight * KG_PER_LB if unit == "lb" else weight
    return kg.quantize(CENTS, rounding=ROUND_HALF_UP)


def _check_weight(weight_kg: Decimal, *, exercise: ExerciseRef) -> None:
    if exercise.is_bodyweight:
        if not MIN_ADDED_KG <= weight_kg <= MAX_ADDED_KG:
            raise _Fail(
                "bad_added_weight", example="dips +20x8", low=MIN_ADDED_KG, high=MAX_ADDED_KG
            )
    elif not Decimal(0) <= weight_kg <= MAX_WEIGHT_KG:
        raise _Fail("bad_weight", example="deadlift 180kg 1", high=MAX_WEIGHT_KG)


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise _Fail("unexpected", text=text) from None
    if not value.is_finite() or abs(value) > 10**6:
        raise _Fail("bad_weight", example="deadlift 180kg 1", high=MAX_WEIGHT_KG)
    return value


def _weight(text: str) -> Decimal:
    if text == "bw":
        return Decimal(0)
    value = _number(text)
    if value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise _Fail("precise_weight", example="bench 37.5x5")
    return value


def _reps(text: str) -> int:
    value = _number(text)
    if value != value.to_integral() or not MIN_REPS <= value <= MAX_REPS:
        raise _Fail("bad_reps", example="bench 100x5", low=MIN_REPS, high=MAX_REPS)
    return int(value)


def _set_count(text: str) -> int:
    value = int(text)
    if not 1 <= value <= MAX_SETS:
        raise _Fail("too_many_sets", example="bench 100x5x3", limit=MAX_SETS)
    return value


def _rpe_from_rir(text: str) -> Decimal:
    value = _number(text)
    if not Decimal(0) <= value <= MAX_RPE - MIN_RPE:
        raise _Fail("bad_rpe", example="bench 100x5 rir 2")
    return _rpe(str(MAX_RPE - value))


def _rpe(text: str) -> Decimal:
    value = _number(text)
    if not MIN_RPE <= value <= MAX_RPE or (value * 2) != (value * 2).to_integral():
        raise _Fail("bad_rpe", example="bench 100x5 @8.5")
    return value
