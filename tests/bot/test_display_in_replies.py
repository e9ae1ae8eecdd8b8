"""Every reply shows numbers by `display`'s rules and names, levels and periods in the lifter's
language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from backend.accounts.models import User
from backend.accounts.profile import profile_update
from backend.workouts import display
from backend.workouts.models import WorkoutSet
from tests.bot.conftest import ALICE_ID, MINSU_ID, BotHarness

ENGLISH_LEVELS = ("Beginner", "Novice", "Intermediate", "Advanced", "Elite")


def _profile(bot: BotHarness, user: dict[str, Any], telegram_id: int) -> User:
    bot.say("/timezone", user=user)  # shows the timezone, creating the lifter
    lifter = User.objects.get(telegram_id=telegram_id)
    profile_update(
        user=lifter,
        sex="male",
        birth_date=date(1995, 7, 1),
        bodyweight_kg=Decimal("75"),
    )
    return lifter


def test_it_names_the_level_in_korean(bot: BotHarness) -> None:
    # given a Korean lifter with a profile
    _profile(bot, bot.minsu, MINSU_ID)

    # when they log a squat
    (reply,) = bot.say("스쿼트 140 5", user=bot.minsu)

    # then the level is the Korean word, never the English one
    stored = WorkoutSet.objects.get()
    assert stored.level == "intermediate"
    assert "중급, 비슷한 사람 중 상위" in reply.text
    assert not any(word in reply.text for word in ENGLISH_LEVELS)
    assert "까지" in reply.text  # the next level, in Korean too: "상급까지 … kg"
    assert "상급까지" in reply.text


def test_it_names_the_level_in_english_with_one_decimal_percentile(bot: BotHarness) -> None:
    _profile(bot, bot.alice, ALICE_ID)

    (reply,) = bot.say("squat 140x5")

    stored = WorkoutSet.objects.get()
    percentile = display.format_percentile(stored.percentile)
    assert f"Intermediate, stronger than {percentile}% of lifters like you" in reply.text
    assert "e1RM 157.5 kg" in reply.text


def test_it_says_the_top_level_is_reached(bot: BotHarness) -> None:
    _profile(bot, bot.alice, ALICE_ID)

    (reply,) = bot.say("squat 300x3")

    assert WorkoutSet.objects.get().level == display.TOP_LEVEL
    assert "Elite, stronger than" in reply.text
    assert "top level reached" in reply.text


def test_it_shows_estimates_with_one_decimal_in_the_reply_pr_line_and_pr_list(
    bot: BotHarness,
) -> None:
    bot.say("bench 100x5")

    (reply,) = bot.say("bench 105x5")
    (records,) = bot.say("/pr")

    assert "e1RM 118.1 kg" in reply.text
    assert "🏆 New PR: e1RM 118.1 kg (was 112.5 kg)" in reply.text
    assert "<b>Bench Press</b>: e1RM 118.1 kg, heaviest 105 kg" in records.text


def test_it_rounds_the_calc_table_to_loadable_weights(bot: BotHarness) -> None:
    (reply,) = bot.say("/calc bench 100x5")

    assert reply.text.splitlines() == [
        "Bench Press 100 kg × 5: e1RM 112.5 kg",
        "by the Brzycki formula (no RPE: read as a set to failure)",
        "1 rep: 112.5 kg",
        "2 reps: 110 kg",
        "3 reps: 107.5 kg",
        "5 reps: 100 kg",
        "8 reps: 90 kg",
        "10 reps: 85 kg",
    ]


def test_it_rounds_the_calc_table_to_five_pounds(bot: BotHarness) -> None:
    (reply,) = bot.say("/calc squat 225lb 5")

    lines = reply.text.splitlines()
    assert lines[0] == "Squat 225 lb × 5: e1RM 253.1 lb"
    assert lines[2:4] == ["1 rep: 255 lb", "2 reps: 245 lb"]
    assert all(float(line.split(": ")[1].split()[0]) % 5 == 0 for line in lines[2:])


def test_it_answers_calc_in_korean(bot: BotHarness) -> None:
    (reply,) = bot.say("/calc 벤치 100x5", user=bot.minsu)

    assert reply.text.splitlines()[:4] == [
        "벤치프레스 100 kg × 5: 추정 1RM 112.5 kg",
        "Brzycki 공식 기준 (RPE 없음: 한계까지 한 세트로 계산)",
        "1회: 112.5 kg",
        "2회: 110 kg",
    ]


def test_it_captions_charts_in_korean(bot: BotHarness) -> None:
    bot.say("벤치 100 5", user=bot.minsu)

    calls = bot.say("/chart 벤치 6m", user=bot.minsu)

    assert calls[-1].params.get("caption") == "벤치프레스, 최근 6개월"


def test_it_captions_charts_in_english(bot: BotHarness) -> None:
    bot.say("bench 100x5")

    calls = bot.say("/chart bench 1m")

    assert calls[-1].params.get("caption") == "Bench Press, last 1 month"


def test_it_says_there_is_no_chart_in_korean(bot: BotHarness) -> None:
    (reply,) = bot.say("/chart 스쿼트 3m", user=bot.minsu)

    assert reply.text == "최근 3개월 동안 스쿼트 기록이 없어요."


def test_it_titles_the_history_of_an_exercise_in_korean(bot: BotHarness) -> None:
    bot.say("스쿼트 100 5", user=bot.minsu)

    (reply,) = bot.say("/history 스쿼트", user=bot.minsu)

    assert reply.text.startswith("최근 세트 (스쿼트):\n")
    assert "<b>스쿼트</b> 100 kg × 5 · 추정 1RM 112.5 kg" in reply.text


def test_it_ranks_a_group_in_korean(bot: BotHarness) -> None:
    _profile(bot, bot.minsu, MINSU_ID)
    bot.say("스쿼트 140 5", user=bot.minsu)
    group = -1000
    bot.say("/top join", user=bot.minsu, chat_id=group)

    (reply,) = bot.say("/top 스쿼트", user=bot.minsu, chat_id=group)

    percentile = display.format_percentile(WorkoutSet.objects.get().percentile)
    assert reply.text == (f"이 그룹의 스쿼트 순위 (백분위 기준):\n1. Minsu: {percentile}% (중급)")
