"""`display`: one rule per quantity, and the calculator's JS rules agree with it case by case."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from backend.workouts import display
from ml.dataset import LEVELS

HERE = Path(__file__).resolve().parent
CASES_PATH = HERE / "fixtures" / "display_cases.json"
LIFTING_JS = HERE.parents[2] / "admin_react" / "calculator" / "lifting.js"
CASES: list[dict[str, Any]] = json.loads(CASES_PATH.read_text(encoding="utf-8"))["cases"]


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['function']}{tuple(case['args'])}"


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_it_reads_each_case_as_the_table_says(case: dict[str, Any]) -> None:
    function = getattr(display, case["function"])

    assert str(function(*case["args"])) == case["expected"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_it_reads_every_case_the_same_in_the_calculator() -> None:
    # when the calculator's JS rules run on the same table
    output = subprocess.run(
        ["node", str(HERE / "display_check.mjs"), str(LIFTING_JS), str(CASES_PATH)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout

    # then each answer is the one Python gives
    actual = [(row["function"], row["actual"]) for row in json.loads(output)]
    assert actual == [(case["function"], case["expected"]) for case in CASES]


def test_it_covers_every_function_the_calculator_mirrors() -> None:
    assert {case["function"] for case in CASES} == {
        "format_load",
        "format_estimate",
        "format_percentile",
        "format_kcal",
        "format_loadable",
        "level_label",
        "reps_label",
    }


def test_it_labels_every_level_the_model_returns_in_both_languages() -> None:
    english = [display.level_label(level, "en") for level in LEVELS]
    korean = [display.level_label(level, "ko") for level in LEVELS]

    assert english == ["Beginner", "Novice", "Intermediate", "Advanced", "Elite"]
    assert korean == ["초급", "초중급", "중급", "상급", "엘리트"]
    assert display.TOP_LEVEL == "elite"


def test_it_rounds_to_the_lifters_own_smallest_step() -> None:
    assert display.round_loadable(Decimal("101.3"), "kg", Decimal("0.5")) == Decimal("101.5")
    assert display.format_loadable(Decimal("101.3"), "kg", Decimal("1")) == "101 kg"


def test_it_converts_pounds_exactly() -> None:
    assert display.to_kg(Decimal(225), "lb") == Decimal("102.05828325")
    assert display.to_unit(display.to_kg(Decimal(225), "lb"), "lb") == Decimal(225)


@pytest.mark.parametrize(
    ("period", "language", "expected"),
    [("1m", "en", "1 month"), ("3M", "en", "3 months"), ("6m", "ko", "6개월"), ("2y", "en", "2y")],
)
def test_it_names_the_periods(period: str, language: str, expected: str) -> None:
    assert display.period_label(period, language) == expected


# -- cases found by mutation testing (bench/mutation_scores.md) ------------------------------


def test_it_leaves_kilos_as_they_are_and_converts_pounds() -> None:
    assert display.to_kg(Decimal("100"), "kg") == Decimal("100")
    assert display.to_kg(100, "lb") == Decimal(100) * display.KG_PER_LB


def test_it_names_levels_in_english_for_a_language_it_does_not_know() -> None:
    assert display.level_label("elite", "fr") == "Elite"


def test_it_reads_level_ids_in_any_casing() -> None:
    assert [display.level_id(name) for name in ("Elite", "novice", "Legend", "")] == [
        "elite",
        "novice",
        "",
        "",
    ]


def test_it_formats_plain_numbers_and_rpe_to_one_decimal() -> None:
    assert [display.format_number(v) for v in (102.46, 100.0, 7)] == ["102.5", "100", "7"]
    assert display.format_number(1.234, "0.01") == "1.23"
    assert [display.format_rpe(v) for v in (Decimal("8.25"), 8.0, 9.5)] == ["8.3", "8", "9.5"]
