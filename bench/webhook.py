"""Benchmark: the bot by webhook through nginx, one replica vs two, beside polling; cold start; RSS.

    DATABASE_URL=mysql://root@127.0.0.1:3306/sbd_bench .venv/bin/python bench/webhook.py \
        [--messages 600] [--users 50] [--rate 20] [--paced 200]

The stack of the scale-out test (tests/loopback.py): a MariaDB database of its own
(`<name>_webhook`), a redis-server of its own (conversations in Redis, BOT_PERSISTENCE=redis), the
loopback Bot API (bot/testing/local_api.py), web replicas started with the image's own start
script (compose/start/web, uvicorn) and Debian's nginx with compose/nginx's site
config in front of them. Telegram's 30 messages/s global send limit is switched off
(TELEGRAM_OVERALL_MAX_RATE=0): this measures the bot, as bench/bot.py does. A replica is what
compose runs as one `web` container: compose.yml's worker count (WEB_CONCURRENCY's default).

1. Polling (compose/start/bot's `python -m bot`, same database and Redis): onboards `--users`
   lifters (sex, birth year, bodyweight: every reply is ranked), then messages/s saturated and
   p95 of `--paced` messages at a quarter of that rate (at most `--rate`) — the alternative the
   webhook figures stand beside.
2. Webhook through nginx with ONE replica, then with TWO: the same messages POSTed to
   /telegram/webhook/ (as Telegram does), messages answered per second and p95 at that rate.
3. Cold start: a fresh replica, process start → the first ranked reply to a webhook update,
   beside a bare `python -c 'import django; django.setup()'` under the same environment.
4. RSS of that web worker (one uvicorn process) after ranked replies, beside the same uvicorn
   worker of `bench/asgi_floor.py` (the same ASGI app without the percentile model) after a reply
   that ranks nothing.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_server import compose_workers  # noqa: E402
from bench.bot import (  # noqa: E402
    FIRST_USER,
    TELEGRAM_GLOBAL_RATE,
    Clock,
    message,
    onboard,
    paced,
    saturation,
)
from bench.figures import Figure, report  # noqa: E402
from bot.testing.local_api import LocalBotApi  # noqa: E402
from bot.testing.process import bot_process, query  # noqa: E402
from tests.loopback import (  # noqa: E402
    RedisServer,
    bot_environment,
    mysql_database,
    replicas_behind_nginx,
    run_migrate,
    stop_process_group,
    wait_for_port,
    web_service,
    webhook_headers,
)

# in the bench's own port range (18700-18749)
REDIS_PORT, NGINX_PORT, COLD_PORT, FLOOR_PORT = 18700, 18701, 18704, 18705
REPLICA_PORTS = [18702, 18703]
SECRET = "bench-webhook-secret"
HEADERS = webhook_headers(SECRET)
logging.getLogger("httpx").setLevel(logging.WARNING)


def p95_ms(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=20)[-1] * 1000


class Poster:
    """POSTs updates to a webhook URL from a few threads, as Telegram's deliveries arrive."""

    def __init__(self, api: LocalBotApi, url: str, threads: int = 8) -> None:
        self.api = api
        self.url = url
        self.client = httpx.Client(timeout=30, limits=httpx.Limits(max_connections=threads))
        self.pool = ThreadPoolExecutor(threads)
        self.statuses: list[int] = []

    def post(self, user: dict, text: str) -> int:
        update = self.api.message_update(text, user=user)
        update["update_id"] = next(self.api._update_ids)
        status = self.client.post(self.url, json=update, headers=HEADERS).status_code
        self.statuses.append(status)
        return status

    def send(self, user: dict, text: str) -> None:
        self.pool.submit(self.post, user, text)

    def errors(self) -> int:
        return sum(status != 200 for status in self.statuses)

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.client.close()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


@contextmanager
def floor_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """uvicorn with compose/start/web's flags, serving bench/asgi_floor.py (no model)."""
    flags = [
        *("--host", "127.0.0.1", "--port", str(FLOOR_PORT), "--workers", "1"),
        *("--lifespan", "off", "--no-proxy-headers", "--no-server-header"),
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "bench.asgi_floor:application", *flags],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(FLOOR_PORT, timeout=180, process=process)
        yield process
    finally:
        stop_process_group(process)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=600)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument(
        "--rate", type=float, default=20.0, help="paced messages/s at most (¼ of polling's)"
    )
    parser.add_argument("--paced", type=int, default=200, help="messages sent paced")
    args = parser.parse_args()
    directory = Path(tempfile.mkdtemp(prefix="bench-webhook-"))
    database_url = mysql_database("webhook")
    clock = Clock()
    workers = compose_workers()
    with ExitStack() as stack:
        redis = RedisServer(REDIS_PORT).start()
        stack.callback(redis.stop)
        api = stack.enter_context(LocalBotApi(on_call=clock.on_call))
        env = bot_environment(
            directory,
            database_url=database_url,
            redis_url=redis.url,
            token=api.token,
            api_base_url=api.base_url,
            webhook_secret=SECRET,
            TELEGRAM_OVERALL_MAX_RATE="0",
            # each lifter sends dozens of updates a minute across the phases: throughput, not
            # the per-chat limit (its own tests: tests/bot/test_chat_flood.py)
            BOT_CHAT_RATE="",
        )
        run_migrate(env)
        users = [api.user(FIRST_USER + i, first_name=f"L{i}") for i in range(args.users)]
        measured: dict[str, tuple[float, float]] = {}
        rates: list[float] = []

        def run(name: str, send: Callable[[dict, str], object]) -> None:
            """Messages/s saturated (after a warm-up), then p95 ms paced: every mode at the rate
            fixed by the first (polling), a quarter of its capacity, so p95 is the bot's latency,
            not a growing queue's."""
            saturation(api, clock, users, min(100, args.messages), send)
            throughput = saturation(api, clock, users, args.messages, send)
            if not rates:
                rates.append(min(args.rate, throughput / 4))
            latencies = paced(api, clock, users, args.paced, rates[0], send)
            assert len(latencies) == args.paced, f"{len(latencies)} of {args.paced} answered"
            measured[name] = throughput, p95_ms(latencies)
            print(f"{name}: {throughput:.1f} msg/s, p95 {measured[name][1]:.0f} ms")

        # 1. polling, as compose's profile "polling" runs it; onboards the lifters
        with bot_process(api=api, database_url=database_url, var_dir=directory, **env):
            onboard(api, clock, users)
            run("polling", lambda user, text: api.send_text(text, user=user))
        # 2. webhook through nginx, one replica, then two
        for count in (1, 2):
            with replicas_behind_nginx(
                directory=directory / f"{count}-replicas",
                env=env,
                ports=REPLICA_PORTS[:count],
                nginx_port=NGINX_PORT,
                workers=workers,
            ):
                poster = Poster(api, f"http://127.0.0.1:{NGINX_PORT}/telegram/webhook/")
                try:
                    run(f"webhook-{count}", poster.send)
                finally:
                    poster.close()
                assert poster.errors() == 0, f"{poster.errors()} webhook POSTs failed"
        stored = query(database_url, "SELECT COUNT(*) FROM workouts_workoutset")[0][0]
        print(f"{stored} sets stored")

        # 3. cold start of one replica to its first ranked reply
        bare = time.monotonic()
        subprocess.run(
            [sys.executable, "-c", "import django; django.setup()"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "backend.config.settings"},
            check=True,
        )
        bare_s = time.monotonic() - bare
        direct = f"http://127.0.0.1:{COLD_PORT}/telegram/webhook/"
        poster = Poster(api, direct, threads=1)
        user = users[0]
        mark = api.mark()
        began = time.monotonic()
        with web_service(port=COLD_PORT, env=env, log=directory / "cold.log") as replica:
            assert poster.post(user, message(0)) == 200
            api.wait_for(
                lambda c: c.chat_id == user["id"] and "e1RM" in c.text, after=mark, timeout=120
            )
            cold_s = time.monotonic() - began
            # 4. RSS of the worker after ranked replies (one each for every lifter)
            mark = api.mark()
            for index, lifter in enumerate(users):
                poster.post(lifter, message(index))
            for lifter in users:
                api.wait_for(
                    lambda c, chat=lifter["id"]: c.chat_id == chat and "e1RM" in c.text,
                    after=mark,
                    timeout=120,
                )
            worker_mb = rss_mb(replica.pid)
        poster.close()
        with floor_worker(env, directory / "floor.log") as floor:
            poster = Poster(api, f"http://127.0.0.1:{FLOOR_PORT}/telegram/webhook/", threads=1)
            mark = api.mark()
            assert poster.post(user, "/help") == 200
            api.wait_for(lambda c: c.chat_id == user["id"], after=mark, timeout=120)
            poster.close()
            floor_mb = rss_mb(floor.pid)

    query(database_url, f"DROP DATABASE `{database_url.rsplit('/', 1)[1]}`")
    polling, one, two = measured["polling"], measured["webhook-1"], measured["webhook-2"]
    bench = f"webhook (mysql, nginx, uvicorn ×{workers} per replica)"
    figures = [
        Figure(
            bench,
            "messages/s saturated, ONE replica",
            one[0],
            "msg/s",
            floor=TELEGRAM_GLOBAL_RATE,
            floor_name="Telegram's global send limit",
            least=4,
        ),
        Figure(
            bench,
            "messages/s saturated, TWO replicas",
            two[0],
            "msg/s",
            floor=one[0],
            floor_name="one replica, same run",
            note="2 shared cores: the alternative, no target",
        ),
        Figure(
            bench,
            "messages/s saturated, ONE replica vs polling",
            one[0],
            "msg/s",
            floor=polling[0],
            floor_name="polling (python -m bot), same database",
        ),
        Figure(
            bench,
            f"latency p95 at {rates[0]:.1f} msg/s, ONE replica",
            one[1],
            "ms",
            floor=polling[1],
            floor_name="polling, same rate",
        ),
        Figure(
            bench,
            f"latency p95 at {rates[0]:.1f} msg/s, TWO replicas",
            two[1],
            "ms",
            floor=one[1],
            floor_name="one replica, same rate",
        ),
        Figure(
            "web worker",
            "cold start: process start → first ranked webhook reply",
            cold_s * 1000,
            "ms",
            floor=bare_s * 1000,
            floor_name="python -c 'import django; django.setup()'",
            note="no target in issue 15",
        ),
        Figure(
            "web worker",
            "RSS of one uvicorn worker after ranked webhook replies (model loaded)",
            worker_mb,
            "MB",
            floor=floor_mb,
            floor_name="same uvicorn worker and app without the model, after /help",
            most=1.5,
        ),
    ]
    report(figures)


if __name__ == "__main__":
    main()
