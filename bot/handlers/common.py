"""Small pieces every handler uses: who wrote, in which language, and how to answer."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType

from bot import gateway
from bot.gateway import Identity
from bot.i18n import Language, language_of
from bot.lift_parser import ExerciseRef


def identity_of(update: Update) -> Identity:
    """The Telegram user behind an update."""
    user = update.effective_user
    if user is None:
        raise ValueError("update without a user")
    return Identity(
        telegram_id=user.id,
        first_name=user.first_name or "",
        username=user.username or "",
        language_code=user.language_code,
    )


def language(update: Update) -> Language:
    """The reply language for an update's sender."""
    user = update.effective_user
    return language_of(user.language_code if user else None)


def is_group(update: Update) -> bool:
    """Whether the update comes from a group chat."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


async def answer(update: Update, text: str, **kwargs: Any) -> Message | None:
    """Replies in the update's chat (HTML is the application's default parse mode)."""
    message = update.effective_message
    if message is None:
        return None
    return await message.reply_text(text, **kwargs)


def buttons(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def exercise_label(lang: Language, exercise: ExerciseRef) -> str:
    """The exercise's name in the lifter's language, HTML-escaped."""
    from bot import replies

    name_ko = await gateway.exercise_name_ko(exercise.slug) if lang == "ko" else ""
    return replies.exercise_name(lang, exercise.name, name_ko)
