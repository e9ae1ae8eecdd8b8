"""Benchmark: lift-logging messages through the real bot process and the loopback Bot API.

    .venv/bin/python bench/bot.py [--messages 2000] [--users 100] [--rate 150] [--db sqlite mysql]

For each database (a SQLite file; MariaDB/MySQL at $BENCH_MYSQL_URL, default
mysql://root@127.0.0.1:3306/sbd_bench, in a database of its own), migrates, starts `python -m bot`
polling a `LocalBotApi` on loopback, and measures end to end (update queued → reply received):

- saturation: every message queued at once; messages handled per second, and the bot's CPU per
  message beside the floor's: bench/floor_bot.py (a minimal PTB handler, no database) polling a
  Bot API of its own, the two taking turns in `ROUNDS` bursts so both see the same machine;
- paced: messages sent at `--rate` per second; p50/p95/max latency.

Each message logs one set (`bench 100x5`, …) for one of `--users` lifters with a full profile, so
every reply carries e1RM, level, percentile and calories. The bot and the floor both run with
production settings (DEBUG off: with it on, Django also records every query). Telegram's own
30 messages/s global send limit (AIORateLimiter) is switched off with
TELEGRAM_OVERALL_MAX_RATE=0: this measures the bot.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.figures import Figure, report
from bot.testing.local_api import ApiCall, LocalBotApi
from bot.testing.process import bot_process, isolated_database_url, migrate, query

LIFTS = ("bench {w}x5", "squat {w}x5", "deadlift {w}x3", "ohp {w} 5", "bench {w}x5x3 @8")
FIRST_USER = 900_000


class Clock:
    """Matches each lifter's replies, in order, to the times their messages were queued."""

    def __init__(self) -> None:
        self.sent: dict[int, list[float]] = {}
        self.latencies: list[float] = []
        self.lock = threading.Lock()
        self.done = threading.Condition(self.lock)

    def queued(self, chat_id: int) -> None:
        with self.lock:
            self.sent.setdefault(chat_id, []).append(time.monotonic())

    def on_call(self, call: ApiCall) -> None:
        if call.method != "sendMessage" or not isinstance(call.chat_id, int):
            return
        with self.lock:
            pending = self.sent.get(call.chat_id)
            if pending:
                self.latencies.append(call.at - pending.pop(0))
                self.done.notify_all()

    def wait(self, count: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self.lock:
            while len(self.latencies) < count and time.monotonic() < deadline:
                self.done.wait(deadline - time.monotonic())

    def reset(self) -> None:
        with self.lock:
            self.sent.clear()
            self.latencies.clear()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def message(index: int) -> str:
    return LIFTS[index % len(LIFTS)].format(w=60 + index % 40)


def _wait_text(api: LocalBotApi, user: dict, fragment: str, after: int) -> ApiCall:
    return api.wait_for(lambda c: c.chat_id == user["id"] and fragment in c.text, after=after)


def onboard(api: LocalBotApi, clock: Clock, users: list[dict]) -> None:
    """Gives every lifter sex, birth year and bodyweight, so replies include the ranking."""
    for user in users:
        mark = api.mark()
        api.send_text("/start", user=user)
        question = _wait_text(api, user, "man or a woman", mark)
        api.press_button(question, "sex:male", user=user)
        _wait_text(api, user, "born", mark)
        api.send_text("1990", user=user)
        _wait_text(api, user, "bodyweight", mark)
        api.send_text("82.5", user=user)
        _wait_text(api, user, "Which unit", mark)
        api.send_text("/cancel", user=user)
        _wait_text(api, user, "skipped", mark)
    clock.reset()


# how an update reaches the bot: queued for getUpdates (polling), or POSTed (bench/webhook.py)
Send = Callable[[dict, str], object]


def saturation(
    api: LocalBotApi, clock: Clock, users: list[dict], count: int, send: Send | None = None
) -> float:
    """Every message queued at once; messages answered per second."""
    send = send or (lambda user, text: api.send_text(text, user=user))
    clock.reset()
    start = time.monotonic()
    for index in range(count):
        user = users[index % len(users)]
        clock.queued(user["id"])
        send(user, message(index))
    clock.wait(count, timeout=600)
    return len(clock.latencies) / (time.monotonic() - start)


def paced(
    api: LocalBotApi,
    clock: Clock,
    users: list[dict],
    count: int,
    rate: float,
    send: Send | None = None,
) -> list[float]:
    """Messages sent at `rate` per second; the sorted latencies (queued → reply)."""
    send = send or (lambda user, text: api.send_text(text, user=user))
    clock.reset()
    start = time.monotonic()
    for index in range(count):
        target = start + index / rate
        delay = target - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        user = users[index % len(users)]
        clock.queued(user["id"])
        send(user, message(index))
    clock.wait(count, timeout=600)
    return sorted(clock.latencies)


TELEGRAM_GLOBAL_RATE = 30  # messages/s a bot may send in all (Telegram Bot API FAQ)
# both processes run as in production: DEBUG off (with DEBUG on Django also logs every query)
SECRET_KEY = "bench-bot-secret-key-that-is-long-enough-0123456789abcdef"


# the floor and the bot take turns in this many rounds, so both see the same machine (a shared
# machine's speed drifts over a run: measured one after the other, the ratio moved by ±0.5×)
ROUNDS = 5


@contextmanager
def floor_bot(*, users_count: int) -> Iterator[tuple[LocalBotApi, Clock, list[dict], int]]:
    """bench/floor_bot.py (a minimal PTB handler, no database) polling a Bot API of its own:
    its api, clock, lifters and pid."""
    directory = Path(tempfile.mkdtemp(prefix="bench-bot-floor-"))
    clock = Clock()
    with LocalBotApi(on_call=clock.on_call) as api:
        users = [api.user(FIRST_USER + i, first_name=f"L{i}") for i in range(users_count)]
        with bot_process(
            api=api,
            database_url=f"sqlite:///{directory / 'unused.sqlite3'}",
            var_dir=directory,
            command=("bench/floor_bot.py",),
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=SECRET_KEY,
        ) as process:
            yield api, clock, users, process.pid


def burst_cpu(api: LocalBotApi, clock: Clock, users: list[dict], pid: int, count: int) -> float:
    """CPU seconds a bot process spends answering `count` messages queued at once."""
    before = _cpu_seconds(pid)
    saturation(api, clock, users, count)
    return _cpu_seconds(pid) - before


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def queries_per_message() -> int:
    """SQL queries (transaction control not counted) the gateway runs for one logged message of a
    returning lifter with a full profile, session and streak included, on Django's test
    database (SQLite here unless $DATABASE_URL names another)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from bot import gateway

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        identity = gateway.Identity(telegram_id=FIRST_USER, first_name="L", language_code="en")
        log = gateway.lift_log.func  # type: ignore[attr-defined]
        log(identity, text=message(0), update_id=1)
        gateway.lifter_update.func(  # type: ignore[attr-defined]
            identity, sex="male", birth_year=1990, bodyweight_kg=Decimal("82.5")
        )
        for index in range(1, 5):
            log(identity, text=message(index), update_id=1 + index)
        with CaptureQueriesContext(connection) as captured:
            logged = log(identity, text=message(5), update_id=100)
        assert isinstance(logged, gateway.Logged) and logged.after is not None, logged
        return sum(
            not q["sql"].lstrip().upper().startswith(TRANSACTION_CONTROL)
            for q in captured.captured_queries
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(
    database: str, *, messages: int, users_count: int, rate: float
) -> tuple[list[str], list[Figure]]:
    """One database: the bot beside the floor, taking turns (`ROUNDS`), then paced latency."""
    directory = Path(tempfile.mkdtemp(prefix=f"bench-bot-{database}-"))
    base = os.environ.get("BENCH_MYSQL_URL", "mysql://root@127.0.0.1:3306/sbd_bench")
    database_url = isolated_database_url(
        directory=directory, base_url=base if database == "mysql" else ""
    )
    migrate(database_url=database_url, var_dir=directory)
    clock = Clock()
    burst = max(1, messages // ROUNDS)
    with floor_bot(users_count=users_count) as floor, LocalBotApi(on_call=clock.on_call) as api:
        users = [api.user(FIRST_USER + i, first_name=f"L{i}") for i in range(users_count)]
        with bot_process(
            api=api,
            database_url=database_url,
            var_dir=directory,
            TELEGRAM_OVERALL_MAX_RATE="0",
            # each lifter sends ~30 updates in a few seconds here: throughput, not the limit
            BOT_CHAT_RATE="",
            DJANGO_DEBUG="false",
            DJANGO_SECRET_KEY=SECRET_KEY,
        ) as process:
            onboard(api, clock, users)
            saturation(api, clock, users, min(200, messages))  # warm-ups
            saturation(*floor[:3], min(200, messages))
            floor_cpu = bot_cpu = busy = bench_cpu = 0.0
            for _ in range(ROUNDS):
                floor_cpu += burst_cpu(*floor, burst)
                began = time.monotonic(), time.process_time()
                bot_cpu += burst_cpu(api, clock, users, process.pid, burst)
                busy += time.monotonic() - began[0]
                bench_cpu += time.process_time() - began[1]
            total = burst * ROUNDS
            throughput = total / busy
            floor_ms, bot_ms = floor_cpu / total * 1000, bot_cpu / total * 1000
            bench_ms = bench_cpu / total * 1000
            latencies = paced(api, clock, users, messages, rate)
        stored = query(database_url, "SELECT COUNT(*) FROM workouts_workoutset")[0][0]
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[int(len(latencies) * 0.95) - 1] * 1000
    bench = f"bot ({database})"
    figures = [
        Figure(
            bench,
            "bot CPU per logged message",
            bot_ms,
            "ms",
            floor=floor_ms,
            floor_name="minimal PTB handler: parse + one reply, no database",
            most=2,
        ),
        Figure(
            bench,
            "logged messages per second, saturated",
            throughput,
            "msg/s",
            floor=TELEGRAM_GLOBAL_RATE,
            floor_name="Telegram's global send limit",
            least=4 if database == "mysql" else None,
        ),
        Figure(bench, f"latency p95 at {rate:g} msg/s", p95, "ms"),
    ]
    return [
        f"{database:<8} {messages:>8} {throughput:>12.0f} {rate:>8.0f} "
        f"{p50:>8.1f} {p95:>8.1f} {latencies[-1] * 1000:>8.1f} {stored:>8} "
        f"{bot_ms:>10.1f} {bench_ms:>10.1f}"
    ], figures


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--rate", type=float, default=150.0, help="paced messages per second")
    parser.add_argument("--db", nargs="+", default=["sqlite", "mysql"], choices=["sqlite", "mysql"])
    args = parser.parse_args()
    print(
        f"{'database':<8} {'messages':>8} {'saturated/s':>12} {'paced/s':>8} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'max ms':>8} {'sets':>8} {'bot cpu/msg':>10} {'api cpu/msg':>10}"
    )
    figures = [
        Figure(
            "bot (gateway)",
            "SQL queries per logged message, returning lifter (BEGIN/COMMIT not counted)",
            queries_per_message(),
            "queries",
            most=4,
        )
    ]
    for database in args.db:
        lines, found = run(
            database,
            messages=args.messages,
            users_count=args.users,
            rate=args.rate,
        )
        figures += found
        for line in lines:
            print(line, flush=True)
    report(figures)


if __name__ == "__main__":
    main()
