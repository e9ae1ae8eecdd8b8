"""Regenerate the committed chart baselines: `python -m tests.charts.make_baselines`."""

from __future__ import annotations

from tests.charts.baseline_cases import BASELINE_CASES, BASELINE_DIR


def main() -> None:
    """Render every baseline case into tests/charts/baseline/."""
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    for case in BASELINE_CASES:
        case.path.write_bytes(case.render())
        print(f"wrote {case.path}")


if __name__ == "__main__":
    main()
