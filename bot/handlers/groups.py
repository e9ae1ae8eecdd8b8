"""Group chats: `/top <exercise>` ranks the members who opted in by percentile."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from backend.workouts import display
from bot import gateway, replies
from bot.handlers.common import answer, exercise_label, identity_of, is_group, language
from bot.i18n import t

MEMBERS = "top_members"


async def top(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ranks opted-in members on an exercise; `/top join` and `/top leave` opt in and out."""
    lang = language(update)
    if not is_group(update) or context.chat_data is None:
        await answer(update, t(lang, "group_only"))
        return
    members: set[int] = context.chat_data.setdefault(MEMBERS, set())
    args = [a.lower() for a in context.args or []]
    me = identity_of(update)
    if args == ["join"]:
        await gateway.lifter_get(me)
        members.add(me.telegram_id)
        await answer(update, t(lang, "top_joined"))
        return
    if args == ["leave"]:
        members.discard(me.telegram_id)
        await answer(update, t(lang, "top_left"))
        return
    exercise = await gateway.exercise_find(" ".join(args), me) if args else None
    if exercise is None:
        await answer(update, replies.usage(lang, "/top <exercise> | join | leave", "/top squat"))
        return
    rows = await gateway.leaderboard(telegram_ids=sorted(members), slug=exercise.slug, identity=me)
    name = await exercise_label(lang, exercise)
    if not rows:
        await answer(update, t(lang, "top_none", exercise=name))
        return
    if rows[0]["percentile"] is None:  # an own exercise: no standards, ranked by e1RM
        lifter = await gateway.lifter_get(me)
        lines = [t(lang, "top_e1rm_title", exercise=name)]
        for rank, row in enumerate(rows[:20], start=1):
            e1rm = display.format_estimate(row["e1rm_kg"], lifter.units)
            lines.append(t(lang, "top_e1rm_line", rank=rank, name=escape(row["name"]), e1rm=e1rm))
        await answer(update, "\n".join(lines))
        return
    lines = [t(lang, "top_title", exercise=name)]
    for rank, row in enumerate(rows[:20], start=1):
        lines.append(
            t(
                lang,
                "top_line",
                rank=rank,
                name=escape(row["name"]),
                percentile=display.format_percentile(row["percentile"]),
                level=display.level_label(row["level"], lang),
            )
        )
    await answer(update, "\n".join(lines))
