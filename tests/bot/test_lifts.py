from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from backend.accounts.models import User
from backend.workouts.models import WorkoutSet
from tests.bot.conftest import ALICE_ID, MINSU_ID, BotHarness


def alice_sets() -> list[tuple[str, Decimal, int, Decimal | None]]:
    return list(
        WorkoutSet.objects.filter(user__telegram_id=ALICE_ID)
        .order_by("id")
        .values_list("exercise__slug", "weight_kg", "reps", "rpe")
    )


def test_it_logs_a_set_sent_without_a_command(bot: BotHarness) -> None:
    (reply,) = bot.say("bench 100x5")

    assert alice_sets() == [("bench-press", Decimal("100.00"), 5, None)]
    assert "Bench Press</b> 100 kg × 5" in reply.text
    assert "e1RM 112.5 kg" in reply.text
    assert "kcal" in reply.text
    stored = WorkoutSet.objects.get()
    assert stored.source == "bot"
    assert stored.idempotency_key is not None and stored.idempotency_key.startswith("tg:")


def test_it_logs_sets_reps_and_rpe(bot: BotHarness) -> None:
    (reply,) = bot.say("bench 100x5x3 @8")

    assert alice_sets() == [("bench-press", Decimal("100.00"), 5, Decimal("8.0"))] * 3
    assert "× 5 ×3 @8" in reply.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("squat 225lb 5", [("squat", Decimal("102.06"), 5, None)]),
        ("deadlift 180kg 1", [("deadlift", Decimal("180.00"), 1, None)]),
        (
            "ohp 60 5 5 4",
            [("shoulder-press", Decimal("60.00"), r, None) for r in (5, 5, 4)],
        ),
        ("dips +20x8", [("dips", Decimal("20.00"), 8, None)]),
        ("pullups -15x6", [("pull-ups", Decimal("-15.00"), 6, None)]),
        ("스쿼트 100 5", [("squat", Decimal("100.00"), 5, None)]),
        ("bench 37,5x5", [("bench-press", Decimal("37.50"), 5, None)]),
    ],
)
def test_it_logs_every_grammar_form(bot: BotHarness, text: str, expected: list) -> None:
    bot.say(text)

    assert alice_sets() == expected


def test_it_answers_in_the_unit_typed(bot: BotHarness) -> None:
    (reply,) = bot.say("squat 225lb 5")

    assert "225 lb × 5" in reply.text


def test_it_logs_yesterday_in_the_lifters_timezone(bot: BotHarness) -> None:
    (reply,) = bot.say("yesterday squat 100x5")

    stored = WorkoutSet.objects.get()
    assert "logged for" in reply.text
    assert stored.created_at - stored.performed_at > timedelta(hours=12)


def test_it_never_logs_a_redelivered_update_twice(bot: BotHarness) -> None:
    first = bot.say("bench 100x5x3", update_id=5000)
    again = bot.say("bench 100x5x3", update_id=5000)

    assert len(first) == 1
    assert again == []
    assert len(alice_sets()) == 3


def test_it_answers_a_bad_message_with_usage_and_an_example(bot: BotHarness) -> None:
    (reply,) = bot.say("bench 100")

    assert reply.text == "How many reps? e.g. <code>bench 100x5</code>."
    assert alice_sets() == []


def test_it_answers_an_unknown_exercise_with_unreadable_sets(bot: BotHarness) -> None:
    # readable sets would ask "New exercise “Zumba”?" (tests/bot/test_own_exercises.py)
    (reply,) = bot.say("zumba 10")

    assert "I don't know the exercise “zumba”" in reply.text


def test_it_answers_korean_users_in_korean(bot: BotHarness) -> None:
    (reply,) = bot.say("스쿼트 100 5", user=bot.minsu)

    assert "추정 1RM 112.5 kg" in reply.text
    assert User.objects.get(telegram_id=MINSU_ID).language == "ko"


def test_it_asks_a_new_lifter_for_the_profile_then_ranks(bot: BotHarness) -> None:
    # given a lifter who skipped /start
    (reply,) = bot.say("squat 140x5")
    assert "Tell me your sex, age and bodyweight" in reply.text
    assert "stronger than" not in reply.text

    # when they answer the profile questions from the button
    (question,) = bot.press(reply, "profile:start")
    assert "man or a woman" in question.text
    bot.press(question, "sex:male")
    bot.say("1994")
    (saved,) = bot.say("82.5")
    assert "Saved" in saved.text

    # then the next set shows level and percentile
    (ranked,) = bot.say("squat 150x5")
    assert "stronger than" in ranked.text
    stored = WorkoutSet.objects.order_by("-id").first()
    assert stored is not None and stored.percentile is not None and stored.level


def test_it_shows_a_pr_line(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    (reply,) = bot.say("bench 105x5")

    assert "🏆 New PR: e1RM 118.1 kg (was 112.5 kg)" in reply.text


def test_it_asks_before_saving_an_implausible_entry(bot: BotHarness) -> None:
    bot.say("bench 40x1")

    (question,) = bot.say("bench 375x1")
    assert question.text == (
        "375 kg × 1 is far above your best on Bench Press (e1RM 40 kg). Did you mean 37.5 kg × 1?"
    )
    assert [label for label, _ in question.buttons()] == ["37.5 kg × 1", "Yes, as typed", "Cancel"]
    assert len(alice_sets()) == 1

    (answer,) = bot.press(question, "37.5 kg × 1")
    assert answer.method == "editMessageText"
    assert alice_sets()[-1] == ("bench-press", Decimal("37.50"), 1, None)


def test_it_saves_an_implausible_entry_when_the_lifter_insists(bot: BotHarness) -> None:
    bot.say("bench 40x1")
    (question,) = bot.say("bench 375x1")

    bot.press(question, "Yes, as typed")

    assert alice_sets()[-1] == ("bench-press", Decimal("375.00"), 1, None)


def test_it_drops_an_implausible_entry_on_cancel(bot: BotHarness) -> None:
    bot.say("bench 40x1")
    (question,) = bot.say("bench 375x1")

    (answer,) = bot.press(question, "Cancel")

    assert answer.text == "Cancelled, nothing logged."
    assert len(alice_sets()) == 1


def test_it_ignores_chatter_in_groups(bot: BotHarness) -> None:
    assert bot.say("nice lift!", chat_id=-1000) == []


def test_it_shows_the_effective_load_e1rm_of_an_assisted_set(bot: BotHarness) -> None:
    # given Alice weighs 80 kg
    bot.say("pullups 1x1")
    User.objects.filter(telegram_id=ALICE_ID).update(bodyweight_kg=Decimal(80))
    WorkoutSet.objects.all().delete()

    (reply,) = bot.say("pullups -15x6")

    # (80 − 15) × 36/31 = 75.48: the assisted weight as typed, a positive e1RM
    assert "<b>Pull-ups</b> BW−15 kg × 6" in reply.text
    assert "e1RM 75.5 kg" in reply.text
    (records,) = bot.say("/pr")
    assert "e1RM 75.5 kg, heaviest BW−15 kg" in records.text


def test_it_logs_unassisted_pull_ups_after_assisted_ones_without_asking(bot: BotHarness) -> None:
    bot.say("pullups -15x6")

    (reply,) = bot.say("pull ups 10")

    assert "far above" not in reply.text
    assert [d for _, d in reply.buttons() if d.startswith("outlier:")] == []
    assert alice_sets()[-1] == ("pull-ups", Decimal("0.00"), 10, None)


def test_it_logs_korean_bodyweight_reps(bot: BotHarness) -> None:
    (reply,) = bot.say("풀업 10개", user=bot.minsu)

    assert "풀업" in reply.text
    assert WorkoutSet.objects.get().reps == 10
    # no bodyweight yet: the e1RM says what it assumed
    assert "체중을 알려 주기 전까지 75 kg으로 계산해요" in reply.text


def test_a_bodyweight_lift_says_when_its_e1rm_assumes_a_bodyweight(bot: BotHarness) -> None:
    (assumed,) = bot.say("pullups 10")
    (loaded,) = bot.say("bench 100x5")
    bot.say("/bw 90")
    (known,) = bot.say("pullups 10")

    assert "e1RM 100 kg" in assumed.text  # 75 kg × 10 by Brzycki
    assert "an assumed bodyweight of 75 kg until you send yours" in assumed.text
    assert "assumed bodyweight" not in loaded.text
    assert "e1RM 120 kg" in known.text and "assumed bodyweight" not in known.text


def test_it_asks_about_a_swapped_set_and_logs_the_reading_picked(bot: BotHarness) -> None:
    (question,) = bot.say("bench 5x100")
    assert question.text == (
        "5 kg × 100 on Bench Press is a lot of reps for a loaded lift. Did you mean 100 kg × 5?"
    )
    assert alice_sets() == []

    (answer,) = bot.press(question, "100 kg × 5")

    assert answer.method == "editMessageText"
    assert alice_sets() == [("bench-press", Decimal("100.00"), 5, None)]


def test_it_asks_about_no_load_in_korean(bot: BotHarness) -> None:
    (question,) = bot.say("스쿼트 0x5", user=bot.minsu)

    assert question.text == "스쿼트 0 kg × 5은(는) 무게가 거의 없어요. 입력한 대로 기록할까요?"
    assert [label for label, _ in question.buttons()] == ["네, 입력한 대로", "취소"]


def test_it_offers_both_readings_of_an_unclear_unit(bot: BotHarness) -> None:
    bot.say("bench 100x5")

    (question,) = bot.say("bench 225x5")
    (answer,) = bot.press(question, "225 lb × 5")

    assert "Did you mean 22.5 kg × 5 or 225 lb × 5?" in question.text
    assert "225 lb × 5" in answer.text
    assert alice_sets()[-1] == ("bench-press", Decimal("102.06"), 5, None)


def test_it_answers_a_question_only_once(bot: BotHarness) -> None:
    (question,) = bot.say("bench 5x100")
    bot.press(question, "100 kg × 5")

    (again,) = bot.press(question, "100 kg × 5")

    assert again.text == "This question has expired; send the set again."
    assert len(alice_sets()) == 1


def test_it_asks_which_reading_of_an_unsigned_bodyweight_pair_is_meant(bot: BotHarness) -> None:
    (question,) = bot.say("pullups 3x8")
    assert question.text == "Pull-ups 3x8 reads two ways. Did you mean BW+3 kg × 8 or BW × 8 ×3?"
    assert [label for label, _ in question.buttons()] == ["BW+3 kg × 8", "BW × 8 ×3", "Cancel"]

    bot.press(question, "BW × 8 ×3")

    assert alice_sets() == [("pull-ups", Decimal("0.00"), 8, None)] * 3


def test_a_warm_up_is_stored_as_one_and_never_ranked_or_a_record(bot: BotHarness) -> None:
    # given a working set
    bot.say("squat 140x5")
    # when a lighter warm-up is logged, marked by a word first or last
    (reply,) = bot.say("warmup squat 60x5")
    (again,) = bot.say("squat 20x10 wu")
    # then both are stored as warm-ups: no percentile, no level, no PR, no question asked
    warmups = WorkoutSet.objects.filter(user__telegram_id=ALICE_ID, is_warmup=True)
    assert sorted(warmups.values_list("weight_kg", "reps")) == [
        (Decimal("20.00"), 10),
        (Decimal("60.00"), 5),
    ]
    assert {(w.percentile, w.level) for w in warmups} == {(None, "")}
    assert "warm-up: counts for volume and calories" in reply.text
    assert "warm-up" in again.text and "New PR" not in again.text
    # and a warm-up heavier than the best working set sets no record, nor raises the bar
    bot.say("deadlift 80x5")
    (heavy,) = bot.say("warmup deadlift 100x5")
    assert "New PR" not in heavy.text
    (working,) = bot.say("deadlift 90x5")
    assert "New PR: e1RM 101.3 kg (was 90 kg)" in working.text
    assert "New PR: 90 kg × 5 (was 80 kg)" in working.text


def test_a_korean_warm_up_is_answered_in_korean(bot: BotHarness) -> None:
    (reply,) = bot.say("웜업 스쿼트 60 5", user=bot.minsu)

    assert "워밍업" in reply.text
    assert WorkoutSet.objects.get(user__telegram_id=MINSU_ID).is_warmup
