"""The lifter's program in the database: start, /today with plates, done, logging, timers."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.accounts.models import User
from backend.programs import services
from backend.programs.models import RestTimer
from backend.workouts import coaching
from backend.workouts import services as workouts
from backend.workouts.models import Exercise, WorkoutSet

pytestmark = pytest.mark.django_db

D = Decimal


def log(user: User, slug: str, weight: str, reps: int, **extra: object) -> list[WorkoutSet]:
    exercise = Exercise.objects.get(slug=slug)
    result = workouts.log_sets(
        user=user,
        sets=[workouts.SetInput(exercise=exercise, weight_kg=D(weight), reps=reps, **extra)],  # type: ignore[arg-type]
    )
    return result.sets


def test_it_starts_531_from_the_lifters_e1rms(alice: User) -> None:
    # given Alice's e1RMs: squat 140 x1, bench 100 x1, deadlift 180 x1, press 60 x1
    for slug, weight in (
        ("squat", "140"),
        ("bench-press", "100"),
        ("deadlift", "180"),
        ("shoulder-press", "60"),
    ):
        log(alice, slug, weight, 1)
    # when she starts 5/3/1
    services.program_start(user=alice, program="531")
    today = services.today_get(user=alice)
    # then the first session is squat at 65/75/85% of TM 126, rounded to her plates
    assert today is not None
    assert [(s.lift, s.weight_kg, s.reps, s.amrap) for s in today.sets] == [
        ("squat", D("82.50"), 5, False),
        ("squat", D("95.00"), 5, False),
        ("squat", D("107.50"), 5, True),
    ]
    # and each set says its plates per side (20 kg bar)
    assert today.sets[0].plates_per_side == (D(25), D(5), D("1.25"))


def test_today_loads_the_lifters_own_bar_and_plates(alice: User) -> None:
    # given Alice trains with a 15 kg bar and only 20, 10 and 2.5 kg plates (/plates)
    coaching.plate_setup_save(
        user=alice, unit="kg", bar=D(15), plate_weights=[D(20), D(10), D("2.5")]
    )
    log(alice, "squat", "140", 1)
    log(alice, "bench-press", "100", 1)
    log(alice, "deadlift", "180", 1)
    log(alice, "shoulder-press", "60", 1)
    # when she starts 5/3/1
    services.program_start(user=alice, program="531")
    today = services.today_get(user=alice)
    # then 82 kg (65% of TM 126) rounds to what her bar and plates make: 15 + 2 × 33.75 is not
    # loadable, 15 + 2 × 32.5 = 80 or 15 + 2 × 35 = 85; and the plates per side are hers
    assert today is not None
    first = today.sets[0]
    assert first.weight_kg in (D("80.00"), D("85.00"))
    assert sum(first.plates_per_side) * 2 + 15 == first.weight_kg
    assert set(first.plates_per_side) <= {D(20), D(10), D("2.5")}


def test_it_asks_for_the_maxes_it_lacks(alice: User) -> None:
    log(alice, "squat", "140", 1)
    with pytest.raises(services.MissingMaxes) as raised:
        services.program_start(user=alice, program="gzclp")
    assert raised.value.lifts == ("bench-press", "deadlift", "shoulder-press")
    services.program_start(
        user=alice,
        program="gzclp",
        maxes={"bench-press": D(100), "deadlift": D(180), "shoulder-press": D(60)},
    )
    assert services.enrollment_get(user=alice) is not None


def test_done_logs_the_session_and_advances_stronglifts(alice: User) -> None:
    services.program_start(user=alice, program="stronglifts")
    # when Alice says "done" for workout A
    progress = services.session_done(user=alice, key="t:1")
    # then 15 sets are logged at the empty bar and the next session is B at 22.5 squat
    assert progress.completed
    assert WorkoutSet.objects.filter(user=alice).count() == 15
    assert progress.today.label == "B"
    assert progress.today.sets[0].weight_kg == D("22.50")
    # and a replay of the same message logs nothing twice
    again = services.session_done(user=alice, key="t:1")
    assert not again.completed
    assert WorkoutSet.objects.filter(user=alice).count() == 15


def test_done_with_reps_fills_the_next_sets_and_a_miss_repeats(alice: User) -> None:
    services.program_start(user=alice, program="stronglifts")
    first = services.session_done(user=alice, reps=[5, 5, 5, 4, 3], key="t:2")
    assert (first.filled, first.completed) == (5, False)
    assert first.today.next_set is not None and first.today.next_set.lift == "bench-press"
    done = services.session_done(user=alice, key="t:3")
    assert done.completed
    squat = next(c for c in done.changes if c.lift == "squat")
    assert (squat.kind, squat.after_kg) == ("repeat", D("20.00"))


def test_done_with_too_many_numbers_is_refused(alice: User) -> None:
    services.program_start(
        user=alice,
        program="531",
        maxes={"squat": D(100), "bench-press": D(80), "deadlift": D(120), "shoulder-press": D(50)},
    )
    with pytest.raises(services.ProgramError) as raised:
        services.session_done(user=alice, reps=[5, 5, 5, 5], key="t:4")
    assert raised.value.code == "too_many_reps"
    assert WorkoutSet.objects.filter(user=alice).count() == 0


def test_sets_logged_the_usual_way_fill_the_session(alice: User) -> None:
    services.program_start(
        user=alice,
        program="531",
        maxes={"squat": D(100), "bench-press": D(80), "deadlift": D(120), "shoulder-press": D(50)},
    )
    # warm-ups, lighter than the first work set (57.5), are not counted
    assert services.sets_logged(user=alice, sets=log(alice, "squat", "20", 10)) is None
    assert services.sets_logged(user=alice, sets=log(alice, "squat", "40", 5)) is None
    progress = None
    for weight, reps in (("57.5", 5), ("67.5", 5), ("77.5", 9)):
        progress = services.sets_logged(user=alice, sets=log(alice, "squat", weight, reps))
    assert progress is not None and progress.completed
    assert progress.today.sets[0].lift == "bench-press"
    # a bench set logged now is counted towards the bench session; a curl is not
    assert services.sets_logged(user=alice, sets=log(alice, "barbell-curl", "30", 10)) is None


def test_a_rest_timer_ticks_once_per_step_and_finishes_once(alice: User) -> None:
    start = datetime(2026, 12, 1, 18, 0, tzinfo=ZoneInfo("UTC"))
    with time_machine.travel(start, tick=False) as clock:
        timer = services.rest_timer_start(user=alice, chat_id=1, seconds=90, language="en")
        clock.shift(5)
        assert services.rest_timer_tick(timer_id=timer.pk).action == "none"  # still 1:30
        clock.shift(15)
        tick = services.rest_timer_tick(timer_id=timer.pk)
        assert (tick.action, tick.remaining) == ("edit", 75)
        assert tick.next_at == start + timedelta(seconds=30)
        # the same step again (a duplicate task, another worker) edits nothing
        assert services.rest_timer_tick(timer_id=timer.pk).action == "none"
        assert services.rest_timers_due() == []
        clock.shift(75)
        assert services.rest_timers_due() == [timer.pk]
        assert services.rest_timer_tick(timer_id=timer.pk).action == "finish"
        assert services.rest_timer_tick(timer_id=timer.pk).action == "none"
        assert RestTimer.objects.get(pk=timer.pk).finished_at is not None


@pytest.mark.parametrize(("seconds", "first_step"), [(45, 15), (90, 15), (100, 10), (30, 15)])
def test_the_first_tick_is_queued_for_the_first_step(
    alice: User, seconds: int, first_step: int
) -> None:
    # a tick queued for the start would find 0:45 still shown and end the chain there
    timer = services.rest_timer_start(user=alice, chat_id=1, seconds=seconds, language="en")
    at = services.rest_timer_next_step_at(timer)
    assert at == timer.started_at + timedelta(seconds=first_step)
    assert services.rest_timer_tick(timer_id=timer.pk, now=at - timedelta(seconds=2)).action == (
        "none"
    )
    assert services.rest_timer_tick(timer_id=timer.pk, now=at).action == "edit"


def test_rest_defaults_by_lift() -> None:
    assert services.rest_seconds_for(slug="squat") == 180
    assert services.rest_seconds_for(slug="barbell-curl") == 90
