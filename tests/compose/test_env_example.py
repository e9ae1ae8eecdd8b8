"""compose/.env.example lists every variable the code, the start scripts and the compose files
read, and nothing else."""

from __future__ import annotations

import re
from pathlib import Path

from tests.compose.conftest import COMPOSE, COMPOSE_FILES, ENV_EXAMPLE, ROOT, START

CODE_DIRS = ("backend", "bot", "ml", "charts")
CODE_READS = [
    # settings.py's typed helpers and django-environ
    re.compile(
        r"\benv(?:_str|_bool|_int|_list|\.str|\.bool|\.int|\.list|\.url)\(\s*\"([A-Z][A-Z0-9_]+)\""
    ),
    re.compile(r"os\.environ\.get\(\s*\"([A-Z][A-Z0-9_]+)\""),
    re.compile(r"os\.getenv\(\s*\"([A-Z][A-Z0-9_]+)\""),
    re.compile(r"os\.environ\[\s*\"([A-Z][A-Z0-9_]+)\"\s*\](?!\s*=[^=])"),
]
# ${NAME}, ${NAME:-default}, ${NAME:?message}; `$$` escapes a dollar for the container's shell
INTERPOLATION = re.compile(r"(?<!\$)\$\{([A-Z][A-Z0-9_]+)")
LISTED = re.compile(r"^#?\s?([A-Z][A-Z0-9_]+)=", re.MULTILINE)


def names_read_by_code() -> set[str]:
    names: set[str] = set()
    for folder in CODE_DIRS:
        for file in (ROOT / folder).rglob("*.py"):
            text = file.read_text(encoding="utf-8")
            for pattern in CODE_READS:
                names.update(pattern.findall(text))
    return names


def names_read_by(files: list[Path]) -> set[str]:
    return {name for file in files for name in INTERPOLATION.findall(file.read_text())}


def listed() -> set[str]:
    return set(LISTED.findall(ENV_EXAMPLE.read_text()))


def test_it_finds_the_reads_it_must_check() -> None:
    # the scanners see what the project certainly reads (so the test below can fail)
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "BOT_DB_THREADS"} <= names_read_by_code()
    assert {"MYSQL_PASSWORD", "WEB_CONCURRENCY"} <= names_read_by(COMPOSE_FILES)
    assert "WEB_PORT" in names_read_by(sorted(START.iterdir()))


def test_every_variable_the_code_reads_is_listed() -> None:
    assert names_read_by_code() - listed() == set()


def test_every_variable_the_compose_files_and_start_scripts_read_is_listed() -> None:
    read = names_read_by(COMPOSE_FILES) | names_read_by(sorted(START.iterdir()))
    # the backup service's own variables are set by compose itself
    assert read - listed() - {"MYSQL_HOST"} == set()


def test_nothing_listed_is_read_nowhere() -> None:
    read = (
        names_read_by_code() | names_read_by(COMPOSE_FILES) | names_read_by(sorted(START.iterdir()))
    )

    assert listed() - read == set()


def test_it_lists_each_variable_once() -> None:
    names = LISTED.findall(ENV_EXAMPLE.read_text())

    assert sorted(names) == sorted(set(names))


def test_the_nginx_template_gets_every_variable_from_compose() -> None:
    template = (COMPOSE / "nginx" / "templates" / "default.conf.template").read_text()
    compose = (COMPOSE / "compose.yml").read_text()

    for name in set(INTERPOLATION.findall(template)):
        assert f"{name}:" in compose, name
