"""The real bot process (`python -m bot`) run against a `LocalBotApi`: end-to-end tests, bench.

`bot_process()` migrates a database of its own (a SQLite file, or a `<name>_e2e` database next to
the MySQL/MariaDB one in DATABASE_URL), starts the bot polling the loopback server, waits until it
polls, and stops it with SIGINT (so persistence is flushed) at the end.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import environ

from bot.testing.local_api import LocalBotApi

ROOT = Path(__file__).resolve().parents[2]


def isolated_database_url(*, directory: Path, base_url: str | None = None) -> str:
    """A database for the bot process alone: like DATABASE_URL's, emptied first."""
    base_url = base_url if base_url is not None else os.environ.get("DATABASE_URL", "")
    if base_url.startswith("mysql"):
        config = environ.Env.db_url_config(base_url)
        name = f"{config['NAME']}_e2e"
        with _mysql(config, database=None) as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
            cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        return base_url.rsplit("/", 1)[0] + "/" + name
    path = directory / "bot.sqlite3"
    path.unlink(missing_ok=True)
    return f"sqlite:///{path}"


def query(database_url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Rows of one SQL query on the bot process's database (`%s` placeholders)."""
    config = environ.Env.db_url_config(database_url)
    if database_url.startswith("mysql"):
        with _mysql(config, database=config["NAME"]) as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())
    import sqlite3

    with sqlite3.connect(config["NAME"]) as connection:
        return list(connection.execute(sql.replace("%s", "?"), params).fetchall())


@contextmanager
def _mysql(config: dict[str, Any], *, database: str | None) -> Iterator[Any]:
    import MySQLdb

    connection = MySQLdb.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=int(config.get("PORT") or 3306),
        user=config.get("USER") or "root",
        password=config.get("PASSWORD") or "",
        **({"database": database} if database else {}),
        autocommit=True,
    )
    try:
        yield connection.cursor()
    finally:
        connection.close()


def migrate(*, database_url: str, var_dir: Path) -> None:
    """Creates the tables of a fresh database."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=ROOT,
        env=_environment(database_url=database_url, var_dir=var_dir),
        check=True,
    )


def _environment(
    *, database_url: str, var_dir: Path, api: LocalBotApi | None = None, **extra: str
) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SBD_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "backend.config.settings",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }
    if api is not None:
        env["TELEGRAM_BOT_TOKEN"] = api.token
        env["TELEGRAM_API_BASE_URL"] = api.base_url
    return env


@contextmanager
def bot_process(
    *,
    api: LocalBotApi,
    database_url: str,
    var_dir: Path,
    timeout: float = 60.0,
    command: Sequence[str] = ("-m", "bot"),
    **extra_env: str,
) -> Iterator[subprocess.Popen[bytes]]:
    """Runs `python -m bot` (or `command`) against `api` until the block ends; yields once it
    is polling."""
    var_dir.mkdir(parents=True, exist_ok=True)
    log = (var_dir / "bot-process.log").open("ab")
    mark = api.mark()
    process = subprocess.Popen(
        [sys.executable, *command],
        cwd=ROOT,
        env=_environment(database_url=database_url, var_dir=var_dir, api=api, **extra_env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + timeout
        while not any(c.method == "deleteWebhook" for c in api.calls[mark:]):
            if process.poll() is not None:
                raise RuntimeError(f"the bot exited: {(var_dir / 'bot-process.log').read_text()}")
            if time.monotonic() > deadline:
                raise TimeoutError("the bot did not start polling")
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
