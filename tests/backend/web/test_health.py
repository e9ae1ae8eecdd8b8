"""/health/ on the web service as compose starts it (compose/start/web), with a redis-server of
the test's own and MariaDB behind a proxy the test can close: 200 when all is well, 503 naming
the part that is down, and 200 again once it is back."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.backend.accounts.conftest import free_port
from tests.loopback import (
    ROOT,
    VENV_BIN,
    RedisServer,
    TcpProxy,
    mysql_address,
    mysql_database,
    production_environment,
    web_service,
)

# free ports, so that two runs of the suite on one machine (two databases at once) do not collide
REDIS_PORT, DB_PROXY_PORT, WEB_PORT = (free_port() for _ in range(3))
assert len({REDIS_PORT, DB_PROXY_PORT, WEB_PORT}) == 3
URL = f"http://127.0.0.1:{WEB_PORT}/health/"
# as nginx forwards a request that arrived over TLS for the configured host
HEADERS = {"Host": "sbd.test", "X-Forwarded-Proto": "https", "Accept": "application/json"}


@dataclass
class Stack:
    redis: RedisServer
    database: TcpProxy
    env: dict[str, str]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    var_dir = tmp_path_factory.mktemp("health")
    database_url = mysql_database("health")
    proxied = database_url.replace(
        f"{mysql_address()[0]}:{mysql_address()[1]}", f"127.0.0.1:{DB_PROXY_PORT}"
    )
    redis = RedisServer(REDIS_PORT).start()
    database = TcpProxy(DB_PROXY_PORT, mysql_address()).start()
    env = production_environment(
        var_dir, DATABASE_URL=proxied, REDIS_URL=redis.url, DATABASE_CONN_MAX_AGE="0"
    )
    try:
        with web_service(port=WEB_PORT, env=env, log=var_dir / "web.log"):
            yield Stack(redis=redis, database=database, env=env)
    finally:
        database.stop()
        redis.stop()


def health() -> tuple[int, dict[str, str]]:
    response = httpx.get(URL, headers=HEADERS, timeout=30)
    return response.status_code, response.json()


def failing(report: dict[str, str]) -> set[str]:
    """The checks that did not pass, by name (Database, Redis, CeleryBroker, PercentileModel)."""
    return {check.split("(")[0] for check, status in report.items() if status != "OK"}


def probe(env: dict[str, str]) -> int:
    """The compose healthcheck of the web service: compose/start/probe's exit status."""
    return subprocess.run(
        [str(VENV_BIN / "python"), str(ROOT / "compose" / "start" / "probe"), "http", URL],
        env=env,
        capture_output=True,
        timeout=30,
    ).returncode


def test_it_answers_200_when_all_is_well(stack: Stack) -> None:
    status, report = health()

    assert status == 200
    assert {check.split("(")[0] for check in report} == {
        "Database",
        "Redis",
        "CeleryBroker",
        "PercentileModel",
    }
    assert failing(report) == set()
    assert probe(stack.env) == 0


def test_it_answers_503_naming_redis_when_redis_is_down(stack: Stack) -> None:
    stack.redis.stop()
    try:
        status, report = health()
        probe_status = probe(stack.env)
    finally:
        stack.redis.start()

    assert status == 503
    assert failing(report) == {"Redis", "CeleryBroker"}
    assert probe_status == 1
    assert health()[0] == 200


def test_it_answers_503_naming_the_database_when_it_is_unreachable(stack: Stack) -> None:
    stack.database.stop()
    try:
        status, report = health()
    finally:
        stack.database.start()

    assert status == 503
    assert failing(report) == {"Database"}
    assert health()[0] == 200


def test_a_plain_http_probe_is_answered_while_pages_redirect_to_https(stack: Stack) -> None:
    # a probe inside the network asks over plain HTTP, without any forwarded scheme
    response = httpx.get(
        URL, headers={"Host": "sbd.test", "Accept": "application/json"}, timeout=30
    )
    page = httpx.get(
        URL.replace("/health/", "/calculator/"), headers={"Host": "sbd.test"}, timeout=30
    )

    assert response.status_code == 200
    assert page.status_code == 301
    assert page.headers["location"].startswith("https://sbd.test/calculator/")


def test_health_needs_no_login(stack: Stack) -> None:
    response = httpx.get(URL + "?format=text", headers=HEADERS, timeout=30)

    assert response.status_code == 200
    assert "PercentileModel(): OK" in response.text
