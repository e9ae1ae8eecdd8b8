"""Coaching commands: /plates, /warmup (and its button under a logged set), /scores, /report,
/calories. /calc with RPE lives with /calc in `entries`."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from telegram import Update
from telegram.ext import ContextTypes

from backend.workouts import display
from backend.workouts.calories import ACTIVITY_FACTORS, HEIGHT_RANGE_CM
from bot import coach_replies, gateway, replies
from bot.handlers.common import answer, exercise_label, identity_of, language
from bot.i18n import t
from bot.lift_parser import MAX_WEIGHT_KG

WEIGHT = re.compile(r"^\s*(\d{1,4}(?:[.,]\d{1,3})?)\s*(kg|kgs|lb|lbs|키로)?\s*$", re.IGNORECASE)
PLATES_EXAMPLE = "/plates have 25 20 15 10 5 2.5 1.25"
DEFAULT_ACTIVITY = "moderate"
# what lifters write for each activity level (ACTIVITY_FACTORS), in English and Korean
ACTIVITY_WORDS: dict[str, str] = {
    **{name: name for name in ACTIVITY_FACTORS},
    "lightly_active": "light",
    "moderately_active": "moderate",
    "extra_active": "very_active",
    "좌식": "sedentary",
    "거의안움직임": "sedentary",
    "가벼움": "light",
    "가벼운": "light",
    "보통": "moderate",
    "중간": "moderate",
    "많음": "active",
    "많은": "active",
    "활동적": "active",
    "매우많음": "very_active",
    "매우많은": "very_active",
    "매우": "very_active",
}
# the Korean words the Korean hint names, one per level
KOREAN_ACTIVITY_CHOICES = ("좌식", "가벼움", "보통", "많음", "매우많음")


def activity_of(words: list[str]) -> tuple[str | None, list[str]]:
    """The activity level named in a command's words (two may make one: `very active`,
    `매우 많음`), and the words left."""
    lowered = [word.lower().replace("-", "_") for word in words]
    for index in range(len(lowered)):
        for size in (2, 1):
            joined = ("_" if lowered[index].isascii() else "").join(lowered[index : index + size])
            if size <= len(lowered) - index and joined in ACTIVITY_WORDS:
                rest = words[:index] + words[index + size :]
                return ACTIVITY_WORDS[joined], rest
    return None, words


def read_weight(text: str, default_unit: str) -> tuple[Decimal, str] | None:
    """`142.5`, `315lb`, `100 kg` → (weight, unit); None when it is not one weight in range."""
    found = WEIGHT.match(text)
    if found is None:
        return None
    try:
        value = Decimal(found.group(1).replace(",", "."))
    except InvalidOperation:
        return None
    unit_text = (found.group(2) or default_unit).lower()
    unit = "lb" if unit_text.startswith("lb") else "kg"
    if display.to_kg(value, unit) > MAX_WEIGHT_KG:
        return None
    return value, unit


def _numbers(words: list[str]) -> list[Decimal] | None:
    try:
        values = [Decimal(w.replace(",", ".")) for w in words]
    except InvalidOperation:
        return None
    if not values or any(not v.is_finite() or v < 0 or v > MAX_WEIGHT_KG for v in values):
        return None
    return values


async def plates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Shows the plates per side for a weight, or shows or changes the lifter's bar setup."""
    lang = language(update)
    identity = identity_of(update)
    args = [a.lower() for a in context.args or []]
    if not args:
        await answer(update, coach_replies.plate_setup(lang, await gateway.plate_setup(identity)))
        return
    if args[0] in ("bar", "have", "collar", "collars", "kg", "lb", "reset"):
        await _change_setup(update, args)
        return
    lifter = await gateway.lifter_get(identity)
    read = read_weight(" ".join(args), lifter.units)
    if read is None:
        await answer(update, replies.usage(lang, "/plates <weight>", "/plates 142.5"))
        return
    try:
        found = await gateway.plates_answer(identity, weight=read[0], unit=read[1])
    except ValueError:  # a target too heavy for plates this fine
        await answer(update, t(lang, "plates_too_fine", example=PLATES_EXAMPLE))
        return
    await answer(update, coach_replies.plates_answer(lang, found))


async def _change_setup(update: Update, args: list[str]) -> None:
    lang = language(update)
    identity = identity_of(update)
    command, values = args[0], _numbers(args[1:]) if len(args) > 1 else None
    try:
        if command == "reset":
            setup = await gateway.plate_setup_change(identity, reset=True)
        elif command in ("kg", "lb"):
            setup = await gateway.plate_setup_change(identity, unit=command)
        elif values is None or (command != "have" and len(values) != 1):
            raise ValueError(command)
        elif command == "bar":
            setup = await gateway.plate_setup_change(identity, bar=values[0])
        elif command == "have":
            setup = await gateway.plate_setup_change(identity, plate_weights=values)
        else:
            setup = await gateway.plate_setup_change(identity, collar=values[0])
    except ValueError:
        await answer(update, t(lang, "plates_bad", example=PLATES_EXAMPLE))
        return
    await answer(update, coach_replies.plate_setup(lang, setup))


async def warmup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the warm-up ramp to a work weight on an exercise: `/warmup squat 160`."""
    lang = language(update)
    identity = identity_of(update)
    args = context.args or []
    usage = replies.usage(lang, "/warmup <exercise> <weight>", "/warmup squat 160")
    lifter = await gateway.lifter_get(identity)
    # the weight is the last word (or the last two: `160 kg`)
    for cut in (1, 2):
        if len(args) > cut and (read := read_weight(" ".join(args[-cut:]), lifter.units)):
            exercise = await gateway.exercise_find(" ".join(args[:-cut]))
            if exercise is not None:
                try:
                    plan = await gateway.warmup_plan(
                        identity, slug=exercise.slug, weight=read[0], unit=read[1]
                    )
                except ValueError:  # a work set too heavy for plates this fine
                    await answer(update, t(lang, "plates_too_fine", example=PLATES_EXAMPLE))
                    return
                label = await exercise_label(lang, exercise)
                await answer(update, coach_replies.warmup(lang, plan, label))
                return
    await answer(update, usage)


async def answer_warmup(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the warm-up button under a logged set with the ramp to that set."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    await query.answer()
    lang = language(update)
    plan = await gateway.warmup_for_set(identity_of(update), set_id=int(query.data.split(":")[1]))
    if plan is None:
        await answer(update, t(lang, "expired"))
        return
    label = replies.exercise_name(lang, plan.exercise, plan.exercise_ko)
    await answer(update, coach_replies.warmup(lang, plan, label))


async def scores(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the lifter's DOTS, Wilks 2020 and IPF GL and where the DOTS falls."""
    identity = identity_of(update)
    lifter = await gateway.lifter_get(identity)
    found = await gateway.scores_get(identity)
    await answer(update, coach_replies.scores_answer(language(update), found, lifter.units))


async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers the weak-point report, with its chart when a lift is ranked."""
    lang = language(update)
    identity = identity_of(update)
    lifter = await gateway.lifter_get(identity)
    found, png, wait = await gateway.report_get(identity)
    text = coach_replies.report_answer(lang, found, lifter.units)
    message = update.effective_message
    if png is not None and message is not None:
        await message.reply_photo(png, caption=t(lang, "report_caption"), filename="report.png")
    await answer(update, text)
    if wait is not None:  # the text is answered; only the chart waits for the lifter's budget
        await answer(update, t(lang, "chart_slow_down", seconds=wait))


async def calories(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers BMR and TDEE by activity next to the training kcal: `/calories moderate 180`."""
    lang = language(update)
    named, rest = activity_of(list(context.args or []))
    activity, height = named or DEFAULT_ACTIVITY, None
    choices = KOREAN_ACTIVITY_CHOICES if lang == "ko" else tuple(ACTIVITY_FACTORS)
    for word in rest:
        number = _numbers([word.lower().removesuffix("cm")])
        if number is None or not HEIGHT_RANGE_CM[0] <= number[0] <= HEIGHT_RANGE_CM[1]:
            await answer(update, t(lang, "bad_activity", choices=", ".join(choices)))
            return
        height = number[0].quantize(Decimal("0.1"))
    try:
        found = await gateway.calories_get(identity_of(update), activity=activity, height_cm=height)
    except ValueError as error:
        fields = str(error).removeprefix("missing: ").split(", ")
        await answer(update, coach_replies.calories_missing(lang, fields))
        return
    await answer(update, coach_replies.calories_answer(lang, found))
