"""A name the catalogue does not know becomes the lifter's own exercise after one question, and
then works like any catalogue exercise: e1RM, calories, PRs, history, edit, undo, chart, export
and `/top` among lifters with an own exercise of the same name."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from backend.workouts.models import Exercise, WorkoutSet
from tests.bot.conftest import ALICE_ID, BOB_ID, GROUP_ID, BotHarness


def sets_of(telegram_id: int) -> list[tuple[str, Decimal, int]]:
    return list(
        WorkoutSet.objects.filter(user__telegram_id=telegram_id)
        .order_by("id")
        .values_list("exercise__name", "weight_kg", "reps")
    )


def create_anderson(bot: BotHarness, user: dict | None = None) -> None:
    (question,) = bot.say("anderson squat 100x5", user=user)
    bot.press(question, "Create", user=user)


def test_it_asks_before_creating_an_unknown_exercise(bot: BotHarness) -> None:
    (question,) = bot.say("Anderson Squat 100x5")

    assert question.text == (
        "New exercise “Anderson Squat”? I'll add it to your own exercises and log the set."
    )
    assert [label for label, _ in question.buttons()] == ["Create", "Cancel"]
    assert WorkoutSet.objects.count() == 0
    assert Exercise.objects.filter(owner__isnull=False).count() == 0


def test_it_creates_the_exercise_and_logs_the_set_typed(bot: BotHarness) -> None:
    (question,) = bot.say("anderson squat 100x5x2")

    (reply,) = bot.press(question, "Create")

    own = Exercise.objects.get(owner__telegram_id=ALICE_ID)
    assert (own.name, own.load_type, own.category, own.met_code, own.met_value) == (
        "Anderson Squat",
        "barbell",
        "legs",
        "02052",
        Decimal("5.0"),
    )
    assert sets_of(ALICE_ID) == [("Anderson Squat", Decimal("100.00"), 5)] * 2
    stored = WorkoutSet.objects.filter(exercise=own).first()
    assert stored is not None
    assert (stored.e1rm_kg, stored.calories_kcal, stored.percentile, stored.level) == (
        Decimal("112.50"),
        Decimal("10.94"),  # MET 5.0 × 75 kg (no bodyweight yet) × 105 s
        None,
        "",
    )
    assert "Anderson Squat</b> 100 kg × 5 ×2" in reply.text
    assert "e1RM 112.5 kg" in reply.text
    assert "no strength standards for Anderson Squat yet — e1RM and PRs are tracked" in reply.text


def test_it_stores_nothing_on_cancel(bot: BotHarness) -> None:
    (question,) = bot.say("anderson squat 100x5")

    (reply,) = bot.press(question, "Cancel")

    assert reply.text == "Cancelled, nothing logged."
    assert WorkoutSet.objects.count() == 0
    assert Exercise.objects.filter(owner__isnull=False).count() == 0


def test_it_logs_the_next_set_without_asking_and_notes_a_pr(bot: BotHarness) -> None:
    create_anderson(bot)

    (reply,) = bot.say("anderson squats 110x5")

    assert sets_of(ALICE_ID)[-1] == ("Anderson Squat", Decimal("110.00"), 5)
    assert "New PR" in reply.text
    assert Exercise.objects.filter(owner__isnull=False).count() == 1


def test_it_guesses_the_load_type_from_the_name(bot: BotHarness) -> None:
    (question,) = bot.say("cable halo raise 10x15")
    bot.press(question, "Create")

    own = Exercise.objects.get(owner__telegram_id=ALICE_ID)
    assert (own.name, own.load_type, own.category) == (
        "Cable Halo Raise",
        "machine",
        "shoulders",
    )


def test_it_keeps_alices_exercise_from_bob(bot: BotHarness) -> None:
    create_anderson(bot)

    (question,) = bot.say("anderson squat 100x5", user=bot.bob)
    (history,) = bot.say(
        f"/history {Exercise.objects.get(owner__telegram_id=ALICE_ID).slug}", user=bot.bob
    )

    assert question.text.startswith("New exercise “Anderson Squat”?")
    assert sets_of(BOB_ID) == []
    assert history.text.startswith("Usage")


def test_it_asks_and_answers_in_korean(bot: BotHarness) -> None:
    (question,) = bot.say("앤더슨 스쿼트 100x5", user=bot.minsu)
    assert [label for label, _ in question.buttons()] == ["만들기", "취소"]

    (reply,) = bot.press(question, "만들기", user=bot.minsu)

    assert "앤더슨 스쿼트은(는) 아직 근력 기준이 없어요" in reply.text


def test_it_lists_history_records_and_charts_an_own_exercise(bot: BotHarness) -> None:
    create_anderson(bot)
    bot.say("bench 100x5")

    (history,) = bot.say("/history anderson squat")
    (records,) = bot.say("/pr")
    (photo,) = bot.say("/chart anderson squat 1m")

    assert "Anderson Squat</b> 100 kg × 5" in history.text
    assert "Bench" not in history.text
    assert "<b>Anderson Squat</b>: e1RM 112.5 kg, heaviest 100 kg" in records.text
    assert photo.method == "sendPhoto"
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    assert photo.text == "Anderson Squat, last 1 month"


def test_it_edits_and_undoes_an_own_exercise_set(bot: BotHarness) -> None:
    create_anderson(bot)
    (menu,) = bot.say("/edit")
    bot.press(menu, menu.buttons()[0][1])

    bot.say("102.5x4")

    stored = WorkoutSet.objects.get()
    assert (stored.weight_kg, stored.reps, stored.e1rm_kg) == (
        Decimal("102.50"),
        4,
        Decimal("111.82"),
    )
    (undone,) = bot.say("/undo")
    assert undone.text == "Removed: <b>Anderson Squat</b> 102.5 kg × 4."
    assert WorkoutSet.objects.count() == 0


def test_it_exports_an_own_exercise(bot: BotHarness) -> None:
    create_anderson(bot)

    (document,) = bot.say("/export")

    rows = list(csv.DictReader(io.StringIO(document.files["document"][1].decode())))
    own = Exercise.objects.get(owner__telegram_id=ALICE_ID)
    assert [(r["exercise"], r["exercise_name"], r["weight_kg"]) for r in rows] == [
        (own.slug, "Anderson Squat", "100.00")
    ]


def test_it_ranks_lifters_with_an_own_exercise_of_the_same_name_by_e1rm(bot: BotHarness) -> None:
    create_anderson(bot, bot.alice)
    create_anderson(bot, bot.bob)
    bot.say("anderson squat 140x3", user=bot.bob)
    bot.say("/top join", user=bot.alice, chat_id=GROUP_ID)
    bot.say("/top join", user=bot.bob, chat_id=GROUP_ID)

    (reply,) = bot.say("/top anderson squat", user=bot.alice, chat_id=GROUP_ID)

    assert reply.text.splitlines() == [
        "Top Anderson Squat in this group (by e1RM, no standards yet):",
        "1. Bob: 148.2 kg",
        "2. Alice: 112.5 kg",
    ]


def test_it_asks_about_a_doubted_set_after_creating_and_logs_it_once(bot: BotHarness) -> None:
    (question,) = bot.say("anderson squat 60x40")
    (doubt,) = bot.press(question, "Create")
    assert WorkoutSet.objects.count() == 0
    assert "Yes, as typed" in [label for label, _ in doubt.buttons()]

    bot.press(doubt, "Yes, as typed")
    bot.press(doubt, "Yes, as typed")  # a second press finds the question over

    assert sets_of(ALICE_ID) == [("Anderson Squat", Decimal("60.00"), 40)]


def test_a_typo_of_an_own_exercise_offers_it_and_never_to_another_lifter(bot: BotHarness) -> None:
    create_anderson(bot)

    (question,) = bot.say("andersen squat 110x5")
    (bobs,) = bot.say("andersen squat 110x5", user=bot.bob)
    labels = [label for label, _ in question.buttons()]
    (logged,) = bot.press(question, "Did you mean Anderson Squat?")

    assert labels == ["Create", "Did you mean Anderson Squat?", "Cancel"]
    assert "Did you mean Anderson Squat?" not in [label for label, _ in bobs.buttons()]
    assert logged.text.startswith("<b>Anderson Squat</b> 110 kg × 5")
    assert sets_of(ALICE_ID)[-1] == ("Anderson Squat", Decimal("110.00"), 5)
    assert Exercise.objects.filter(owner__isnull=False).count() == 1


def test_a_stale_new_exercise_button_expires(bot: BotHarness) -> None:
    (question,) = bot.say("anderson squat 100x5")
    bot.press(question, "Cancel")

    (again,) = bot.press(question, "Create")

    assert again.text == "This question has expired; send the set again."
    assert Exercise.objects.filter(owner__isnull=False).count() == 0
