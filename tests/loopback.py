"""Servers the deployment tests start for themselves on loopback: their own redis-server, a TCP
proxy in front of MariaDB (closing it makes the database unreachable), the web service run with
the image's own start script (compose/start/web) and Debian's nginx in front of its replicas.
`bench/webhook.py` and `bench/api_server.py` build their stacks from the same helpers."""

from __future__ import annotations

import os
import selectors
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import environ

ROOT = Path(__file__).resolve().parent.parent
START = ROOT / "compose" / "start"
VENV_BIN = ROOT / ".venv" / "bin"
# the MariaDB the machine runs (DESIGN.md), when DATABASE_URL does not name a MySQL server
DEFAULT_MYSQL_URL = "mysql://root@127.0.0.1:3306/sbd_deploy_tests"


def wait_for_port(port: int, *, timeout: float = 20.0, process: Any = None) -> None:
    """Waits until something accepts connections on 127.0.0.1:port."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process on port {port} exited with {process.returncode}")
        with socket.socket() as probe:
            probe.settimeout(0.5)
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listens on port {port}")


class RedisServer:
    """A redis-server of the test's own, without persistence; stop() and start() at will."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--bind", "127.0.0.1", "--port", str(self.port)),
                *("--save", "", "--appendonly", "no"),
            ],
            stdout=subprocess.DEVNULL,
        )
        wait_for_port(self.port, process=self.process)
        return self

    def flush(self) -> None:
        """Forgets every key (the throttles' counters too)."""
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "flushall"], check=True, capture_output=True
        )

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


class TcpProxy:
    """Forwards 127.0.0.1:port to a target; stop() closes the listener and every connection."""

    def __init__(self, port: int, target: tuple[str, int]) -> None:
        self.port = port
        self.target = target
        self._thread: threading.Thread | None = None
        self._running = threading.Event()

    def start(self) -> TcpProxy:
        listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        listener.setblocking(False)
        self._running.set()
        self._thread = threading.Thread(target=self._serve, args=(listener,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._running.clear()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def _serve(self, listener: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(listener, selectors.EVENT_READ, None)
        peers: dict[socket.socket, socket.socket] = {}
        try:
            while self._running.is_set():
                for key, _ in selector.select(timeout=0.1):
                    sock = key.fileobj
                    assert isinstance(sock, socket.socket)
                    if sock is not listener and sock not in peers:
                        continue  # closed with its peer earlier in this round
                    if sock is listener:
                        client, _ = listener.accept()
                        upstream = socket.create_connection(self.target)
                        for a, b in ((client, upstream), (upstream, client)):
                            peers[a] = b
                            selector.register(a, selectors.EVENT_READ, None)
                        continue
                    try:
                        data = sock.recv(65536)
                    except OSError:
                        data = b""
                    if data:
                        peers[sock].sendall(data)
                        continue
                    other = peers.pop(sock)
                    peers.pop(other, None)
                    for s in (sock, other):
                        selector.unregister(s)
                        s.close()
        finally:
            for s in list(peers):
                s.close()
            listener.close()
            selector.close()


def mysql_url() -> str:
    """DATABASE_URL when it names a MySQL/MariaDB server, else the machine's MariaDB."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith("mysql") else DEFAULT_MYSQL_URL


def mysql_database(suffix: str) -> str:
    """A fresh, empty database `<name>_<suffix>` on mysql_url()'s server; returns its URL."""
    import MySQLdb

    url = mysql_url()
    config = environ.Env.db_url_config(url)
    name = f"{config['NAME']}_{suffix}"
    connection = MySQLdb.connect(
        host=config.get("HOST") or "127.0.0.1",
        port=int(config.get("PORT") or 3306),
        user=config.get("USER") or "root",
        password=config.get("PASSWORD") or "",
        autocommit=True,
    )
    try:
        cursor = connection.cursor()
        cursor.execute(f"DROP DATABASE IF EXISTS `{name}`")
        cursor.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    finally:
        connection.close()
    return url.rsplit("/", 1)[0] + "/" + name


def mysql_address() -> tuple[str, int]:
    config = environ.Env.db_url_config(mysql_url())
    return (config.get("HOST") or "127.0.0.1", int(config.get("PORT") or 3306))


def production_environment(var_dir: Path, **extra: str) -> dict[str, str]:
    """What compose gives the app processes, on loopback: debug off, secrets set."""
    return {
        "PATH": f"{VENV_BIN}:{os.environ['PATH']}",
        "HOME": os.environ.get("HOME", "/root"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "loopback-test-secret-key-that-is-long-enough-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "sbd.test",
        # behind nginx, as compose/.env.example declares: X-Forwarded-* are believed from it only
        "DJANGO_NUM_PROXIES": "1",
        "SBD_VAR_DIR": str(var_dir),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def bot_environment(
    var_dir: Path,
    *,
    database_url: str,
    redis_url: str,
    token: str,
    api_base_url: str,
    webhook_secret: str,
    **extra: str,
) -> dict[str, str]:
    """production_environment() for the bot in webhook mode (or polling) with its conversations
    in Redis, against a Bot API at `api_base_url` (the loopback one)."""
    return production_environment(
        var_dir,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        BOT_PERSISTENCE="redis",
        TELEGRAM_BOT_TOKEN=token,
        TELEGRAM_API_BASE_URL=api_base_url,
        TELEGRAM_WEBHOOK_SECRET=webhook_secret,
        LOG_LEVEL="WARNING",
        **extra,
    )


def webhook_headers(secret: str) -> dict[str, str]:
    """What the TLS terminator in front of nginx sends with Telegram's webhook POSTs."""
    return {
        "Host": "sbd.test",
        "X-Forwarded-Proto": "https",
        "X-Telegram-Bot-Api-Secret-Token": secret,
    }


def run_migrate(env: dict[str, str]) -> None:
    """compose's one-shot `migrate` service: migrations, the catalogue, collectstatic."""
    subprocess.run([str(START / "migrate")], env=env, check=True)


@contextmanager
def web_service(
    *, port: int, env: dict[str, str], log: Path, workers: int = 1, timeout: float = 180.0
) -> Iterator[subprocess.Popen[bytes]]:
    """compose/start/web on 127.0.0.1:port until the block ends (SIGTERM, then SIGKILL)."""
    env = {**env, "WEB_HOST": "127.0.0.1", "WEB_PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    with log.open("ab") as output:
        process = subprocess.Popen(
            [str(START / "web")],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        try:
            wait_for_port(port, timeout=timeout, process=process)
        except (RuntimeError, TimeoutError) as error:
            raise RuntimeError(f"{error}: {log.read_text()[-3000:]}") from None
        yield process
    finally:
        stop_process_group(process)


def stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """Stops a server and its worker processes."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


NGINX_TEMPLATE = ROOT / "compose" / "nginx" / "templates" / "default.conf.template"
NGINX_PROXY = ROOT / "compose" / "nginx" / "sbd_proxy.conf"


def render_template(template: str, values: dict[str, str]) -> str:
    """What the nginx image's envsubst does: ${NAME} of the given names only."""
    for name, value in values.items():
        template = template.replace("${" + name + "}", value)
    return template


@contextmanager
def nginx_server(
    *, directory: Path, port: int, upstreams: list[int], static_root: Path, media_root: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """Debian's nginx with compose/nginx's own site config in front of web replicas on loopback."""
    directory.mkdir(parents=True, exist_ok=True)
    # Docker's DNS gives nginx one address per replica of `web`; here, one server line each
    servers = "; server ".join(f"127.0.0.1:{p} max_fails=1 fail_timeout=5s" for p in upstreams)
    site = render_template(
        NGINX_TEMPLATE.read_text(),
        {
            "NGINX_WEB_UPSTREAM": servers.removesuffix(" max_fails=1 fail_timeout=5s"),
            "NGINX_LISTEN_PORT": f"127.0.0.1:{port}",
            "NGINX_MAX_BODY_SIZE": "12m",
            "NGINX_STATIC_ROOT": str(static_root),
            "NGINX_MEDIA_ROOT": str(media_root),
        },
    )
    (directory / "sbd.conf").write_text(site)
    (directory / "sbd_proxy.conf").write_text(NGINX_PROXY.read_text())
    temp = {name: directory / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    (directory / "nginx.conf").write_text(
        "user root;\nworker_processes 1;\n"
        f"pid {directory}/nginx.pid;\nerror_log {directory}/error.log warn;\n"
        "events { worker_connections 2048; }\n"
        # as the nginx image's own nginx.conf: the types by file extension
        "http {\n  access_log off;\n  include /etc/nginx/mime.types;\n"
        "  default_type application/octet-stream;\n"
        + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items()).replace(
            "body_temp_path", "client_body_temp_path"
        )
        + "  include sbd.conf;\n}\n"
    )
    conf = str(directory / "nginx.conf")
    check = subprocess.run(
        ["nginx", "-p", str(directory), "-c", conf, "-t"], capture_output=True, text=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx -t: {check.stderr}")
    process = subprocess.Popen(
        ["nginx", "-p", str(directory), "-c", conf, "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(directory / "stderr.log").open("wb"),
    )
    try:
        wait_for_port(port, process=process)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def replicas_behind_nginx(
    *, directory: Path, env: dict[str, str], ports: list[int], nginx_port: int, workers: int = 1
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """One compose/start/web replica per port (logs in directory/web-<port>.log), Debian's nginx
    on nginx_port in front of them all; yields the replicas (stopped when the block ends)."""
    directory.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        replicas = [
            stack.enter_context(
                web_service(port=port, env=env, log=directory / f"web-{port}.log", workers=workers)
            )
            for port in ports
        ]
        stack.enter_context(
            nginx_server(
                directory=directory / "nginx",
                port=nginx_port,
                upstreams=list(ports),
                static_root=directory / "static",
                media_root=directory / "media",
            )
        )
        yield replicas
