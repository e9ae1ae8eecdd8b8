"""All of the bot's wiring: `build_application()` returns a ready PTB Application."""

from __future__ import annotations

import asyncio
import inspect
import logging
import warnings
from collections.abc import Awaitable, Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import BaseCache, caches
from telegram import Bot, BotCommand, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BasePersistence,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    Defaults,
    MessageHandler,
    PicklePersistence,
    TypeHandler,
    filters,
)
from telegram.ext._utils.asyncio import TrackedBoundedSemaphore
from telegram.request import BaseRequest
from telegram.warnings import PTBUserWarning

from backend.config import rate_limits
from backend.config.rate_limits import Rate
from bot import gateway
from bot.handlers import (
    account,
    coach,
    entries,
    errors,
    groups,
    imports,
    lifts,
    onboarding,
    profile,
)
from bot.handlers import programs as program_handlers
from bot.i18n import COMMANDS, language_of, t
from bot.shared_state import RedisPersistence

DEFAULT_OVERALL_MAX_RATE = 30.0  # Telegram: about 30 messages a second in all
DEFAULT_GROUP_MAX_RATE = 20  # Telegram: 20 messages a minute per group
# Service calls in parallel on a server database, one connection each. bench/bot.py: 2 beat 8,
# whose GIL contention cost more CPU than the parallel waits saved (212 vs 172 messages/s).
DEFAULT_DB_THREADS = 2
DEFAULT_CONCURRENT_UPDATES = 32  # updates of different chats handled at once
# PTB's own semaphore, which a chat's waiting updates would hold (PerChatUpdateProcessor)
UNBOUNDED_UPDATES = 2**31 - 1
logger = logging.getLogger(__name__)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Handles different chats concurrently but the updates of one chat strictly in order.

    A lifter who answers a question at once must find the conversation already in its next state.

    A flood from one chat must not starve the others: an update over its chat's rate
    (BOT_CHAT_RATE, counted in the cache that every replica shares) is dropped before it waits for
    anything, the first one of each window with one "slow down" answer; and an update waiting for
    its chat's earlier ones holds none of the `max_concurrent_updates` slots, which only updates
    being handled take (PTB takes its semaphore before the chat's order is known, so a backlog
    of one chat would hold them all: it is widened here, and the real limit taken after the lock).
    """

    def __init__(self, max_concurrent_updates: int, *, chat_rate: Rate | None = None) -> None:
        super().__init__(max_concurrent_updates)
        self._semaphore = TrackedBoundedSemaphore(UNBOUNDED_UPDATES)
        self._handling = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._handled_now = 0
        self._locks: dict[int, tuple[asyncio.Lock, int]] = {}
        self.chat_rate = chat_rate
        self._counts: BaseCache | None = None
        # the bot that says "slow down" (set by build_application)
        self.bot: Bot | None = None
        # with state shared by replicas, each update is also one turn of its chat across them
        self.shared: RedisPersistence | None = None

    @property
    def current_concurrent_updates(self) -> int:
        """The updates being handled now (not those waiting for their chat's earlier ones)."""
        return self._handled_now

    async def do_process_update(self, update: object, coroutine: Awaitable[object]) -> None:
        """Drops an update over its chat's rate; else waits for the chat's earlier updates and a
        free slot, then processes this one."""
        key = _chat_key(update)
        if not await self._within_rate(update, key):
            if inspect.iscoroutine(coroutine):
                coroutine.close()  # never awaited: nothing of it ran
            return
        lock, users = self._locks.get(key, (asyncio.Lock(), 0))
        self._locks[key] = (lock, users + 1)
        try:
            async with lock, self._handling:
                self._handled_now += 1
                try:
                    if self.shared is None:
                        await coroutine
                    else:
                        async with self.shared.chat_turn(update, key):
                            await coroutine
                finally:
                    self._handled_now -= 1
        finally:
            lock, users = self._locks[key]
            if users == 1:
                del self._locks[key]
            else:
                self._locks[key] = (lock, users - 1)

    async def _within_rate(self, update: object, key: int) -> bool:
        """Counts the update against its chat's rate; the first over it gets "slow down"."""
        if self.chat_rate is None or key == 0 or not isinstance(update, Update):
            return True
        if self._counts is None:
            self._counts = caches["default"]  # one store for every task and thread
        verdict = await asyncio.to_thread(
            rate_limits.hit, f"bot_chat:{key}", self.chat_rate, store=self._counts
        )
        if verdict.allowed:
            return True
        logger.info("chat %s over its rate: update %s dropped", key, update.update_id)
        if verdict.first_refused and self.bot is not None:
            user = update.effective_user
            text = t(
                language_of(user.language_code if user else None),
                "slow_down",
                seconds=verdict.retry_after,
            )
            try:
                await self.bot.send_message(key, text)
            except TelegramError:
                logger.warning("could not ask chat %s to slow down", key, exc_info=True)
        return False

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


def _chat_key(update: object) -> int:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
    return 0


def db_threads() -> int:
    """Threads for service calls: BOT_DB_THREADS, else 1 on SQLite (one writer at a time anyway,
    and waiting writers back off in sleeps) and DEFAULT_DB_THREADS on a server database."""
    configured = settings.BOT_DB_THREADS
    if configured:
        return int(configured)
    engine = settings.DATABASES["default"]["ENGINE"]
    return 1 if engine.endswith("sqlite3") else DEFAULT_DB_THREADS


def file_url_for(base_url: str) -> str:
    """The file-download base for a Bot API base such as http://host:8081/bot."""
    if base_url.rstrip("/").endswith("/bot"):
        return base_url.rstrip("/")[: -len("/bot")] + "/file/bot"
    return base_url.rstrip("/") + "/file/bot"


def default_persistence_path() -> Path:
    """Where conversations and per-chat state survive restarts."""
    return Path(settings.VAR_DIR) / "bot" / "state.pickle"


def bot_persistence(path: Path | None) -> BasePersistence:
    """Redis when BOT_PERSISTENCE=redis (every replica sees it), else a pickle file."""
    if settings.BOT_PERSISTENCE == "redis" and path is None:
        return RedisPersistence(settings.REDIS_URL)
    path = path or default_persistence_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    return PicklePersistence(filepath=path, update_interval=5)


# the group after every handler's: the duplicate guard's second half (errors.remember_handled)
HANDLED_GROUP = 1_000
IMPORT_BUTTONS = r"^import:(go|cancel|unit:kg|unit:lb|map:\d{1,2}:\d|own:(\d{1,2}|all))$"


def build_application(
    *,
    token: str | None = None,
    base_url: str | None = None,
    base_file_url: str | None = None,
    persistence_path: Path | None = None,
    persistence: bool = True,
    overall_max_rate: float | None = None,
    concurrent_updates: int | None = None,
    webhook: bool = False,
    request: Callable[[], BaseRequest] | None = None,
) -> Application:
    """Builds the bot: Bot API address, rate limits, persistence, every handler and the menu."""
    token = token or settings.TELEGRAM_BOT_TOKEN
    if not token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    base_url = base_url or settings.TELEGRAM_API_BASE_URL or None
    if overall_max_rate is None:
        overall_max_rate = settings.TELEGRAM_OVERALL_MAX_RATE
    if overall_max_rate is None:
        overall_max_rate = DEFAULT_OVERALL_MAX_RATE
    concurrent_updates = (
        concurrent_updates or settings.BOT_CONCURRENT_UPDATES or DEFAULT_CONCURRENT_UPDATES
    )
    processor = PerChatUpdateProcessor(
        concurrent_updates, chat_rate=Rate.parse(settings.BOT_CHAT_RATE)
    )
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=overall_max_rate,
                overall_time_period=1,
                group_max_rate=DEFAULT_GROUP_MAX_RATE,
                group_time_period=60,
                max_retries=3,
            )
        )
        .concurrent_updates(processor)
        .post_init(prepare)
    )
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_file_url or file_url_for(base_url))
    if persistence:
        builder = builder.persistence(bot_persistence(persistence_path))
    if request is not None:
        builder = builder.request(request()).get_updates_request(request())
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    add_handlers(application, persistent=persistence)
    processor.bot = application.bot
    if isinstance(application.persistence, RedisPersistence):
        application.persistence.application = application
        processor.shared = application.persistence
    return application


def add_handlers(application: Application, *, persistent: bool) -> None:
    """Registers every handler, the duplicate guard and the error handler."""
    application.add_handler(TypeHandler(Update, errors.drop_duplicate), group=-1)
    application.add_handler(TypeHandler(Update, errors.remember_handled), group=HANDLED_GROUP)
    with warnings.catch_warnings():
        # CallbackQueryHandlers in per-chat conversations are intended here.
        warnings.simplefilter("ignore", PTBUserWarning)
        application.add_handler(_onboarding(persistent))
        application.add_handler(_editing(persistent))
    commands = {
        "help": profile.show_help,
        "undo": entries.undo,
        "edit": entries.edit,
        "history": entries.history,
        "pr": entries.records,
        "chart": entries.chart,
        "calc": entries.calc,
        "export": entries.export,
        "bw": profile.bodyweight,
        "units": profile.units,
        "timezone": profile.set_timezone,
        "deleteme": profile.delete_me,
        "register": account.register,
        "verify": account.verify,
        "ask": account.ask,
        "top": groups.top,
        "plates": coach.plates,
        "warmup": coach.warmup,
        "scores": coach.scores,
        "report": coach.report,
        "calories": coach.calories,
    }
    # other names lifters type for the same command
    aliases = {"prs": "pr", "records": "pr", "kcal": "calories", "plate": "plates"}
    for name, callback in commands.items():
        names = [name, *(alias for alias, command in aliases.items() if command == name)]
        application.add_handler(CommandHandler(names, callback))
    program_handlers.register(application)
    application.add_handler(
        CallbackQueryHandler(lifts.answer_outlier, pattern=r"^outlier:\d+:(fix|keep|cancel|r\d)$")
    )
    application.add_handler(
        CallbackQueryHandler(lifts.answer_new_exercise, pattern=r"^newex:\d+:(create|cancel|\d)$")
    )
    application.add_handler(
        CallbackQueryHandler(profile.choose_units, pattern=r"^setunits:(kg|lb)$")
    )
    application.add_handler(
        CallbackQueryHandler(profile.confirm_delete_me, pattern=r"^deleteme:(yes|no)$")
    )
    application.add_handler(CallbackQueryHandler(imports.answer_import, pattern=IMPORT_BUTTONS))
    application.add_handler(CallbackQueryHandler(coach.answer_warmup, pattern=r"^warmup:\d{1,18}$"))
    application.add_handler(
        CallbackQueryHandler(entries.delete_entry, pattern=r"^edit:del:\d{1,18}$")
    )
    application.add_handler(
        CallbackQueryHandler(
            entries.answer_change_doubt, pattern=r"^editfix:\d{1,18}:(keep|cancel|r\d)$"
        )
    )
    application.add_handler(CallbackQueryHandler(lifts.answer_stale_button))
    application.add_handler(MessageHandler(filters.Document.ALL, imports.receive_file))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, lifts.log_lift))
    application.add_handler(
        MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, profile.show_help)
    )
    application.add_error_handler(errors.handle_error)


def _onboarding(persistent: bool) -> ConversationHandler:
    text = filters.TEXT & ~filters.COMMAND
    return ConversationHandler(
        entry_points=[
            CommandHandler("start", onboarding.start),
            CallbackQueryHandler(onboarding.complete_profile, pattern=r"^profile:start$"),
        ],
        states={
            onboarding.SEX: [
                CallbackQueryHandler(onboarding.choose_sex, pattern=r"^sex:(male|female|skip)$")
            ],
            onboarding.BIRTH_YEAR: [MessageHandler(text, onboarding.give_birth_year)],
            onboarding.BODYWEIGHT: [MessageHandler(text, onboarding.give_bodyweight)],
            onboarding.UNITS: [
                CallbackQueryHandler(onboarding.choose_units, pattern=r"^units:(kg|lb)$")
            ],
            onboarding.TIMEZONE: [
                CallbackQueryHandler(onboarding.give_timezone, pattern=r"^tz:"),
                MessageHandler(text, onboarding.give_timezone),
            ],
        },
        fallbacks=[CommandHandler("cancel", onboarding.cancel)],
        name="onboarding",
        persistent=persistent,
        allow_reentry=True,
    )


def _editing(persistent: bool) -> ConversationHandler:
    return ConversationHandler(
        entry_points=[CallbackQueryHandler(entries.pick_entry, pattern=r"^edit:pick:\d{1,18}$")],
        states={
            entries.EDIT_VALUE: [
                MessageHandler(filters.TEXT & ~filters.COMMAND, entries.give_new_value),
                CallbackQueryHandler(entries.delete_entry, pattern=r"^edit:del:\d{1,18}$"),
            ]
        },
        fallbacks=[CommandHandler("cancel", entries.cancel_edit)],
        name="edit",
        persistent=persistent,
        allow_reentry=True,
    )


async def prepare(application: Application) -> None:
    """Publishes the command menu and loads what the first update would otherwise wait for."""
    await set_commands(application)
    await gateway.warm_up()


async def set_commands(application: Application) -> None:
    """Publishes the command menu in English (default) and Korean."""
    for language, commands in COMMANDS.items():
        await application.bot.set_my_commands(
            [BotCommand(name, description) for name, description in commands],
            scope=BotCommandScopeDefault(),
            language_code=None if language == "en" else language,
        )
