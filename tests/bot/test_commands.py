from __future__ import annotations

import csv
import io
import logging
from decimal import Decimal
from typing import Any

import pytest

from backend.accounts.models import User
from backend.workouts.models import BodyweightEntry, WorkoutSet
from bot import gateway
from tests.backend.accounts.conftest import Inbox
from tests.bot.conftest import ALICE_ID, BOB_ID, GROUP_ID, BotHarness


def alice() -> User:
    return User.objects.get(telegram_id=ALICE_ID)


def test_it_welcomes_and_saves_the_whole_profile_on_start(bot: BotHarness) -> None:
    welcome, question = bot.say("/start")
    assert "Welcome to SBD Animal" in welcome.text

    bot.press(question, "Woman")
    bot.say("1990")
    (units,) = bot.say("150lb")
    (timezone_question,) = bot.press(units, "lb")[1:]
    (saved,) = bot.press(timezone_question, "Asia/Seoul")

    user = alice()
    assert (user.sex, user.birth_date.year, user.bodyweight_kg) == ("female", 1990, Decimal("68.0"))
    assert (user.units, user.timezone) == ("lb", "Asia/Seoul")
    assert "Saved: Woman, 1990, 149.9 lb, lb, Asia/Seoul" in saved.text


def test_it_rejects_a_bad_birth_year_and_keeps_asking(bot: BotHarness) -> None:
    _, question = bot.say("/start")
    bot.press(question, "sex:male")

    (reply,) = bot.say("1800")

    assert "Send a year between 1900" in reply.text


def test_it_logs_a_set_sent_during_onboarding(bot: BotHarness) -> None:
    _, question = bot.say("/start")
    bot.press(question, "sex:male")

    (reply,) = bot.say("bench 100x5")

    assert "e1RM 112.5 kg" in reply.text
    assert WorkoutSet.objects.count() == 1


def test_it_leaves_onboarding_on_cancel(bot: BotHarness) -> None:
    bot.say("/start")

    (reply,) = bot.say("/cancel")

    assert "skipped" in reply.text


def test_it_reports_a_bad_deep_link(bot: BotHarness) -> None:
    (reply,) = bot.say("/start not-a-real-token")

    assert "invalid or expired" in reply.text


def test_it_welcomes_a_lifter_who_comes_from_the_calculator(bot: BotHarness) -> None:
    welcome, question = bot.say("/start calc")

    assert "Welcome to SBD Animal" in welcome.text
    assert [label for label, _ in question.buttons()][:2] == ["Man", "Woman"]


def test_it_undoes_the_last_message_with_all_its_sets(bot: BotHarness) -> None:
    bot.say("squat 100x5")
    bot.say("bench 100x5x3")

    (reply,) = bot.say("/undo")

    assert reply.text == "Removed: <b>Bench Press</b> 100 kg × 5 ×3."
    assert list(WorkoutSet.objects.values_list("exercise__slug", flat=True)) == ["squat"]


def test_it_has_nothing_to_undo_at_first(bot: BotHarness) -> None:
    (reply,) = bot.say("/undo")

    assert reply.text == "Nothing to undo."


def test_it_edits_an_entry_from_its_button(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    (menu,) = bot.say("/edit")
    (question,) = bot.press(menu, menu.buttons()[0][1])
    assert "Send the new weight and reps" in question.text

    (done,) = bot.say("102.5x4")

    assert "Changed to" in done.text
    stored = WorkoutSet.objects.get()
    assert (stored.weight_kg, stored.reps, stored.e1rm_kg) == (
        Decimal("102.50"),
        4,
        Decimal("111.82"),
    )


def test_it_deletes_an_entry_from_the_edit_menu(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    (menu,) = bot.say("/edit")
    (question,) = bot.press(menu, menu.buttons()[0][1])

    (done,) = bot.press(question, "Delete")

    assert done.text.startswith("Deleted")
    assert WorkoutSet.objects.count() == 0


def test_it_lists_history_of_one_exercise(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    bot.say("squat 120x5")

    (reply,) = bot.say("/history squat")

    assert "Squat</b> 120 kg × 5" in reply.text
    assert "Bench" not in reply.text


def test_it_lists_personal_records(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    bot.say("bench 110x1")

    (reply,) = bot.say("/pr")
    # the names lifters also type for it
    (plural,) = bot.say("/prs")
    (records,) = bot.say("/records")

    assert "<b>Bench Press</b>: e1RM 112.5 kg, heaviest 110 kg" in reply.text
    assert plural.text == records.text == reply.text


def test_it_sends_a_chart_png(bot: BotHarness) -> None:
    bot.say("bench 100x5")

    (photo,) = bot.say("/chart bench 1m")

    assert photo.method == "sendPhoto"
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    assert photo.text == "Bench Press, last 1 month"


def test_it_says_when_there_is_nothing_to_chart(bot: BotHarness) -> None:
    (reply,) = bot.say("/chart squat")

    assert reply.text == "No Squat sets in the last 3 months."


def test_it_calculates_without_logging(bot: BotHarness) -> None:
    (reply,) = bot.say("/calc bench 100x5")

    assert "Bench Press 100 kg × 5: e1RM 112.5 kg" in reply.text
    assert "5 reps: 100 kg" in reply.text
    assert WorkoutSet.objects.count() == 0


def test_it_records_bodyweight(bot: BotHarness) -> None:
    (reply,) = bot.say("/bw 82.5")

    assert reply.text == "Bodyweight saved: 82.5 kg."
    assert list(BodyweightEntry.objects.values_list("weight_kg", flat=True)) == [Decimal("82.5")]
    assert alice().bodyweight_kg == Decimal("82.5")


def test_it_switches_units_with_buttons(bot: BotHarness) -> None:
    (question,) = bot.say("/units")

    bot.press(question, "lb")

    assert alice().units == "lb"
    (reply,) = bot.say("bench 225x5")
    assert "225 lb × 5" in reply.text


def test_it_sets_the_timezone(bot: BotHarness) -> None:
    (reply,) = bot.say("/timezone Asia/Seoul")

    assert reply.text == "Timezone: Asia/Seoul."
    assert alice().timezone == "Asia/Seoul"


def test_it_exports_every_set_as_csv(bot: BotHarness) -> None:
    bot.say("bench 100x5x2")

    (document,) = bot.say("/export")

    assert document.method == "sendDocument"
    filename, content = document.files["document"]
    rows = list(csv.DictReader(io.StringIO(content.decode())))
    assert filename == "sbd-animal-sets.csv"
    assert [(r["exercise"], r["weight_kg"], r["reps"]) for r in rows] == [
        ("bench-press", "100.00", "5")
    ] * 2


def test_it_deletes_the_lifters_data_after_confirmation(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    (question,) = bot.say("/deleteme")

    (done,) = bot.press(question, "deleteme:yes")

    assert "deleted" in done.text
    assert not User.objects.filter(telegram_id=ALICE_ID).exists()
    assert WorkoutSet.objects.count() == 0


def test_it_keeps_the_data_when_deletion_is_cancelled(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    (question,) = bot.say("/deleteme")

    bot.press(question, "deleteme:no")

    assert WorkoutSet.objects.count() == 1


def test_it_ranks_opted_in_group_members_by_percentile(bot: BotHarness) -> None:
    for user, year, weight in ((bot.alice, "1990", "80"), (bot.bob, "1990", "60")):
        _, question = bot.say("/start", user=user)
        bot.press(question, "sex:male", user=user)
        bot.say(year, user=user)
        bot.say(weight, user=user)
        bot.say("/cancel", user=user)
    bot.say("squat 100x5", user=bot.alice)
    bot.say("squat 100x5", user=bot.bob)
    bot.say("/top join", user=bot.alice, chat_id=GROUP_ID)
    bot.say("/top join", user=bot.bob, chat_id=GROUP_ID)

    (reply,) = bot.say("/top squat", user=bot.alice, chat_id=GROUP_ID)

    lines = reply.text.splitlines()
    assert lines[0] == "Top Squat in this group (by percentile):"
    assert [line.split(":")[0] for line in lines[1:]] == ["1. Bob", "2. Alice"]


def test_it_keeps_top_to_groups(bot: BotHarness) -> None:
    (reply,) = bot.say("/top squat")

    assert reply.text == "This works in group chats."


CALC_USAGE = "/calc &lt;exercise&gt; &lt;weight&gt;x&lt;reps&gt; [@rpe] [→ &lt;reps&gt; @rpe]"


@pytest.mark.parametrize(
    ("text", "usage"),
    [
        ("/chart", "/chart &lt;exercise&gt; [1m|3m|6m]"),
        ("/chart zumba 3m", "/chart &lt;exercise&gt; [1m|3m|6m]"),
        ("/calc", CALC_USAGE),
        ("/calc bench", CALC_USAGE),
        ("/calc bench 100x5 → many", CALC_USAGE),
        ("/plates", None),
        ("/plates heavy", "/plates &lt;weight&gt;"),
        ("/warmup", "/warmup &lt;exercise&gt; &lt;weight&gt;"),
        ("/warmup zumba 100", "/warmup &lt;exercise&gt; &lt;weight&gt;"),
        ("/bw", "/bw &lt;weight&gt;"),
        ("/bw heavy", "/bw &lt;weight&gt;"),
        ("/bw 1000", "/bw &lt;weight&gt;"),
        ("/history zumba", "/history [exercise]"),
        ("/register not-an-email", "/register &lt;email&gt;"),
        ("/verify 12", "/verify &lt;6-digit code&gt;"),
        ("/ask", "/ask &lt;question&gt;"),
    ],
)
def test_it_answers_a_malformed_command_with_usage(
    bot: BotHarness, text: str, usage: str | None
) -> None:
    (reply,) = bot.say(text)

    if usage is None:  # the command without arguments shows what it holds instead
        assert "Usage" not in reply.text
        return
    assert reply.text.startswith(f"Usage: <code>{usage}</code>, e.g. <code>")


def test_it_shows_help_for_unknown_commands(bot: BotHarness) -> None:
    (reply,) = bot.say("/nonsense")

    assert "<b>Log a set</b>" in reply.text


def test_it_publishes_the_command_menu_in_english_and_korean(bot: BotHarness) -> None:
    from asgiref.sync import async_to_sync

    from bot.application import set_commands

    async_to_sync(set_commands)(bot.application)

    calls = bot.telegram.calls_of("setMyCommands")
    assert [c.params.get("language_code") for c in calls] == [None, "ko"]
    assert {"command": "undo", "description": "마지막 기록 삭제"} in calls[1].params["commands"]


def test_it_marks_a_lifter_who_blocked_the_bot(bot: BotHarness) -> None:
    bot.say("bench 100x5")
    bot.telegram.block(ALICE_ID)

    (refused,) = bot.say("bench 100x5")

    assert refused.method == "sendMessage"
    # blocked in Telegram, not locked out of the web
    assert (alice().telegram_blocked_at is not None, alice().is_active) == (True, True)
    assert len(bot.telegram.calls_of("sendMessage", chat_id=ALICE_ID)) == 2


def test_it_retries_after_a_429_with_its_retry_after(bot: BotHarness) -> None:
    bot.telegram.fail_next("sendMessage", retry_after=1)

    refused, reply = bot.say("bench 100x5")

    assert refused.text == reply.text
    assert reply.at - refused.at >= 0.9
    assert "e1RM" in reply.text


def test_it_logs_a_crash_and_answers_politely(
    bot: BotHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(gateway, "lift_log", explode)

    with caplog.at_level(logging.ERROR):
        (reply,) = bot.say("bench 100x5")

    assert reply.text == "Sorry, something went wrong. Please try again."
    assert "database on fire" in caplog.text


def test_it_leaves_other_lifters_alone(bot: BotHarness) -> None:
    bot.say("bench 100x5", user=bot.bob)

    (reply,) = bot.say("/undo")

    assert reply.text == "Nothing to undo."
    assert WorkoutSet.objects.filter(user__telegram_id=BOB_ID).count() == 1


def test_it_sends_a_question_to_the_admins(bot: BotHarness) -> None:
    from backend.inquiries.models import Inquiry

    (reply,) = bot.say("/ask How do I log dumbbell sets?")

    inquiry = Inquiry.objects.get()
    assert reply.text == f"Sent to the admins (#{inquiry.pk}). The answer will come here."
    assert (inquiry.user.telegram_id, inquiry.body) == (ALICE_ID, "How do I log dumbbell sets?")


@pytest.mark.usefixtures("eager_celery")
def test_it_registers_and_verifies_an_email_by_chat(
    bot: BotHarness, inbox: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        (sent,) = bot.say("/register alice@example.com")
    assert sent.text.startswith("I sent a 6-digit code to alice@example.com")
    code = inbox.code_for("alice@example.com")

    (verified,) = bot.say(f"/verify {code}")

    assert verified.text == "Email alice@example.com verified."
    assert alice().email == "alice@example.com"


def test_it_refuses_a_wrong_verification_code(bot: BotHarness) -> None:
    bot.say("/register alice@example.com")

    (reply,) = bot.say("/verify 000000")

    assert "verified" not in reply.text
    assert alice().email is None
