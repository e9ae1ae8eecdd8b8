"""The /chart caption names the exercise and the period in the lifter's language."""

from __future__ import annotations

from backend.workouts import display
from backend.workouts.models import Exercise
from tests.bot.conftest import BotHarness


def test_it_captions_a_korean_lifters_chart_in_korean(bot: BotHarness) -> None:
    bot.say("스쿼트 100 5", user=bot.minsu)
    squat_ko = Exercise.objects.get(slug="squat").name_ko

    (photo,) = bot.say("/chart squat 6m", user=bot.minsu)

    assert photo.method == "sendPhoto"
    assert photo.text == f"{squat_ko}, 최근 {display.period_label('6m', 'ko')}"
    assert "Squat" not in photo.text


def test_it_says_in_korean_when_there_is_nothing_to_chart(bot: BotHarness) -> None:
    (reply,) = bot.say("/chart bench 1m", user=bot.minsu)

    bench_ko = Exercise.objects.get(slug="bench-press").name_ko
    assert reply.text == f"최근 1개월 동안 {bench_ko} 기록이 없어요."


def test_it_captions_an_english_lifters_chart_in_words(bot: BotHarness) -> None:
    bot.say("squat 100x5")

    (photo,) = bot.say("/chart squat 6m")

    assert photo.text == "Squat, last 6 months"
