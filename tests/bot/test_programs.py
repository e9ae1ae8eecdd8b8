"""Programs in the chat against the loopback Bot API: /program, /today, done, the rest timer,
reminders (with a controllable clock, across a DST change, exactly once) and streaks."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend import bot_api
from backend.accounts.models import User
from backend.programs import services as programs
from backend.programs.models import ReminderSent, RestTimer
from bot import timers
from bot.testing.local_api import LOCAL_TOKEN, LocalBotApi
from tests.bot.conftest import ALICE_ID, BotHarness

UTC = ZoneInfo("UTC")
MAXES = "/program 531 squat 140 bench 100 deadlift 180 ohp 60"


@pytest.fixture
def pushes(telegram: LocalBotApi) -> Iterator[LocalBotApi]:
    """The same Bot API listening on loopback, where Celery tasks push timer edits and reminders."""
    telegram.start()
    bot_api.configure(base_url=telegram.base_url, token=LOCAL_TOKEN)
    yield telegram
    bot_api.configure_reset()
    telegram.stop()


def alice() -> User:
    return User.objects.get(telegram_id=ALICE_ID)


def test_it_offers_the_programs_and_starts_one_from_a_button(bot: BotHarness) -> None:
    # when Alice sends /program with no program yet
    [offer] = bot.say("/program")
    # then each program is a button
    labels = [label for label, _ in offer.buttons()]
    assert labels == [
        "5/3/1",
        "5/3/1 Boring But Big",
        "StrongLifts 5×5",
        "Starting Strength",
        "GZCLP",
    ]
    # when she picks StrongLifts (no e1RMs: it starts at the empty bar)
    started, today = bot.press(offer, "StrongLifts 5×5")
    assert "Started StrongLifts 5×5" in started.text
    assert "Squat 20 kg × 5 — empty bar" in today.text
    assert today.text.count("Squat 20 kg × 5") == 5


def test_it_asks_for_the_maxes_a_program_needs(bot: BotHarness) -> None:
    [reply] = bot.say("/program gzclp")
    assert "GZCLP needs a 1RM for Squat, Bench Press, Deadlift, Shoulder Press" in reply.text
    assert "/program gzclp squat 140" in reply.text


def test_today_shows_weights_rounded_to_the_plates_with_the_plates_per_side(
    bot: BotHarness,
) -> None:
    bot.say(MAXES)
    [today] = bot.say("/today")
    # TM 126: 65% 81.9 → 82.5, 75% 94.5 → 95, 85% 107.1 → 107.5 (5+)
    assert today.text.splitlines()[1:4] == [
        "▫️ Squat 82.5 kg × 5 — per side 25 + 5 + 1.25",
        "▫️ Squat 95 kg × 5 — per side 25 + 10 + 2.5",
        "▫️ Squat 107.5 kg × 5+ — per side 25 + 15 + 2.5 + 1.25",
    ]


def test_done_and_logged_sets_advance_the_program(bot: BotHarness) -> None:
    bot.say(MAXES)
    # Alice logs the first set the usual way
    [logged] = bot.say("squat 82.5x5")
    assert "Program: 1 of 3 sets done. Next: Squat 95 kg × 5" in logged.text
    # then `done 5` for the second and `done 9` for the AMRAP
    [second] = bot.say("done 5")
    assert "2 of 3 sets done. Next: Squat 107.5 kg × 5+" in second.text
    [last] = bot.say("done 9")
    assert "Session complete!" in last.text
    # the next /today is the bench day of week 1
    [today] = bot.say("/today")
    assert "week 1 · Bench Press" in today.text
    # and /program says where she is
    [status] = bot.say("/program")
    assert "<b>5/3/1</b>: cycle 1, week 1 · Bench Press, sessions done: 1." in status.text
    assert (
        "Training maxes: Squat 126 kg, Bench Press 90 kg, Deadlift 162 kg, Shoulder Press 54 kg."
        in status.text
    )


def test_done_with_more_numbers_than_sets_is_a_usage_hint(bot: BotHarness) -> None:
    bot.say(MAXES)
    [reply] = bot.say("done 5 5 5 8")
    assert reply.text.startswith("Only 3 sets are left today")
    [none] = bot.say("done", user=bot.bob)
    assert "No program to follow" in none.text


def test_a_failed_stronglifts_session_says_the_weight_repeats(bot: BotHarness) -> None:
    bot.say("/program stronglifts")
    [reply] = bot.say("done 5 5 5 3 3 5 5 5 5 5 5 5 5 5 5")
    assert "• Squat stays at 20 kg" in reply.text
    assert "• Bench Press → 22.5 kg" in reply.text


def test_the_rest_timer_counts_down_in_one_message_and_pings_with_the_next_set(
    bot: BotHarness, pushes: LocalBotApi
) -> None:
    start = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        bot.say(MAXES)
        [logged] = bot.say("squat 82.5x5")
        # a button under the logged set starts a 3-minute rest (squat is a heavy compound)
        assert ("⏱ Rest 3:00", "rest:180") in logged.buttons()
        [countdown] = bot.press(logged, "rest:180")
        assert countdown.text == "⏱ Rest: 3:00 left"
        timer = RestTimer.objects.get()
        # when the clock moves and the ticks run (Celery tasks in production)
        mark = pushes.mark()
        for _ in range(12):
            clock.shift(15)
            timers.sweep()
        # then the countdown message was edited in place, once per 15 s, never a new message
        edits = pushes.calls_of("editMessageText")
        assert {c.params["message_id"] for c in edits} == {timer.message_id}
        assert [c.text for c in pushes.calls[mark:] if c.method == "editMessageText"][:3] == [
            "⏱ Rest: 2:45 left",
            "⏱ Rest: 2:30 left",
            "⏱ Rest: 2:15 left",
        ]
        assert edits[-1].text == "⏱ Rest over."
        # and a new message pinged at zero with the next set from /today
        [ping] = [c for c in pushes.calls[mark:] if c.method == "sendMessage"]
        assert ping.text == "⏰ Time's up! Next: Squat 95 kg × 5 — per side 25 + 10 + 2.5"
        # ticks run again (a duplicate delivery) change nothing
        calls = pushes.mark()
        timers.tick(timer.pk)
        timers.sweep()
        assert pushes.mark() == calls


def test_a_timer_survives_a_bot_restart(bot: BotHarness, pushes: LocalBotApi) -> None:
    start = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        [countdown] = bot.say("/rest 1:30")
        assert countdown.text == "⏱ Rest: 1:30 left"
        # the bot process goes away: its state was in the database all along
        from asgiref.sync import async_to_sync

        async_to_sync(bot.application.shutdown)()
        async_to_sync(bot.application.initialize)()
        clock.shift(95)
        assert timers.sweep() == 1
        assert pushes.calls_of("sendMessage")[-1].text == "⏰ Time's up! On to your next set."


def test_stop_ends_the_countdown(bot: BotHarness, pushes: LocalBotApi) -> None:
    [countdown] = bot.say("/rest 90")
    [stopped] = bot.press(countdown, "Stop")
    assert stopped.text == "⏱ Rest stopped."
    assert programs.rest_timers_due(now=datetime.now(UTC) + timedelta(hours=1)) == []


def test_ticks_are_celery_tasks_with_an_eta_when_a_broker_runs(
    bot: BotHarness, pushes: LocalBotApi, settings: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot import tasks

    queued: list[tuple[list[int], datetime]] = []
    monkeypatch.setattr(settings, "CELERY_TASK_ALWAYS_EAGER", False)
    monkeypatch.setattr(
        tasks.rest_timer_tick, "apply_async", lambda args, eta: queued.append((args, eta))
    )
    start = datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False) as clock:
        bot.say("/rest 60")
        timer = RestTimer.objects.get()
        # the first tick is queued for the first step (1:00 → 0:45), not for the start
        assert queued == [([timer.pk], start + timedelta(seconds=15))]
        clock.shift(15)
        timers.tick(timer.pk)
        assert queued[-1] == ([timer.pk], start + timedelta(seconds=30))


def test_rest_with_a_bad_length_is_a_usage_hint(bot: BotHarness) -> None:
    [reply] = bot.say("/rest 99:99")
    assert "A rest lasts 1 second to 15 minutes" in reply.text
    # a forged button with a length out of range is answered once, and nothing starts
    (question,) = bot.say("/units")
    mark = bot.telegram.mark()
    bot.telegram.press_button(question, "rest:9999", user=bot.alice)
    bot.process(bot.telegram._updates.pop())
    answers = [c for c in bot.telegram.calls[mark:] if c.method == "answerCallbackQuery"]
    assert [a.params.get("text") for a in answers] == [
        "This question has expired; send the set again."
    ]
    assert not RestTimer.objects.exists()


def test_maxes_that_cannot_be_read_get_a_usage_hint(bot: BotHarness) -> None:
    [reply] = bot.say("/program 531 squat heavy")
    assert reply.text.startswith("Usage: <code>/program 531 squat 140 …</code>")
    [unknown] = bot.say("/program couch25k")
    assert unknown.text.startswith("I don't know the program “couch25k”.")


# --- reminders ------------------------------------------------------------------------------

# Europe/Berlin leaves summer time on Sunday 2026-10-25: 18:30 is 16:30 UTC before, 17:30 after.
MONDAY_BEFORE = datetime(2026, 10, 19, 16, 30, tzinfo=UTC)
MONDAY_AFTER = datetime(2026, 10, 26, 17, 30, tzinfo=UTC)


def remind_alice(bot: BotHarness) -> None:
    bot.say("/timezone Europe/Berlin")
    [saved] = bot.say("/remind mon wed fri 18:30")
    assert saved.text == "I'll remind you on Mon, Wed, Fri at 18:30 (Europe/Berlin)."


def test_reminders_go_out_at_local_time_across_a_dst_change(
    bot: BotHarness, pushes: LocalBotApi
) -> None:
    remind_alice(bot)
    bot.say("/program stronglifts")
    sent = []
    for moment in (
        MONDAY_BEFORE - timedelta(minutes=1),
        MONDAY_BEFORE,
        MONDAY_BEFORE + timedelta(minutes=1),  # the next beat: already sent
        MONDAY_BEFORE + timedelta(days=1),  # Tuesday: not a training day
        MONDAY_AFTER - timedelta(hours=1),  # 16:30 UTC is 17:30 in winter time
        MONDAY_AFTER,
    ):
        with time_machine.travel(moment, tick=False):
            sent.append(timers.reminders_send())
    assert sent == [0, 1, 0, 0, 0, 1]
    reminders = pushes.calls_of("sendMessage", chat_id=ALICE_ID)
    assert reminders[-1].text.startswith("🏋️ Training day!\n<b>StrongLifts 5×5</b>")
    assert "Squat 20 kg × 5" in reminders[-1].text


def test_a_reminder_without_a_program_is_a_plain_nudge(
    bot: BotHarness, pushes: LocalBotApi
) -> None:
    remind_alice(bot)
    with time_machine.travel(MONDAY_BEFORE, tick=False):
        timers.reminders_send()
    assert pushes.calls_of("sendMessage")[-1].text.startswith("🏋️ Training day! Log your sets")


@pytest.mark.django_db(transaction=True)
def test_two_processes_send_one_reminder_per_slot(bot: BotHarness) -> None:
    remind_alice(bot)
    barrier = threading.Barrier(2)
    claims: list[int] = []

    def beat() -> None:
        from django.db import connection

        barrier.wait()
        claims.extend(d.claim_id for d in programs.reminders_claim_due(now=MONDAY_BEFORE))
        connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(claims) == 1
    assert ReminderSent.objects.count() == 1


def test_a_blocked_chat_is_skipped_and_marked(bot: BotHarness, pushes: LocalBotApi) -> None:
    remind_alice(bot)
    pushes.block(ALICE_ID)
    with time_machine.travel(MONDAY_BEFORE, tick=False):
        assert timers.reminders_send() == 0
    assert ReminderSent.objects.get().outcome == ReminderSent.Outcome.BLOCKED
    assert alice().telegram_blocked_at is not None
    # the next slot is not even tried
    mark = pushes.mark()
    with time_machine.travel(MONDAY_BEFORE + timedelta(days=2), tick=False):
        assert timers.reminders_send() == 0
    assert pushes.mark() == mark
    assert ReminderSent.objects.first().outcome == ReminderSent.Outcome.SKIPPED  # type: ignore[union-attr]


def test_quiet_hours_and_bad_schedules_are_refused(bot: BotHarness) -> None:
    [quiet] = bot.say("/remind mon 23:00")
    assert quiet.text == "23:00 is in the quiet hours (22:00–07:00); pick another time."
    [bad] = bot.say("/remind someday 18:30")
    assert bad.text.startswith("Usage:")
    [off] = bot.say("/remind off")
    assert off.text == "Reminders off."


def test_the_nudge_after_a_missed_week_is_opt_in(bot: BotHarness, pushes: LocalBotApi) -> None:
    remind_alice(bot)
    bot.say("/remind nudge on")
    # Alice trained once in the week before MONDAY_BEFORE (planned: 3)
    with time_machine.travel(MONDAY_BEFORE - timedelta(days=5), tick=False):
        bot.say("squat 100x5")
    with time_machine.travel(MONDAY_BEFORE, tick=False):
        assert timers.reminders_send() == 2
    nudge, session = sorted(c.text for c in pushes.calls_of("sendMessage", chat_id=ALICE_ID)[-2:])
    assert nudge.startswith("Last week you trained 1 of 3 days.")
    assert session.startswith("🏋️ Training day!")


# --- streaks --------------------------------------------------------------------------------


def test_the_streak_grows_on_a_log_reply_and_shows_in_stats(bot: BotHarness) -> None:
    bot.say("/timezone Europe/Berlin")
    bot.say("/remind mon thu 18:30")  # two sessions a week planned
    replies = []
    for day in (0, 3, 7, 10):  # Monday and Thursday of two weeks
        with time_machine.travel(MONDAY_AFTER + timedelta(days=day), tick=False):
            [reply] = bot.say("squat 100x5")
            replies.append(reply.text)
    assert ["🔥" in r for r in replies] == [False, True, False, True]
    assert "🔥 2-week streak!" in replies[-1]
    with time_machine.travel(MONDAY_AFTER + timedelta(days=11), tick=False):
        [stats] = bot.say("/stats")
    assert "🔥 2-week streak (weeks with 2+ sessions)." in stats.text
    assert "This week: 2 of 2 sessions." in stats.text


def test_korean_lifters_get_korean_replies(bot: BotHarness, pushes: LocalBotApi) -> None:
    minsu = bot.minsu
    bot.say("/program stronglifts", user=minsu)
    [today] = bot.say("/today", user=minsu)
    assert "스쿼트 20 kg × 5 — 빈 봉" in today.text
    [done] = bot.say("완료 5", user=minsu)
    assert "프로그램: 15세트 중 1세트 완료" in done.text
    [rest] = bot.say("/rest 2:00", user=minsu)
    assert rest.text == "⏱ 휴식: 2:00 남음"
    [stats] = bot.say("/stats", user=minsu)
    assert "이번 주: 1회 운동 (목표 3회)." in stats.text


def test_gzclp_and_bbb_sessions_show_their_tiers(bot: BotHarness) -> None:
    [_, gzclp] = bot.say("/program gzclp squat 140 bench 100 deadlift 180 ohp 60")
    lines = gzclp.text.splitlines()
    assert lines[0] == "<b>GZCLP</b> · next workout day 1"
    assert lines[1:3] == ["<i>T1</i>", "▫️ Squat 105 kg × 3 — per side 25 + 15 + 2.5"]
    assert "▫️ Squat 105 kg × 3+ — per side 25 + 15 + 2.5" in lines
    assert "<i>T2</i>" in lines and "<i>T3</i>" in lines
    assert "▫️ Lat Pulldown 10 kg × 15+" in lines
    [_, bbb] = bot.say("/program 531-bbb squat 140 bench 100 deadlift 180 ohp 60")
    lines = bbb.text.splitlines()
    assert "<i>Boring But Big</i>" in lines
    assert lines.count("▫️ Squat 62.5 kg × 10 — per side 20 + 1.25") == 5
