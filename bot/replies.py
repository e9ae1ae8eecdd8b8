"""Reply formatting: turns gateway results into the HTML text the bot sends."""

from __future__ import annotations

from decimal import Decimal
from html import escape
from itertools import groupby

from backend.workouts import display
from backend.workouts.calories import DEFAULT_BODYWEIGHT_KG
from backend.workouts.plausibility import Reading
from bot import coach_replies
from bot.gateway import Entry, Logged, NewExercise, Outlier, Record
from bot.i18n import Language, example_in, t
from bot.lift_parser import ParseError, Unit
from facts import time_zone


def mass(kg: Decimal | float, unit: Unit) -> str:
    """A weight the lifter typed or will load, in their unit (`display.format_load`)."""
    return display.format_load(kg, unit)


def load(kg: Decimal, unit: Unit, *, is_bodyweight: bool) -> str:
    """The load of a set; bodyweight moves show the added (or assisting) weight: `BW+20 kg`."""
    if not is_bodyweight:
        return mass(kg, unit)
    if kg == 0:
        return "BW"
    sign = "+" if kg > 0 else "−"
    return f"BW{sign}{mass(abs(kg), unit)}"


def exercise_name(language: Language, name: str, name_ko: str) -> str:
    """The exercise's name in the lifter's language."""
    return escape(name_ko if language == "ko" and name_ko else name)


def parse_error(language: Language, error: ParseError) -> str:
    """One usage line with an example for a message the parser could not read."""
    params = {key: escape(value) for key, value in error.params.items()}
    example = escape(example_in(language, error.example))
    return t(language, f"err_{error.code}", example=example, **params)


def usage(language: Language, usage_text: str, example: str) -> str:
    """A command's usage line with an example, in the lifter's language."""
    return t(
        language,
        "usage",
        usage=escape(example_in(language, usage_text)),
        example=escape(example_in(language, example)),
    )


def entry_line(language: Language, entry: Entry, unit: Unit, *, sets: int = 1) -> str:
    """`Bench Press 100 kg × 5 ×3 @8`."""
    return t(
        language,
        "entry",
        exercise=exercise_name(language, entry.exercise, entry.exercise_ko),
        load=load(entry.weight_kg, unit, is_bodyweight=entry.is_bodyweight),
        reps=entry.reps,
        sets=f" ×{sets}" if sets > 1 else "",
        rpe=f" @{display.format_rpe(entry.rpe)}" if entry.rpe is not None else "",
    )


def _details(language: Language, entry: Entry, unit: Unit, calories: Decimal | None) -> str:
    parts = [e1rm(language, entry.e1rm_kg, unit)]
    if entry.percentile is not None and entry.level:
        percentile = display.format_percentile(entry.percentile)
        parts.append(
            t(
                language,
                "level",
                level=display.level_label(entry.level, language),
                percentile=percentile,
                top=display.format_number(100 - Decimal(percentile)),
            )
        )
        if entry.next_level and entry.kg_to_next_level is not None:
            parts.append(
                t(
                    language,
                    "next_level",
                    kg=display.format_estimate(entry.kg_to_next_level, unit),
                    level=display.level_label(entry.next_level, language),
                )
            )
        elif display.level_id(entry.level) == display.TOP_LEVEL:
            parts.append(t(language, "top_level"))
    if calories is not None:
        parts.append(t(language, "calories", kcal=display.format_kcal(calories)))
    return " · ".join(parts)


def e1rm(language: Language, e1rm_kg: Decimal | float, unit: Unit) -> str:
    """`e1RM 127.1 kg` / `추정 1RM 127.1 kg`: every estimate reads the same."""
    return t(language, "e1rm", e1rm=display.format_estimate(e1rm_kg, unit))


def record_line(language: Language, record: Record, unit: Unit) -> str:
    """`🏆 New PR: e1RM 116.7 kg (was 110 kg)`."""
    if record.kind == "e1rm":
        return t(
            language,
            "pr_e1rm",
            value=display.format_estimate(record.value_kg, unit),
            previous=display.format_estimate(record.previous_kg, unit),
        )
    return t(
        language,
        "pr_weight",
        value=mass(record.value_kg, unit),
        reps=record.reps,
        previous=mass(record.previous_kg, unit),
    )


def logged(language: Language, result: Logged, unit: Unit) -> str:
    """The answer to a logged message: per entry the e1RM, level, percentile, kcal; PR lines."""
    if not result.created:
        return t(language, "duplicate")
    lines: list[str] = []
    for _, group in groupby(result.entries, key=lambda e: (e.exercise, e.weight_kg, e.reps, e.rpe)):
        entries = list(group)
        first = entries[0]
        kcal = [e.calories_kcal for e in entries if e.calories_kcal is not None]
        lines.append(entry_line(language, first, unit, sets=len(entries)))
        lines.append(_details(language, first, unit, sum(kcal, Decimal(0)) if kcal else None))
        lines.extend(coach_replies.logged_lines(language, result, first))
    # percentile and level only where standards exist: say so instead of leaving a gap
    no_standards = {
        exercise_name(language, e.exercise, e.exercise_ko): None
        for e in result.entries
        if not e.has_standards
    }
    lines.extend(t(language, "no_standards", exercise=name) for name in no_standards)
    if any(e.is_warmup for e in result.entries):
        lines.append(t(language, "logged_warmup"))
    if result.performed_on is not None:
        lines.append(t(language, "logged_on", date=result.performed_on.isoformat()))
    seen: set[tuple[str, Decimal]] = set()
    for record in result.records:
        if (record.kind, record.value_kg) not in seen:
            seen.add((record.kind, record.value_kg))
            lines.append(record_line(language, record, unit))
    if result.lifter.bodyweight_kg is None and any(e.is_bodyweight for e in result.entries):
        assumed = display.format_estimate(DEFAULT_BODYWEIGHT_KG, unit)
        lines.append(t(language, "assumed_bodyweight", bodyweight=assumed))
    if not result.lifter.has_profile:
        lines.append(t(language, "need_profile"))
    return "\n".join(lines)


def new_exercise(language: Language, question: NewExercise) -> str:
    """`New exercise “Anderson Squat”? …`, asked before creating the lifter's own exercise."""
    return t(language, "new_exercise", name=escape(question.name))


def set_label(kg: Decimal, reps: int, unit: str, *, is_bodyweight: bool) -> str:
    """A set as typed, in `unit`: `100 kg × 5`, `BW−15 kg × 6`, `BW × 10`."""
    if not is_bodyweight:
        return f"{display.format_load(kg, unit)} × {reps}"
    if kg == 0:
        return f"BW × {reps}"
    sign = "+" if kg > 0 else "−"
    return f"BW{sign}{display.format_load(abs(kg), unit)} × {reps}"


def reading_label(reading: Reading, *, is_bodyweight: bool) -> str:
    """One reading of a doubted message, repeated sets counted: `100 kg × 5`, `BW × 8 ×3`."""
    labels: list[str] = []
    for lift, group in groupby(reading.sets):
        label = set_label(lift.weight_kg, lift.reps, reading.unit, is_bodyweight=is_bodyweight)
        count = len(list(group))
        labels.append(f"{label} ×{count}" if count > 1 else label)
    return ", ".join(labels)


def outlier(language: Language, question: Outlier, unit: Unit) -> str:
    """The question asked before saving a set the plausibility rules doubt (in the message's
    unit, `question.unit`, as the handler passes it)."""
    params = {
        "set": set_label(
            question.typed_kg, question.reps, unit, is_bodyweight=question.is_bodyweight
        ),
        "exercise": exercise_name(language, question.exercise, question.exercise_ko),
        "e1rm": display.format_estimate(question.e1rm_kg, unit),
        "best": display.format_estimate(question.best_e1rm_kg or 0, unit),
    }
    if question.reason == "ambiguous":  # as typed: `3x8`
        params["set"] = f"{display.format_load(question.typed_kg, unit).split()[0]}x{question.reps}"
    lines = [t(language, f"doubt_{question.reason}", **params)]
    if question.readings:
        labels = [reading_label(r, is_bodyweight=question.is_bodyweight) for r in question.readings]
        lines.append(t(language, "doubt_mean", readings=t(language, "or").join(labels)))
    else:
        lines.append(t(language, "doubt_as_typed"))
    return " ".join(lines)


def entries_summary(language: Language, entries: list[Entry], unit: Unit) -> str:
    """`Bench Press 100 kg × 5 ×3` for a removed or changed entry."""
    parts = []
    for _, group in groupby(entries, key=lambda e: (e.exercise, e.weight_kg, e.reps, e.rpe)):
        items = list(group)
        parts.append(entry_line(language, items[0], unit, sets=len(items)))
    return ", ".join(parts)


def history(language: Language, entries: list[Entry], unit: Unit, zone: str) -> str:
    """The lifter's last sets, one a line with date and e1RM."""
    tz = time_zone(zone)
    lines = []
    for entry in entries:
        day = entry.performed_at.astimezone(tz).strftime("%Y-%m-%d")
        line = entry_line(language, entry, unit)
        lines.append(f"{day} {line} · {e1rm(language, entry.e1rm_kg, unit)}")
    return "\n".join(lines)
