"""The compose files pass Debian's docker-compose validation and follow the deployment rules."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.compose.conftest import COMPOSE, COMPOSE_FILES, START, compose_config

PRODUCTION = COMPOSE / "compose.yml"
PROFILES = ("polling", "backup")
ONE_SHOT = {"migrate", "backup", "tests"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|SIGNING_KEY")


@pytest.mark.parametrize("file", COMPOSE_FILES, ids=lambda f: f.name)
def test_it_validates_with_docker_compose(file: Path) -> None:
    result = subprocess.run(
        [
            "docker-compose",
            "--env-file",
            str(COMPOSE / ".env.example"),
            "-f",
            str(file),
            "config",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stderr) == (0, "")


def test_it_rejects_an_unknown_key(tmp_path: Path) -> None:
    # the validation above can fail: a typo in a service key is refused
    broken = yaml.safe_load(PRODUCTION.read_text())
    broken["services"]["web"]["restrat"] = "always"
    file = tmp_path / "compose.yml"
    file.write_text(yaml.safe_dump(broken))

    result = subprocess.run(
        [
            "docker-compose",
            "--env-file",
            str(COMPOSE / ".env.example"),
            "-f",
            str(file),
            "config",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "restrat" in result.stderr


def test_it_refuses_to_start_without_the_secrets(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("")

    result = subprocess.run(
        ["docker-compose", "--env-file", str(empty), "-f", str(PRODUCTION), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode != 0
    assert "set " in result.stderr


def test_it_runs_every_production_piece() -> None:
    services = compose_config(PRODUCTION, *PROFILES)["services"]

    assert set(services) == {
        "db",
        "redis",
        "migrate",
        "web",
        "worker",
        "beat",
        "bot",
        "nginx",
        "backup",
    }
    assert services["db"]["image"].startswith("mysql:8.4")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["bot"]["profiles"] == ["polling"]


@pytest.mark.parametrize("file", COMPOSE_FILES, ids=lambda f: f.name)
def test_every_long_running_service_has_a_healthcheck_and_a_restart_policy(file: Path) -> None:
    services = compose_config(file, *PROFILES)["services"]

    for name, service in services.items():
        if name in ONE_SHOT:
            assert service.get("restart", "no") == "no", name
            continue
        assert "test" in service.get("healthcheck", {}), name
        if file == PRODUCTION:
            assert service.get("restart") == "unless-stopped", name


def test_state_lives_in_named_volumes() -> None:
    config = compose_config(PRODUCTION, *PROFILES)
    # docker-compose 1.29 prints the short syntax: "source:target[:mode]"
    mounts = {
        name: {v.split(":")[1]: v.split(":")[0] for v in service.get("volumes", [])}
        for name, service in config["services"].items()
    }

    assert mounts["db"]["/var/lib/mysql"] == "mysql-data"
    assert mounts["redis"]["/data"] == "redis-data"
    assert mounts["web"]["/app/var/media"] == "media"
    assert mounts["nginx"]["/srv/media"] == "media"
    assert mounts["nginx"]["/srv/static"] == "static"
    assert {"mysql-data", "redis-data", "media", "static"} <= set(config["volumes"])


def test_secrets_come_only_from_the_environment() -> None:
    # in the production file every secret is an interpolation, never a literal value
    text = PRODUCTION.read_text()
    for line in text.splitlines():
        match = re.match(r"\s*([A-Z_]+):\s*(.+)$", line)
        if match and SECRET_NAME.search(match.group(1)):
            assert match.group(2).startswith("${"), line


def test_every_service_command_is_a_start_script_of_the_image() -> None:
    services = compose_config(PRODUCTION, *PROFILES)["services"]

    for name in ("migrate", "web", "worker", "beat", "bot"):
        command = services[name]["command"]
        assert command == [f"/app/compose/start/{name}"]
        assert (START / name).stat().st_mode & 0o111, f"{name} is not executable"


def test_the_nginx_site_passes_nginx_t(tmp_path: Path) -> None:
    # the same template the nginx image renders, checked by Debian's nginx (the scale-out test
    # runs it for real)
    from tests.loopback import nginx_server

    with nginx_server(
        directory=tmp_path, port=18499, upstreams=[18498], static_root=tmp_path, media_root=tmp_path
    ) as process:
        assert process.poll() is None
