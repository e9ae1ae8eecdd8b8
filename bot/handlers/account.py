"""Account commands backed by the accounts and inquiries services: /register, /verify, /ask."""

from __future__ import annotations

import re
from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot import gateway, replies
from bot.handlers.common import answer, identity_of, language
from bot.i18n import t

_EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")


async def register(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends an email verification code to the address the lifter gave: `/register a@b.com`."""
    lang = language(update)
    email = (context.args or [""])[0]
    if len(context.args or []) != 1 or not _EMAIL_RE.match(email):
        await answer(
            update, replies.usage(lang, "/register <email>", "/register alice@example.com")
        )
        return
    refusal = await gateway.email_register(identity_of(update), email=email)
    if refusal is None:
        await answer(update, t(lang, "register_sent", email=escape(email)))
    else:
        await answer(update, t(lang, "register_failed", reason=escape(refusal)))


async def verify(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Confirms the emailed 6-digit code: `/verify 123456`."""
    lang = language(update)
    code = (context.args or [""])[0]
    if len(context.args or []) != 1 or not re.fullmatch(r"\d{6}", code):
        await answer(update, replies.usage(lang, "/verify <6-digit code>", "/verify 123456"))
        return
    email, refusal = await gateway.email_verify(identity_of(update), code=code)
    if email is not None:
        await answer(update, t(lang, "verify_done", email=escape(email)))
    else:
        await answer(update, t(lang, "verify_failed", reason=escape(refusal or "")))


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sends the lifter's question to the admins: `/ask how do I …`."""
    lang = language(update)
    text = " ".join(context.args or []).strip()
    if not text or len(text) > 4000:
        await answer(
            update, replies.usage(lang, "/ask <question>", "/ask How do I log dumbbell sets?")
        )
        return
    inquiry_id = await gateway.inquiry_ask(identity_of(update), text=text)
    await answer(update, t(lang, "ask_sent", id=inquiry_id))
