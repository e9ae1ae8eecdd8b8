"""The calculator page's coaching rules (admin_react/calculator/coaching.js) give the server's
answers: one table of shared cases runs through both."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from backend.workouts.coaching import coaching_tables
from tests.backend.workouts.coaching_runner import run

HERE = Path(__file__).resolve().parent
CASES_PATH = HERE / "fixtures" / "coaching_cases.json"
COACHING_JS = HERE.parents[2] / "admin_react" / "calculator" / "coaching.js"
CASES: list[dict[str, Any]] = json.loads(CASES_PATH.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["note"])
def test_python_gives_each_expected_answer(case: dict[str, Any]) -> None:
    assert run(case) == case["expected"]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_calculator_gives_every_answer_the_server_gives(tmp_path: Path) -> None:
    # given the tables the page fetches from /api/coaching-tables/
    tables = tmp_path / "tables.json"
    tables.write_text(json.dumps(coaching_tables()))

    # when the page's JS runs the same cases
    output = subprocess.run(
        ["node", str(HERE / "coaching_check.mjs"), str(COACHING_JS), str(CASES_PATH), str(tables)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout

    # then each answer is the one Python gives
    assert json.loads(output) == [case["expected"] for case in CASES]


def test_the_cases_cover_every_rule_and_the_published_values() -> None:
    assert {c["op"] for c in CASES} == {
        "plates",
        "warmup",
        "rpe",
        "scores",
        "dots_percentile",
        "calories",
    }
    torronen = next(c for c in CASES if "Torronen" in c["note"])
    assert round(torronen["expected"]["ipf_gl"], 2) == 96.78


@pytest.mark.django_db
def test_the_page_gets_the_tables_from_the_api(api: Any) -> None:
    response = api.get("/api/coaching-tables/")

    assert response.status_code == 200
    assert response.json() == json.loads(json.dumps(coaching_tables()))
