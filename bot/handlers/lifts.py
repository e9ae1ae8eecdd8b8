"""Logging sets from plain chat messages, with the outlier question before a likely typo."""

from __future__ import annotations

from decimal import Decimal

from telegram import Update
from telegram.ext import ContextTypes

from bot import gateway, replies
from bot.handlers.common import answer, buttons, identity_of, is_group, language
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
    result: gateway.Logged | gateway.Outlier | gateway.Rejected,
    *,
    edit: bool = False,
) -> None:
    lang = language(update)
    if isinstance(result, gateway.Rejected):
        await answer(update, replies.parse_error(lang, result.error))
        return
    if isinstance(result, gateway.Outlier):
        await _ask_about_outlier(update, context, result)
        return
    text = replies.logged(lang, result, result.unit)
    markup = None
    if result.created and not result.lifter.has_profile:
        markup = buttons([(t(lang, "complete_profile"), "profile:start")])
    if edit and update.callback_query is not None:
        await update.callback_query.edit_message_text(text, reply_markup=markup)
    else:
        await answer(update, text, reply_markup=markup)


async def _ask_about_outlier(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: gateway.Outlier
) -> None:
    lang = language(update)
    message = update.effective_message
    if message is None or context.user_data is None:
        return
    pending: dict[str, gateway.PendingLift] = context.user_data.setdefault(PENDING, {})
    key = str(update.update_id)
    pending[key] = gateway.PendingLift(text=message.text or "", update_id=update.update_id)
    for stale in list(pending)[:-MAX_PENDING]:
        pending.pop(stale, None)
    unit = question.lifter.units
    choices = []
    if question.guess_kg is not None:
        choices.append((replies.mass(question.guess_kg, unit), f"outlier:{key}:fix"))
    choices.append(
        (t(lang, "keep", load=replies.mass(question.typed_kg, unit)), f"outlier:{key}:keep")
    )
    await answer(
        update,
        replies.outlier(lang, question, unit),
        reply_markup=buttons(choices, [(t(lang, "cancel"), f"outlier:{key}:cancel")]),
    )


async def answer_outlier(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs, corrects or drops the entry the outlier question was about."""
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
    scale = Decimal("0.1") if choice == "fix" else Decimal(1)
    result = await gateway.lift_log(
        identity_of(update),
        text=pending.text,
        update_id=pending.update_id,
        check_outlier=False,
        scale=scale,
    )
    await _answer_result(update, context, result, edit=True)


async def answer_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a button whose question is over (or whose data is unknown) so it stops spinning."""
    query = update.callback_query
    if query is not None:
        await query.answer(t(language(update), "expired"))
