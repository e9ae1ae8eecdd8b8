"""Importing a CSV export of Strong, Hevy or Strength Level sent as a document."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot import gateway
from bot.handlers.common import answer, buttons, identity_of, language
from bot.i18n import Language, t

PENDING = "pending_import"
MAX_BYTES = 5 * 1024 * 1024


async def receive_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Downloads a sent CSV and shows what importing it would store, with a confirm button."""
    lang = language(update)
    message = update.effective_message
    if message is None or message.document is None or context.user_data is None:
        return
    document = message.document
    if (document.file_size or 0) > MAX_BYTES:
        await answer(update, t(lang, "import_bad", reason="file larger than 5 MB"))
        return
    telegram_file = await document.get_file()
    content = bytes(await telegram_file.download_as_bytearray())
    context.user_data[PENDING] = {"content": content, "unit": None}
    await _preview(update, context, lang, content, None)


async def _preview(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    lang: Language,
    content: bytes,
    unit: str | None,
) -> None:
    preview = await gateway.import_preview(identity_of(update), content=content, unit=unit)
    if preview.error:
        await answer(update, t(lang, "import_bad", reason=escape(preview.error)))
        return
    if preview.needs_unit:
        await answer(
            update,
            t(lang, "import_unit"),
            reply_markup=buttons([("kg", "import:unit:kg"), ("lb", "import:unit:lb")]),
        )
        return
    unknown = (
        t(lang, "import_unknown", names=escape(", ".join(preview.unknown[:8])))
        if preview.unknown
        else ""
    )
    text = t(
        lang,
        "import_preview",
        source=preview.source,
        new=preview.new,
        duplicates=preview.duplicates,
        skipped=preview.skipped,
        unknown=unknown,
    )
    markup = buttons(
        [(t(lang, "import_button"), "import:go"), (t(lang, "cancel"), "import:cancel")]
    )
    await answer(update, text, reply_markup=markup if preview.new else None)


async def answer_import(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes the unit, imports the previewed file, or drops it."""
    query = update.callback_query
    lang = language(update)
    if query is None or query.data is None or context.user_data is None:
        return
    await query.answer()
    pending = context.user_data.get(PENDING)
    if pending is None:
        await query.edit_message_text(t(lang, "expired"))
        return
    action = query.data.removeprefix("import:")
    if action.startswith("unit:"):
        pending["unit"] = action.removeprefix("unit:")
        await query.edit_message_text(t(lang, "units_saved", unit=pending["unit"]))
        await _preview(update, context, lang, pending["content"], pending["unit"])
        return
    context.user_data.pop(PENDING, None)
    if action != "go":
        await query.edit_message_text(t(lang, "cancelled"))
        return
    count = await gateway.import_commit(
        identity_of(update), content=pending["content"], unit=pending["unit"]
    )
    await query.edit_message_text(t(lang, "import_done", count=count))
