"""Scale-out on loopback: Debian's nginx (compose/nginx's config) in front of two web replicas
started with the image's own start script, on MariaDB and a Redis of the test's own, with a Celery
worker and the loopback Bot API (bot/testing/local_api.py).

100 lifters send 2,000 webhook updates through nginx, each waiting for the bot's answer before
the next (as people do), so consecutive updates of one chat land on either replica: onboarding
and the "did you mean" buttons hop replicas mid-way. Mid-run, with turns open on both replicas,
one replica is killed (SIGKILL): the webhook answers only once an update is handled, so the
updates it was in the middle of are answered by nothing; nginx delivers them again to the other
replica (as Telegram would), which takes the dead turns' chats once their locks expire and
handles them (each set keeps its key, so none is stored twice). Phase 2 runs on the survivor
alone. Every conversation completes, every message is answered and every set is stored exactly
once.

Ports: SBD_SCALE_PORT_BASE (default 18430): Redis, nginx, then the two replicas.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from bot.shared_state import PREFIX
from bot.testing.local_api import ApiCall, LocalBotApi
from bot.testing.process import query
from tests.loopback import (
    START,
    RedisServer,
    bot_environment,
    mysql_database,
    replicas_behind_nginx,
    run_migrate,
    webhook_headers,
)

pytestmark = pytest.mark.slow
# one line per webhook POST would bury a failure's report
logging.getLogger("httpx").setLevel(logging.WARNING)

PORT_BASE = int(os.environ.get("SBD_SCALE_PORT_BASE", "18430"))
REDIS_PORT, NGINX_PORT, REPLICA_PORTS = PORT_BASE, PORT_BASE + 1, (PORT_BASE + 2, PORT_BASE + 3)
CHATS = 100
FIRST_CHAT = 9_100_000
SECRET = "scale-out-webhook-secret"
WEBHOOK = f"http://127.0.0.1:{NGINX_PORT}/telegram/webhook/"
HEADERS = webhook_headers(SECRET)
REPLY_SECONDS = 60
# a delivery may wait for a dead replica's turn to expire (TURN_SECONDS) before it is handled
DELIVERY_SECONDS = 120
# killed once the Bot API has seen this many calls: mid-way through phase 1's onboarding
KILL_AFTER_CALLS = 400


@dataclass(frozen=True)
class Step:
    """One update a lifter sends, and how to recognise the bot's answer to it."""

    text: str = ""
    press: str = ""  # callback data, or a button's label, of the bot's last message with buttons
    answer: Callable[[ApiCall], bool] = lambda call: call.method == "sendMessage"


def has_buttons(call: ApiCall) -> bool:
    return call.method == "sendMessage" and bool(call.buttons())


def says(fragment: str, method: str = "sendMessage") -> Callable[[ApiCall], bool]:
    return lambda call: call.method == method and fragment in call.text


ONBOARDING = [
    Step("/start", answer=has_buttons),
    Step(press="sex:male", answer=says("born")),
    Step("1990", answer=says("bodyweight")),
    Step("80", answer=has_buttons),
    Step(press="units:kg", answer=says("timezone")),
    Step("Seoul", answer=says("Saved:")),
]
DID_YOU_MEAN = [
    Step("pullups 3x8", answer=has_buttons),
    Step(press="BW × 8 ×3", answer=says("Pull-ups", "editMessageText")),
]


def lifts(first: int, count: int) -> list[Step]:
    return [Step(f"bench {first + i}x5", answer=says("e1RM")) for i in range(count)]


# killed between the two phases: the did-you-mean question of phase 1's end is answered after
PHASE_1 = ONBOARDING + DID_YOU_MEAN + lifts(60, 4) + DID_YOU_MEAN[:1]
PHASE_2 = DID_YOU_MEAN[1:] + lifts(70, 6)
SETS_PER_CHAT = 3 + 4 + 3 + 6
assert len(PHASE_1) + len(PHASE_2) == 20  # 20 updates × 100 chats = 2,000


class Lifter:
    """One chat: sends its steps through nginx and waits for each answer."""

    def __init__(self, api: LocalBotApi, client: httpx.Client, chat_id: int) -> None:
        self.api = api
        self.client = client
        self.chat_id = chat_id
        self.user = api.user(chat_id, first_name=f"Lifter{chat_id % 1000}")
        self.last_buttons: ApiCall | None = None
        self.statuses: list[int] = []
        self.redeliveries = 0

    def run(self, steps: list[Step]) -> None:
        for step in steps:
            self.send(step)

    def send(self, step: Step) -> None:
        mark = self.api.mark()
        if step.press:
            assert self.last_buttons is not None
            data = next(d for label, d in self.last_buttons.buttons() if step.press in (label, d))
            update = self.callback_update(self.last_buttons, data)
        else:
            update = self.api.message_update(step.text, user=self.user)
        update["update_id"] = next(self.api._update_ids)
        self.statuses.append(self.deliver(update))
        try:
            answer = self.api.wait_for(
                lambda c: c.chat_id == self.chat_id and step.answer(c),
                after=mark,
                timeout=REPLY_SECONDS,
            )
        except TimeoutError:
            got = [(c.method, c.text[:50]) for c in self.api.sent(self.chat_id)[-3:]]
            raise AssertionError(f"chat {self.chat_id}: no answer to {step}; last: {got}") from None
        if answer.buttons():
            self.last_buttons = answer

    def deliver(self, update: dict[str, Any]) -> int:
        """POSTs the update until it is answered 200, as Telegram redelivers what fails."""
        deadline = time.monotonic() + DELIVERY_SECONDS
        while True:
            try:
                status = self.client.post(WEBHOOK, json=update, headers=HEADERS).status_code
            except httpx.HTTPError:
                status = 0
            if status == 200 or time.monotonic() > deadline:
                return status
            self.redeliveries += 1
            time.sleep(1)

    def callback_update(self, call: ApiCall, data: str) -> dict[str, Any]:
        message = self.api.messages[(int(call.params["chat_id"]), call.params["_message_id"])]
        return {
            "callback_query": {
                "id": str(next(self.api._update_ids)),
                "from": self.user,
                "chat_instance": "local",
                "data": data,
                "message": message,
            }
        }


@dataclass
class Deployment:
    api: LocalBotApi
    database_url: str
    redis_url: str
    replicas: list[subprocess.Popen[bytes]]
    logs: list[Path]
    directory: Path


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    directory = tmp_path_factory.mktemp("scale")
    database_url = mysql_database("scale")
    with ExitStack() as stack:
        redis = RedisServer(REDIS_PORT).start()
        stack.callback(redis.stop)
        api = stack.enter_context(LocalBotApi())
        env = bot_environment(
            directory,
            database_url=database_url,
            redis_url=redis.url,
            token=api.token,
            api_base_url=api.base_url,
            webhook_secret=SECRET,
        )
        run_migrate(env)
        worker = subprocess.Popen(
            [str(START / "worker")],
            env={**env, "CELERY_WORKER_CONCURRENCY": "1"},
            stdout=(directory / "worker.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        stack.callback(_stop, worker)
        replicas = stack.enter_context(
            replicas_behind_nginx(
                directory=directory,
                env={**env, "LOG_LEVEL": "INFO"},
                ports=list(REPLICA_PORTS),
                nginx_port=NGINX_PORT,
            )
        )
        logs = [directory / f"web-{port}.log" for port in REPLICA_PORTS]
        yield Deployment(api, database_url, redis.url, replicas, logs, directory)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=30)


def open_turns(redis_url: str) -> int:
    """Chats whose turn some replica is in right now."""
    client = redis.Redis.from_url(redis_url)
    try:
        return len(list(client.scan_iter(f"{PREFIX}turn:*")))
    finally:
        client.close()


def webhook_posts(log: Path) -> int:
    return log.read_text(errors="replace").count("POST /telegram/webhook/")


def kill_mid_turn(deployment: Deployment, killed: dict[str, int]) -> None:
    """SIGKILLs replica 2 once phase 1 is well under way and turns are open."""
    api = deployment.api
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if len(api.calls) >= KILL_AFTER_CALLS and open_turns(deployment.redis_url) >= 2:
            break
        time.sleep(0.005)
    killed["open_turns"] = open_turns(deployment.redis_url)
    killed["served"] = webhook_posts(deployment.logs[1])
    os.killpg(deployment.replicas[1].pid, signal.SIGKILL)
    deployment.replicas[1].wait()
    killed["at"] = int(time.monotonic())


def test_two_replicas_behind_nginx_lose_nothing_when_one_dies_mid_turn(
    deployment: Deployment,
) -> None:
    api = deployment.api
    started = time.monotonic()
    killed: dict[str, int] = {}
    with httpx.Client(timeout=DELIVERY_SECONDS) as client, ThreadPoolExecutor(CHATS + 1) as pool:
        lifters = [Lifter(api, client, FIRST_CHAT + i) for i in range(CHATS)]
        # phase 1 on both replicas, until one dies in the middle of it
        killer = pool.submit(kill_mid_turn, deployment, killed)
        list(pool.map(lambda lifter: lifter.run(PHASE_1), lifters))
        killer.result()
        phase_1 = time.monotonic() - started
        survivor_before = webhook_posts(deployment.logs[0])
        # phase 2 on the survivor alone
        list(pool.map(lambda lifter: lifter.run(PHASE_2), lifters))
    elapsed = time.monotonic() - started

    # every update was answered 200 in the end, and answered in the chat (wait_for raised else)
    statuses = [status for lifter in lifters for status in lifter.statuses]
    assert len(statuses) == 2000
    assert set(statuses) == {200}
    # the dead replica had served some of phase 1 and was in the middle of turns; nginx sent
    # the updates it died holding to the survivor (its error log names each such request)
    assert killed["served"] > 0, killed
    assert killed["open_turns"] >= 2, killed
    cut_off = (deployment.directory / "nginx" / "error.log").read_text(errors="replace")
    retried = cut_off.count("prematurely closed") + cut_off.count("reset by peer")
    assert retried >= 1, cut_off[-3000:]
    # the survivor served all of phase 2
    assert webhook_posts(deployment.logs[0]) >= survivor_before + CHATS * len(PHASE_2)
    # every conversation completed: each lifter's profile and exactly their sets
    profiles = query(
        deployment.database_url,
        "SELECT COUNT(*) FROM accounts_user WHERE telegram_id >= %s AND bodyweight_kg = 80 "
        "AND timezone = 'Asia/Seoul'",
        [FIRST_CHAT],
    )
    assert profiles == [(CHATS,)]
    sets = query(
        deployment.database_url,
        "SELECT u.telegram_id, COUNT(*) FROM workouts_workoutset s "
        "JOIN accounts_user u ON u.id = s.user_id WHERE u.telegram_id >= %s "
        "GROUP BY u.telegram_id",
        [FIRST_CHAT],
    )
    assert sorted(count for _, count in sets) == [SETS_PER_CHAT] * CHATS
    redelivered = sum(lifter.redeliveries for lifter in lifters)
    print(
        f"\n2,000 webhook updates through nginx in {elapsed:.1f} s (phase 1: {phase_1:.1f} s); "
        f"killed with {killed['open_turns']} turns open, {retried} requests cut off and sent "
        f"to the survivor by nginx, {redelivered} redelivered by the client"
    )


def test_nginx_serves_static_files_and_the_health_of_the_survivor(deployment: Deployment) -> None:
    base = f"http://127.0.0.1:{NGINX_PORT}"
    css = httpx.get(f"{base}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    health = httpx.get(f"{base}/health/?format=json", headers=HEADERS)

    assert css.status_code == 200
    assert "public" in css.headers["cache-control"]
    assert health.status_code == 200, health.text
