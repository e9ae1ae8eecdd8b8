"""Reading and changing logged sets: /undo, /edit, /history, /pr, /chart, /calc, /export."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from backend.workouts import display
from bot import coach_replies, gateway, replies
from bot.handlers.common import answer, buttons, exercise_label, identity_of, language
from bot.i18n import t
from bot.lift_parser import ExerciseRef, ParsedLift, parse_lift
from facts import PERIOD_DAYS

EDIT_VALUE = 10
EDITING = "editing_entry"
EDIT_DOUBT = "editing_doubt"  # a corrected set the plausibility rules doubt, waiting for an answer
PERIODS = tuple(PERIOD_DAYS)


async def undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Removes the lifter's last entry (every set of the last logged message)."""
    identity = identity_of(update)
    lang = language(update)
    removed = await gateway.entries_undo(identity)
    if not removed:
        await answer(update, t(lang, "undo_nothing"))
        return
    lifter = await gateway.lifter_get(identity)
    await answer(
        update, t(lang, "undo_done", what=replies.entries_summary(lang, removed, lifter.units))
    )


async def edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the last entries as buttons to change or delete one."""
    identity = identity_of(update)
    lang = language(update)
    entries = await gateway.entries_recent(identity, limit=5)
    if not entries:
        await answer(update, t(lang, "edit_none"))
        return
    lifter = await gateway.lifter_get(identity)
    rows = [
        [(_plain(replies.entry_line(lang, e, lifter.units)), f"edit:pick:{e.id}")] for e in entries
    ]
    await answer(update, t(lang, "edit_pick"), reply_markup=buttons(*rows))


async def pick_entry(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Asks for the new weight and reps of the picked entry (or offers to delete it)."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None or context.user_data is None:
        return ConversationHandler.END
    await query.answer()
    entry_id = int(query.data.rsplit(":", 1)[1])
    entries = await gateway.entries_recent(identity_of(update), limit=20)
    entry = next((e for e in entries if e.id == entry_id), None)
    if entry is None:
        await query.edit_message_text(t(lang, "expired"))
        return ConversationHandler.END
    context.user_data[EDITING] = (entry.id, entry.exercise, entry.is_bodyweight)
    lifter = await gateway.lifter_get(identity_of(update))
    what = replies.entry_line(lang, entry, lifter.units)
    example = f"{display.format_load(entry.weight_kg, lifter.units).split()[0]}x{entry.reps}"
    await query.edit_message_text(
        t(lang, "edit_ask", what=what, example=example),
        reply_markup=buttons([(t(lang, "delete"), f"edit:del:{entry.id}")]),
    )
    return EDIT_VALUE


async def give_new_value(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Changes the picked entry to the weight × reps the lifter sent."""
    lang = language(update)
    text = (update.effective_message.text if update.effective_message else "") or ""
    if context.user_data is None or EDITING not in context.user_data:
        return ConversationHandler.END
    entry_id, name, is_bodyweight = context.user_data[EDITING]
    lifter = await gateway.lifter_get(identity_of(update))
    ref = ExerciseRef("entry", name, is_bodyweight=is_bodyweight)
    parsed = parse_lift(
        f"entry {text}",
        resolve_exercise=lambda word: ref if word == "entry" else None,
        today=date.today(),
        default_unit=lifter.units,
    )
    if not isinstance(parsed, ParsedLift) or len(parsed.sets) != 1:
        await answer(update, replies.usage(lang, "<weight>x<reps>", "100x5"))
        return EDIT_VALUE
    (new,) = parsed.sets
    changed = await gateway.entry_change(
        identity_of(update),
        entry_id=entry_id,
        weight_kg=new.weight_kg,
        reps=new.reps,
        unit=parsed.unit,
        unit_typed=parsed.unit_typed,
    )
    context.user_data.pop(EDITING, None)
    if isinstance(changed, gateway.Outlier):
        await _ask_about_change(update, context, entry_id, changed, new.weight_kg)
    elif changed is None:
        await answer(update, t(lang, "expired"))
    else:
        await answer(
            update, t(lang, "edit_done", what=replies.entry_line(lang, changed, parsed.unit))
        )
    return ConversationHandler.END


async def _ask_about_change(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    entry_id: int,
    question: gateway.Outlier,
    typed_kg: Decimal,
) -> None:
    """The plausibility question of logging, for a corrected set: a button per reading, "Yes, as
    typed" and "Cancel"; nothing changes until the lifter answers."""
    lang = language(update)
    if context.user_data is None:
        return
    context.user_data[EDIT_DOUBT] = (entry_id, typed_kg, question.reps, question.readings)
    rows = [
        [
            (
                replies.reading_label(r, is_bodyweight=question.is_bodyweight),
                f"editfix:{entry_id}:r{i}",
            )
        ]
        for i, r in enumerate(question.readings)
    ]
    rows.append(
        [
            (t(lang, "keep_as_typed"), f"editfix:{entry_id}:keep"),
            (t(lang, "cancel"), f"editfix:{entry_id}:cancel"),
        ]
    )
    await answer(
        update, replies.outlier(lang, question, question.unit), reply_markup=buttons(*rows)
    )


async def answer_change_doubt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Changes the set to the reading picked or as typed, or leaves it as it was."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None or context.user_data is None:
        return
    await query.answer()
    _, entry, choice = query.data.split(":", 2)
    waiting = context.user_data.pop(EDIT_DOUBT, None)
    if waiting is None or str(waiting[0]) != entry:
        await query.edit_message_text(t(lang, "expired"))
        return
    entry_id, weight_kg, reps, readings = waiting
    if choice == "cancel":
        await query.edit_message_text(t(lang, "edit_cancelled"))
        return
    if choice.startswith("r"):
        if int(choice[1:]) >= len(readings) or not readings[int(choice[1:])].sets:
            await query.edit_message_text(t(lang, "expired"))
            return
        picked = readings[int(choice[1:])].sets[0]
        weight_kg, reps = picked.weight_kg, picked.reps
    changed = await gateway.entry_change(
        identity_of(update), entry_id=entry_id, weight_kg=weight_kg, reps=reps, check=False
    )
    if not isinstance(changed, gateway.Entry):
        await query.edit_message_text(t(lang, "expired"))
        return
    lifter = await gateway.lifter_get(identity_of(update))
    await query.edit_message_text(
        t(lang, "edit_done", what=replies.entry_line(lang, changed, lifter.units))
    )


async def delete_entry(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Deletes the picked entry."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None:
        return ConversationHandler.END
    await query.answer()
    deleted = await gateway.entry_delete(
        identity_of(update), entry_id=int(query.data.rsplit(":", 1)[1])
    )
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)
    if deleted is None:
        await query.edit_message_text(t(lang, "expired"))
    else:
        lifter = await gateway.lifter_get(identity_of(update))
        await query.edit_message_text(
            t(lang, "deleted", what=replies.entry_line(lang, deleted, lifter.units))
        )
    return ConversationHandler.END


async def cancel_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leaves the edit without changing anything."""
    if context.user_data is not None:
        context.user_data.pop(EDITING, None)
    await answer(update, t(language(update), "cancelled"))
    return ConversationHandler.END


async def history(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists the lifter's last sets, of one exercise when named."""
    identity = identity_of(update)
    lang = language(update)
    slug, label = None, ""
    if context.args:
        exercise = await gateway.exercise_find(" ".join(context.args), identity)
        if exercise is None:
            await answer(update, replies.usage(lang, "/history [exercise]", "/history bench"))
            return
        name = await exercise_label(lang, exercise)
        slug, label = exercise.slug, f" ({name})"
    entries = await gateway.entries_recent(identity, limit=10, exercise=slug)
    if not entries:
        await answer(update, t(lang, "history_none", exercise=label))
        return
    lifter = await gateway.lifter_get(identity)
    body = replies.history(lang, entries, lifter.units, lifter.timezone)
    await answer(update, t(lang, "history_title", exercise=label) + "\n" + body)


async def records(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Lists the lifter's personal records per exercise."""
    identity = identity_of(update)
    lang = language(update)
    rows = await gateway.records_list(identity)
    if not rows:
        await answer(update, t(lang, "pr_none"))
        return
    lifter = await gateway.lifter_get(identity)
    lines = [t(lang, "pr_title")]
    for row in rows:
        name = replies.exercise_name(lang, row["exercise_name"], row["exercise_name_ko"])
        lines.append(
            t(
                lang,
                "pr_line",
                exercise=name,
                e1rm=display.format_estimate(row["best_e1rm_kg"], lifter.units),
                heaviest=replies.load(
                    row["heaviest_kg"], lifter.units, is_bodyweight=row["is_bodyweight"]
                ),
            )
        )
    await answer(update, "\n".join(lines))


async def chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the e1RM chart of an exercise over 1, 3 or 6 months as a PNG."""
    lang = language(update)
    args = list(context.args or [])
    period = args.pop() if args and args[-1].lower() in PERIODS else "3m"
    exercise = await gateway.exercise_find(" ".join(args), identity_of(update)) if args else None
    if exercise is None:
        await answer(update, replies.usage(lang, "/chart <exercise> [1m|3m|6m]", "/chart bench 3m"))
        return
    identity, period = identity_of(update), period.lower()
    try:
        png = await gateway.chart_png(identity, slug=exercise.slug, period=period)
    except gateway.ChartRenderLimited as limited:
        await answer(update, t(lang, "chart_slow_down", seconds=limited.wait))
        return
    period_name = display.period_label(period.lower(), lang)
    name = await exercise_label(lang, exercise)
    if png is None:
        await answer(update, t(lang, "chart_none", exercise=name, period=period_name))
        return
    message = update.effective_message
    if message is not None:
        await message.reply_photo(
            png,
            caption=t(lang, "chart_caption", exercise=name, period=period_name),
            filename=f"{exercise.slug}-{period}.png",
        )


CALC_TARGET = re.compile(r"^\s*(\d{1,2})\s*(?:@\s*(\d{1,2}(?:[.,]\d)?))?\s*$")
CALC_ARROW = re.compile(r"\s*(?:→|->|=>|>)\s*")


def _calc_target(text: str) -> tuple[str, tuple[int, Decimal | None] | None] | None:
    """`bench 100x5 @8 → 3 @9` → ("bench 100x5 @8", (3, 9)); None for a bad target."""
    parts = CALC_ARROW.split(text, maxsplit=1)
    if len(parts) == 1:
        return text, None
    found = CALC_TARGET.match(parts[1])
    if found is None:
        return None
    reps = int(found.group(1))
    rpe = Decimal(found.group(2).replace(",", ".")) if found.group(2) else None
    if not 1 <= reps <= 30 or (
        rpe is not None and not (1 <= rpe <= 10 and rpe % Decimal("0.5") == 0)
    ):
        return None
    return parts[0], (reps, rpe)


async def calc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the e1RM of weight × reps (from the RPE chart when an RPE is given), a rep table,
    and the load for other reps at a target RPE (`→ 3 @9`), without logging anything."""
    lang = language(update)
    split = _calc_target(" ".join(context.args or []))
    text, target = split if split is not None else ("", None)
    parsed = await gateway.lift_parse(identity_of(update), text=text) if text else None
    if not isinstance(parsed, ParsedLift):
        await answer(
            update,
            replies.usage(
                lang,
                "/calc <exercise> <weight>x<reps> [@rpe] [→ <reps> @rpe]",
                "/calc bench 100x5 @8 → 3 @9",
            ),
        )
        return
    first = parsed.sets[0]
    e1rm, table = await gateway.calc(
        identity_of(update),
        slug=parsed.exercise.slug,
        weight_kg=first.weight_kg,
        reps=first.reps,
        rpe=first.rpe,
    )
    found = await gateway.calc_rpe(
        identity_of(update),
        slug=parsed.exercise.slug,
        weight_kg=first.weight_kg,
        reps=first.reps,
        rpe=first.rpe,
        target_reps=target[0] if target else None,
        target_rpe=target[1] if target else None,
    )
    unit = parsed.unit
    lines = [
        t(
            lang,
            "calc",
            exercise=await exercise_label(lang, parsed.exercise),
            load=replies.load(first.weight_kg, unit, is_bodyweight=parsed.exercise.is_bodyweight),
            reps=first.reps,
            e1rm=display.format_estimate(e1rm, unit),
        ),
        coach_replies.calc_method(lang, found, first.reps, first.rpe),
    ]
    if found.target_kg is not None:
        lines.append(coach_replies.calc_target(lang, found, unit))
    if not parsed.exercise.is_bodyweight:
        lines += [
            t(
                lang,
                "calc_reps",
                reps=display.reps_label(n, lang),
                load=display.format_loadable(kg, unit),
            )
            for n, kg in table.items()
        ]
    await answer(update, "\n".join(lines))


async def export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends every set of the lifter as a CSV document."""
    lang = language(update)
    content, count = await gateway.export_csv(identity_of(update))
    if not count:
        await answer(update, t(lang, "export_none"))
        return
    message = update.effective_message
    if message is not None:
        await message.reply_document(
            content.encode(),
            filename="sbd-animal-sets.csv",
            caption=t(lang, "export_caption", count=count),
        )


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)[:60]
