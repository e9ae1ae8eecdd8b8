"""Bot state that every webhook replica shares: python-telegram-bot's persistence in Redis.

With REDIS_URL set, `RedisPersistence` keeps conversations, user data, chat data and bot data in
Redis instead of a pickle file per process, and `chat_turn()` makes each update of a chat one
turn across all replicas: it takes the chat's lock in Redis, reloads the chat's conversation
states (python-telegram-bot reads them only at start), lets the handlers run (user and chat data
are reloaded by PTB's refresh hooks), and writes what changed before the next update of that chat
may start anywhere. So a conversation begun on one replica continues on another.

Only a chat's own turn writes its data: PTB also marks a chat for writing when the task of its
update ends, after the turn, and a later write of that copy would undo what another replica
stored meanwhile. Bot-wide data is not kept (nothing uses it, and it has no owner to write it).
"""

from __future__ import annotations

import asyncio
import json
import pickle
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, cast

from redis.asyncio import Redis
from telegram import Update
from telegram.ext import (
    Application,
    BasePersistence,
    ConversationHandler,
    PersistenceInput,
)
from telegram.ext._utils.trackingdict import TrackingDict
from telegram.ext._utils.types import ConversationDict, ConversationKey

PREFIX = "sbd:bot:"
# a turn that outlives this (a replica killed mid-turn) frees its chat anyway
TURN_SECONDS = 30
# how often an update waiting for its chat's turn asks again (redis-py's default, 0.1 s, held
# each update behind another of its chat, on another worker or replica, for a tenth of a second)
TURN_POLL_SECONDS = 0.005
# the periodic flush of PTB's own loop; every turn flushes at its end anyway
UPDATE_INTERVAL_SECONDS = 60


def _key_field(key: ConversationKey) -> str:
    return json.dumps(list(key))


def _unpickle(raw: bytes | str) -> Any:
    """A value this module stored (the client returns bytes: decode_responses is off)."""
    return pickle.loads(raw if isinstance(raw, bytes) else raw.encode("latin-1"))


class RedisPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB persistence in Redis: a hash per kind of data, values pickled (as PicklePersistence)."""

    def __init__(self, url: str, *, prefix: str = PREFIX) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, callback_data=False),
            update_interval=UPDATE_INTERVAL_SECONDS,
        )
        self.url = url
        self.prefix = prefix
        self.application: Application | None = None
        self._clients: dict[asyncio.AbstractEventLoop, Redis] = {}
        # the chats and users whose turn this process is in: only their data is written
        self._chats: Counter[int] = Counter()
        self._users: Counter[int] = Counter()

    def redis(self) -> Redis:
        """The client of the running event loop (a client must not cross loops)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            for stale in [other for other in self._clients if other.is_closed()]:
                del self._clients[stale]
            client = self._clients[loop] = Redis.from_url(self.url)
        return client

    def _name(self, kind: str) -> str:
        return f"{self.prefix}{kind}"

    async def _load_all(self, kind: str) -> dict[int, dict[Any, Any]]:
        raw = await self.redis().hgetall(self._name(kind))
        return {int(field): _unpickle(value) for field, value in raw.items()}

    async def _load_one(self, kind: str, field: int) -> dict[Any, Any] | None:
        raw = await self.redis().hget(self._name(kind), str(field))
        return None if raw is None else _unpickle(raw)

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        """Every lifter's user data."""
        return await self._load_all("user_data")

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        """Every chat's data."""
        return await self._load_all("chat_data")

    async def get_bot_data(self) -> dict[Any, Any]:
        """The bot-wide data."""
        raw = await self.redis().get(self._name("bot_data"))
        return {} if raw is None else _unpickle(raw)

    async def get_callback_data(self) -> None:
        """Arbitrary callback data is not used."""
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        """The states of one conversation handler, by conversation key."""
        raw = await self.redis().hgetall(self._name(f"conversation:{name}"))
        return {tuple(json.loads(field)): _unpickle(value) for field, value in raw.items()}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Stores a conversation's new state (None: it ended), during its chat's turn only."""
        if not key or key[0] not in self._chats:
            return
        hash_name = self._name(f"conversation:{name}")
        if new_state is None:
            await self.redis().hdel(hash_name, _key_field(key))
        else:
            await self.redis().hset(hash_name, _key_field(key), pickle.dumps(new_state))

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        """Stores one lifter's user data, during their turn only."""
        if user_id not in self._users:
            return
        await self.redis().hset(self._name("user_data"), str(user_id), pickle.dumps(data))

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        """Stores one chat's data, during its turn only."""
        if chat_id not in self._chats:
            return
        await self.redis().hset(self._name("chat_data"), str(chat_id), pickle.dumps(data))

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        """Stores the bot-wide data."""
        await self.redis().set(self._name("bot_data"), pickle.dumps(data))

    async def update_callback_data(self, data: Any) -> None:
        """Arbitrary callback data is not used."""

    async def drop_chat_data(self, chat_id: int) -> None:
        """Forgets one chat's data."""
        await self.redis().hdel(self._name("chat_data"), str(chat_id))

    async def drop_user_data(self, user_id: int) -> None:
        """Forgets one lifter's user data."""
        await self.redis().hdel(self._name("user_data"), str(user_id))

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        """Replaces this replica's copy with the shared one before a handler runs."""
        stored = await self._load_one("user_data", user_id)
        user_data.clear()
        user_data.update(stored or {})

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        """Replaces this replica's copy with the shared one before a handler runs."""
        stored = await self._load_one("chat_data", chat_id)
        chat_data.clear()
        chat_data.update(stored or {})

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        """Replaces this replica's copy with the shared one before a handler runs."""
        stored = await self.get_bot_data()
        bot_data.clear()
        bot_data.update(stored)

    async def flush(self) -> None:
        """Closes this loop's client (every write went to Redis already)."""
        loop = asyncio.get_running_loop()
        client = self._clients.pop(loop, None)
        if client is not None:
            await client.aclose()

    @asynccontextmanager
    async def chat_turn(self, update: object, chat_key: int) -> AsyncIterator[None]:
        """One update of a chat across every replica: lock, reload, handle, store, unlock."""
        application = self.application
        if application is None or not isinstance(update, Update):
            yield
            return
        lock = self.redis().lock(
            self._name(f"turn:{chat_key}"),
            timeout=TURN_SECONDS,
            blocking_timeout=TURN_SECONDS,
            sleep=TURN_POLL_SECONDS,
        )
        user = update.effective_user
        async with lock:
            self._chats[chat_key] += 1
            if user is not None:
                self._users[user.id] += 1
            try:
                await self._reload_conversations(application, update)
                yield
            finally:
                await application.update_persistence()
                self._chats[chat_key] -= 1
                if user is not None:
                    self._users[user.id] -= 1
                self._chats += Counter()  # drops the zero counts
                self._users += Counter()

    async def _reload_conversations(self, application: Application, update: Update) -> None:
        """Puts the stored state of this update's conversations into PTB's in-memory copies."""
        for handler in _conversation_handlers(application):
            try:
                key = handler._get_key(update)  # PTB's own key for this update (22.x)
            except RuntimeError:  # no chat or user in this update: not a conversation update
                continue
            raw = await self.redis().hget(
                self._name(f"conversation:{handler.name}"), _key_field(key)
            )
            # the TrackingDict PTB persists from (a plain dict until persistence initialises it)
            conversations = cast(TrackingDict, handler._conversations)
            if raw is None:
                conversations.data.pop(key, None)  # untracked: nothing to write back
            else:
                conversations.update_no_track({key: _unpickle(raw)})


def _conversation_handlers(application: Application) -> list[ConversationHandler]:
    return [
        handler
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler) and handler.persistent
    ]
