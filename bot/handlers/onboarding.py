"""`/start`: welcome, deep-link account linking and the profile questions, as a conversation."""

from __future__ import annotations

import zoneinfo

from telegram import Update
from telegram.ext import ContextTypes, ConversationHandler

from backend.accounts.profile import (
    birth_year_answer,
    birth_year_range,
    bodyweight_answer,
    timezone_answer,
)
from backend.workouts import display
from bot import gateway
from bot.handlers.common import answer, buttons, identity_of, language
from bot.handlers.lifts import log_lift
from bot.i18n import Language, t
from bot.lift_parser import ParsedLift, ParseError

SEX, BIRTH_YEAR, BODYWEIGHT, UNITS, TIMEZONE = range(5)
FULL = "onboarding_full"
TIMEZONES = ("Asia/Seoul", "Europe/London", "America/New_York", "UTC")
# Deep-link payloads that say where the lifter came from, not a link token: a plain /start.
# "calc" is the calculator page's link (backend/web/views.py CALCULATOR_START).
START_SOURCES = frozenset({"calc"})


def _sex_buttons(lang: Language) -> object:
    return buttons(
        [(t(lang, "male"), "sex:male"), (t(lang, "female"), "sex:female")],
        [(t(lang, "skip"), "sex:skip")],
    )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Links the web account from a deep link, or welcomes the lifter and asks their sex."""
    lang = language(update)
    if context.args and context.args[0] not in START_SOURCES:
        email = await gateway.account_link(identity_of(update), token=context.args[0])
        await answer(update, t(lang, "linked", email=email) if email else t(lang, "link_failed"))
        return ConversationHandler.END
    await gateway.lifter_get(identity_of(update))
    if context.user_data is not None:
        context.user_data[FULL] = True
    await answer(update, t(lang, "welcome"))
    await answer(update, t(lang, "ask_sex"), reply_markup=_sex_buttons(lang))
    return SEX


async def complete_profile(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Asks the first missing profile answer after a lifter logged without `/start`."""
    query = update.callback_query
    lang = language(update)
    if query is not None:
        await query.answer()
    if context.user_data is not None:
        context.user_data[FULL] = False
    lifter = await gateway.lifter_get(identity_of(update))
    if not lifter.sex:
        await answer(update, t(lang, "ask_sex"), reply_markup=_sex_buttons(lang))
        return SEX
    if not lifter.birth_year:
        await answer(update, t(lang, "ask_birth_year"))
        return BIRTH_YEAR
    await answer(update, t(lang, "ask_bodyweight"))
    return BODYWEIGHT


async def choose_sex(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stores the sex the lifter picked and asks their birth year."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None:
        return SEX
    await query.answer()
    choice = query.data.removeprefix("sex:")
    if choice in ("male", "female"):
        await gateway.lifter_update(identity_of(update), sex=choice)
    await query.edit_message_text(
        t(lang, "ask_sex") + f" → {t(lang, choice) if choice != 'skip' else t(lang, 'skip')}"
    )
    await answer(update, t(lang, "ask_birth_year"))
    return BIRTH_YEAR


async def give_birth_year(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stores the birth year and asks the bodyweight (a set sent meanwhile is logged)."""
    lang = language(update)
    text = _text(update)
    year = birth_year_answer(text=text)
    if year is None:
        low, high = birth_year_range()
        return await _not_an_answer(
            update, context, BIRTH_YEAR, "bad_birth_year", low=low, high=high
        )
    await gateway.lifter_update(identity_of(update), birth_year=year)
    await answer(update, t(lang, "ask_bodyweight"))
    return BODYWEIGHT


async def give_bodyweight(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stores the bodyweight, then asks units (full onboarding) or finishes."""
    lang = language(update)
    lifter = await gateway.lifter_get(identity_of(update))
    weight = bodyweight_answer(text=_text(update), unit=lifter.units)
    if weight is None:
        return await _not_an_answer(update, context, BODYWEIGHT, "bad_bodyweight")
    lifter = await gateway.lifter_update(identity_of(update), bodyweight_kg=weight)
    if context.user_data is not None and context.user_data.get(FULL):
        await answer(
            update,
            t(lang, "ask_units"),
            reply_markup=buttons([("kg", "units:kg"), ("lb", "units:lb")]),
        )
        return UNITS
    await answer(update, t(lang, "profile_saved", summary=_summary(lifter)))
    return ConversationHandler.END


async def choose_units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stores kg or lb and asks the timezone."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None:
        return UNITS
    await query.answer()
    unit = query.data.removeprefix("units:")
    await gateway.lifter_update(identity_of(update), units=unit)
    await query.edit_message_text(t(lang, "units_saved", unit=unit))
    await answer(
        update,
        t(lang, "ask_timezone"),
        reply_markup=buttons(
            [(zone, f"tz:{zone}") for zone in TIMEZONES[:2]],
            [(zone, f"tz:{zone}") for zone in TIMEZONES[2:]],
        ),
    )
    return TIMEZONE


async def give_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Stores the timezone (a city or zone typed, or a button) and shows the saved profile (a set
    sent meanwhile is logged)."""
    lang = language(update)
    query = update.callback_query
    if query is not None and query.data:
        await query.answer()
        name = query.data.removeprefix("tz:")
        zones: tuple[str, ...] = (name,) if valid_timezone(name) else ()
    else:
        zones = timezone_answer(text=_text(update))
    if not zones and query is None:  # a set sent instead is logged, as at the other questions
        return await _not_an_answer(update, context, TIMEZONE, "bad_timezone")
    if not zones:
        await answer(update, t(lang, "bad_timezone"))
        return TIMEZONE
    if len(zones) > 1:
        await answer(
            update,
            t(lang, "timezone_pick"),
            reply_markup=buttons(*[[(zone, f"tz:{zone}")] for zone in zones]),
        )
        return TIMEZONE
    lifter = await gateway.lifter_update(identity_of(update), timezone_name=zones[0])
    await answer(update, t(lang, "profile_saved", summary=_summary(lifter)))
    return ConversationHandler.END


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
    """Leaves the profile questions."""
    await answer(update, t(language(update), "profile_cancelled"))
    return ConversationHandler.END


def valid_timezone(name: str) -> bool:
    """Whether `name` is an IANA timezone such as Asia/Seoul."""
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


# Parse errors that mean "this was no lift": the answer is re-asked instead.
_NOT_A_LIFT = frozenset({"empty", "too_long", "no_numbers", "no_exercise", "unknown_exercise"})


async def _not_an_answer(
    update: Update, context: ContextTypes.DEFAULT_TYPE, state: int, error: str, **params: object
) -> int:
    """Logs a set sent instead of the answer, else asks the question again with an example."""
    text = _text(update)
    parsed = await gateway.lift_parse(identity_of(update), text=text) if text.strip() else None
    if isinstance(parsed, ParsedLift) or (
        isinstance(parsed, ParseError) and parsed.code not in _NOT_A_LIFT
    ):
        await log_lift(update, context)
    else:
        await answer(update, t(language(update), error, **params))
    return state


def _text(update: Update) -> str:
    return (update.effective_message.text if update.effective_message else "") or ""


def _summary(lifter: gateway.Lifter) -> str:
    parts = []
    if lifter.sex:
        parts.append(t(lifter.language, lifter.sex))
    if lifter.birth_year:
        parts.append(str(lifter.birth_year))
    if lifter.bodyweight_kg:
        parts.append(display.format_load(lifter.bodyweight_kg, lifter.units))
    parts.extend([lifter.units, lifter.timezone])
    return ", ".join(parts)
