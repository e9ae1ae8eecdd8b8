"""One Redis connection pool per process for Django's Redis cache.

Django makes a new cache object for every thread and every ASGI request (ticket #33625), and
each object opens a pool of its own: under uvicorn every request, and every bot update served by
webhook, connected to Redis afresh. Django's RedisCache takes a `pool_class` option; this one hands
every cache object of the process the same pool for the same server and options (redis-py's pools
are thread-safe and start over in a forked child).
"""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from redis import ConnectionPool


class ProcessConnectionPool(ConnectionPool):
    _shared: ClassVar[dict[tuple[str, str], ConnectionPool]] = {}
    _shared_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> Any:
        key = (url, repr(sorted(kwargs.items())))
        with cls._shared_lock:
            pool = cls._shared.get(key)
            if pool is None:
                pool = cls._shared[key] = super().from_url(url, **kwargs)
        return pool
