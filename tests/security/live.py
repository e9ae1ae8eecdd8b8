"""The app as production runs it, on loopback: uvicorn (2 workers, DEBUG off) on MariaDB, a private
Redis, a Celery worker and an SMTP server, each started by the tests so a test may kill it.

Ports come from SBD_LIVE_PORT_BASE (default 18300): base = the app, +1 Redis, +2 SMTP, +3 a
hanging SMTP server. The database is `<name>_live_<base>` on the MariaDB of DATABASE_URL named
`<name>` (`sbd_live_<base>` on root@127.0.0.1:3306 when DATABASE_URL is not MySQL), created and
migrated afresh.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import environ
import httpx
import MySQLdb

from tests.loopback import RedisServer, wait_for_port

ROOT = Path(__file__).resolve().parent.parent.parent
PORT_BASE = int(os.environ.get("SBD_LIVE_PORT_BASE", "18300"))
PYTHON = sys.executable


def mariadb_params() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("mysql"):
        url = "mysql://root@127.0.0.1:3306/x"
    config = environ.Env.db_url_config(url)
    return {
        "host": config.get("HOST") or "127.0.0.1",
        "port": int(config.get("PORT") or 3306),
        "user": config.get("USER") or "root",
        "password": config.get("PASSWORD") or "",
    }


def database_prefix() -> str:
    """DATABASE_URL's database name when it is MySQL, else `sbd`."""
    url = os.environ.get("DATABASE_URL", "")
    return str(environ.Env.db_url_config(url)["NAME"]) if url.startswith("mysql") else "sbd"


def mariadb_url(name: str) -> str:
    p = mariadb_params()
    auth = p["user"] + (f":{p['password']}" if p["password"] else "")
    return f"mysql://{auth}@{p['host']}:{p['port']}/{name}"


def mariadb_query(sql: str, *args: Any) -> list[tuple[Any, ...]]:
    connection = MySQLdb.connect(**mariadb_params())
    try:
        cursor = connection.cursor()
        cursor.execute(sql, args or None)
        return list(cursor.fetchall())
    finally:
        connection.close()


class HangingSMTP:
    """Accepts connections and never answers: a hung mail server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.accepted = 0
        self._server = socket.create_server(("127.0.0.1", port), reuse_port=True)
        self._clients: list[socket.socket] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        with suppress(OSError):
            while True:
                client, _ = self._server.accept()
                self.accepted += 1
                self._clients.append(client)

    def close(self) -> None:
        for client in self._clients:
            client.close()
        self._server.close()


class Stack:
    """The running app and the parts around it."""

    def __init__(self, tmp: Path, smtp_port: int) -> None:
        self.port = PORT_BASE
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.database = f"{database_prefix()}_live_{PORT_BASE}"
        self.redis = RedisServer(PORT_BASE + 1)
        self.tmp = tmp
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_"))},
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "live-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_SECURE_HSTS_SECONDS": "0",
            "AUTH_COOKIE_SECURE": "false",
            "DATABASE_URL": mariadb_url(self.database),
            "REDIS_URL": self.redis.url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "SBD_VAR_DIR": str(tmp),
            "TELEGRAM_WEBHOOK_SECRET": "live-webhook-secret",
            "PYTHONUNBUFFERED": "1",
            # the default counts per minute; a loaded machine takes longer than that for 40
            # password hashes, so the live stack counts per hour (the limit is the same code)
            "THROTTLE_RATE_AUTH": "30/hour",
            "THROTTLE_RATE_LOGIN_ACCOUNT": "10/hour",
        }
        for name in ("DATABASE_CONN_MAX_AGE", "CACHE_URL", "EMAIL_TIMEOUT"):
            self.env.pop(name, None)

    def manage(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    def python(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def database_create(self) -> None:
        mariadb_query(f"DROP DATABASE IF EXISTS `{self.database}`")
        mariadb_query(
            f"CREATE DATABASE `{self.database}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        self.manage("migrate", "--noinput")

    def database_drop(self) -> None:
        with suppress(Exception):
            mariadb_query(f"DROP DATABASE IF EXISTS `{self.database}`")

    def connections(self) -> int:
        """Server-side connections MariaDB holds open to this app's database."""
        rows = mariadb_query(
            "SELECT COUNT(*) FROM information_schema.processlist WHERE db = %s", self.database
        )
        return int(rows[0][0])

    def server_start(self, **env: str) -> None:
        log = open(self.tmp / "uvicorn.log", "ab")  # noqa: SIM115 (closed with the process)
        self.server = subprocess.Popen(
            [
                *(PYTHON, "-m", "uvicorn", "backend.config.asgi:application"),
                *("--host", "127.0.0.1", "--port", str(self.port), "--workers", "2"),
                *("--no-proxy-headers", "--no-access-log"),
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        wait_for_port(self.port, timeout=300, process=self.server)

    def server_stop(self) -> None:
        if self.server is not None:
            os.killpg(self.server.pid, signal.SIGTERM)
            try:
                self.server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.server.pid, signal.SIGKILL)
                self.server.wait(10)
            self.server = None

    def worker_start(self, **env: str) -> None:
        log = open(self.tmp / "worker.log", "ab")  # noqa: SIM115 (closed with the process)
        self.worker = subprocess.Popen(
            [
                *(PYTHON, "-m", "celery", "-A", "backend.config", "worker", "--loglevel=INFO"),
                *("--concurrency=1", "--without-heartbeat", "--without-gossip", "--without-mingle"),
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=log,
            start_new_session=True,
        )

    def worker_kill(self) -> None:
        """Kills the worker and its pool children with SIGKILL: nothing gets to clean up."""
        if self.worker is not None:
            with suppress(ProcessLookupError):
                os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(10)
            self.worker = None

    def access_token(self, email: str, *, is_staff: bool = False) -> str:
        """An access token of the user with this email (created if need be)."""
        out = self.python(
            "from backend.accounts.models import User\n"
            "from backend.accounts.sessions import token_pair_issue\n"
            f"user = User.objects.filter(email={email!r}).first() or User.objects.create_user("
            f"{email!r}, 'correct horse battery', is_staff={is_staff!r})\n"
            "print('TOKEN', token_pair_issue(user=user).access)\n"
        )
        return next(line.split()[1] for line in out.splitlines() if line.startswith("TOKEN"))

    @contextmanager
    def browser(self) -> Iterator[httpx.Client]:
        """An HTTP client that sends the CSRF cookie and header as the front ends do (the cookie
        is Secure with DEBUG off, so it is put in the jar by hand for plain HTTP)."""
        with httpx.Client(base_url=self.base_url, timeout=60) as http:
            response = http.get("/api/auth/csrf/")
            http.cookies.set("csrftoken", response.cookies["csrftoken"], domain="127.0.0.1")
            http.headers["X-CSRFToken"] = response.json()["detail"]
            yield http

    def log(self, name: str) -> str:
        path = self.tmp / name
        return path.read_text(errors="replace") if path.exists() else ""


@contextmanager
def stack_running(tmp: Path, smtp_port: int) -> Iterator[Stack]:
    stack = Stack(tmp, smtp_port)
    stack.redis.start()
    try:
        stack.database_create()
        stack.server_start()
        yield stack
    finally:
        stack.worker_kill()
        stack.server_stop()
        stack.redis.stop()
        stack.database_drop()
