"""The capacity trend shows what a lifter can lift: one light day can't drag it down."""

from __future__ import annotations

import numpy as np
import pytest

from charts.trend import capacity_envelope, capacity_trend, smooth_trend, trend_bandwidth

BANDWIDTH = trend_bandwidth(span_days=91)


def heavy_weeks(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Twelve weeks of sessions every third day, best e1RM climbing 140 → ~152 kg with noise."""
    rng = np.random.default_rng(seed)
    x = np.arange(0.0, 84.0, 3.0)
    return x, 140.0 + 0.15 * x + rng.normal(0.0, 2.0, len(x))


def trend_end(x: np.ndarray, y: np.ndarray) -> float:
    return float(capacity_trend(x=x, y=y, bandwidth=BANDWIDTH)[1][-1])


@pytest.mark.parametrize("seed", range(5))
def test_one_light_last_day_moves_the_trend_end_by_under_two_kilos(seed: int) -> None:
    x, y = heavy_weeks(seed)
    light_x, light_y = np.append(x, x[-1] + 3), np.append(y, 100.0 * (1 + 5 / 30))

    before, after = trend_end(x, y), trend_end(light_x, light_y)

    assert abs(after - before) < 2.0
    # the plain smoothed mean is what dived (152 → 120 in the issue)
    plain_after = float(smooth_trend(x=light_x, y=light_y, bandwidth=BANDWIDTH)[1][-1])
    assert before - plain_after > 15.0


def test_a_light_day_in_the_middle_leaves_the_line_where_it_was() -> None:
    x, y = heavy_weeks()
    light_y = y.copy()
    light_y[14] = 110.0

    _, with_light = capacity_trend(x=x, y=light_y, bandwidth=BANDWIDTH)
    _, without = capacity_trend(x=x, y=y, bandwidth=BANDWIDTH)

    assert np.abs(with_light - without).max() < 1.0


def test_steady_progress_is_followed_exactly() -> None:
    x = np.arange(0.0, 91.0, 2.0)
    y = 100.0 + 0.5 * x

    grid, trend = capacity_trend(x=x, y=y, bandwidth=BANDWIDTH)

    assert np.abs(trend - (100.0 + 0.5 * grid)).max() < 1e-6
    assert (grid[0], grid[-1]) == (x[0], x[-1])


def test_a_real_drop_over_several_sessions_is_followed() -> None:
    # 150 kg for two months, then 125 kg for the last month's ten sessions (an injury)
    x = np.arange(0.0, 91.0, 3.0)
    y = np.where(x < 60.0, 150.0, 125.0)

    end = trend_end(x, y)

    assert int((x >= 60.0).sum()) == 11
    assert abs(end - 125.0) < 3.0


def test_the_envelope_holds_a_best_for_a_week_then_fades_one_percent_a_day() -> None:
    x = np.array([0.0, 3.0, 7.0, 17.0])
    y = np.array([100.0, 80.0, 80.0, 80.0])

    envelope = capacity_envelope(x=x, y=y)

    assert envelope[:3].tolist() == [100.0, 100.0, 100.0]
    assert envelope[3] == pytest.approx(100.0 * 0.99**10)


def test_too_few_points_draw_no_trend() -> None:
    grid, trend = capacity_trend(x=np.array([0.0, 5.0]), y=np.array([100.0, 90.0]), bandwidth=4)

    assert (len(grid), len(trend)) == (0, 0)
