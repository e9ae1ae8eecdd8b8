"""Conversations survive a restart of the real bot process (PicklePersistence under the var dir)."""

from __future__ import annotations

from pathlib import Path

from bot.testing.local_api import LocalBotApi
from bot.testing.process import bot_process, isolated_database_url, migrate

ERIN_ID = 5201


def test_it_keeps_a_conversation_across_a_restart(tmp_path: Path) -> None:
    database_url = isolated_database_url(directory=tmp_path)
    migrate(database_url=database_url, var_dir=tmp_path)
    with LocalBotApi() as api:
        erin = api.user(ERIN_ID, first_name="Erin")
        with bot_process(api=api, database_url=database_url, var_dir=tmp_path):
            mark = api.mark()
            api.send_text("/start", user=erin)
            question = api.wait_for(lambda c: bool(c.buttons()), after=mark)
            mark = api.mark()
            api.press_button(question, "sex:female", user=erin)
            api.wait_for(lambda c: "born" in c.text, after=mark)

        with bot_process(api=api, database_url=database_url, var_dir=tmp_path):
            mark = api.mark()
            api.send_text("1991", user=erin)
            reply = api.wait_for_reply(ERIN_ID, after=mark, timeout=15)

    assert "bodyweight" in reply.text
