"""The fixed charts compared against committed baselines, shared by the test and the generator."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from charts import CHART_KINDS, ENGLISH, KOREAN, ChartLabels, ThemeName, Unit
from charts.demo import (
    empty_samples,
    sample_dense,
    sample_e1rm,
    sample_light_last_day,
    sample_one_point,
    samples,
)

BASELINE_DIR = Path(__file__).parent / "baseline"
# RMS difference (0–255 scale) allowed between a render and its baseline: covers anti-aliasing
# noise across machines, while a moved point, a changed label or title fails (see the tests).
TOLERANCE = 1.0


@dataclass(frozen=True)
class BaselineCase:
    """One chart drawn from fixed data, saved as `<name>.png`."""

    name: str
    kind: str
    data: Callable[[], object]
    theme: ThemeName = "light"
    unit: Unit = "kg"
    labels: ChartLabels = ENGLISH

    def render(self) -> bytes:
        """Render this case's chart."""
        return CHART_KINDS[self.kind](
            self.data(), unit=self.unit, theme=self.theme, labels=self.labels
        )

    @property
    def path(self) -> Path:
        """Return where the committed baseline lives."""
        return BASELINE_DIR / f"{self.name}.png"


def _sample(kind: str) -> object:
    """Return the 3-month sample data of `kind`."""
    return samples(period="3m")[kind]


def _korean_e1rm() -> object:
    """Return the 3-month e1RM sample as a Korean lifter sees it."""
    return dataclasses.replace(sample_e1rm(), exercise="벤치프레스")


def _korean_overview() -> object:
    """Return the overview sample with Korean exercise names."""
    names = {"Squat": "스쿼트", "Bench press": "벤치프레스", "Deadlift": "데드리프트"}
    data = samples(period="3m")["overview"]
    lifts = tuple(
        dataclasses.replace(lift, exercise=names.get(lift.exercise, "오버헤드프레스"))
        for lift in data.lifts  # type: ignore[attr-defined]
    )
    return dataclasses.replace(data, lifts=lifts)  # type: ignore[type-var]


def _cases() -> list[BaselineCase]:
    """List every kind in both themes on the 3-month sample, plus pounds, 6 months, no data,
    one point, a light last day, crowded labels and Korean."""
    cases = [
        BaselineCase(
            name=f"{kind}-3m-{theme}",
            kind=kind,
            theme=theme,
            data=partial(_sample, kind),
        )
        for kind in CHART_KINDS
        for theme in ("light", "dark")
    ]
    return [
        *cases,
        BaselineCase(
            name="e1rm-6m-light-lb", kind="e1rm", unit="lb", data=lambda: sample_e1rm(period="6m")
        ),
        BaselineCase(name="e1rm-empty-light", kind="e1rm", data=lambda: empty_samples()["e1rm"]),
        BaselineCase(
            name="e1rm-empty-dark", kind="e1rm", theme="dark", data=lambda: empty_samples()["e1rm"]
        ),
        BaselineCase(name="e1rm-one-point-light", kind="e1rm", data=sample_one_point),
        BaselineCase(name="e1rm-light-last-day-light", kind="e1rm", data=sample_light_last_day),
        BaselineCase(name="e1rm-dense-labels-light", kind="e1rm", data=sample_dense),
        BaselineCase(name="e1rm-3m-light-ko", kind="e1rm", data=_korean_e1rm, labels=KOREAN),
        BaselineCase(
            name="overview-3m-dark-ko",
            kind="overview",
            theme="dark",
            data=_korean_overview,
            labels=KOREAN,
        ),
    ]


BASELINE_CASES = _cases()
