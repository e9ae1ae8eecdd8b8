"""Scale-out on loopback: Debian's nginx (compose/nginx's config) in front of two web replicas
started with the image's own start script, on MariaDB and a Redis of the test's own, with a Celery
worker and the loopback Bot API (bot/testing/local_api.py).

100 lifters send 2,000 webhook updates through nginx, each waiting for the bot's answer before
the next (as people do), so consecutive updates of one chat land on either replica: onboarding
and the "did you mean" buttons hop replicas mid-way. Part-way through, one replica is killed
(SIGKILL, between answers): nginx routes to the other, and the conversations that the dead one
was in the middle of continue there. Every conversation completes, every message is answered
and every set is stored exactly once.
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

REDIS_PORT, NGINX_PORT, REPLICA_PORTS = 18430, 18431, (18432, 18433)
CHATS = 100
FIRST_CHAT = 9_100_000
SECRET = "scale-out-webhook-secret"
WEBHOOK = f"http://127.0.0.1:{NGINX_PORT}/telegram/webhook/"
HEADERS = webhook_headers(SECRET)
REPLY_SECONDS = 60


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
        response = self.client.post(WEBHOOK, json=update, headers=HEADERS)
        self.statuses.append(response.status_code)
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


def wait_until_no_turn_is_open(redis_url: str, timeout: float = 30.0) -> None:
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    while list(client.scan_iter(f"{PREFIX}turn:*")):
        assert time.monotonic() < deadline, "turns still open"
        time.sleep(0.1)
    client.close()


def webhook_posts(log: Path) -> int:
    return log.read_text(errors="replace").count("POST /telegram/webhook/")


def test_two_replicas_behind_nginx_lose_nothing_when_one_dies(deployment: Deployment) -> None:
    api = deployment.api
    started = time.monotonic()
    with httpx.Client(timeout=30) as client, ThreadPoolExecutor(CHATS) as pool:
        lifters = [Lifter(api, client, FIRST_CHAT + i) for i in range(CHATS)]
        # phase 1 on both replicas
        list(pool.map(lambda lifter: lifter.run(PHASE_1), lifters))
        phase_1 = time.monotonic() - started
        # one replica dies between turns (every turn has stored its state and let go of its
        # chat); nginx must route everything to the other
        wait_until_no_turn_is_open(deployment.redis_url)
        served_before = [webhook_posts(log) for log in deployment.logs]
        os.killpg(deployment.replicas[1].pid, signal.SIGKILL)
        deployment.replicas[1].wait()
        list(pool.map(lambda lifter: lifter.run(PHASE_2), lifters))
    elapsed = time.monotonic() - started

    # every update was accepted and answered (wait_for raised otherwise)
    statuses = [status for lifter in lifters for status in lifter.statuses]
    assert len(statuses) == 2000
    assert set(statuses) == {200}
    # both replicas served phase 1; the survivor served all of phase 2
    assert min(served_before) > 0, served_before
    assert webhook_posts(deployment.logs[0]) == served_before[0] + CHATS * len(PHASE_2)
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
    print(f"\n2,000 webhook updates through nginx in {elapsed:.1f} s (phase 1: {phase_1:.1f} s)")


def test_nginx_serves_static_files_and_the_health_of_the_survivor(deployment: Deployment) -> None:
    base = f"http://127.0.0.1:{NGINX_PORT}"
    css = httpx.get(f"{base}/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css")
    health = httpx.get(f"{base}/health/?format=json", headers=HEADERS)

    assert css.status_code == 200
    assert "public" in css.headers["cache-control"]
    assert health.status_code == 200, health.text
