"""Coaching in chat: plates, warm-ups, RPE, scores, weak points and calories, in English and
Korean, through the real application and the loopback Bot API harness."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from backend.accounts.models import User
from backend.accounts.profile import profile_update
from backend.workouts.models import PlateSetup
from tests.bot.conftest import ALICE_ID, MINSU_ID, BotHarness


def _profile(bot: BotHarness, user: dict[str, Any], telegram_id: int, **extra: Any) -> User:
    bot.say("/timezone", user=user)  # creates the lifter
    lifter = User.objects.get(telegram_id=telegram_id)
    profile_update(
        user=lifter,
        sex=extra.get("sex", "male"),
        birth_date=date(1995, 7, 1),
        bodyweight_kg=Decimal(extra.get("bodyweight", "90")),
        height_cm=extra.get("height_cm"),
    )
    return lifter


# --- plates ---------------------------------------------------------------------------------


def test_it_shows_the_plates_per_side(bot: BotHarness) -> None:
    (reply,) = bot.say("/plates 142.5")

    assert "<b>142.5 kg</b>: per side 25 + 25 + 10 + 1.25" in reply.text


def test_it_offers_the_nearest_loadable_weights(bot: BotHarness) -> None:
    (reply,) = bot.say("/plates 143")

    assert "143 kg can't be loaded with your plates" in reply.text
    assert "142.5 kg (25 + 25 + 10 + 1.25) or 145 kg (25 + 25 + 10 + 2.5)" in reply.text


def test_it_loads_lb_with_the_lb_defaults(bot: BotHarness) -> None:
    bot.say("/units")
    User.objects.filter(telegram_id=ALICE_ID).update(units="lb")

    (reply,) = bot.say("/plates 315")

    assert "<b>315 lb</b>: per side 45 + 45 + 45" in reply.text


def test_a_set_logged_in_lb_gets_its_plates_not_a_rounding_hint(bot: BotHarness) -> None:
    # given a lifter who logs in lb (225 lb is stored as 102.06 kg, which is 225.004 lb)
    bot.say("/units")
    User.objects.filter(telegram_id=ALICE_ID).update(units="lb")

    # when they log the plates' own numbers
    (squat,) = bot.say("squat 225 5")
    (bench,) = bot.say("bench 135x8")
    (odd,) = bot.say("deadlift 316 5")
    (in_kg,) = bot.say("row 100kg 5")  # 220.462 lb

    # then the plates per side, as for /plates, and a hint only when it really is off the plates
    assert "per side: 45 + 45" in squat.text and "can't be loaded" not in squat.text
    assert "per side: 45" in bench.text and "can't be loaded" not in bench.text
    assert "316 lb can't be loaded exactly: 315 lb or 320 lb" in odd.text
    # a kg weight reads in lb as a load does everywhere (a tenth of a pound)
    assert "220.5 lb can't be loaded exactly: 220 lb or 225 lb" in in_kg.text


def test_it_changes_and_keeps_the_bar_plates_and_collars(bot: BotHarness) -> None:
    bot.say("/plates bar 15")
    bot.say("/plates have 20 10 5 2.5 1.25 0.5")
    (saved,) = bot.say("/plates collars 2.5")

    assert "Your bar 15 kg, collars 2.5 kg, plates 20, 10, 5, 2.5, 1.25, 0.5 kg" in saved.text
    stored = PlateSetup.objects.get(user__telegram_id=ALICE_ID)
    assert (stored.bar, stored.collar) == (Decimal("15.000"), Decimal("2.500"))
    (reply,) = bot.say("/plates 61")  # 15 + 5 + 2 × 20.5
    assert "per side 20 + 0.5" in reply.text


def test_it_resets_the_setup(bot: BotHarness) -> None:
    bot.say("/plates bar 15")

    (reply,) = bot.say("/plates reset")

    assert "Your bar 20 kg, collars 0 kg" in reply.text
    assert not PlateSetup.objects.exists()


def test_it_answers_bad_plate_input_with_usage(bot: BotHarness) -> None:
    (usage,) = bot.say("/plates heavy")
    (bad,) = bot.say("/plates have 0 -5")
    (bar,) = bot.say("/plates bar")

    assert "Usage: <code>/plates &lt;weight&gt;</code>" in usage.text
    assert "must weigh 0 or more" in bad.text
    assert "must weigh 0 or more" in bar.text


def test_it_shows_plates_in_korean(bot: BotHarness) -> None:
    (reply,) = bot.say("/plates 100", user=bot.minsu)

    assert "<b>100 kg</b>: 한쪽에 25 + 15" in reply.text


def test_a_logged_barbell_set_shows_its_plates_and_a_dumbbell_set_none(bot: BotHarness) -> None:
    (barbell,) = bot.say("squat 142.5x5")
    (dumbbell,) = bot.say("dumbbell bench press 30x10")

    assert "per side: 25 + 25 + 10 + 1.25" in barbell.text
    assert "per side" not in dumbbell.text
    assert ("Warm-up", f"warmup:{_last_set_id()}") not in dumbbell.buttons()


def test_a_logged_set_that_cannot_be_loaded_says_so(bot: BotHarness) -> None:
    (reply,) = bot.say("bench 101x5")

    assert "101 kg can't be loaded exactly: 100 kg or 102.5 kg" in reply.text


# --- warm-ups -------------------------------------------------------------------------------


def test_it_answers_a_warmup_ramp(bot: BotHarness) -> None:
    (reply,) = bot.say("/warmup squat 160")

    lines = reply.text.split("\n")
    assert lines[0] == "Warm-up to <b>Squat</b> 160 kg:"
    assert lines[1:] == [
        "20 kg × 10 (the empty bar)",
        "62.5 kg × 5 (20 + 1.25)",
        "87.5 kg × 3 (25 + 8.75)".replace(" + 8.75", " + 5 + 2.5 + 1.25"),
        "110 kg × 2 (25 + 20)",
        "127.5 kg × 1 (25 + 25 + 2.5 + 1.25)",
        "142.5 kg × 1 (25 + 25 + 10 + 1.25)",
    ]


def test_the_warmup_button_under_a_logged_set_gives_its_ramp(bot: BotHarness) -> None:
    (reply,) = bot.say("squat 100x5")

    (ramp,) = bot.press(reply, "Warm-up")

    assert "Warm-up to <b>Squat</b> 100 kg:" in ramp.text
    assert "40 kg × 5 (10)" in ramp.text


def test_it_answers_warmups_in_korean_and_usage_for_bad_input(bot: BotHarness) -> None:
    (korean,) = bot.say("/warmup 스쿼트 100", user=bot.minsu)
    (usage,) = bot.say("/warmup squat")

    assert "워밍업:" in korean.text and "빈 봉" in korean.text
    assert "Usage: <code>/warmup &lt;exercise&gt; &lt;weight&gt;</code>" in usage.text


# --- RPE ------------------------------------------------------------------------------------


def test_a_logged_set_with_rpe_uses_the_rpe_chart_and_says_so(bot: BotHarness) -> None:
    (with_rpe,) = bot.say("bench 100x5 @8")
    (without,) = bot.say("squat 100x5")

    assert "e1RM 123.3 kg" in with_rpe.text
    assert "e1RM from the RPE chart (81.1% at RPE 8)" in with_rpe.text
    assert "e1RM by the Brzycki formula" in without.text


def test_reps_in_reserve_count_as_reps(bot: BotHarness) -> None:
    (reply,) = bot.say("bench 100x5 rir 2")

    assert "@8" in reply.text  # RPE 10 − 2 RIR
    assert "e1RM 123.3 kg" in reply.text
    assert "e1RM from the RPE chart (81.1% at RPE 8)" in reply.text


def test_calc_gives_the_load_for_other_reps_at_a_target_rpe(bot: BotHarness) -> None:
    (reply,) = bot.say("/calc bench 100x5 @8 → 3 @9")

    assert "e1RM 123.3 kg" in reply.text
    assert "from the RPE chart: 5 reps at RPE 8 is 81.1% of 1RM" in reply.text
    assert "<b>3 reps @9</b>: 110 kg" in reply.text


def test_calc_without_rpe_names_the_formula_and_korean_works(bot: BotHarness) -> None:
    (english,) = bot.say("/calc bench 100x5")
    (korean,) = bot.say("/calc 벤치 100x5 @8 -> 3 @9", user=bot.minsu)
    (bad,) = bot.say("/calc bench 100x5 → three")

    assert "by the Brzycki formula" in english.text
    assert "RPE 표 기준: RPE 8에서 5회는 1RM의 81.1%" in korean.text and "110 kg" in korean.text
    assert "Usage:" in bad.text


# --- the change since last time -------------------------------------------------------------


def test_a_logged_set_compares_with_the_last_session(bot: BotHarness) -> None:
    bot.say("2026-11-20 squat 100x5")
    bot.say("yesterday squat 100x5")

    (up,) = bot.say("squat 102.5x5")
    (other_reps,) = bot.say("squat 100x3")

    yesterday = (_today() - _day()).isoformat()
    assert f"▲ +2.5 kg since {yesterday}" in up.text
    assert f"e1RM ▼ −6.6 kg since {yesterday}" in other_reps.text  # 105.88 against 112.5


def test_the_change_reads_in_korean(bot: BotHarness) -> None:
    bot.say("yesterday squat 100x5", user=bot.minsu)

    (same,) = bot.say("스쿼트 100 5", user=bot.minsu)

    assert "와 같음" in same.text


# --- scores, report, calories ---------------------------------------------------------------


def test_scores_show_dots_wilks_and_gl_and_the_percentile(bot: BotHarness) -> None:
    _profile(bot, bot.alice, ALICE_ID, bodyweight="93")
    for lift in ("squat 180x1", "bench 120x1", "deadlift 220x1"):
        bot.say(lift)

    (reply,) = bot.say("/scores")

    assert "Powerlifting scores of your best e1RMs (raw, at 93 kg)" in reply.text
    assert "<b>Total</b> 520 kg: DOTS 330.9" in reply.text  # 520 × 500 / 785.9 at 93 kg
    assert "IPF GL" in reply.text and "Wilks 2020" in reply.text
    assert "above about 16% of raw lifters (93 kg class" in reply.text  # p10 315, p25 352
    # IPF GL scores the bench alone (its own parameters) and the total, no squat or deadlift
    lines = {line.split("</b>")[0].removeprefix("<b>"): line for line in reply.text.splitlines()}
    assert "IPF GL" in lines["Bench"] and "IPF GL" in lines["Total"]
    assert "IPF GL" not in lines["Squat"] and "IPF GL" not in lines["Deadlift"]


def test_scores_need_a_profile_and_a_lift(bot: BotHarness) -> None:
    (no_profile,) = bot.say("/scores")
    _profile(bot, bot.minsu, MINSU_ID)
    (no_lift,) = bot.say("/scores", user=bot.minsu)

    assert "sex and bodyweight" in no_profile.text
    assert "스쿼트, 벤치프레스, 데드리프트" in no_lift.text


def test_report_names_the_lagging_lift_with_a_chart(bot: BotHarness) -> None:
    _profile(bot, bot.alice, ALICE_ID, bodyweight="90")
    for lift in ("squat 140x5", "bench 60x5", "deadlift 180x5"):
        bot.say(lift)

    calls = bot.say("/report")

    photo = next(c for c in calls if c.method == "sendPhoto")
    text = next(c for c in calls if c.method == "sendMessage").text
    assert photo.files["photo"][0] == "report.png"  # was application.octet-stream
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    assert "Weak points: your median percentile is" in text
    assert "Lagging: Bench Press." in text
    assert "to your median" in text
    assert "Squat : deadlift 0.78 (coaches expect 0.75–0.95)" in text


def test_report_without_lifts_says_what_to_do(bot: BotHarness) -> None:
    (reply,) = bot.say("/report", user=bot.minsu)

    assert "아직 순위가 매겨진 운동이 없어요" in reply.text


def test_calories_from_the_profile_and_a_height(bot: BotHarness) -> None:
    _profile(bot, bot.alice, ALICE_ID, bodyweight="80")
    bot.say("squat 100x5")

    (reply,) = bot.say("/calories moderate 180")

    age = User.objects.get(telegram_id=ALICE_ID).age
    bmr = 10 * 80 + 6.25 * 180 - 5 * age + 5
    assert f"BMR {round(bmr)} kcal (Mifflin–St Jeor)" in reply.text
    assert f"TDEE {round(bmr * 1.55)} kcal when moderately active (×1.55)" in reply.text
    assert "Training you logged: " in reply.text and "today" in reply.text
    assert User.objects.get(telegram_id=ALICE_ID).height_cm == Decimal("180.0")


def test_calories_ask_for_what_is_missing_and_reject_bad_input(bot: BotHarness) -> None:
    (missing,) = bot.say("/calories", user=bot.minsu)
    (bad,) = bot.say("/calories lazy")

    (bad_ko,) = bot.say("/calories 게으름", user=bot.minsu)

    assert "키" in missing.text and "/calories 보통 180" in missing.text
    assert "Activity is one of sedentary, light, moderate, active, very_active" in bad.text
    assert "좌식, 가벼움, 보통, 많음, 매우많음" in bad_ko.text


@pytest.mark.parametrize(
    ("words", "factor"),
    [
        ("very active 180", "×1.9"),
        ("180 very_active", "×1.9"),
        ("lightly-active 180", "×1.375"),
        ("sedentary 180", "×1.2"),
        ("보통 180", "×1.55"),
        ("180 매우 많음", "×1.9"),
        ("가벼움 180cm", "×1.375"),
        ("활동적 180", "×1.725"),
    ],
)
def test_calories_read_the_activity_in_either_language(
    bot: BotHarness, words: str, factor: str
) -> None:
    _profile(bot, bot.alice, ALICE_ID, bodyweight="80")

    (reply,) = bot.say(f"/calories {words}")

    assert f"({factor})" in reply.text, reply.text


def _last_set_id() -> int:
    from backend.workouts.models import WorkoutSet

    return WorkoutSet.objects.order_by("-id").values_list("id", flat=True)[0]


def _today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def _day() -> Any:
    from datetime import timedelta

    return timedelta(days=1)


COACHING_KEYS = [
    key
    for key in __import__("bot.i18n", fromlist=["EN"]).EN
    if key.split("_")[0]
    in {
        "per",
        "not",
        "change",
        "method",
        "warmup",
        "plates",
        "calc",
        "lift",
        "total",
        "scores",
        "report",
        "ratio",
        "calories",
        "field",
        "activity",
        "bad",
    }
]


def test_every_coaching_reply_has_korean_words() -> None:
    from bot.i18n import EN, KO

    missing = [key for key in COACHING_KEYS if key not in KO]
    same = [
        k for k in COACHING_KEYS if k in KO and KO[k] == EN[k] and any(c.isalpha() for c in EN[k])
    ]
    assert missing == []
    # the layouts that are only numbers and HTML may stay as they are
    assert set(same) <= {
        "calories",  # "{kcal}", from before
        "calc_reps",  # "{reps}: {load}", from before
        "warmup_line",
        "warmup_plates",
        "calc_target",
        "plates_option",
        "report_lift",
        "scores_line",
        "scores_line_no_gl",
        "ratio_ok",
    }


def test_a_set_too_heavy_for_plates_this_fine_is_logged_without_a_plates_line(
    bot: BotHarness,
) -> None:
    from backend.workouts.coaching import plate_setup_save
    from backend.workouts.models import WorkoutSet

    lifter = _profile(bot, bot.alice, ALICE_ID)
    plate_setup_save(user=lifter, unit="kg", bar=Decimal(20), plate_weights=[Decimal("0.001")])

    (reply,) = bot.say("deadlift 500x1")

    assert "<b>Deadlift</b> 500 kg × 1" in reply.text
    assert "per side" not in reply.text and "can't be loaded" not in reply.text
    assert WorkoutSet.objects.filter(user=lifter).count() == 1
