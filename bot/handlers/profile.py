"""Profile commands: /bw, /units, /timezone, /deleteme and /help."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from backend.accounts.profile import bodyweight_answer, timezone_answer
from backend.workouts import display
from bot import gateway, replies
from bot.handlers.common import answer, buttons, identity_of, language
from bot.i18n import t


async def bodyweight(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Records the lifter's bodyweight: `/bw 82.5` or `/bw 180lb`."""
    lang = language(update)
    lifter = await gateway.lifter_get(identity_of(update))
    weight = bodyweight_answer(text=" ".join(context.args or []), unit=lifter.units)
    if weight is None:
        await answer(update, replies.usage(lang, "/bw <weight>", "/bw 82.5"))
        return
    lifter = await gateway.bodyweight_log(identity_of(update), weight_kg=weight)
    await answer(update, t(lang, "bw_saved", weight=display.format_load(weight, lifter.units)))


async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sets kg or lb: `/units lb`, or offers buttons."""
    lang = language(update)
    choice = (context.args or [""])[0].lower()
    if choice in ("kg", "lb"):
        await gateway.lifter_update(identity_of(update), units=choice)
        await answer(update, t(lang, "units_saved", unit=choice))
        return
    lifter = await gateway.lifter_get(identity_of(update))
    await answer(
        update,
        t(lang, "units_pick", unit=lifter.units),
        reply_markup=buttons([("kg", "setunits:kg"), ("lb", "setunits:lb")]),
    )


async def choose_units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stores the unit picked with the /units buttons."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    unit = query.data.removeprefix("setunits:")
    if unit in ("kg", "lb"):
        await gateway.lifter_update(identity_of(update), units=unit)
        await query.edit_message_text(t(language(update), "units_saved", unit=unit))


async def set_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows or sets the lifter's timezone: `/timezone Asia/Seoul`, `/timezone new york`."""
    lang = language(update)
    if not context.args:
        lifter = await gateway.lifter_get(identity_of(update))
        await answer(update, t(lang, "timezone_now", timezone=lifter.timezone))
        return
    zones = timezone_answer(text=" ".join(context.args))
    if not zones:
        await answer(update, t(lang, "bad_timezone"))
        return
    if len(zones) > 1:
        options = ", ".join(f"<code>/timezone {zone}</code>" for zone in zones)
        await answer(update, t(lang, "timezone_options", options=options))
        return
    await gateway.lifter_update(identity_of(update), timezone_name=zones[0])
    await answer(update, t(lang, "timezone_saved", timezone=zones[0]))


async def delete_me(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Asks for confirmation before deleting all the lifter's data."""
    lang = language(update)
    await answer(
        update,
        t(lang, "deleteme_confirm"),
        reply_markup=buttons(
            [(t(lang, "deleteme_yes"), "deleteme:yes")], [(t(lang, "cancel"), "deleteme:no")]
        ),
    )


async def confirm_delete_me(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Deletes the lifter's account and data once they confirmed."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None:
        return
    await query.answer()
    if query.data != "deleteme:yes":
        await query.edit_message_text(t(lang, "cancelled"))
        return
    await gateway.lifter_delete(identity_of(update))
    if context.user_data is not None:
        context.user_data.clear()
    await query.edit_message_text(t(lang, "deleteme_done"))


async def show_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explains how to log sets and lists the commands."""
    await answer(update, t(language(update), "help"))
