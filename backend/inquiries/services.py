"""Inquiry board: users ask, staff answer in a thread; used by the REST API, the bot, Celery."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from backend import bot_api
from backend.accounts.telegram import telegram_user_deactivate

from .models import Inquiry, InquiryMessage

if TYPE_CHECKING:
    from backend.accounts.models import User

logger = logging.getLogger(__name__)


class InquiryClosedError(Exception):
    """The inquiry is closed: it takes no messages until staff reopen it."""


TITLE_FROM_TEXT_MAX = 60


def inquiry_title(*, text: str) -> str:
    """The title of an inquiry asked in one message: the text, cut to 60 characters with "…"."""
    if len(text) <= TITLE_FROM_TEXT_MAX:
        return text
    return text[: TITLE_FROM_TEXT_MAX - 1].rstrip() + "…"


def inquiry_open(
    *,
    user: User,
    body: str,
    title: str | None = None,
    category: str = Inquiry.Category.OTHER,
    image: File | None = None,
) -> Inquiry:
    """Opens an inquiry for `user` (from the web API or the bot's /ask, whose question is its
    title too: `inquiry_title`)."""
    if title is None:
        title = inquiry_title(text=body)
    inquiry = Inquiry(user=user, title=title, body=body, category=category)
    if image is not None:
        inquiry.image = image
    inquiry.full_clean(exclude=("image",))
    inquiry.save()
    return inquiry


def inquiry_follow_up(*, inquiry: Inquiry, user: User, body: str) -> InquiryMessage:
    """Adds the user's follow-up to the thread; an answered inquiry waits for staff again."""
    if inquiry.status == Inquiry.Status.CLOSED:
        raise InquiryClosedError("This inquiry is closed; open a new one.")
    with transaction.atomic():
        message = InquiryMessage.objects.create(inquiry=inquiry, author=user, body=body)
        inquiry.status = Inquiry.Status.OPEN
        inquiry.save(update_fields=["status", "updated_at"])
    return message


def inquiry_answer(*, inquiry: Inquiry, staff: User, body: str) -> InquiryMessage:
    """Stores a staff answer and, once committed, queues the user's notification."""
    if inquiry.status == Inquiry.Status.CLOSED:
        raise InquiryClosedError("This inquiry is closed; reopen it to answer.")
    from .tasks import notify_inquiry_answer

    now = timezone.now()
    with transaction.atomic():
        message = InquiryMessage.objects.create(
            inquiry=inquiry, author=staff, body=body, is_staff_answer=True, created_at=now
        )
        inquiry.status = Inquiry.Status.ANSWERED
        fields = ["status", "updated_at"]
        if inquiry.first_answered_at is None:
            inquiry.first_answered_at = now
            inquiry.first_answer_seconds = max(0, int((now - inquiry.created_at).total_seconds()))
            fields += ["first_answered_at", "first_answer_seconds"]
        if inquiry.assignee_id is None:
            inquiry.assignee = staff
            fields.append("assignee")
        inquiry.save(update_fields=fields)
        # robust: a broker outage must not fail the answer; the message stays un-notified.
        transaction.on_commit(lambda: notify_inquiry_answer.delay(message.pk), robust=True)
    return message


def inquiry_assign(*, inquiry: Inquiry, assignee: User | None) -> Inquiry:
    """Gives the inquiry to a staff member (or to nobody)."""
    inquiry.assignee = assignee
    inquiry.save(update_fields=["assignee", "updated_at"])
    return inquiry


def inquiry_close(*, inquiry: Inquiry) -> Inquiry:
    """Closes the inquiry."""
    inquiry.status = Inquiry.Status.CLOSED
    inquiry.closed_at = timezone.now()
    inquiry.save(update_fields=["status", "closed_at", "updated_at"])
    return inquiry


def inquiry_reopen(*, inquiry: Inquiry) -> Inquiry:
    """Reopens a closed inquiry: answered if it has a staff answer, else waiting for staff."""
    answered = inquiry.messages.filter(is_staff_answer=True).exists()
    inquiry.status = Inquiry.Status.ANSWERED if answered else Inquiry.Status.OPEN
    inquiry.closed_at = None
    inquiry.save(update_fields=["status", "closed_at", "updated_at"])
    return inquiry


# --- Notifications --------------------------------------------------------------------------


def _answer_text(inquiry: Inquiry, message: InquiryMessage) -> str:
    return f"Answer to your inquiry “{inquiry.title}”:\n\n{message.body}"


def inquiry_answer_notify(*, message_id: int) -> str:
    """Sends a staff answer to its user once: by Telegram when linked, else by email.

    The message row stays locked while sending, so two workers never both send; a failure rolls
    back and leaves `notified_at` empty for the retry. Returns the channel used, or "already".
    """
    with transaction.atomic():
        message = InquiryMessage.objects.select_for_update().get(pk=message_id)
        if message.notified_at is not None:
            return "already"
        inquiry = Inquiry.objects.select_related("user").get(pk=message.inquiry_id)
        user = inquiry.user
        text = _answer_text(inquiry, message)
        channel = None
        if user.telegram_id and user.telegram_blocked_at is None and settings.TELEGRAM_BOT_TOKEN:
            try:
                # plain text: the answer is shown as staff typed it (no HTML)
                bot_api.send(user.telegram_id, text, html=False)
                channel = InquiryMessage.Channel.TELEGRAM
            except bot_api.Blocked:
                # remember it, as the bot does, and fall back to email
                telegram_user_deactivate(telegram_id=user.telegram_id)
        if channel is None and user.email:
            send_mail(
                subject=f"Re: {inquiry.title}",
                message=text,
                from_email=None,
                recipient_list=[user.email],
            )
            channel = InquiryMessage.Channel.EMAIL
        if channel is None:
            logger.warning("inquiry answer %s: user %s has no chat or email", message_id, user.pk)
            channel = InquiryMessage.Channel.NONE
        message.notified_at = timezone.now()
        message.notified_via = channel
        message.save(update_fields=["notified_at", "notified_via"])
    return str(channel)
