"""The Redis cache keeps one connection pool per process: Django makes a cache object per thread
and per ASGI request, and without the shared pool each of them connected to Redis afresh."""

import os
import subprocess
import sys
from pathlib import Path

from tests.backend.accounts.conftest import free_port
from tests.loopback import RedisServer

ROOT = Path(__file__).resolve().parents[2]
# 40 threads, one after the other, each with the cache object Django makes for it
CODE = """
import threading, django
django.setup()
from django.core.cache import cache, caches
seen = []
def use(i):
    cache.set(f"k{i}", i)
    assert cache.get(f"k{i}") == i
    seen.append(caches["default"])
for i in range(40):
    thread = threading.Thread(target=use, args=(i,))
    thread.start()
    thread.join()
print(len({id(c) for c in seen}))
"""


def connections_received(redis: RedisServer) -> int:
    """Connections the server has accepted so far, this redis-cli's own included."""
    info = subprocess.run(
        ["redis-cli", "-p", str(redis.port), "info", "stats"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return next(
        int(line.split(":")[1])
        for line in info.splitlines()
        if line.startswith("total_connections_received:")
    )


def test_cache_objects_of_many_threads_share_one_connection(tmp_path: Path) -> None:
    redis = RedisServer(free_port()).start()
    try:
        before = connections_received(redis)
        env = {k: v for k, v in os.environ.items() if k not in ("CACHE_URL", "DATABASE_URL")}
        done = subprocess.run(
            [sys.executable, "-c", CODE],
            cwd=ROOT,
            env={
                **env,
                "DJANGO_SETTINGS_MODULE": "backend.config.settings",
                "SBD_VAR_DIR": str(tmp_path),
                "REDIS_URL": redis.url,
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert done.stdout.split() == ["40"]  # a cache object per thread, as Django makes them
        # the process's one connection (and the second redis-cli's)
        assert connections_received(redis) - before == 2
    finally:
        redis.stop()
