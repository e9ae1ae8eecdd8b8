"""The fixed charts compared against committed baselines, shared by the test and the generator."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from charts import CHART_KINDS, ThemeName, Unit
from charts.demo import empty_samples, sample_e1rm, samples

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

    def render(self) -> bytes:
        """Render this case's chart."""
        return CHART_KINDS[self.kind](self.data(), unit=self.unit, theme=self.theme)

    @property
    def path(self) -> Path:
        """Return where the committed baseline lives."""
        return BASELINE_DIR / f"{self.name}.png"


def _sample(kind: str) -> object:
    """Return the 3-month sample data of `kind`."""
    return samples(period="3m")[kind]


def _cases() -> list[BaselineCase]:
    """List every kind in both themes on the 3-month sample, plus pounds, 6 months and no data."""
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
    ]


BASELINE_CASES = _cases()
