"""Two webhook replicas share the bot's state through Redis (bot/shared_state.py): a conversation
begun on one continues on the other, with a redis-server of the test's own."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from telegram import Update
from telegram.ext import Application

from backend.accounts.models import User
from backend.workouts.models import WorkoutSet
from bot import gateway
from bot.application import build_application
from bot.shared_state import RedisPersistence
from bot.testing.local_api import LOCAL_TOKEN, ApiCall, LocalBotApi, LocalRequest
from tests.bot.conftest import ALICE_ID
from tests.loopback import RedisServer

REDIS_PORT = 18420


class Replicas:
    """Two bot applications as two webhook replicas run them, fed through their update processor."""

    def __init__(self, telegram: LocalBotApi, applications: list[Application]) -> None:
        self.telegram = telegram
        self.applications = applications
        self.alice = telegram.user(ALICE_ID, first_name="Alice")

    def deliver(self, replica: int, raw: dict[str, Any]) -> list[ApiCall]:
        """Replica `replica` handles one raw update as the webhook does; returns what it sent."""
        application = self.applications[replica]
        mark = self.telegram.mark()
        raw.setdefault("update_id", next(self.telegram._update_ids))

        async def handle() -> None:
            update = Update.de_json(raw, application.bot)
            await application.update_processor.process_update(
                update, application.process_update(update)
            )

        async_to_sync(handle)()
        return [c for c in self.telegram.sent() if c in self.telegram.calls[mark:]]

    def say(self, replica: int, text: str) -> list[ApiCall]:
        return self.deliver(replica, self.telegram.message_update(text, user=self.alice))

    def press(self, replica: int, call: ApiCall, data: str) -> list[ApiCall]:
        self.telegram.press_button(call, data, user=self.alice)
        return self.deliver(replica, self.telegram._updates.pop())


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer(REDIS_PORT).start()
    yield server
    server.stop()


def replicas_with(
    telegram: LocalBotApi, settings: Any, persistence_paths: list[Path | None]
) -> Iterator[Replicas]:
    from django.core.cache import cache

    cache.clear()
    gateway.catalogue_clear()
    applications = [
        build_application(
            token=LOCAL_TOKEN,
            persistence_path=path,
            overall_max_rate=0,
            request=lambda: LocalRequest(telegram),
        )
        for path in persistence_paths
    ]
    for application in applications:
        async_to_sync(application.initialize)()
    yield Replicas(telegram, applications)
    for application in applications:
        async_to_sync(application.shutdown)()


@pytest.fixture
def shared(
    db: None, settings: Any, redis_server: RedisServer, telegram: LocalBotApi
) -> Iterator[Replicas]:
    settings.REDIS_URL = redis_server.url
    settings.BOT_PERSISTENCE = "redis"
    yield from replicas_with(telegram, settings, [None, None])


@pytest.fixture
def separate(db: None, settings: Any, tmp_path: Path, telegram: LocalBotApi) -> Iterator[Replicas]:
    # what replicas had before: a pickle file each
    yield from replicas_with(telegram, settings, [tmp_path / "a.pickle", tmp_path / "b.pickle"])


@pytest.fixture
def telegram() -> LocalBotApi:
    return LocalBotApi()


def onboard_hopping(replicas: Replicas) -> list[str]:
    """Onboarding with every answer on the other replica than the question; the replies."""
    _, question = replicas.say(0, "/start")
    replies = [question.text]
    # a pressed button edits its message, then the next question follows
    replies.append(replicas.press(1, question, "sex:male")[-1].text)
    replies.append(replicas.say(0, "1990")[-1].text)
    units = replicas.say(1, "80")[-1]
    replies.append(units.text)
    replies.append(replicas.press(0, units, "units:kg")[-1].text)
    replies += [call.text for call in replicas.say(1, "Seoul")]
    return replies


def test_the_replicas_use_redis(shared: Replicas) -> None:
    assert all(isinstance(a.persistence, RedisPersistence) for a in shared.applications)


def test_an_onboarding_hops_replicas_at_every_answer(shared: Replicas) -> None:
    replies = onboard_hopping(shared)

    alice = User.objects.get(telegram_id=ALICE_ID)
    assert (alice.sex, alice.birth_date.year, alice.bodyweight_kg) == ("male", 1990, Decimal("80"))
    assert alice.timezone == "Asia/Seoul"
    assert "born" in replies[1].lower()
    assert "bodyweight" in replies[2].lower()


def test_without_shared_state_the_other_replica_loses_the_conversation(separate: Replicas) -> None:
    # the test above can fail: with a pickle file each, replica 1 never saw the question
    _, question = separate.say(0, "/start")
    separate.press(1, question, "sex:male")
    (reply,) = separate.say(0, "1990")

    assert "bodyweight" not in reply.text.lower()
    assert User.objects.get(telegram_id=ALICE_ID).sex != "male"


def test_a_did_you_mean_button_is_answered_on_the_other_replica(shared: Replicas) -> None:
    (question,) = shared.say(0, "pullups 3x8")

    shared.press(1, question, next(d for label, d in question.buttons() if label == "BW × 8 ×3"))

    assert WorkoutSet.objects.filter(user__telegram_id=ALICE_ID).count() == 3


def test_the_state_outlives_both_replicas(shared: Replicas, settings: Any) -> None:
    _, question = shared.say(0, "/start")
    shared.press(1, question, "sex:male")
    for application in shared.applications:
        async_to_sync(application.shutdown)()

    # a replica started afterwards (a deploy) picks the conversation up
    started = replicas_with(shared.telegram, settings, [None])
    fresh = next(started)
    (reply,) = fresh.say(0, "1990")
    next(started, None)

    assert "bodyweight" in reply.text.lower()
    for application in shared.applications:
        async_to_sync(application.initialize)()


def test_a_late_write_of_a_stale_copy_does_not_undo_the_other_replica(shared: Replicas) -> None:
    # PTB marks a chat for writing again when its update's task ends, after the turn: replica 1
    # then holds a stale copy of Alice's data while replica 0 asks her a question
    (question,) = shared.say(0, "pullups 3x8")
    stale = shared.applications[1]
    stale.mark_data_for_update_persistence(user_ids=ALICE_ID, chat_ids=ALICE_ID)
    async_to_sync(stale.update_persistence)()

    shared.press(1, question, next(d for label, d in question.buttons() if label == "BW × 8 ×3"))

    assert WorkoutSet.objects.filter(user__telegram_id=ALICE_ID).count() == 3


def test_an_update_waiting_for_its_chat_gets_the_turn_at_once(shared: Replicas) -> None:
    """Two updates of one chat on two replicas: the second starts as soon as the first ends, not
    at redis-py's next poll a tenth of a second later."""
    import asyncio
    import time

    raw = {**shared.telegram.message_update("bench 100x5", user=shared.alice), "update_id": 1}
    first, second = ((app.persistence, Update.de_json(raw, app.bot)) for app in shared.applications)
    times: dict[str, float] = {}

    async def hold() -> None:
        async with first[0].chat_turn(first[1], ALICE_ID):  # type: ignore[union-attr]
            await asyncio.sleep(0.15)
            times["released"] = time.monotonic()

    async def wait() -> None:
        await asyncio.sleep(0.01)
        async with second[0].chat_turn(second[1], ALICE_ID):  # type: ignore[union-attr]
            times["entered"] = time.monotonic()

    async def both() -> None:
        await asyncio.gather(hold(), wait())

    async_to_sync(both)()
    assert 0 <= times["entered"] - times["released"] < 0.04
