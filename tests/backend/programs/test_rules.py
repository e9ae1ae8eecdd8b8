"""The progression rules against worked examples of ../shared/data/programs.md."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from backend.programs import rules
from backend.programs.rules import (
    BENCH,
    DEADLIFT,
    PRESS,
    ROW,
    SQUAT,
    SetResult,
    state_from_json,
    state_to_json,
)

D = Decimal


def to_2_5(lift: str, weight: Decimal) -> Decimal:
    """Nearest 2.5 kg (a plain stand-in for the lifter's plates)."""
    return (weight / D("2.5")).quantize(D(1), rounding=ROUND_HALF_UP) * D("2.5")


def as_prescribed(session: rules.Session) -> list[SetResult]:
    return [SetResult(s.weight_kg, s.reps) for s in session.sets]


def kg(weight: Decimal) -> str:
    """A weight as plain text: 20, 57.5."""
    return format(weight.normalize(), "f")


def table(session: rules.Session) -> list[tuple[str, str, int, bool]]:
    return [(s.lift, kg(s.weight_kg), s.reps, s.amrap) for s in session.sets]


MAXES = {SQUAT: D(140), BENCH: D(100), DEADLIFT: D(180), PRESS: D(60)}


# --- 5/3/1 ----------------------------------------------------------------------------------


def test_it_sets_the_training_max_at_90_percent_and_prescribes_week_1() -> None:
    program = rules.Wendler531()
    state = program.start(maxes=MAXES, unit="kg", round_load=to_2_5)
    assert state.training_max[BENCH] == D(90)
    session = program.session(replace_index(state, 1), round_load=to_2_5)
    # TM 90: 65% 58.5 → 57.5, 75% 67.5, 85% 76.5 → 77.5 (5+)
    assert table(session) == [
        (BENCH, "57.5", 5, False),
        (BENCH, "67.5", 5, False),
        (BENCH, "77.5", 5, True),
    ]


def replace_index(state: rules.WendlerState, index: int) -> rules.WendlerState:
    from dataclasses import replace

    return replace(state, lift_index=index)


def test_it_runs_a_full_cycle_and_raises_each_training_max() -> None:
    # given 5/3/1 with Boring But Big at 50%
    program = rules.Wendler531(bbb_percent=50)
    state = program.start(maxes=MAXES, unit="kg", round_load=to_2_5)
    seen = []
    # when every session of the four weeks is done as prescribed
    for _ in range(16):
        session = program.session(state, round_load=to_2_5)
        seen.append((session.week, session.sets[0].lift, [s.reps for s in session.sets[:3]]))
        advance = program.advance(state, as_prescribed(session), round_load=to_2_5)
        state = advance.state
    # then the weeks went 5/5/5+, 3/3/3+, 5/3/1+, deload, with BBB 5 × 10 after the main sets
    assert [reps for week, lift, reps in seen if lift == SQUAT] == [
        [5, 5, 5],
        [3, 3, 3],
        [5, 3, 1],
        [5, 5, 5],
    ]
    assert advance.cycle_done
    # and the TMs grew by 5 kg (squat, deadlift) and 2.5 kg (bench, press)
    assert state.training_max == {
        SQUAT: D(131),
        BENCH: D("92.5"),
        DEADLIFT: D(167),
        PRESS: D("56.5"),
    }
    assert (state.week, state.lift_index, state.cycle) == (1, 0, 2)


def test_it_prescribes_bbb_and_the_deload_week() -> None:
    program = rules.Wendler531(bbb_percent=50)
    state = program.start(maxes={**MAXES, SQUAT: D(100)}, unit="kg", round_load=to_2_5)
    from dataclasses import replace

    session = program.session(replace(state, week=4), round_load=to_2_5)
    # TM 90: 40% 36 → 35, 50% 45, 60% 54 → 55, none AMRAP; BBB 5 × 10 at 45
    assert table(session)[:3] == [
        (SQUAT, "35", 5, False),
        (SQUAT, "45", 5, False),
        (SQUAT, "55", 5, False),
    ]
    assert [(s.part, kg(s.weight_kg), s.reps) for s in session.sets[3:]] == [("bbb", "45", 10)] * 5


def test_it_resets_the_training_max_from_a_missed_amrap() -> None:
    # given bench TM 90, and in week 2 its 3+ set made for 2 reps only
    program = rules.Wendler531()
    state = program.start(maxes=MAXES, unit="kg", round_load=to_2_5)
    for _ in range(16):
        session = program.session(state, round_load=to_2_5)
        results = as_prescribed(session)
        if session.week == 2 and session.sets[0].lift == BENCH:
            # the 3+ set at 80 kg (90% of TM 90 = 81 → 80) done for 2 only
            results[-1] = SetResult(results[-1].weight_kg, 2)
        state = program.advance(state, results, round_load=to_2_5).state
    # then bench's TM is 90% of that AMRAP's e1RM (80 × 2: 82.29) = 74.06, not 92.5
    assert state.training_max[BENCH] == D("74.06")
    assert state.training_max[SQUAT] == D(131)


def test_it_adds_10_lb_and_5_lb_for_a_lifter_in_pounds() -> None:
    program = rules.Wendler531()
    state = program.start(maxes=MAXES, unit="lb", round_load=to_2_5)
    for _ in range(16):
        session = program.session(state, round_load=to_2_5)
        state = program.advance(state, as_prescribed(session), round_load=to_2_5).state
    assert state.training_max[SQUAT] == D(126) + D("4.5359")
    assert state.training_max[BENCH] == D(90) + D("2.2680")


# --- StrongLifts ----------------------------------------------------------------------------


def test_it_starts_stronglifts_at_the_empty_bar_or_half_the_5rm() -> None:
    program = rules.StrongLifts5x5()
    state = program.start(maxes={SQUAT: D(100)}, unit="kg", round_load=to_2_5)
    # 5RM of a 100 kg 1RM is 87.5 (Brzycki); half of it 43.75 → 45; no row max → bar
    assert state.weight[SQUAT] == D(45)
    assert state.weight[ROW] == D(20)


def test_it_adds_weight_after_each_successful_stronglifts_session() -> None:
    program = rules.StrongLifts5x5()
    state = program.start(maxes={}, unit="kg", round_load=to_2_5)
    session_a = program.session(state, round_load=to_2_5)
    assert table(session_a)[:1] == [(SQUAT, "20", 5, False)]
    assert len(session_a.sets) == 15
    state = program.advance(state, as_prescribed(session_a), round_load=to_2_5).state
    session_b = program.session(state, round_load=to_2_5)
    assert session_b.label == "B"
    assert [s.lift for s in session_b.sets].count(DEADLIFT) == 1
    state = program.advance(state, as_prescribed(session_b), round_load=to_2_5).state
    # squat twice +2.5, bench and press once +2.5, deadlift once +5
    assert state.weight == {
        SQUAT: D(25),
        BENCH: D("22.5"),
        ROW: D("22.5"),
        PRESS: D("22.5"),
        DEADLIFT: D(25),
    }


def test_it_deloads_a_stronglifts_lift_by_10_percent_after_three_failed_sessions() -> None:
    # given a squat of 100 kg failed (5 5 5 4 3) three sessions in a row
    program = rules.StrongLifts5x5()
    from dataclasses import replace

    state = program.start(maxes={}, unit="kg", round_load=to_2_5)
    state = replace(state, weight={**state.weight, SQUAT: D(100)})
    kinds = []
    for _ in range(3):
        session = program.session(state, round_load=to_2_5)
        results = [
            SetResult(s.weight_kg, 4 if s.lift == SQUAT and i in (3, 4) else s.reps)
            for i, s in enumerate(session.sets)
        ]
        advance = program.advance(state, results, round_load=to_2_5)
        kinds.append(next(c.kind for c in advance.changes if c.lift == SQUAT))
        state = advance.state
    # then it repeated twice and deloaded to 90 kg the third time
    assert kinds == ["repeat", "repeat", "deload"]
    assert state.weight[SQUAT] == D(90)
    assert state.failures[SQUAT] == 0


def test_a_success_between_failures_starts_the_count_again() -> None:
    program = rules.StrongLifts5x5()
    state = program.start(maxes={}, unit="kg", round_load=to_2_5)
    session = program.session(state, round_load=to_2_5)
    failed = [SetResult(s.weight_kg, 3) for s in session.sets]
    state = program.advance(state, failed, round_load=to_2_5).state
    assert state.failures[SQUAT] == 1
    session = program.session(state, round_load=to_2_5)
    state = program.advance(state, as_prescribed(session), round_load=to_2_5).state
    assert state.failures[SQUAT] == 0


# --- Starting Strength ----------------------------------------------------------------------


def test_starting_strength_repeats_a_missed_weight_and_adds_after_success() -> None:
    program = rules.StartingStrength()
    state = program.start(maxes={SQUAT: D(100), PRESS: D(50)}, unit="kg", round_load=to_2_5)
    session = program.session(state, round_load=to_2_5)
    # A: squat 3×5, press 3×5, deadlift 1×5; squat at 80% of the 87.5 5RM = 70
    assert [(s.lift, s.reps) for s in session.sets] == [(SQUAT, 5)] * 3 + [(PRESS, 5)] * 3 + [
        (DEADLIFT, 5)
    ]
    assert session.sets[0].weight_kg == D(70)
    results = as_prescribed(session)
    results[3] = SetResult(results[3].weight_kg, 4)  # a press set missed
    advance = program.advance(state, results, round_load=to_2_5)
    kinds = {c.lift: (c.kind, kg(c.after_kg)) for c in advance.changes}
    assert kinds == {
        SQUAT: ("increase", "75"),
        PRESS: ("repeat", "35"),
        DEADLIFT: ("increase", "25"),
    }
    session_b = program.session(advance.state, round_load=to_2_5)
    assert [s.lift for s in session_b.sets][-5:] == [rules.POWER_CLEAN] * 5
    assert session_b.sets[-1].reps == 3


# --- GZCLP ----------------------------------------------------------------------------------


def gzclp_start() -> tuple[rules.Gzclp, rules.GzclpState]:
    program = rules.Gzclp()
    return program, program.start(maxes=MAXES, unit="kg", round_load=to_2_5)


def test_gzclp_day_one_is_t1_squat_t2_bench_and_t3() -> None:
    program, state = gzclp_start()
    session = program.session(state, round_load=to_2_5)
    # squat 5RM 122.5: T1 85% = 104.1 → 105; bench 5RM 87.5: T2 65% = 56.9 → 57.5
    assert [(s.part, s.lift, kg(s.weight_kg), s.reps, s.amrap) for s in session.sets[:8]] == [
        ("t1", SQUAT, "105", 3, False),
        ("t1", SQUAT, "105", 3, False),
        ("t1", SQUAT, "105", 3, False),
        ("t1", SQUAT, "105", 3, False),
        ("t1", SQUAT, "105", 3, True),
        ("t2", BENCH, "57.5", 10, False),
        ("t2", BENCH, "57.5", 10, False),
        ("t2", BENCH, "57.5", 10, False),
    ]
    assert [(s.part, s.reps, s.amrap) for s in session.sets[8:]] == [
        ("t3", 15, False),
        ("t3", 15, False),
        ("t3", 15, True),
    ]


def run_day(program: rules.Gzclp, state: rules.GzclpState, fail: str = "") -> rules.Advance:
    session = program.session(state, round_load=to_2_5)
    results = [
        SetResult(
            s.weight_kg, s.reps - 1 if s.part == fail and i == len(session.sets) - 1 else s.reps
        )
        if s.part != fail
        else SetResult(s.weight_kg, s.reps - 1)
        for i, s in enumerate(session.sets)
    ]
    return program.advance(state, results, round_load=to_2_5)


def test_gzclp_t1_steps_down_then_tests_a_new_5rm() -> None:
    # given T1 squat failing at 5×3+, 6×2+ and 10×1+ (each on day 1, four days apart)
    program, state = gzclp_start()
    stages = []
    for _ in range(3):
        advance = run_day(program, state, fail="t1")
        stages.append(next(c.stage for c in advance.changes if c.part == "t1"))
        state = advance.state
        for _ in range(3):  # days 2–4 as prescribed
            state = run_day(program, state).state
    # then 6×2+, 10×1+, then a 5RM test session
    assert stages == ["6×2+", "10×1+", "test"]
    session = program.session(state, round_load=to_2_5)
    assert [(s.part, s.reps, s.amrap) for s in session.sets[:1]] == [("test", 5, True)]
    # when the lifter works up to 115 kg × 5
    results = as_prescribed(session)
    results[0] = SetResult(D(115), 5)
    state = program.advance(state, results, round_load=to_2_5).state
    # then T1 squat restarts at 5×3+ at 85% of 115 (97.75 → 97.5)
    assert state.t1[SQUAT] == rules.TierState(D("97.5"), 0)


def test_gzclp_t1_success_adds_5_kg_lower_and_2_5_kg_upper_body() -> None:
    program, state = gzclp_start()
    state = run_day(program, state).state
    state = run_day(program, state).state
    assert state.t1[SQUAT].weight == D(110)
    # press 5RM 53.33: T1 85% = 45.3 → 45, plus 2.5
    assert state.t1[PRESS].weight == D("47.5")


def test_gzclp_t2_steps_down_then_resets_above_the_last_3x10() -> None:
    program, state = gzclp_start()
    seen = []
    for _ in range(3):
        advance = run_day(program, state, fail="t2")
        change = next(c for c in advance.changes if c.part == "t2")
        seen.append((change.kind, change.stage, kg(change.after_kg)))
        state = advance.state
        for _ in range(3):
            state = run_day(program, state).state
    # bench T2 (day 1 only) 57.5 at 3×10 fails → 3×8 → 3×6 → 3×10 at the last 3×10 + 5 kg
    assert seen == [
        ("stage", "3×8", "57.5"),
        ("stage", "3×6", "57.5"),
        ("reset", "3×10", "62.5"),
    ]


def test_gzclp_t3_adds_weight_at_25_reps_on_the_last_set() -> None:
    program, state = gzclp_start()
    session = program.session(state, round_load=to_2_5)
    results = as_prescribed(session)
    advance = program.advance(state, results, round_load=to_2_5)
    assert next(c.kind for c in advance.changes if c.part == "t3") == "repeat"
    results[-1] = SetResult(results[-1].weight_kg, 25)
    advance = program.advance(state, results, round_load=to_2_5)
    assert next(c.kind for c in advance.changes if c.part == "t3") == "increase"


# --- states as JSON -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(rules.PROGRAMS))
def test_every_state_round_trips_through_json(slug: str) -> None:
    import json

    program = rules.program_get(slug)
    state = program.start(maxes=MAXES, unit="kg", round_load=to_2_5)
    session = program.session(state, round_load=to_2_5)
    state = program.advance(state, as_prescribed(session), round_load=to_2_5).state
    data = json.loads(json.dumps(state_to_json(state)))
    assert state_from_json(slug, data) == state


def test_a_wrong_number_of_results_is_refused() -> None:
    program = rules.StrongLifts5x5()
    state = program.start(maxes={}, unit="kg", round_load=to_2_5)
    with pytest.raises(ValueError, match="15 results expected"):
        program.advance(state, [], round_load=to_2_5)
