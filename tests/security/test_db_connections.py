"""Must fix 1: under uvicorn every request's connection is closed; none pile up under load or idle.

Django's ASGI handler runs each request's sync code in a thread of its own, so a persistent
connection (CONN_MAX_AGE > 0) is never reused and never closed: MariaDB ran out of connections.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time

import httpx

from tests.security.live import PYTHON, ROOT, Stack

CLIENTS = 10
SECONDS = 8.0
logging.getLogger("httpx").setLevel(logging.WARNING)


def test_connections_stay_bounded_under_load_and_close_when_idle(live: Stack) -> None:
    token = live.access_token("load@example.com")
    before = live.connections()
    stop = time.monotonic() + SECONDS
    statuses: list[int] = []
    peak = [0]

    def client() -> None:
        with httpx.Client(base_url=live.base_url, timeout=30) as http:
            while time.monotonic() < stop:
                response = http.get("/api/profile/", headers={"Authorization": f"Bearer {token}"})
                statuses.append(response.status_code)

    def sample() -> None:
        while time.monotonic() < stop:
            peak[0] = max(peak[0], live.connections())
            time.sleep(0.2)

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    threads.append(threading.Thread(target=sample))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    under_load = live.connections()
    time.sleep(3)
    idle = live.connections()
    print(
        f"requests={len(statuses)} before={before} peak={peak[0]} "
        f"end-of-load={under_load} after-idle={idle}"
    )
    assert statuses and set(statuses) == {200}, sorted(set(statuses))
    # at most one connection per request in flight, and none once the requests are over
    assert peak[0] <= CLIENTS + 2, peak[0]
    assert idle == 0, idle


def test_the_asgi_application_refuses_persistent_connections(live: Stack) -> None:
    done = subprocess.run(
        [PYTHON, "-c", "import backend.config.asgi"],
        cwd=ROOT,
        env={**live.env, "DATABASE_CONN_MAX_AGE": "60"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "DATABASE_CONN_MAX_AGE must be 0 under ASGI" in done.stderr
