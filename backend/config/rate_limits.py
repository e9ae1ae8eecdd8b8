"""Counting expensive work per key in the Django cache (Redis in production, so every process and
replica shares the count): a fixed window per rate, counted with the cache's atomic `add` and
`incr`, as django-ratelimit does. DRF's own throttles keep a list per client and rewrite it, which
lets parallel requests through together; an `incr` cannot.

Rates are written as DRF's are: `20/min`, `30/m`, `5/s`, `100/hour`, `1000/day`. A cache that
cannot count (Redis down) lets the work through, with a warning: the limits guard the CPU, and
the app keeps working without Redis.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from django.core.cache import BaseCache
from django.core.cache import cache as default_cache
from redis.exceptions import RedisError
from rest_framework.throttling import SimpleRateThrottle

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    """At most `count` hits in each window of `seconds`."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str | None) -> Rate | None:
        """A DRF rate string (`20/min`); None or an empty string is no limit."""
        if not text:
            return None
        try:  # DRF's own reading (it needs no throttle)
            count, seconds = SimpleRateThrottle.parse_rate(None, text)  # type: ignore[arg-type]
        except (ValueError, KeyError, IndexError):
            count = seconds = None
        if count is None or seconds is None or count < 1:
            raise ValueError(f"a rate is a count above 0 per s, min, hour or day: {text!r}")
        return cls(count=count, seconds=seconds)


@dataclass(frozen=True)
class Verdict:
    """One hit's answer: its number in the window, and the seconds until the window ends."""

    allowed: bool
    count: int
    retry_after: int
    limit: int

    @property
    def first_refused(self) -> bool:
        """Whether this is the first hit of its window over the limit (exactly one is)."""
        return self.count == self.limit + 1


def hit(
    key: str, rate: Rate, *, now: float | None = None, store: BaseCache | None = None
) -> Verdict:
    """Counts one hit of `key` against `rate` in `store` (default: the default cache). Code that
    counts from many threads or tasks passes one store it resolved once: `cache` resolves per
    async context, and a fresh one opens a new Redis connection each time."""
    cache = store or default_cache
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
    name = f"rate:{key}:{window}"
    try:
        cache.add(name, 0, timeout=rate.seconds + 1)
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=rate.seconds + 1)
            count = 1
    except (RedisError, OSError) as error:
        logger.warning("rate %s not applied, the cache failed: %r", key, error)
        return Verdict(allowed=True, count=0, retry_after=0, limit=rate.count)
    return Verdict(
        allowed=count <= rate.count, count=count, retry_after=retry_after, limit=rate.count
    )
