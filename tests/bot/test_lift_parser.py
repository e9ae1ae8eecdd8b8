from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.lift_parser import ExerciseRef, ParsedLift, ParsedSet, ParseError, parse_lift

TODAY = date(2026, 11, 28)
BENCH = ExerciseRef("bench-press", "Bench Press")
SQUAT = ExerciseRef("squat", "Squat")
DEADLIFT = ExerciseRef("deadlift", "Deadlift")
OHP = ExerciseRef("shoulder-press", "Shoulder Press")
INCLINE = ExerciseRef("incline-bench-press", "Incline Bench Press")
RDL = ExerciseRef("romanian-deadlift", "Romanian Deadlift")
DIPS = ExerciseRef("dips", "Dips", is_bodyweight=True)
PULLUPS = ExerciseRef("pull-ups", "Pull-ups", is_bodyweight=True)
ALIASES = {
    "bench": BENCH,
    "benchpress": BENCH,
    "벤치": BENCH,
    "squat": SQUAT,
    "스쿼트": SQUAT,
    "deadlift": DEADLIFT,
    "데드리프트": DEADLIFT,
    "ohp": OHP,
    "inclinebench": INCLINE,
    "incline": INCLINE,
    "romaniandeadlift": RDL,
    "dips": DIPS,
    "pullups": PULLUPS,
}


def resolve(name: str) -> ExerciseRef | None:
    return ALIASES.get(name.replace(" ", ""))


def parse(text: str, unit: str = "kg") -> ParsedLift | ParseError:
    return parse_lift(text, resolve_exercise=resolve, today=TODAY, default_unit=unit)  # type: ignore[arg-type]


def sets_of(text: str) -> list[tuple[str, int, str | None]]:
    result = parse(text)
    assert isinstance(result, ParsedLift), result
    return [(str(s.weight_kg), s.reps, None if s.rpe is None else str(s.rpe)) for s in result.sets]


def error_of(text: str) -> str:
    result = parse(text)
    assert isinstance(result, ParseError), result
    return result.code


def test_it_reads_weight_x_reps() -> None:
    assert parse("bench 100x5") == ParsedLift(
        exercise=BENCH,
        sets=(ParsedSet(Decimal("100.00"), 5, None),),
        unit="kg",
        exercise_text="bench",
    )


def test_it_reads_sets_and_rpe() -> None:
    assert sets_of("bench 100x5x3 @8") == [("100.00", 5, "8")] * 3


def test_it_converts_pounds_and_keeps_the_typed_unit() -> None:
    result = parse("squat 225lb 5")
    assert isinstance(result, ParsedLift)
    assert (result.unit, result.sets[0].weight_kg) == ("lb", Decimal("102.06"))


def test_it_uses_the_lifters_default_unit() -> None:
    result = parse("squat 225x5", unit="lb")
    assert isinstance(result, ParsedLift)
    assert (result.unit, result.sets[0].weight_kg) == ("lb", Decimal("102.06"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deadlift 180kg 1", [("180.00", 1, None)]),
        ("ohp 60 5 5 4", [("60.00", 5, None), ("60.00", 5, None), ("60.00", 4, None)]),
        ("ohp 60x5,5,4", [("60.00", 5, None), ("60.00", 5, None), ("60.00", 4, None)]),
        ("bench 100x5 105x3", [("100.00", 5, None), ("105.00", 3, None)]),
        ("bench 100 5x2", [("100.00", 5, None), ("100.00", 5, None)]),
        ("dips +20x8", [("20.00", 8, None)]),
        ("pullups -15x6", [("-15.00", 6, None)]),
        ("pullups 10", [("0.00", 10, None)]),
        ("pullups bw x10", [("0.00", 10, None)]),
        ("bench 37,5x5", [("37.50", 5, None)]),
        ("bench 37.5 x 5 rpe 7.5", [("37.50", 5, "7.5")]),
        ("BENCH 100×5", [("100.00", 5, None)]),
        ("스쿼트 100 5", [("100.00", 5, None)]),
        ("스쿼트100 5", [("100.00", 5, None)]),
        ("스쿼트 100kg 5회 3세트", [("100.00", 5, None)] * 3),
        ("bench 100 x 5 lb", [("45.36", 5, None)]),
        ("incline bench 60x8", [("60.00", 8, None)]),
        ("romanian deadlift 100x8", [("100.00", 8, None)]),
    ],
)
def test_it_reads_the_grammar(text: str, expected: list[tuple[str, int, str | None]]) -> None:
    assert sets_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bench press 3x5 100kg", [("100.00", 5, None)] * 3),
        ("ohp 3x8 40kg", [("40.00", 8, None)] * 3),
        ("스쿼트 5x5 100kg", [("100.00", 5, None)] * 5),
        ("bench 5x5 @ 120kg", [("120.00", 5, None)] * 5),
        ("bench 5x5 @120", [("120.00", 5, None)] * 5),
        ("bench 3 sets of 8 at 60kg", [("60.00", 8, None)] * 3),
        ("bench 3 sets of 8 reps at 60 kg", [("60.00", 8, None)] * 3),
        ("squat 3 sets x 5 reps 100kg", [("100.00", 5, None)] * 3),
        ("squat 3x10 at 60", [("60.00", 10, None)] * 3),
        ("squat 5x5 100", [("100.00", 5, None)] * 5),
        ("bench 3x5 100kg @8", [("100.00", 5, "8")] * 3),
        # reps in reserve read as RPE 10 − RIR
        ("bench 100x5 rir 2", [("100.00", 5, "8")]),
        ("bench 100x5 @rir1.5", [("100.00", 5, "8.5")]),
        ("bench 100x5x2 2rir", [("100.00", 5, "8")] * 2),
        # the reps before `rir N` are reps, not the RIR (`5 rir 2` was RPE 5 × 2 reps)
        ("bench 100 5 rir 2", [("100.00", 5, "8")]),
        ("벤치 100 5 rir 2", [("100.00", 5, "8")]),
        ("bench 100kg 5 reps rir 1", [("100.00", 5, "9")]),
        ("bench 100 5 2 rir", [("100.00", 5, "8")]),
        ("dips 3x10 +20kg", [("20.00", 10, None)] * 3),
        ("스쿼트 3세트 5회 100kg", [("100.00", 5, None)] * 3),
        ("bench 3 sets 100x5", [("100.00", 5, None)] * 3),
        ("squat 60kg 3 sets of 10", [("60.00", 10, None)] * 3),
    ],
)
def test_it_reads_sets_first(text: str, expected: list[tuple[str, int, str | None]]) -> None:
    assert sets_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("deadlift 180kg for 5", [("180.00", 5, None)]),
        ("bench 100 for 5 reps", [("100.00", 5, None)]),
        ("Bench: 100kg x 5", [("100.00", 5, None)]),
        ("bench 100kg×5", [("100.00", 5, None)]),
        ("bench 100 kg * 5", [("100.00", 5, None)]),
        ("bench 100 kilos x 5", [("100.00", 5, None)]),
        ("bench 225 pounds x 5", [("102.06", 5, None)]),
        ("스쿼트 100 5개", [("100.00", 5, None)]),
        ("벤치 100kg 5회 3세트", [("100.00", 5, None)] * 3),
        ("pullups 10개", [("0.00", 10, None)]),
        ("pullups 10개 3세트", [("0.00", 10, None)] * 3),
        # read as typed; the plausibility rules ask about these
        ("bench 5x100", [("5.00", 100, None)]),
        ("squat 0x5", [("0.00", 5, None)]),
        # a weight after a full set starts a new set, not sets × reps
        ("bench 100x5 105kg x3", [("100.00", 5, None), ("105.00", 3, None)]),
        # the set count named after `x N`
        ("bench 100kg x 5 x 3 sets", [("100.00", 5, None)] * 3),
        ("벤치 100 x 5 x 3세트", [("100.00", 5, None)] * 3),
        ("ohp 60 x 8 @ 2 rir", [("60.00", 8, "8")]),
        # bodyweight plus a load: the load is what is added
        ("pullups bw+20 5", [("20.00", 5, None)]),
        ("dips bw + 10kg x 8", [("10.00", 8, None)]),
        ("pullups bw+10 x 5 x 3", [("10.00", 5, None)] * 3),
        # the exercise named after the numbers
        ("100x5 bench", [("100.00", 5, None)]),
        ("3x5 100kg squat", [("100.00", 5, None)] * 3),
        ("5x5 @ 120kg bench press", [("120.00", 5, None)] * 5),
        ("100 5 스쿼트", [("100.00", 5, None)]),
        ("100x5 @8 bench", [("100.00", 5, "8")]),
    ],
)
def test_it_reads_the_other_phrasings(
    text: str, expected: list[tuple[str, int, str | None]]
) -> None:
    assert sets_of(text) == expected


def test_it_tells_whether_the_unit_was_typed() -> None:
    typed, default = parse("bench 3x5 100kg"), parse("bench 100x5")
    assert isinstance(typed, ParsedLift) and isinstance(default, ParsedLift)
    assert (typed.unit_typed, default.unit_typed) == (True, False)


def test_it_resolves_the_longest_alias() -> None:
    result = parse("incline bench 60x8")
    assert isinstance(result, ParsedLift)
    assert (result.exercise, result.exercise_text) == (INCLINE, "incline bench")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday squat 100x5", date(2026, 11, 27)),
        ("어제 스쿼트 100 5", date(2026, 11, 27)),
        ("그저께 스쿼트 100 5", date(2026, 11, 26)),
        ("2026-11-20 bench 90x8", date(2026, 11, 20)),
        ("bench 90x8 2026-11-20", date(2026, 11, 20)),
        ("bench 90x8", None),
    ],
)
def test_it_reads_the_date(text: str, expected: date | None) -> None:
    result = parse(text)
    assert isinstance(result, ParsedLift)
    assert result.performed_on == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("hello there", "no_numbers"),
        ("100x5", "no_exercise"),
        ("100x5 kg", "no_exercise"),
        ("3x5 100kg squat please", "unexpected"),
        ("5 reps bench", "no_weight"),
        ("plank 60s", "timed"),
        ("plank 1 min", "timed"),
        ("60s plank", "timed"),
        ("런닝머신 30분", "timed"),
        ("treadmill 20 minutes", "timed"),
        ("plank 90 sec", "timed"),
        ("curlz 20x10", "unknown_exercise"),
        ("bench 100", "no_reps"),
        ("bench 100x0", "bad_reps"),
        ("bench 100x101", "bad_reps"),
        ("bench 100x5.5", "bad_reps"),
        ("bench 1001x1", "bad_weight"),
        ("bench -20x5", "bad_weight"),
        ("dips 301x5", "bad_added_weight"),
        ("pullups -201x5", "bad_added_weight"),
        ("bench 100x5 @11", "bad_rpe"),
        ("bench 100x5 @7.3", "bad_rpe"),
        ("bench 100x5 @0.5", "bad_rpe"),
        ("bench 100x5 @8 @9", "two_rpe"),
        ("bench 100x5 @8 rir 2", "two_rpe"),
        ("bench 100x5 rir 12", "bad_rpe"),
        ("bench 100x5x21", "too_many_sets"),
        ("bench 100x5x10 100x5x11", "too_many_sets"),
        ("bench 100.123x5", "precise_weight"),
        ("2026-11-29 bench 100x5", "future_date"),
        ("2026-02-30 bench 100x5", "bad_date"),
        ("bench 100kg x5 200lb x3", "mixed_units"),
        ("bench 100x5 please", "unexpected"),
        ("bench 100x5 @ 12", "bad_rpe"),
        ("bench 100x5 60kg", "no_reps"),
        ("bench 5x5x100kg", "too_many_sets"),
        ("squat 5개", "no_weight"),
        ("bench " + "1" * 300, "too_long"),
    ],
)
def test_it_explains_bad_input(text: str, code: str) -> None:
    assert error_of(text) == code


def test_it_gives_an_example_with_every_error() -> None:
    result = parse("bench 100")
    assert isinstance(result, ParseError)
    assert result.example == "bench 100x5"  # the name as the lifter wrote it
    typed = parse("Bench Press 100")
    assert isinstance(typed, ParseError) and typed.example == "bench press 100x5"


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=120))
def test_it_never_raises_on_any_text(text: str) -> None:
    result = parse(text)
    assert isinstance(result, ParsedLift | ParseError)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["bench", "squat", "스쿼트", "dips", "ohp", "yesterday bench"]),
    st.lists(
        st.one_of(
            st.from_regex(r"[+-]?\d{1,4}([.,]\d{1,3})?(kg|lb)?(x\d{1,3}){0,2}", fullmatch=True),
            st.sampled_from(["@8", "@ 9.5", "rpe 7", "5회", "3세트", "x", "lb", ",", "bw"]),
        ),
        max_size=6,
    ),
)
def test_it_never_raises_on_lift_like_text(name: str, parts: list[str]) -> None:
    result = parse(" ".join([name, *parts]))
    if isinstance(result, ParsedLift):
        assert 1 <= len(result.sets) <= 20
        assert all(1 <= s.reps <= 100 for s in result.sets)
    else:
        assert result.code


@pytest.mark.parametrize(
    ("text", "other"),
    [
        ("pullups 3x8", [("0", 8, None)] * 3),
        ("pullups +3x8", []),
        ("pullups -15x6", []),
        ("pullups 3x8kg", []),
        ("pullups 1x10", []),
        ("bench 3x8", []),
    ],
)
def test_it_offers_sets_times_reps_for_an_unsigned_bodyweight_pair(
    text: str, other: list[tuple[str, int, str | None]]
) -> None:
    result = parse(text)
    assert isinstance(result, ParsedLift)
    assert [(str(s.weight_kg), s.reps, s.rpe) for s in result.other_reading] == other


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bench " + "1" * 200, ParseError("too_long", {"limit": "200"}, "bench 100x5")),
        # 200 characters that NFKC widens past the limit (each ㎏ reads kg)
        ("bench 1 " + "㎏" * 192, ParseError("too_long", {"limit": "200"}, "bench 100x5")),
        ("deadlift 2000000 1", ParseError("bad_weight", {"high": "1000"}, "deadlift 180kg 1")),
        (
            "2026-13-45 bench 90x8",
            ParseError("bad_date", {"date": "2026-13-45"}, "2026-11-20 bench 90x8"),
        ),
        ("bench 100x500", ParseError("bad_reps", {"low": "1", "high": "100"}, "bench 100x5")),
        ("bench foo bar 100x5", ParseError("unexpected", {"text": "foo bar"}, "bench 100x5")),
        ("bench 100x5 @11", ParseError("bad_rpe", {}, "bench 100x5 @8.5")),
        ("squat 225lb 100kg 5", ParseError("mixed_units", {}, "squat 225lb 5")),
    ],
)
def test_it_explains_each_error_with_its_values_and_an_example(
    text: str, expected: ParseError
) -> None:
    # the reply is built from all three: the code's usage line, the values it names, an example
    assert parse(text) == expected


@pytest.mark.parametrize(
    "text", ["warm up bench 60x5", "bench 60x5 warm up", "Warm Up bench 60x5", "warmup bench 60x5"]
)
def test_it_reads_warm_up_as_two_words(text: str) -> None:
    # `warm up squat 60x5` was read as a new exercise "Warm Up Bench"
    parsed = parse(text)

    assert isinstance(parsed, ParsedLift)
    assert (parsed.exercise.slug, parsed.warmup) == ("bench-press", True)
    assert [(s.weight_kg, s.reps) for s in parsed.sets] == [(Decimal("60.00"), 5)]
