"""Reply formatting for programs, rest timers, reminders and streaks (sync: the Celery tasks
that tick timers and send reminders use it too)."""

from __future__ import annotations

from backend.programs import rules
from backend.programs import services as programs
from backend.workouts import display, plates
from bot.i18n import Language, t
from bot.program_gateway import ProgressView, RemindersView, StatsView, TodayView


def program_name(slug: str) -> str:
    """A program's published name."""
    return rules.NAMES.get(slug, slug)


def load(view: TodayView, weight_kg: object) -> str:
    """A prescribed weight in the lifter's unit, as loaded (no spurious decimals)."""
    return display.format_load(weight_kg, view.unit)  # type: ignore[arg-type]


def set_line(language: Language, view: TodayView, item: programs.TodaySet) -> str:
    """`☐ Squat 100 kg × 5+ — per side 25 + 15`; ticked once done."""
    if item.plates_per_side:
        plates_text = t(language, "today_plates", plates=plates.per_side_text(item.plates_per_side))
    elif item.barbell:
        plates_text = t(language, "today_empty_bar")
    else:
        plates_text = ""
    done = item.done
    return t(
        language,
        "today_set",
        mark="✅" if done is not None else "▫️",
        exercise=view.names.of(item.lift, language),
        load=load(view, item.weight_kg),
        reps=done[1] if done is not None else item.reps,
        plus="+" if item.amrap and done is None else "",
        plates=plates_text,
    )


def today_text(language: Language, view: TodayView, *, hint: bool = True) -> str:
    """The session: a title, then each set (grouped under their part), then how to log."""
    today = view.today
    if today is None:
        return t(language, "program_none")
    lines = [
        t(language, "today_title", program=program_name(today.program), label=label(language, view))
    ]
    part = "main"
    for item in today.sets:
        if item.part != part and item.part not in ("main",):
            lines.append(f"<i>{t(language, 'part_' + item.part)}</i>")
        part = item.part
        lines.append(set_line(language, view, item))
    if hint:
        lines.append(t(language, "today_hint"))
    return "\n".join(lines)


def label(language: Language, view: TodayView) -> str:
    """Where the session sits: `Week 1 · Squat`, `Workout A`, `Day 3`."""
    today = view.today
    if today is None:
        return ""
    if today.week is not None:
        lift = view.names.of(today.sets[0].lift, language) if today.sets else ""
        where = t(language, "program_where_week", cycle=today.cycle or 1, week=today.week)
        return f"{where} · {lift}"
    return t(language, "program_where_day", label=today.label)


def next_set(language: Language, view: TodayView) -> str | None:
    """The next set to do, one line, or None when the session is done or there is none."""
    if view.today is None or view.today.next_set is None:
        return None
    line = set_line(language, view, view.today.next_set)
    return line.removeprefix("▫️ ")


def status(language: Language, view: TodayView) -> str:
    """Where the lifter is in their program (`/program` without arguments)."""
    today = view.today
    if today is None:
        return t(language, "program_none")
    return t(
        language,
        "program_status",
        program=program_name(today.program),
        where=label(language, view),
        done=today.sessions_done,
        maxes=maxes_text(language, view),
    )


def maxes_text(language: Language, view: TodayView) -> str:
    """`Training maxes: Squat 126 kg, …` for a program that has them (5/3/1), else ""."""
    maxes = view.today.state.get("training_max") if view.today is not None else None
    if not maxes:
        return ""
    listed = ", ".join(
        f"{view.names.of(slug, language)} {load(view, kg)}" for slug, kg in maxes.items()
    )
    return t(language, "program_maxes", maxes=listed)


def changes_text(language: Language, progress: ProgressView) -> str:
    """One line per lift the completed session moved."""
    view = progress.view
    lines = []
    for change in progress.changes:
        lines.append(
            "• "
            + t(
                language,
                f"advance_{change.kind}",
                exercise=view.names.of(change.lift, language),
                load=load(view, change.after_kg),
                stage=change.stage,
            )
        )
    return "\n".join(lines)


def progress_text(language: Language, progress: ProgressView) -> str:
    """After logging: the session's progress and next set, or what changes next time."""
    view = progress.view
    if progress.completed:
        changes = changes_text(language, progress)
        if progress.cycle_done:
            return t(language, "cycle_complete", changes=changes)
        listed = t(language, "session_changes", changes=changes) if changes else ""
        return t(language, "session_complete", changes=listed)
    today = view.today
    assert today is not None
    return t(
        language,
        "session_progress",
        done=today.done_count,
        total=len(today.sets),
        next=next_set(language, view) or "",
    )


def clock(seconds: int) -> str:
    """A countdown as m:ss."""
    minutes, rest = divmod(max(seconds, 0), 60)
    return f"{minutes}:{rest:02d}"


def weekdays(language: Language, days: tuple[int, ...] | list[int]) -> str:
    """Weekdays (0 = Monday) as `Mon, Wed, Fri`."""
    names = t(language, "weekdays").split()
    return ", ".join(names[d] for d in days)


def reminders_text(language: Language, view: RemindersView) -> str:
    """The lifter's reminder settings."""
    if not view.active or view.at is None or not view.weekdays:
        return t(language, "remind_none")
    return t(
        language,
        "remind_status",
        days=weekdays(language, view.weekdays),
        time=view.at.strftime("%H:%M"),
        timezone=view.timezone,
        nudge=t(language, "on" if view.nudge else "off"),
    )


def stats_text(language: Language, stats: StatsView) -> str:
    """/stats: the streak, this week and the program."""
    streak = stats.streak
    lines = [t(language, "stats_title")]
    if streak.weeks:
        lines.append(t(language, "stats_streak", weeks=streak.weeks, planned=streak.planned))
    else:
        lines.append(t(language, "stats_no_streak", planned=streak.planned))
    lines.append(t(language, "stats_week", done=streak.this_week, planned=streak.planned))
    if stats.view.today is not None:
        lines.append(t(language, "stats_program", status=status(language, stats.view)))
    return "\n".join(lines)
