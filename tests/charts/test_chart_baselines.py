"""Charts of fixed data match the committed baselines.

Regenerate them after an intended change with `python -m tests.charts.make_baselines`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from matplotlib.testing.compare import compare_images

from charts import render_e1rm
from charts.demo import sample_e1rm
from tests.charts.baseline_cases import BASELINE_CASES, TOLERANCE, BaselineCase


def compare_with_baseline(*, png: bytes, baseline: Path, tmp_path: Path) -> dict | None:
    """Return None when `png` matches `baseline` within TOLERANCE, else the comparison result."""
    actual = tmp_path / baseline.name
    actual.write_bytes(png)
    return compare_images(str(baseline), str(actual), tol=TOLERANCE, in_decorator=True)


@pytest.mark.parametrize("case", BASELINE_CASES, ids=lambda case: case.name)
def test_it_matches_the_committed_baseline(case: BaselineCase, tmp_path: Path) -> None:
    actual = compare_with_baseline(png=case.render(), baseline=case.path, tmp_path=tmp_path)

    assert actual is None


@pytest.mark.parametrize(
    "change",
    [
        {"percentile": 69.0},
        {"level": "Advanced"},
        {"days": sample_e1rm(period="3m").days[1:]},
    ],
    ids=["percentile", "level", "one-day-fewer"],
)
def test_it_fails_the_comparison_when_the_data_changes(
    change: dict[str, object], tmp_path: Path
) -> None:
    changed = dataclasses.replace(sample_e1rm(period="3m"), **change)  # type: ignore[arg-type]
    baseline = next(case.path for case in BASELINE_CASES if case.name == "e1rm-3m-light")

    actual = compare_with_baseline(png=render_e1rm(changed), baseline=baseline, tmp_path=tmp_path)

    assert actual is not None
    assert actual["rms"] > TOLERANCE
