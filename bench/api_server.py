"""Benchmark: `POST /api/sets/` under the production server with 20 concurrent clients on MariaDB.

    DATABASE_URL=mysql://root@127.0.0.1:3306/sbd_bench .venv/bin/python bench/api_server.py \
        [--clients 20] [--requests 30]

The web service as compose runs it (tests/loopback.py): compose/start/web (uvicorn) with
compose.yml's worker count (WEB_CONCURRENCY's default), the production settings (debug off,
behind one proxy), a MariaDB database of its own (`<name>_apiserver`, migrated by
compose/start/migrate) and a redis-server of its own. Each client is a lifter with a full
profile, logged in through the real login endpoint (JWT cookie + CSRF, as the web app does), and
sends its requests one after the other, as a browser tab does.

- single-request latency: one client alone, median of sequential POSTs (the floor);
- `--clients` clients at once, `--requests` POSTs each: requests/s, p95 (target ≤ 5× the
  single-request latency), errors (target 0);
- the server's CPU per request (its process group's user + system time over each phase): the
  cores divided by it bound the requests/s, and by Little's law the mean latency of `--clients`
  closed-loop clients is clients / requests/s, so p95 ≤ 5× single needs about 4× the one-client
  rate: a server whose CPU per request is under half the single latency, with cores to spare;
- MariaDB connections of this database (information_schema.PROCESSLIST) before, at the peak
  during and after the run: bounded (at most one per concurrent client) and none left after.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import environ
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, report  # noqa: E402
from bot.testing.process import query  # noqa: E402
from tests.loopback import (  # noqa: E402
    RedisServer,
    mysql_database,
    production_environment,
    run_migrate,
    web_service,
)

# BENCH_API_SERVER_PORT: the web port (the redis-server takes the one below it)
WEB_PORT = int(os.environ.get("BENCH_API_SERVER_PORT", "18711"))
REDIS_PORT = WEB_PORT - 1
logging.getLogger("httpx").setLevel(logging.WARNING)
PASSWORD = "a long bench passphrase"
SLUGS = ("squat", "bench-press", "deadlift", "shoulder-press", "bent-over-row")
BASE = f"http://127.0.0.1:{WEB_PORT}"


def compose_workers() -> int:
    """The web service's worker count in compose/compose.yml (WEB_CONCURRENCY's default)."""
    text = (ROOT / "compose" / "compose.yml").read_text()
    found = re.search(r"WEB_CONCURRENCY:\s*\$\{WEB_CONCURRENCY:-(\d+)\}", text)
    assert found, "compose.yml sets no WEB_CONCURRENCY default"
    return int(found.group(1))


def create_lifters(database_url: str, count: int) -> list[str]:
    """Lifters with a full profile (every POST ranks), created with the ORM; their emails."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from backend.accounts.models import User

    emails = [f"bench{i}@example.com" for i in range(count)]
    for email in emails:
        User.objects.create_user(
            email,
            PASSWORD,
            sex="male",
            bodyweight_kg=Decimal(80),
            birth_date=timezone.now().date().replace(year=1990),
        )
    connection.close()
    return emails


class Connections:
    """Samples the MariaDB connections using one database (this process's own not counted)."""

    def __init__(self, database_url: str) -> None:
        import MySQLdb

        config = environ.Env.db_url_config(database_url)
        self.name = config["NAME"]
        self.connection = MySQLdb.connect(
            host=config.get("HOST") or "127.0.0.1",
            port=int(config.get("PORT") or 3306),
            user=config.get("USER") or "root",
            password=config.get("PASSWORD") or "",
            autocommit=True,
        )
        self.peak = 0
        self.threads_peak = 0
        self._running = threading.Event()
        self._thread: threading.Thread | None = None

    def count(self) -> int:
        cursor = self.connection.cursor()
        cursor.execute(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = %s", [self.name]
        )
        return int(cursor.fetchone()[0])

    def threads_connected(self) -> int:
        """The whole server's (shared with other work on the machine)."""
        cursor = self.connection.cursor()
        cursor.execute("SHOW GLOBAL STATUS LIKE 'Threads_connected'")
        return int(cursor.fetchone()[1])

    def __enter__(self) -> Connections:
        self.peak = 0
        self._running.set()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._running.clear()
        if self._thread is not None:
            self._thread.join()

    def _sample(self) -> None:
        while self._running.is_set():
            self.peak = max(self.peak, self.count())
            self.threads_peak = max(self.threads_peak, self.threads_connected())
            time.sleep(0.05)


class Lifter:
    """One logged-in browser: its cookies (set Secure, so sent by hand over loopback HTTP)."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.headers: dict[str, str] = {
            "Host": "sbd.test",
            "X-Forwarded-Proto": "https",
            # behind one proxy (nginx): the client address; one each, as lifters have
            "X-Forwarded-For": f"10.0.{index // 250}.{index % 250 + 1}",
            "Origin": "https://sbd.test",
            "Referer": "https://sbd.test/admin-app/",
        }

    async def login(self, client: httpx.AsyncClient, email: str) -> None:
        """As the web app: the CSRF cookie first, then the login form (login CSRF)."""
        cookies: dict[str, str] = {}
        for method, url, body in (
            ("GET", "/api/auth/csrf/", None),
            ("POST", "/api/auth/login/", {"email": email, "password": PASSWORD}),
        ):
            response = await client.request(method, url, json=body, headers=self.headers)
            assert response.status_code == 200, (url, response.status_code, response.text[:300])
            cookies.update(response.cookies)
            assert "csrftoken" in cookies, cookies
            self.headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
            self.headers["X-CSRFToken"] = cookies["csrftoken"]

    async def post(self, client: httpx.AsyncClient, i: int) -> tuple[float, int]:
        body = {"exercise": SLUGS[i % len(SLUGS)], "weight_kg": 60 + i % 100, "reps": 1 + i % 10}
        began = time.perf_counter()
        try:
            response = await client.post("/api/sets/", json=body, headers=self.headers)
            status = response.status_code
        except httpx.HTTPError:
            status = 0
        return time.perf_counter() - began, status


def group_cpu_seconds(pgid: int) -> float:
    """CPU (user + system) used so far by the live processes of one process group: the server's
    master and workers (compose/start/web runs in a session of its own)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the command: state ppid pgrp … utime (12th) stime (13th)
        if int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
    return total / tick


async def measure(emails: list[str], *, clients: int, requests: int, pgid: int) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(base_url=BASE, timeout=60, limits=limits) as client:
        lifters = [Lifter(i) for i in range(clients + 1)]
        for lifter, email in zip(lifters, emails, strict=True):
            await lifter.login(client, email)

        async def run(lifter: Lifter, count: int) -> list[tuple[float, int]]:
            return [await lifter.post(client, i) for i in range(count)]

        # warm-up: every client's connection (each may land on another worker) and every
        # worker's first requests
        await asyncio.gather(*(run(lifter, 5) for lifter in lifters))
        cpu_began = group_cpu_seconds(pgid)
        single = await run(lifters[-1], 60)
        single_cpu = group_cpu_seconds(pgid) - cpu_began
        assert all(status == 201 for _, status in single), single
        began, cpu_began = time.perf_counter(), group_cpu_seconds(pgid)
        results = await asyncio.gather(*(run(lifter, requests) for lifter in lifters[:clients]))
        elapsed = time.perf_counter() - began
        concurrent_cpu = group_cpu_seconds(pgid) - cpu_began
    done = [result for per_client in results for result in per_client]
    latencies = sorted(seconds for seconds, _ in done)
    return {
        "single_ms": statistics.median(seconds for seconds, _ in single) * 1000,
        "rate": len(done) / elapsed,
        # the server's CPU per request: cores / this is the most requests/s it can serve
        "single_cpu_ms": single_cpu / len(single) * 1000,
        "concurrent_cpu_ms": concurrent_cpu / len(done) * 1000,
        "p95_ms": statistics.quantiles(latencies, n=20)[-1] * 1000,
        "errors": sum(status != 201 for _, status in done),
        "statuses": sorted({status for _, status in done}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=30, help="POSTs per client")
    parser.add_argument(
        "--workers", type=int, default=None, help="WEB_CONCURRENCY (default: compose.yml's)"
    )
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="bench-api-server-"))
    database_url = mysql_database("apiserver")
    workers = args.workers or compose_workers()
    http = "httptools" if importlib.util.find_spec("httptools") else "h11"
    redis = RedisServer(REDIS_PORT).start()
    try:
        env = production_environment(
            directory, DATABASE_URL=database_url, REDIS_URL=redis.url, LOG_LEVEL="WARNING"
        )
        run_migrate(env)
        emails = create_lifters(database_url, args.clients + 1)
        connections = Connections(database_url)
        with web_service(
            port=WEB_PORT, env=env, log=directory / "web.log", workers=workers
        ) as server:
            before, threads_before = connections.count(), connections.threads_connected()
            with connections:
                result = asyncio.run(
                    measure(emails, clients=args.clients, requests=args.requests, pgid=server.pid)
                )
            time.sleep(1.0)
            after, threads_after = connections.count(), connections.threads_connected()
            assert server.poll() is None, "the server died"
    finally:
        redis.stop()
    query(database_url, f"DROP DATABASE `{connections.name}`")
    print(result)
    bench = f"api (mysql, uvicorn ×{workers}, {http})"
    cores = os.cpu_count() or 1
    print(
        f"connections of {connections.name}: before {before}, peak {connections.peak}, "
        f"after {after}; server Threads_connected {threads_before} / {connections.threads_peak}"
        f" / {threads_after}"
    )
    shared = (
        f"server-wide Threads_connected {threads_before}/{connections.threads_peak}/"
        f"{threads_after}, shared"
    )
    report(
        [
            Figure(
                bench,
                f"POST /api/sets/ requests/s, {args.clients} concurrent clients",
                result["rate"],
                "req/s",
                floor=1000 / result["single_ms"],
                floor_name="one client alone",
            ),
            Figure(
                bench,
                f"POST /api/sets/ p95, {args.clients} concurrent clients",
                result["p95_ms"],
                "ms",
                floor=result["single_ms"],
                floor_name="single-request latency (median, one client)",
                most=5,
            ),
            Figure(
                bench,
                "server CPU per POST (master + workers), 20 concurrent clients",
                result["concurrent_cpu_ms"],
                "ms",
                floor=result["single_cpu_ms"],
                floor_name="the same, one client alone",
                note=(
                    f"{cores} cores / this = {cores * 1000 / result['concurrent_cpu_ms']:.0f}"
                    " req/s at most for the server alone; p95 ≥ mean = clients / requests/s"
                ),
            ),
            Figure(
                bench,
                f"POST /api/sets/ errors of {args.clients * args.requests}",
                result["errors"],
                "requests",
                most=0,
                note=f"statuses {result['statuses']}",
            ),
            Figure(
                bench,
                "MariaDB connections of the database at the peak (before → peak)",
                connections.peak - before,
                "connections",
                most=args.clients,
                note=f"before {before}, peak {connections.peak}; {shared}",
            ),
            Figure(
                bench,
                "MariaDB connections left open 1 s after the run",
                after - before,
                "connections",
                most=0,
            ),
        ]
    )


if __name__ == "__main__":
    main()
