"""Smoothed trend lines: a local linear kernel regression (LOWESS-like) in numpy."""

from __future__ import annotations

import numpy as np

MIN_POINTS = 3


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


def trend_bandwidth(*, span_days: float) -> float:
    """Return a kernel width (days) that smooths day-to-day noise but keeps monthly change."""
    return max(4.0, span_days / 10.0)
