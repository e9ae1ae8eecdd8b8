"""The chat corpus (`corpus/lift_messages.tsv`) against the running bot and its database, and a
property test: no message stores a set the plausibility rules doubt without a confirmation.

One bot and one database for the whole corpus: between rows only the lifters' sets are deleted.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.accounts.models import User
from backend.accounts.telegram import telegram_user_get_or_create
from backend.workouts import plausibility
from backend.workouts import services as workouts
from backend.workouts.models import Exercise, WorkoutSet
from bot.i18n import t
from tests.bot.conftest import ALICE_ID, BOB_ID, MINSU_ID, BotHarness

CORPUS = Path(__file__).parent / "corpus" / "lift_messages.tsv"
LIFTERS = {
    "alice": (ALICE_ID, "en", "kg"),
    "bob": (BOB_ID, "en", "lb"),
    "minsu": (MINSU_ID, "ko", "kg"),
}
Stored = tuple[str, Decimal, int, int]


@dataclass(frozen=True)
class Row:
    line: int
    who: str
    history: str
    message: str
    expected: str
    press: str = ""
    after: str = ""


def corpus_rows() -> list[Row]:
    rows = []
    for number, line in enumerate(CORPUS.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            rows.append(Row(number, *line.split("\t")))
    return rows


def lifters_with_profiles() -> dict[str, User]:
    users = {}
    for name, (telegram_id, language, units) in LIFTERS.items():
        user, _ = telegram_user_get_or_create(
            telegram_id=telegram_id, first_name=name.title(), language_code=language
        )
        user.sex, user.birth_date, user.bodyweight_kg = "male", date(1994, 7, 1), Decimal(80)
        user.units = units
        user.save()
        users[name] = user
    return users


def telegram_user(bot: BotHarness, who: str) -> dict[str, Any]:
    return {
        "alice": bot.alice,
        "bob": bot.telegram.user(BOB_ID, first_name="Bob"),
        "minsu": bot.minsu,
    }[who]


def give_history(user: User, history: str) -> None:
    if history == "-":
        return
    items = []
    for part in history.split(";"):
        slug, numbers = part.split()
        weight, reps = numbers.rsplit("x", 1)
        items.append(
            workouts.SetInput(
                exercise=Exercise.objects.get(slug=slug),
                weight_kg=Decimal(weight),
                reps=int(reps),
                performed_at=timezone.now() - timedelta(days=7),
            )
        )
    workouts.log_sets(user=user, sets=items)


def new_sets(user: User, after_id: int) -> list[WorkoutSet]:
    return list(
        WorkoutSet.objects.filter(user=user, id__gt=after_id)
        .select_related("exercise")
        .order_by("id")
    )


def grouped(sets: list[WorkoutSet]) -> list[Stored]:
    result: list[Stored] = []
    for ws in sets:
        key = (ws.exercise.slug, ws.weight_kg.normalize(), ws.reps)
        if result and result[-1][:3] == key:
            result[-1] = (*key, result[-1][3] + 1)
        else:
            result.append((*key, 1))
    return result


def expected_sets(spec: str) -> list[Stored]:
    if spec == "nothing":
        return []
    result: list[Stored] = []
    for part in spec.split(";"):
        slug, weight, reps, count = part.split()
        result.append((slug, Decimal(weight).normalize(), int(reps), int(count)))
    return result


def expected_day(spec: str, user: User) -> date | None:
    if "@" not in spec:
        return None
    when = spec.split("@", 1)[1].split(":", 1)[0].strip()
    today = timezone.now().astimezone(zoneinfo.ZoneInfo(user.timezone or "UTC")).date()
    return today + timedelta(days=int(when)) if when.startswith("-") else date.fromisoformat(when)


def check_row(bot: BotHarness, users: dict[str, User], row: Row) -> list[str]:
    """What the bot did wrong with one corpus row (empty when it did what the row says)."""
    user = users[row.who]
    lang = LIFTERS[row.who][1]
    WorkoutSet.objects.filter(user__in=users.values()).delete()
    give_history(user, row.history)
    mark = WorkoutSet.objects.order_by("-id").values_list("id", flat=True).first() or 0
    calls = bot.say(row.message, user=telegram_user(bot, row.who))
    stored = new_sets(user, mark)
    problems: list[str] = []
    if len(calls) != 1:
        return [f"{len(calls)} replies: {bot.text(calls)!r}"]
    reply = calls[0]
    kind, _, spec = row.expected.partition(":")
    kind, spec = kind.strip(), spec.strip()
    if kind.startswith("store"):
        if grouped(stored) != expected_sets(spec):
            problems.append(f"stored {grouped(stored)} (reply {reply.text!r})")
        day = expected_day(kind, user)
        zone = zoneinfo.ZoneInfo(user.timezone or "UTC")
        if day is not None and {ws.performed_at.astimezone(zone).date() for ws in stored} != {day}:
            problems.append(f"performed on {[ws.performed_at for ws in stored]}, not {day}")
        if reply.buttons() and any(d.startswith("outlier:") for _, d in reply.buttons()):
            problems.append(f"asked {reply.text!r}")
    elif kind in ("asks", "choose"):
        labels = [label for label, _ in reply.buttons()]
        readings = [] if spec == "-" else [s.strip() for s in spec.split(" / ")]
        # "Yes, as typed" belongs to the plausibility question, not to "New exercise …?"
        doubted = any(data.startswith("outlier:") for _, data in reply.buttons())
        keep = [t(lang, "keep_as_typed")] if kind == "asks" and doubted else []
        expected_labels = [*readings, *keep, t(lang, "cancel")]
        if stored:
            problems.append(f"stored {grouped(stored)} before asking")
        if labels != expected_labels:
            problems.append(f"buttons {labels} (reply {reply.text!r})")
        elif row.press:
            bot.press(reply, row.press, user=telegram_user(bot, row.who))
            after = grouped(new_sets(user, mark))
            if after != expected_sets(row.after):
                problems.append(f"after {row.press!r} stored {after}")
    elif kind == "refused":
        if stored:
            problems.append(f"stored {grouped(stored)}")
        if reply.buttons() or "<code>" not in reply.text:
            problems.append(f"no usage hint: {reply.text!r}")
    else:
        problems.append(f"unknown expectation {row.expected!r}")
    return problems


def test_the_corpus_is_large_and_covers_every_kind() -> None:
    rows = corpus_rows()
    kinds = {row.expected.split(":")[0].split("@")[0].strip() for row in rows}
    assert len(rows) >= 150
    assert kinds == {"store", "asks", "choose", "refused"}
    assert {row.who for row in rows} == set(LIFTERS)


def test_the_bot_does_what_the_corpus_says(bot: BotHarness) -> None:
    # given three lifters with complete profiles
    users = lifters_with_profiles()

    # when each message is sent (after its history), then the bot stores, asks or refuses
    failures = {
        f"{row.line}: {row.message}": problems
        for row in corpus_rows()
        if (problems := check_row(bot, users, row))
    }

    assert failures == {}, "\n".join(f"{k}: {v}" for k, v in failures.items())


# --- property: nothing implausible is stored without a confirmation ---------------------------

NAMES = ["bench", "squat", "deadlift", "ohp", "pullups", "dips", "leg curl", "스쿼트", "풀업"]
PIECES = st.one_of(
    st.integers(min_value=0, max_value=1200).map(str),
    st.sampled_from(["0.5", "2.5", "37,5", "+20", "-15", "+250", "1050", "5.5"]),
    st.sampled_from(["kg", "lb", "lbs", "키로", "x", "×", "@", "@8", "rpe 7"]),
    st.sampled_from(["sets", "reps", "of", "at", "for", "회", "개", "세트", "bw", "yesterday"]),
)
HISTORY = "bench-press 100x5;squat 140x5;deadlift 180x3;pull-ups 0x10"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=st.sampled_from(NAMES), pieces=st.lists(PIECES, min_size=1, max_size=6))
def test_no_message_stores_an_implausible_set_without_a_confirmation(
    bot: BotHarness, name: str, pieces: list[str]
) -> None:
    # given Alice with a profile and a history
    user = lifters_with_profiles()["alice"]
    WorkoutSet.objects.filter(user=user).delete()
    give_history(user, HISTORY)
    bests = workouts.exercise_best_e1rms(user=user)
    mark = WorkoutSet.objects.order_by("-id").values_list("id", flat=True).first() or 0

    # when she sends a message built from the grammar's pieces
    calls = bot.say(" ".join([name, *pieces]))

    # then whatever was stored is believed by the rules, and a question stored nothing
    stored = new_sets(user, mark)
    asked = any(d.startswith("outlier:") for call in calls for _, d in call.buttons())
    assert not (asked and stored)
    for ws in stored:
        context = plausibility.Context(
            exercise_slug=ws.exercise.slug,
            load_type=ws.exercise.load_type,
            bodyweight_kg=user.bodyweight_kg,
            best_e1rm_kg=bests.get(ws.exercise_id),
        )
        assert plausibility.set_reason(plausibility.Lift(ws.weight_kg, ws.reps), context) is None
