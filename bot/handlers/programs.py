"""Programs in the chat: /program, /today, `done`, the rest timer, /remind and /stats."""

from __future__ import annotations

import re
from datetime import time
from decimal import Decimal, InvalidOperation

from telegram import Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from backend.programs import rules
from backend.programs import services as programs
from backend.workouts import display
from bot import gateway, program_gateway, program_replies
from bot.handlers.common import answer, buttons, identity_of, is_group, language
from bot.i18n import Language, t
from bot.timers import STOP_BUTTON

DONE = re.compile(r"^\s*(?:done|완료)((?:\s+\d{1,3})*)\s*$", re.IGNORECASE)
PROGRAM_BUTTONS = r"^program:(" + "|".join(re.escape(s) for s in rules.PROGRAMS) + r"|stop)$"
REST_BUTTONS = r"^rest:(\d{1,4}|stop)$"
MAX_ARGUMENT = re.compile(
    r"([^\d]+?)\s*(\d{1,4}(?:[.,]\d{1,2})?)\s*(kg|lb)?(?=\s|$)", re.IGNORECASE
)
REST_ARGUMENT = re.compile(r"^(?:(\d{1,2}):(\d{2})|(\d{1,4})\s*(s|m|초|분)?)$", re.IGNORECASE)
TIME_ARGUMENT = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")
WEEKDAY_WORDS: dict[str, int] = {
    **{name: i for i, name in enumerate(programs.WEEKDAYS)},
    **{name: i for i, name in enumerate(("월", "화", "수", "목", "금", "토", "일"))},
}
MAX_EXAMPLE = "/program 531 squat 140 bench 100 deadlift 180 ohp 60"


def register(application: Application) -> None:
    """Adds this module's commands, buttons and the `done` message before the generic ones."""
    for name, callback in {
        "program": choose_program,
        "today": show_today,
        "rest": rest,
        "remind": remind,
        "stats": show_stats,
    }.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(pick_program, pattern=PROGRAM_BUTTONS))
    application.add_handler(CallbackQueryHandler(press_rest, pattern=REST_BUTTONS))
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & filters.Regex(DONE), log_done)
    )


def _program_buttons(lang: Language, *, enrolled: bool) -> object:
    rows = [[(rules.NAMES[slug], f"program:{slug}")] for slug in rules.PROGRAMS]
    if enrolled:
        rows.append([(t(lang, "program_stop"), "program:stop")])
    return buttons(*rows)


async def choose_program(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows where the lifter is in their program, or starts the one named with its maxes."""
    lang = language(update)
    args = list(context.args or [])
    if not args:
        view = await program_gateway.today(identity_of(update))
        enrolled = view.today is not None
        text = program_replies.status(lang, view) if enrolled else t(lang, "program_pick")
        await answer(update, text, reply_markup=_program_buttons(lang, enrolled=enrolled))
        return
    slug = args[0].lower()
    if slug == "stop":
        await program_gateway.program_stop(identity_of(update))
        await answer(update, t(lang, "program_stopped"))
        return
    if slug not in rules.PROGRAMS:
        choices = ", ".join(f"<code>{s}</code>" for s in rules.PROGRAMS)
        await answer(update, t(lang, "program_unknown", name=args[0][:40], choices=choices))
        return
    maxes = await _maxes(update, " ".join(args[1:]))
    if maxes is None:
        await answer(
            update, t(lang, "usage", usage="/program 531 squat 140 …", example=MAX_EXAMPLE)
        )
        return
    await _start(update, slug, maxes)


async def _maxes(update: Update, text: str) -> dict[str, Decimal] | None:
    """`squat 140 bench 100kg ohp 135lb` as 1RMs in kg by slug; None when a part can't be read."""
    lifter = await gateway.lifter_get(identity_of(update))
    maxes: dict[str, Decimal] = {}
    position = 0
    text = text.strip()
    for match in MAX_ARGUMENT.finditer(text):
        if text[position : match.start()].strip():
            return None
        position = match.end()
        exercise = await gateway.exercise_find(match.group(1).strip())
        if exercise is None:
            return None
        try:
            value = Decimal(match.group(2).replace(",", "."))
        except InvalidOperation:
            return None
        unit = (match.group(3) or lifter.units).lower()
        maxes[exercise.slug] = display.to_kg(value, unit).quantize(Decimal("0.01"))
    if text[position:].strip():
        return None
    return maxes


async def _start(update: Update, slug: str, maxes: dict[str, Decimal]) -> None:
    lang = language(update)
    try:
        view = await program_gateway.program_start(identity_of(update), program=slug, maxes=maxes)
    except programs.MissingMaxes as missing:
        names = [await program_gateway.exercise_name(s, lang) for s in missing.lifts]
        await answer(
            update,
            t(
                lang,
                "program_missing_maxes",
                program=rules.NAMES[slug],
                lifts=", ".join(names),
                example=MAX_EXAMPLE.replace("531", slug, 1),
            ),
        )
        return
    maxes_line = program_replies.maxes_text(lang, view)
    await answer(update, t(lang, "program_started", program=rules.NAMES[slug], maxes=maxes_line))
    await answer(update, program_replies.today_text(lang, view))


async def pick_program(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Starts the program picked from the buttons (from the lifter's e1RMs), or stops it."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    slug = query.data.split(":", 1)[1]
    if slug == "stop":
        await program_gateway.program_stop(identity_of(update))
        await answer(update, t(language(update), "program_stopped"))
        return
    await _start(update, slug, {})


async def show_today(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the next session: each set with its weight rounded to the plates and the plates."""
    lang = language(update)
    view = await program_gateway.today(identity_of(update))
    await answer(update, program_replies.today_text(lang, view))


async def log_done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`done` / `done 5 5 8`: logs the next sets as prescribed and advances the program."""
    message = update.effective_message
    if message is None or not message.text:
        return
    match = DONE.match(message.text)
    if match is None:
        return
    lang = language(update)
    reps = [int(n) for n in match.group(1).split()] or None
    try:
        progress = await program_gateway.session_done(
            identity_of(update), reps=reps, update_id=update.update_id
        )
    except programs.ProgramError as error:
        key = {"too_many_reps": "done_too_many", "bad_reps": "done_bad_reps"}.get(
            error.code, "done_no_program"
        )
        await answer(update, t(lang, key, **error.params))
        return
    if not progress.filled:
        await answer(update, t(lang, "duplicate"))
        return
    text = program_replies.progress_text(lang, progress)
    if progress.streak_weeks:
        text += "\n" + t(lang, "streak_grew", weeks=progress.streak_weeks)
    markup = None
    today = progress.view.today
    if not progress.completed and today is not None and today.next_set is not None:
        seconds = programs.rest_seconds_for(slug=today.sets[max(progress.filled - 1, 0)].lift)
        markup = buttons(rest_row(lang, seconds))
    await answer(update, text, reply_markup=markup)


def rest_row(lang: Language, seconds: int) -> list[tuple[str, str]]:
    """The "⏱ Rest 3:00" button under a logged set."""
    return [(t(lang, "rest_button", time=program_replies.clock(seconds)), f"rest:{seconds}")]


def after_log_text(lang: Language, after: program_gateway.AfterLog) -> str:
    """Lines under a logged set: the session's progress and a grown streak."""
    lines = []
    if after.progress is not None:
        lines.append(program_replies.progress_text(lang, after.progress))
    if after.streak_weeks:
        lines.append(t(lang, "streak_grew", weeks=after.streak_weeks))
    return "".join(f"\n{line}" for line in lines)


def lift_logged(
    update: Update, after: program_gateway.AfterLog
) -> tuple[str, list[tuple[str, str]] | None]:
    """For the log reply: the lines to add and the rest button's row (none in groups)."""
    lang = language(update)
    row = None if is_group(update) else rest_row(lang, after.rest_seconds)
    return after_log_text(lang, after), row


def _rest_seconds(text: str) -> int | None:
    match = REST_ARGUMENT.match(text.strip())
    if match is None:
        return None
    if match.group(1) is not None:
        return int(match.group(1)) * 60 + int(match.group(2))
    number, unit = int(match.group(3)), (match.group(4) or "").lower()
    if unit in ("m", "분") or (not unit and number <= 15):
        return number * 60
    return number


async def rest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/rest`, `/rest 2:30`, `/rest 90`: starts a rest countdown (3:00 without a length)."""
    lang = language(update)
    text = " ".join(context.args or [])
    seconds = _rest_seconds(text) if text else programs.HEAVY_REST_SECONDS
    if seconds is None or not 1 <= seconds <= programs.MAX_REST_SECONDS:
        await answer(update, t(lang, "rest_bad", high=programs.MAX_REST_SECONDS // 60))
        return
    await _start_rest(update, seconds)


async def _start_rest(update: Update, seconds: int) -> None:
    lang = language(update)
    chat = update.effective_chat
    if chat is None:
        return
    text = t(lang, "rest_running", time=program_replies.clock(seconds))
    message = await answer(
        update, text, reply_markup=buttons([(t(lang, "rest_stop"), STOP_BUTTON)])
    )
    if message is None:
        return
    await program_gateway.rest_start(
        identity_of(update), chat_id=chat.id, seconds=seconds, message_id=message.message_id
    )


async def press_rest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The rest button starts a countdown; Stop on the countdown ends it."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or query.data is None or chat is None:
        return
    choice = query.data.split(":", 1)[1]
    if choice != "stop" and not 1 <= int(choice) <= programs.MAX_REST_SECONDS:
        await query.answer(t(language(update), "expired"))
        return
    await query.answer()
    if choice == "stop":
        await program_gateway.rest_cancel(identity_of(update), chat_id=chat.id)
        await query.edit_message_text(t(language(update), "rest_stopped"))
        return
    await _start_rest(update, int(choice))


async def remind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/remind mon wed fri 18:30`, `/remind off`, `/remind nudge on|off`, or the settings."""
    lang = language(update)
    identity = identity_of(update)
    args = [a.lower().rstrip(",") for a in context.args or []]
    if not args:
        view = await program_gateway.reminders(identity)
        await answer(update, program_replies.reminders_text(lang, view))
        return
    if args == ["off"]:
        await program_gateway.reminders_off(identity)
        await answer(update, t(lang, "remind_off"))
        return
    if args[0] == "nudge" and len(args) == 2 and args[1] in ("on", "off"):
        await program_gateway.nudge_set(identity, on=args[1] == "on")
        await answer(update, t(lang, "remind_nudge_on" if args[1] == "on" else "remind_nudge_off"))
        return
    parsed = _schedule(args)
    if parsed is None:
        await answer(
            update,
            t(
                lang,
                "usage",
                usage="/remind mon wed fri 18:30 | off | nudge on",
                example="/remind mon wed fri 18:30",
            ),
        )
        return
    days, at = parsed
    try:
        view = await program_gateway.reminders_set(identity, weekdays=days, at=at)
    except programs.ProgramError as error:
        params = {"time": at.strftime("%H:%M")}
        params.update({k: v.strftime("%H:%M") for k, v in error.params.items()})
        await answer(update, t(lang, "remind_quiet", **params))
        return
    await answer(
        update,
        t(
            lang,
            "remind_saved",
            days=program_replies.weekdays(lang, view.weekdays),
            time=at.strftime("%H:%M"),
            timezone=view.timezone,
        ),
    )


def _schedule(args: list[str]) -> tuple[list[int], time] | None:
    """Weekday words and one HH:MM, in any order; None when something else is there."""
    days: list[int] = []
    at: time | None = None
    for word in args:
        clock = TIME_ARGUMENT.match(word)
        if clock is not None and at is None:
            at = time(int(clock.group(1)), int(clock.group(2)))
            continue
        key = word.removesuffix("요일")
        key = key[:3] if key[:3] in programs.WEEKDAYS else key  # monday → mon
        if key not in WEEKDAY_WORDS:
            return None
        days.append(WEEKDAY_WORDS[key])
    if not days or at is None:
        return None
    return days, at


async def show_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the lifter's streak, this week's sessions and their program."""
    lang = language(update)
    stats = await program_gateway.stats(identity_of(update))
    await answer(update, program_replies.stats_text(lang, stats))
