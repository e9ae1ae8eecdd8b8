from __future__ import annotations

from backend.accounts.models import User
from backend.accounts.telegram import telegram_link_token_create
from backend.workouts.models import WorkoutSet
from tests.bot.conftest import ALICE_ID, MINSU_ID, BotHarness


def test_it_onboards_korean_lifters_in_korean(bot: BotHarness) -> None:
    welcome, question = bot.say("/start", user=bot.minsu)

    assert welcome.text.startswith("SBD Animal에 오신 걸 환영해요!")
    assert question.buttons()[:2] == [("남성", "sex:male"), ("여성", "sex:female")]


def test_it_explains_bad_input_in_korean(bot: BotHarness) -> None:
    (reply,) = bot.say("스쿼트 100", user=bot.minsu)
    (no_exercise,) = bot.say("100x5", user=bot.minsu)
    (chart,) = bot.say("/chart", user=bot.minsu)

    # the example repeats the name as typed; the others and the placeholders are Korean too
    assert reply.text == "몇 회 했나요? 예: <code>스쿼트 100x5</code>"
    assert no_exercise.text == "운동 이름도 써 주세요. 예: <code>벤치 100x5</code>"
    assert "<code>/chart &lt;운동&gt; [1m|3m|6m]</code>" in chart.text
    assert "<code>/chart 벤치 3m</code>" in chart.text


def test_every_korean_example_is_read_back(bot: BotHarness) -> None:
    """What a Korean hint shows can be sent as it stands: each example word is a name the bot
    knows."""
    from bot import gateway
    from bot.i18n import EXAMPLE_WORDS

    for english, korean in EXAMPLE_WORDS["ko"].items():
        if english.isalpha() and english != "yesterday":
            assert gateway.exercise_find.func(korean) == gateway.exercise_find.func(english)


def test_it_shows_korean_help(bot: BotHarness) -> None:
    (reply,) = bot.say("/help", user=bot.minsu)

    assert "<b>세트 기록</b>" in reply.text


def test_it_shows_korean_exercise_names_and_levels(bot: BotHarness) -> None:
    _, question = bot.say("/start", user=bot.minsu)
    bot.press(question, "sex:male", user=bot.minsu)
    bot.say("1995", user=bot.minsu)
    bot.say("75", user=bot.minsu)
    bot.say("/cancel", user=bot.minsu)

    (reply,) = bot.say("스쿼트 140 5", user=bot.minsu)

    assert reply.text.startswith("<b>스쿼트</b> 140 kg × 5")
    assert "상위" in reply.text
    assert User.objects.get(telegram_id=MINSU_ID).sex == "male"


def test_it_links_the_web_account_from_a_deep_link_and_keeps_the_sets(
    bot: BotHarness, alice: User
) -> None:
    # given a lifter who logged in the bot before linking
    bot.say("bench 100x5")
    token = telegram_link_token_create(user=alice)

    # when they open the deep link from their web profile
    (reply,) = bot.say(f"/start {token}")

    # then the web account owns the Telegram id and the sets
    alice.refresh_from_db()
    assert reply.text == "Your Telegram is now linked to alice@example.com."
    assert alice.telegram_id == ALICE_ID
    assert list(WorkoutSet.objects.values_list("user_id", flat=True)) == [alice.pk]


def test_it_refuses_a_deep_link_used_twice(bot: BotHarness, alice: User) -> None:
    token = telegram_link_token_create(user=alice)
    bot.say(f"/start {token}")

    (reply,) = bot.say(f"/start {token}", user=bot.bob)

    assert reply.text.startswith("That link is invalid or expired")
