"""The bot's door into programs, rest timers, reminders and streaks (as `bot.gateway` is for the
rest): async calls to `backend.programs.services`, plain frozen values back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import time
from decimal import Decimal
from typing import Any

from backend.programs import rules
from backend.programs import services as programs
from backend.workouts import catalogue
from backend.workouts import services as workouts
from backend.workouts.models import WorkoutSet
from bot.gateway import Identity, _in_django, _lifter_user
from bot.i18n import Language, language_of
from bot.lift_parser import Unit


@dataclass(frozen=True)
class Names:
    """Exercise names by slug, (English, Korean)."""

    by_slug: dict[str, tuple[str, str]]

    def of(self, slug: str, language: Language) -> str:
        name, name_ko = self.by_slug.get(slug, (slug, ""))
        return name_ko if language == "ko" and name_ko else name


def _names(slugs: Sequence[str]) -> Names:
    found: dict[str, tuple[str, str]] = {}
    for slug in slugs:
        exercise = catalogue.exercise_by_slug(slug=slug)
        found[slug] = (exercise.name, exercise.name_ko) if exercise else (slug, "")
    return Names(found)


@dataclass(frozen=True)
class TodayView:
    """The next session as the chat shows it (None when the lifter has no program)."""

    today: programs.Today | None
    unit: Unit
    names: Names
    timezone: str = "UTC"


@dataclass(frozen=True)
class ProgressView:
    """What logging did to the session (see `programs.SessionProgress`)."""

    filled: int
    completed: bool
    changes: tuple[rules.Change, ...]
    cycle_done: bool
    view: TodayView
    logged: int = 0
    streak_weeks: int = 0  # the streak's new length when these sets made the week


@dataclass(frozen=True)
class AfterLog:
    """What a logged message means beyond its sets: session progress, a grown streak, rest."""

    progress: ProgressView | None
    streak_weeks: int
    rest_seconds: int


def today_view(user: Any, today: programs.Today | None) -> TodayView:
    """The chat's view of a session (sync: for the timer and reminder tasks too)."""
    slugs = {s.lift for s in today.sets} if today else set()
    if today is not None:  # every lift of the program, for the changes a session makes
        for key in ("training_max", "weight", "t1", "t2", "t3"):
            slugs |= set(today.state.get(key) or {})
    return TodayView(
        today, "lb" if user.units == "lb" else "kg", _names(sorted(slugs)), user.timezone
    )


def _progress(
    user: Any, progress: programs.SessionProgress, *, streak_weeks: int = 0
) -> ProgressView:
    return ProgressView(
        progress.filled,
        progress.completed,
        progress.changes,
        progress.cycle_done,
        today_view(user, progress.today),
        len(progress.logged),
        streak_weeks,
    )


@_in_django
def program_start(
    identity: Identity, *, program: str, maxes: dict[str, Decimal] | None = None
) -> TodayView:
    """Starts a program (MissingMaxes / ProgramError when it can't) and shows its first session."""
    user, _ = _lifter_user(identity)
    programs.program_start(user=user, program=program, maxes=maxes)
    return today_view(user, programs.today_get(user=user))


@_in_django
def exercise_name(slug: str, language: Language) -> str:
    """An exercise's name in the lifter's language."""
    return _names([slug]).of(slug, language)


@_in_django
def program_stop(identity: Identity) -> bool:
    """Ends the lifter's program."""
    user, _ = _lifter_user(identity)
    return programs.program_stop(user=user)


@_in_django
def today(identity: Identity) -> TodayView:
    """The lifter's next session."""
    user, _ = _lifter_user(identity)
    return today_view(user, programs.today_get(user=user))


@_in_django
def session_done(identity: Identity, *, reps: list[int] | None, update_id: int) -> ProgressView:
    """`done` / `done 5 5 8`: logs the next sets as prescribed (ProgramError when it can't)."""
    user, _ = _lifter_user(identity)
    progress = programs.session_done(
        user=user, reps=reps, key=workouts.chat_key(update_id=update_id, part="done")
    )
    grew = programs.streak_grew(user=user, sets=progress.logged) if progress.filled else 0
    return _progress(user, progress, streak_weeks=grew)


def after_log(user: Any, sets: Sequence[WorkoutSet], *, all_new: bool = False) -> AfterLog:
    """Counts freshly logged sets towards the session and the streak; the rest to suggest.
    Called inside `gateway.lift_log` with its sets (sorted newest first, as read back before),
    so the lifter is not looked up again;
    `all_new`: none of them was stored before (then `streak_grew` may use what was read with
    the user)."""
    sets = sorted(sets, key=lambda s: (s.performed_at, s.pk), reverse=True)
    progress = programs.sets_logged(user=user, sets=sets)
    slug = sets[0].exercise.slug if sets else ""
    return AfterLog(
        progress=_progress(user, progress) if progress is not None else None,
        streak_weeks=programs.streak_grew(user=user, sets=sets, all_new=all_new),
        rest_seconds=programs.rest_seconds_for(slug=slug),
    )


@_in_django
def rest_start(identity: Identity, *, chat_id: int, seconds: int, message_id: int) -> int:
    """Starts a rest countdown shown in `message_id`; its id (ProgramError on a bad length)."""
    user, _ = _lifter_user(identity)
    language = language_of(identity.language_code) if identity.language_code else user.language
    timer = programs.rest_timer_start(
        user=user, chat_id=chat_id, seconds=seconds, language=language, message_id=message_id
    )
    from bot import timers

    timers.schedule(timer.pk, programs.rest_timer_next_step_at(timer))
    return int(timer.pk)


@_in_django
def rest_cancel(identity: Identity, *, chat_id: int) -> bool:
    """Stops the lifter's countdown in a chat."""
    user, _ = _lifter_user(identity)
    return programs.rest_timer_cancel(user=user, chat_id=chat_id)


@dataclass(frozen=True)
class RemindersView:
    """The lifter's reminder settings."""

    weekdays: tuple[int, ...]
    at: time | None
    active: bool
    nudge: bool
    timezone: str


def _reminders(user: Any) -> RemindersView:
    schedule = programs.reminders_get(user=user)
    if schedule is None:
        return RemindersView((), None, False, False, user.timezone)
    return RemindersView(
        tuple(schedule.weekdays),
        schedule.at,
        schedule.active,
        schedule.nudge_missed_week,
        user.timezone,
    )


@_in_django
def reminders(identity: Identity) -> RemindersView:
    """The lifter's reminder settings."""
    user, _ = _lifter_user(identity)
    return _reminders(user)


@_in_django
def reminders_set(identity: Identity, *, weekdays: list[int], at: time) -> RemindersView:
    """Reminds on `weekdays` at `at`, local time (ProgramError in quiet hours)."""
    user, _ = _lifter_user(identity)
    programs.reminders_set(user=user, weekdays=weekdays, at=at)
    return _reminders(user)


@_in_django
def reminders_off(identity: Identity) -> RemindersView:
    """Stops the lifter's reminders."""
    user, _ = _lifter_user(identity)
    programs.reminders_off(user=user)
    return _reminders(user)


@_in_django
def nudge_set(identity: Identity, *, on: bool) -> RemindersView:
    """Opts in or out of the nudge after a missed week."""
    user, _ = _lifter_user(identity)
    programs.nudge_set(user=user, on=on)
    return _reminders(user)


@dataclass(frozen=True)
class StatsView:
    """The lifter's streak and program for /stats."""

    streak: programs.Streak
    view: TodayView


@_in_django
def stats(identity: Identity) -> StatsView:
    """The lifter's streak and where they are in their program."""
    user, _ = _lifter_user(identity)
    return StatsView(
        programs.streak_get(user=user), today_view(user, programs.today_get(user=user))
    )
