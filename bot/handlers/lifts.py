"""Logging sets from plain chat messages, with a question (a button per reading) before storing a
set the plausibility rules doubt, and "New exercise 'Zercher Squat'? [Create] [Did you mean Front
Squat?] [Cancel]" for a name the catalogue does not know."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import coach_replies, gateway, replies
from bot.handlers import programs
from bot.handlers.common import answer, buttons, exercise_label, identity_of, is_group, language
from bot.i18n import t
from bot.lift_parser import looks_like_lift

PENDING = "pending_lifts"
MAX_PENDING = 20


async def log_lift(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the sets in a chat message and answers with e1RM, level, percentile and calories."""
    message = update.effective_message
    if message is None or not message.text:
        return
    if is_group(update) and not looks_like_lift(message.text):
        return
    result = await gateway.lift_log(
        identity_of(update), text=message.text, update_id=update.update_id
    )
    await _answer_result(update, context, result)


async def _answer_result(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    result: gateway.Logged | gateway.Outlier | gateway.NewExercise | gateway.Rejected,
    *,
    edit: bool = False,
    pending: gateway.PendingLift | None = None,
) -> None:
    lang = language(update)
    if isinstance(result, gateway.Rejected):
        await answer(update, replies.parse_error(lang, result.error))
        return
    if isinstance(result, gateway.NewExercise):
        await _ask_new_exercise(update, context, result)
        return
    if isinstance(result, gateway.Outlier):
        await _ask_about_outlier(update, context, result, pending)
        return
    text = replies.logged(lang, result, result.unit)
    rows = coach_replies.logged_buttons(lang, result)
    if result.created and result.after is not None:
        lines, rest_row = programs.lift_logged(update, result.after)
        text += lines
        rows += [rest_row] if rest_row else []
    if result.created and not result.lifter.has_profile:
        rows.append([(t(lang, "complete_profile"), "profile:start")])
    markup = buttons(*rows) if rows else None
    if edit and update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        await answer(update, text, reply_markup=markup)


def _remember(context: ContextTypes.DEFAULT_TYPE, key: str, pending: gateway.PendingLift) -> None:
    """Keeps a lift waiting for the lifter's answer (the last MAX_PENDING of them)."""
    if context.user_data is None:
        return
    waiting: dict[str, gateway.PendingLift] = context.user_data.setdefault(PENDING, {})
    waiting[key] = pending
    for stale in list(waiting)[:-MAX_PENDING]:
        waiting.pop(stale, None)


def _message_lift(update: Update) -> gateway.PendingLift:
    message = update.effective_message
    text = message.text if message is not None and message.text else ""
    return gateway.PendingLift(text=text, update_id=update.update_id)


async def _ask_about_outlier(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    question: gateway.Outlier,
    asked: gateway.PendingLift | None = None,
) -> None:
    lang = language(update)
    base = asked or _message_lift(update)
    key = str(base.update_id)
    _remember(
        context,
        key,
        gateway.PendingLift(
            text=base.text, update_id=base.update_id, readings=question.readings, extra=base.extra
        ),
    )
    rows = [
        [(replies.reading_label(r, is_bodyweight=question.is_bodyweight), f"outlier:{key}:r{i}")]
        for i, r in enumerate(question.readings)
    ]
    last = [(t(lang, "cancel"), f"outlier:{key}:cancel")]
    if question.reason != "ambiguous":  # there, "as typed" is one of the readings
        last.insert(0, (t(lang, "keep_as_typed"), f"outlier:{key}:keep"))
    rows.append(last)
    await answer(
        update, replies.outlier(lang, question, question.unit), reply_markup=buttons(*rows)
    )


async def _ask_new_exercise(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: gateway.NewExercise
) -> None:
    """Asks whether an unknown name is a new exercise of the lifter's, with a "Did you mean …?"
    button per close match; nothing is created or picked silently."""
    lang = language(update)
    base = _message_lift(update)
    key = str(base.update_id)
    slugs = [s.slug for s in question.suggestions]
    extra = {"new": (question.typed or question.name, question.name, slugs)}
    _remember(context, key, gateway.PendingLift(base.text, base.update_id, extra=extra))
    rows = [[(t(lang, "new_exercise_create"), f"newex:{key}:create")]]
    for index, suggestion in enumerate(question.suggestions):
        label = await exercise_label(lang, suggestion)
        rows.append([(t(lang, "new_exercise_mean", exercise=label), f"newex:{key}:{index}")])
    rows.append([(t(lang, "cancel"), f"newex:{key}:cancel")])
    await answer(update, replies.new_exercise(lang, question), reply_markup=buttons(*rows))


async def answer_new_exercise(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Creates the lifter's own exercise and logs the message, logs it as the exercise picked
    ("Did you mean …?"), or stores nothing."""
    query = update.callback_query
    if query is None or query.data is None or context.user_data is None:
        return
    await query.answer()
    lang = language(update)
    _, key, choice = query.data.split(":", 2)
    pending = context.user_data.get(PENDING, {}).pop(key, None)
    new = pending.extra.get("new") if pending is not None else None
    if pending is None or new is None or (choice.isdigit() and int(choice) >= len(new[2])):
        await query.edit_message_text(t(lang, "expired"))
        return
    if choice == "cancel":
        await query.edit_message_text(t(lang, "cancelled"))
        return
    typed, name, slugs = new
    meant = ("", "")
    if choice == "create":
        created = await gateway.exercise_create_own(identity_of(update), name=name)
        if isinstance(created, str):
            await query.edit_message_text(created)
            return
    else:
        meant = (typed, slugs[int(choice)])
    chosen = gateway.PendingLift(pending.text, pending.update_id, extra={"meant": meant})
    result = await gateway.lift_log(
        identity_of(update), text=pending.text, update_id=pending.update_id, meant=meant
    )
    await _answer_result(update, context, result, edit=True, pending=chosen)


async def answer_outlier(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the reading picked, the set as typed, or nothing, for a doubted message."""
    query = update.callback_query
    if query is None or query.data is None or context.user_data is None:
        return
    await query.answer()
    lang = language(update)
    _, key, choice = query.data.split(":", 2)
    pending = context.user_data.get(PENDING, {}).pop(key, None)
    if pending is None:
        await query.edit_message_text(t(lang, "expired"))
        return
    if choice == "cancel":
        await query.edit_message_text(t(lang, "cancelled"))
        return
    readings = getattr(pending, "readings", ())
    index = 0 if choice == "fix" else int(choice[1:]) if choice.startswith("r") else None
    if index is not None and index >= len(readings):
        await query.edit_message_text(t(lang, "expired"))
        return
    result = await gateway.lift_log(
        identity_of(update),
        text=pending.text,
        update_id=pending.update_id,
        check_outlier=False,
        reading=readings[index] if index is not None else None,
        meant=getattr(pending, "extra", {}).get("meant", ("", "")),
    )
    await _answer_result(update, context, result, edit=True)


async def answer_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a button whose question is over (or whose data is unknown) so it stops spinning."""
    query = update.callback_query
    if query is not None:
        await query.answer(t(language(update), "expired"))
