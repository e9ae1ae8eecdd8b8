"""The one error handler, and the guard that drops a redelivered update."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import gateway
from bot.handlers.common import language
from bot.i18n import t

logger = logging.getLogger(__name__)


async def drop_duplicate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops a redelivered update (same update_id) that was handled already before any handler
    sees it. One chat's updates are handled one at a time (across replicas too), so a
    redelivery waits for the first delivery's end and is dropped then."""
    if await gateway.update_handled(update.update_id):
        logger.info("dropped duplicate update %s", update.update_id)
        raise ApplicationHandlerStop


async def remember_handled(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After every other handler: the update was handled to the end (a process that dies before
    this has its update handled again when Telegram, or nginx, delivers it again)."""
    await gateway.update_handled_mark(update.update_id)


async def handle_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the error, marks a lifter who blocked the bot inactive, or apologises politely."""
    logger.error("error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    chat = update.effective_chat
    if isinstance(context.error, Forbidden):
        if chat is not None and chat.id > 0:
            await gateway.lifter_blocked(chat.id)
        return
    if update.effective_message is None:
        return
    try:
        await update.effective_message.reply_text(t(language(update), "error"))
    except Exception:  # the apology itself failed (blocked, network): nothing more to do
        logger.warning("could not send the error apology", exc_info=True)
