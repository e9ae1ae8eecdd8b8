"""Onboarding answers as lifters type them, through the real bot: each is stored, re-asked or
logged as a set, in English and Korean."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from backend.accounts.models import User
from backend.workouts.models import WorkoutSet
from bot.i18n import t
from tests.bot.conftest import ALICE_ID, MINSU_ID, BotHarness

THIS_YEAR = timezone.localdate().year
REASK = "re-ask"
LOGS = "logs a set"
PICK = "buttons"

BODYWEIGHT_CASES: list[tuple[str, str, object]] = [
    ("en", "about 80 kilos", Decimal("80.0")),
    ("en", "my weight is 79", Decimal("79.0")),
    ("en", "80kg", Decimal("80.0")),
    ("en", "176 lbs", Decimal("79.8")),
    ("en", "79,5", Decimal("79.5")),
    ("en", "82.5", Decimal("82.5")),
    ("en", "I weigh 82.5 kg", Decimal("82.5")),
    ("en", "around 90kg", Decimal("90.0")),
    ("en", "180lb", Decimal("81.6")),
    ("en", "80 KG", Decimal("80.0")),
    ("en", "bw 77", Decimal("77.0")),
    ("en", "roughly 65 kilograms", Decimal("65.0")),
    ("en", "hello", REASK),
    ("en", "800", REASK),
    ("en", "5 kg", REASK),
    ("en", "80-85", REASK),
    ("en", "about eighty", REASK),
    ("en", "asdf 12", REASK),
    ("en", "bench 100x5", LOGS),
    ("ko", "80 킬로", Decimal("80.0")),
    ("ko", "몸무게 80", Decimal("80.0")),
    ("ko", "약 80kg", Decimal("80.0")),
    ("ko", "몸무게는 80kg이에요", Decimal("80.0")),
    ("ko", "80킬로요", Decimal("80.0")),
    ("ko", "체중 72.5", Decimal("72.5")),
    ("ko", "75키로", Decimal("75.0")),
    ("ko", "80kg 정도", Decimal("80.0")),
    ("ko", "몰라요", REASK),
    ("ko", "스쿼트 100 5", LOGS),
]

BIRTH_YEAR_CASES: list[tuple[str, str, object]] = [
    ("en", "1994", 1994),
    ("en", "born in 1994", 1994),
    ("en", "94", 1994),
    ("en", "05", 2005 if THIS_YEAR - 10 >= 2005 else 1905),
    ("en", "30 years old", THIS_YEAR - 30),
    # a bare 34 may be an age or 1934 (92 years old): asked again, not guessed
    ("en", "34", REASK),
    ("ko", "34", REASK),
    ("en", "70", 1970),
    ("en", "I'm 30", THIS_YEAR - 30),
    ("en", "1850", REASK),
    ("en", str(THIS_YEAR), REASK),
    ("en", "abc", REASK),
    ("en", "next year", REASK),
    ("en", "squat 100x5", LOGS),
    ("ko", "1994년", 1994),
    ("ko", "94년생", 1994),
    ("ko", "30살", THIS_YEAR - 30),
    ("ko", "만 30세", THIS_YEAR - 30),
    ("ko", "1994년생이에요", 1994),
    ("ko", "몰라", REASK),
]

TIMEZONE_CASES: list[tuple[str, str, object]] = [
    ("en", "Seoul", "Asia/Seoul"),
    ("en", "seoul", "Asia/Seoul"),
    ("en", "asia/seoul", "Asia/Seoul"),
    ("en", "New York", "America/New_York"),
    ("en", "new_york", "America/New_York"),
    ("en", "london", "Europe/London"),
    ("en", "Europe/berlin", "Europe/Berlin"),
    ("en", "Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("en", "UTC", "UTC"),
    ("en", "  Tokyo ", "Asia/Tokyo"),
    ("en", "Narnia", REASK),
    ("en", "usa", PICK),
    ("en", "bench 100x5x3 @8", LOGS),
    ("en", "deadlift 140kg 3 reps 2 sets", LOGS),
    ("ko", "서울", "Asia/Seoul"),
    ("ko", "서울이요", "Asia/Seoul"),
    ("ko", "부산", "Asia/Seoul"),
    ("ko", "도쿄", "Asia/Tokyo"),
    ("ko", "Seoul", "Asia/Seoul"),
    ("ko", "미국", PICK),
    ("ko", "화성", REASK),
    ("ko", "스쿼트 100 5", LOGS),
]


def _user(bot: BotHarness, lang: str) -> tuple[dict[str, Any], int]:
    return (bot.minsu, MINSU_ID) if lang == "ko" else (bot.alice, ALICE_ID)


def _to_birth_year(bot: BotHarness, user: dict[str, Any]) -> None:
    _, question = bot.say("/start", user=user)
    bot.press(question, "sex:male", user=user)


def _to_bodyweight(bot: BotHarness, user: dict[str, Any]) -> None:
    _to_birth_year(bot, user)
    bot.say("1990", user=user)


def _to_timezone(bot: BotHarness, user: dict[str, Any]) -> None:
    _to_bodyweight(bot, user)
    (units,) = bot.say("80", user=user)
    bot.press(units, "units:kg", user=user)


@pytest.mark.parametrize(("lang", "text", "expected"), BODYWEIGHT_CASES)
def test_it_reads_the_bodyweight_answer(
    bot: BotHarness, lang: str, text: str, expected: object
) -> None:
    # given a lifter at the bodyweight question
    user, telegram_id = _user(bot, lang)
    _to_bodyweight(bot, user)

    # when they answer
    (reply,) = bot.say(text, user=user)

    # then the bodyweight is stored, the question asked again, or the set logged
    stored = User.objects.get(telegram_id=telegram_id)
    if expected == REASK:
        assert (reply.text, stored.bodyweight_kg) == (t(lang, "bad_bodyweight"), None)
    elif expected == LOGS:
        assert (WorkoutSet.objects.count(), stored.bodyweight_kg) == (1, None)
    else:
        assert (reply.text, stored.bodyweight_kg) == (t(lang, "ask_units"), expected)


@pytest.mark.parametrize(("lang", "text", "expected"), BIRTH_YEAR_CASES)
def test_it_reads_the_birth_year_answer(
    bot: BotHarness, lang: str, text: str, expected: object
) -> None:
    user, telegram_id = _user(bot, lang)
    _to_birth_year(bot, user)

    (reply,) = bot.say(text, user=user)

    stored = User.objects.get(telegram_id=telegram_id).birth_date
    if expected == REASK:
        bad = t(lang, "bad_birth_year", low=1900, high=THIS_YEAR - 10)
        assert (reply.text, stored) == (bad, None)
    elif expected == LOGS:
        assert (WorkoutSet.objects.count(), stored) == (1, None)
    else:
        assert stored is not None
        assert (reply.text, stored.year) == (t(lang, "ask_bodyweight"), expected)


@pytest.mark.parametrize(("lang", "text", "expected"), TIMEZONE_CASES)
def test_it_reads_the_timezone_answer(
    bot: BotHarness, lang: str, text: str, expected: object
) -> None:
    user, telegram_id = _user(bot, lang)
    _to_timezone(bot, user)

    (reply,) = bot.say(text, user=user)

    stored = User.objects.get(telegram_id=telegram_id).timezone
    if expected == REASK:
        assert (reply.text, stored) == (t(lang, "bad_timezone"), "UTC")
    elif expected == LOGS:
        assert WorkoutSet.objects.count() > 0 and stored == "UTC"
    elif expected == PICK:
        assert reply.text == t(lang, "timezone_pick")
        assert len(reply.buttons()) > 1 and stored == "UTC"
    else:
        assert reply.text.startswith(t(lang, "profile_saved", summary="").split(":")[0])
        assert stored == expected


def test_it_saves_the_zone_picked_among_several(bot: BotHarness) -> None:
    _to_timezone(bot, bot.minsu)
    (question,) = bot.say("미국", user=bot.minsu)

    bot.press(question, "tz:America/Chicago", user=bot.minsu)

    assert User.objects.get(telegram_id=MINSU_ID).timezone == "America/Chicago"
    assert [label for label, _ in question.buttons()] == [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Los_Angeles",
    ]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/timezone new york", "Timezone: America/New_York."),
        ("/timezone seoul", "Timezone: Asia/Seoul."),
        ("/bw about 80 kilos", "Bodyweight saved: 80 kg."),
        ("/bw 176 lbs", "Bodyweight saved: 79.8 kg."),
    ],
)
def test_it_reads_free_answers_in_profile_commands(
    bot: BotHarness, command: str, expected: str
) -> None:
    (reply,) = bot.say(command)

    assert reply.text == expected


def test_it_offers_the_zones_of_an_ambiguous_place_in_the_timezone_command(
    bot: BotHarness,
) -> None:
    (reply,) = bot.say("/timezone canada")

    assert reply.text == (
        "Several timezones match: <code>/timezone America/Toronto</code>, "
        "<code>/timezone America/Vancouver</code>."
    )
