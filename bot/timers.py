"""Rest timers and reminders as the bot shows them; run by Celery tasks (`bot.tasks`) or, with
no broker (the embedded default, `--local`), by a pump thread in the bot process.

Every step is idempotent: `backend.programs.services` claims each countdown step, the end of a
timer and each reminder slot in the database before anything is sent.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections
from telegram import InlineKeyboardMarkup

from backend import bot_api
from backend.programs import services as programs
from backend.programs.models import ReminderSent
from bot import program_replies
from bot.i18n import Language, language_of, t
from bot.program_gateway import today_view

logger = logging.getLogger(__name__)


STOP_BUTTON = "rest:stop"


def stop_markup(language: Language) -> InlineKeyboardMarkup:
    """The countdown's Stop button."""
    return bot_api.keyboard([(t(language, "rest_stop"), STOP_BUTTON)])


def schedule(timer_id: int, at: datetime) -> None:
    """Queues the timer's next tick at `at` (a Celery task with an eta); with no broker the
    pump thread finds it due instead."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return
    from bot.tasks import rest_timer_tick

    rest_timer_tick.apply_async(args=[timer_id], eta=at)


def tick(timer_id: int, *, now: datetime | None = None) -> str:
    """Edits the countdown to its current step, or ends it and pings with the next set."""
    step = programs.rest_timer_tick(timer_id=timer_id, now=now)
    timer = step.timer
    language = language_of(timer.language)
    try:
        if step.action == "edit" and timer.message_id:
            text = t(language, "rest_running", time=program_replies.clock(step.remaining))
            bot_api.edit(timer.chat_id, timer.message_id, text, markup=stop_markup(language))
        elif step.action == "finish":
            if timer.message_id:
                bot_api.edit(timer.chat_id, timer.message_id, t(language, "rest_over"))
            view = today_view(timer.user, programs.today_get(user=timer.user))
            line = program_replies.next_set(language, view)
            text = t(language, "rest_next", set=line) if line else t(language, "rest_go")
            bot_api.send(timer.chat_id, text)
    except bot_api.Blocked:
        programs.rest_timer_cancel(user=timer.user, chat_id=timer.chat_id)
        reminder_blocked_mark(timer.user)
        return "blocked"
    if step.action == "edit" and step.next_at is not None:
        schedule(timer.pk, step.next_at)
    return step.action


def reminder_blocked_mark(user: object) -> None:
    from backend.accounts.telegram import telegram_user_deactivate

    telegram_id = getattr(user, "telegram_id", None)
    if telegram_id:
        telegram_user_deactivate(telegram_id=telegram_id)


def sweep(*, now: datetime | None = None) -> int:
    """Ticks every timer whose step is due (ticks lost to a crash or a restart resume here)."""
    due = programs.rest_timers_due(now=now)
    for timer_id in due:
        tick(timer_id, now=now)
    return len(due)


def reminder_text(due: programs.Due) -> str:
    """The reminder for one slot: the day's session, a plain nudge, or the missed-week nudge."""
    user = due.user
    language = language_of(user.language)
    if due.kind == ReminderSent.Kind.NUDGE:
        today = due.slot.astimezone(programs.user_zone(user)).date()
        done = programs.training_days_in_week(user=user, day=today - timedelta(days=7))
        planned = programs.planned_sessions(user=user)
        return t(language, "nudge_missed", done=done, planned=planned)
    view = today_view(user, programs.today_get(user=user))
    if view.today is None:
        return t(language, "reminder_plain")
    session = program_replies.today_text(language, view, hint=False)
    return t(language, "reminder_session", session=session)


def reminders_send(*, now: datetime | None = None) -> int:
    """Sends every reminder due now, each slot once (claimed first); blocked chats are marked."""
    sent = 0
    for due in programs.reminders_claim_due(now=now):
        try:
            bot_api.send(due.user.telegram_id or 0, reminder_text(due))
        except bot_api.Blocked:
            programs.reminder_outcome(claim_id=due.claim_id, outcome=ReminderSent.Outcome.BLOCKED)
            continue
        except (bot_api.SendError, OSError):
            logger.exception("reminder %s for user %s failed", due.claim_id, due.user.pk)
            programs.reminder_outcome(claim_id=due.claim_id, outcome=ReminderSent.Outcome.SKIPPED)
            continue
        programs.reminder_outcome(claim_id=due.claim_id, outcome=ReminderSent.Outcome.SENT)
        sent += 1
    return sent


PUMP_SECONDS = 1.0
REMINDER_EVERY = 10


def pump(stop: threading.Event) -> None:
    """With no broker: ticks due timers every second and sends due reminders every 10 s."""
    beats = 0
    while not stop.wait(PUMP_SECONDS):
        try:
            sweep()
            if beats % REMINDER_EVERY == 0:
                reminders_send()
        except Exception:
            logger.exception("timer pump")
        finally:
            close_old_connections()
        beats += 1


def pump_start() -> threading.Event:
    """Starts the pump thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=pump, args=(stop,), daemon=True, name="timer-pump").start()
    return stop
