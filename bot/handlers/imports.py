"""Importing a CSV export (Strong, Hevy, Strength Level, ours) sent as a document.

The preview says what would be stored and, per reason, what would not; unknown exercise names
get a button each (a guess to map to, or "create as own") and "Create all". Importing runs as a
background job whose progress edits one message.
"""

from __future__ import annotations

import asyncio
from html import escape
from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from backend.workouts.importers import OWN, REASONS
from bot import gateway
from bot.handlers.common import answer, buttons, identity_of, language
from bot.i18n import Language, t

PENDING = "pending_import"
MAX_BYTES = 5 * 1024 * 1024
MAX_NAMES = 5  # unknown names offered as buttons; "Create all" covers the rest
MAX_LISTED = 15
POLL_SECONDS = 1.0
POLL_LIMIT = 900


async def receive_file(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Downloads a sent CSV and shows what importing it would store, with the choices."""
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
    pending: dict[str, Any] = {"content": content, "unit": None, "choices": {}, "create_all": False}
    context.user_data[PENDING] = pending
    text, markup = await _preview(update, lang, pending)
    await answer(update, text, reply_markup=markup)


def _preview_text(lang: Language, preview: Any, chosen_unit: str | None) -> str:
    reasons = ", ".join(
        t(lang, f"import_reason_{reason}", count=preview.skipped[reason])
        for reason in REASONS
        if preview.skipped.get(reason)
    )
    names = "\n".join(  # the first names; "Create all" covers the rest
        t(
            lang,
            "import_unknown_row",
            name=escape(name.name),
            rows=name.rows,
            choice=(
                t(lang, "import_choice_own")
                if name.choice == OWN
                else t(lang, "import_choice_map", name=escape(name.choice))
                if name.choice
                else ""
            ),
        )
        for name in preview.unknown[:MAX_LISTED]
    )
    if len(preview.unknown) > MAX_LISTED:
        names += f"\n… +{len(preview.unknown) - MAX_LISTED}"
    return t(
        lang,
        "import_preview",
        source=preview.source,
        new=preview.new,
        warmups=preview.warmups,
        duplicates=preview.duplicates,
        skipped=t(lang, "import_skipped", reasons=reasons) if reasons else "",
        unit=(
            t(lang, "import_unit_chosen", unit=chosen_unit)
            if chosen_unit
            else t(lang, "import_unit_guess", unit=preview.unit)
            if preview.unit_guessed
            else ""
        ),
        unknown=t(lang, "import_unknown", names=names) if names else "",
    )


async def _preview(update: Update, lang: Language, pending: dict[str, Any]) -> tuple[str, Any]:
    """The preview text and its buttons for the pending file and the choices made so far."""
    preview = await gateway.import_preview(
        identity_of(update),
        content=pending["content"],
        unit=pending["unit"],
        choices=pending["choices"],
        create_all=pending["create_all"],
    )
    if preview.error:
        return t(lang, "import_bad", reason=escape(preview.error)), None
    offered = preview.undecided[:MAX_NAMES]
    pending["offered"] = [(name.name, [slug for slug, _ in name.guesses]) for name in offered]
    rows: list[list[tuple[str, str]]] = []
    for i, name in enumerate(offered):
        row = [(label, f"import:map:{i}:{j}") for j, (_, label) in enumerate(name.guesses[:2])]
        row.append((t(lang, "import_own_button", name=name.name[:24]), f"import:own:{i}"))
        rows.append(row)
    if preview.undecided:
        rows.append([(t(lang, "import_own_all"), "import:own:all")])
    if preview.unit_guessed or pending["unit"]:
        other = "lb" if preview.unit == "kg" else "kg"
        rows.append([(t(lang, "import_unit_switch", unit=other), f"import:unit:{other}")])
    if preview.new:
        rows.append([(t(lang, "import_button"), "import:go"), (t(lang, "cancel"), "import:cancel")])
    return _preview_text(lang, preview, pending["unit"]), buttons(*rows) if rows else None


async def answer_import(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Takes a choice (unit, mapping, create), imports the previewed file, or drops it."""
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
    if action.startswith(("unit:", "map:", "own:")):
        _choose(pending, action)
        text, markup = await _preview(update, lang, pending)
        await query.edit_message_text(text, reply_markup=markup)
        return
    context.user_data.pop(PENDING, None)
    if action != "go":
        await query.edit_message_text(t(lang, "cancelled"))
        return
    await _run(update, lang, pending)


def _choose(pending: dict[str, Any], action: str) -> None:
    kind, _, rest = action.partition(":")
    offered: list[tuple[str, list[str]]] = pending.get("offered", [])
    if kind == "unit":
        pending["unit"] = rest
    elif rest == "all":
        pending["create_all"] = True
    else:
        index, _, guess = rest.partition(":")
        if int(index) >= len(offered):
            return
        name, slugs = offered[int(index)]
        if kind == "own":
            pending["choices"][name] = OWN
        elif guess and int(guess) < len(slugs):
            pending["choices"][name] = slugs[int(guess)]


async def _run(update: Update, lang: Language, pending: dict[str, Any]) -> None:
    """Starts the background import and edits one message with its progress until it ends."""
    query = update.callback_query
    assert query is not None
    identity = identity_of(update)
    job: dict[str, Any] | None = await gateway.import_start(
        identity,
        content=pending["content"],
        unit=pending["unit"],
        choices=pending["choices"],
        create_all=pending["create_all"],
    )
    shown = None
    for _ in range(POLL_LIMIT):
        if job is None or job["status"] in ("done", "failed"):
            break
        progress = (job["done"], job["total"])
        if progress != shown:
            shown = progress
            await query.edit_message_text(
                t(lang, "import_progress", done=job["done"], total=job["total"])
            )
        await asyncio.sleep(POLL_SECONDS)
        job = await gateway.import_job(identity, job_id=job["id"])
    if job is not None and job["status"] == "failed":
        await query.edit_message_text(t(lang, "import_bad", reason=escape(job["error"])))
    elif job is not None and job["status"] == "done":
        await query.edit_message_text(t(lang, "import_done", count=job["stored"]))
