"""How many charts a lifter may have drawn anew: each uncached render costs about 280 ms of CPU,
a cached one nothing. One budget per lifter, shared by the API's chart endpoint and the bot's
/chart (both draw through `chart_service.chart_png`, which charges it just before drawing).

The rate is DRF's scope `chart_render` (THROTTLE_RATE_CHART_RENDER, default 20/min); without it
nothing is limited. Over it, `ChartRenderLimited` is DRF's `Throttled`: the API answers 429 with
its message and `Retry-After`, the bot asks the lifter to wait.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings

from backend.config.rate_limits import Rate, hit

if TYPE_CHECKING:
    from backend.accounts.models import User

SCOPE = "chart_render"


class ChartRenderLimited(Throttled):
    """Too many new charts drawn for one lifter; `wait` is the seconds until the next may be."""

    default_detail = "Too many new charts were drawn for you in a short time."
    default_code = "chart_render_limited"

    wait: int

    def __init__(self, wait: int) -> None:
        super().__init__(wait=wait)


def render_rate() -> Rate | None:
    """The configured rate, read at call time (None: no limit)."""
    rate = api_settings.DEFAULT_THROTTLE_RATES.get(SCOPE)
    return Rate.parse(str(rate) if rate else None)


def render_charge(user: User) -> None:
    """Counts one chart drawn for `user`; raises ChartRenderLimited over the rate."""
    rate = render_rate()
    if rate is None:
        return
    verdict = hit(f"{SCOPE}:{user.pk}", rate)
    if not verdict.allowed:
        raise ChartRenderLimited(wait=verdict.retry_after)
