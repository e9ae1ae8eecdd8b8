"""Trend lines: a local linear kernel regression (LOWESS-like), and the capacity trend built on it.

The e1RM (and percentile) charts draw the *capacity* trend: what the lifter has recently shown
they can lift, not the weight they chose on the last day. Each day's best is first raised to the
upper envelope of the days before it: a best holds in full for `HOLD_DAYS`, then loses
`DECAY_PER_DAY` of its value per day. That envelope is then smoothed. So:

- light days (a deload week, a technique session) do not move the line while a best of the last
  week holds it;
- steady progress is followed exactly: every new best is on the envelope;
- a real drop over several sessions is followed within a few weeks, as old bests fade away
  (about 7% per week after the first).

Bodyweight keeps the plain smoothed mean (`smooth_trend`): it has no "light day".
"""

from __future__ import annotations

import numpy as np

MIN_POINTS = 3
# A best holds the line for a week, then fades 1% a day: four weeks on it holds it ~19% lower.
HOLD_DAYS = 7.0
DECAY_PER_DAY = 0.01


def smooth_trend(
    *, x: np.ndarray, y: np.ndarray, bandwidth: float, samples: int = 200
) -> tuple[np.ndarray, np.ndarray]:
    """Return (x, y) of a Gaussian-weighted local linear fit of y over x, sampled evenly."""
    if len(x) < MIN_POINTS or x.max() == x.min():
        return np.empty(0), np.empty(0)
    grid = np.linspace(x.min(), x.max(), samples)
    weights = np.exp(-0.5 * ((grid[:, None] - x[None, :]) / bandwidth) ** 2)
    sum_w = weights.sum(axis=1)
    mean_x = weights @ x / sum_w
    mean_y = weights @ y / sum_w
    dx = x[None, :] - mean_x[:, None]
    dy = y[None, :] - mean_y[:, None]
    var_x = (weights * dx * dx).sum(axis=1)
    cov_xy = (weights * dx * dy).sum(axis=1)
    # Where the window holds one point (var_x ~ 0) the fit falls back to the weighted mean.
    slope = np.divide(cov_xy, var_x, out=np.zeros_like(var_x), where=var_x > 1e-9)
    return grid, mean_y + slope * (grid - mean_x)


def capacity_envelope(
    *,
    x: np.ndarray,
    y: np.ndarray,
    hold_days: float = HOLD_DAYS,
    decay_per_day: float = DECAY_PER_DAY,
) -> np.ndarray:
    """Return each day's value raised to the held-then-fading best of the days before it."""
    age = x[:, None] - x[None, :]  # days from day j to day i
    fade = (1.0 - decay_per_day) ** np.clip(age - hold_days, 0.0, None)
    held = np.where(age >= 0, y[None, :] * fade, -np.inf)
    return np.asarray(held.max(axis=1), dtype=float)


def capacity_trend(
    *,
    x: np.ndarray,
    y: np.ndarray,
    bandwidth: float,
    samples: int = 200,
) -> tuple[np.ndarray, np.ndarray]:
    """Return (x, y) of the smoothed capacity envelope of daily bests (see the module docs)."""
    envelope = capacity_envelope(x=x, y=y)
    return smooth_trend(x=x, y=envelope, bandwidth=bandwidth, samples=samples)


def trend_bandwidth(*, span_days: float) -> float:
    """Return a kernel width (days) that smooths day-to-day noise but keeps monthly change."""
    return max(4.0, span_days / 10.0)
