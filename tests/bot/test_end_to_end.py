"""The real bot process polling a fake Bot API server on loopback, on its own database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.testing.local_api import ApiCall, LocalBotApi
from bot.testing.process import bot_process, isolated_database_url, migrate, query

FIXTURES = Path(__file__).parent / "fixtures"
ALICE_ID = 5101


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """A fake Bot API server and a migrated database, shared by this module's tests."""
    directory = tmp_path_factory.mktemp("e2e")
    database_url = isolated_database_url(directory=directory)
    migrate(database_url=database_url, var_dir=directory)
    with LocalBotApi() as api:
        yield {"api": api, "database_url": database_url, "var_dir": directory}


@pytest.fixture(scope="module")
def running(world: dict) -> Iterator[dict]:
    """The bot process, started once for the module."""
    with bot_process(
        api=world["api"],
        database_url=world["database_url"],
        var_dir=world["var_dir"],
        # imports run as Celery jobs: in-process here, as no worker runs (even with REDIS_URL)
        CELERY_TASK_ALWAYS_EAGER="true",
    ):
        yield world


def test_it_answers_a_logged_set_and_stores_it(running: dict) -> None:
    api: LocalBotApi = running["api"]
    alice = api.user(ALICE_ID)
    mark = api.mark()

    api.send_text("bench 100x5x3 @8", user=alice)

    reply = api.wait_for_reply(ALICE_ID, after=mark)
    assert "e1RM 123.3 kg" in reply.text  # 5 reps at RPE 8: 81.1% on the RPE chart
    rows = query(
        running["database_url"],
        "SELECT s.reps, s.rpe, s.source FROM workouts_workoutset s "
        "JOIN accounts_user u ON u.id = s.user_id WHERE u.telegram_id = %s",
        [ALICE_ID],
    )
    assert [(reps, float(rpe), source) for reps, rpe, source in rows] == [(5, 8.0, "bot")] * 3


def test_it_publishes_the_command_menu_on_start(running: dict) -> None:
    api: LocalBotApi = running["api"]

    languages = [c.params.get("language_code") for c in api.calls_of("setMyCommands")]

    assert languages == [None, "ko"]


def test_it_sends_a_chart_photo(running: dict) -> None:
    api: LocalBotApi = running["api"]
    alice = api.user(ALICE_ID)
    mark = api.mark()

    api.send_text("/chart bench 1m", user=alice)

    photo = api.wait_for(lambda c: c.method == "sendPhoto", after=mark)
    assert photo.files["photo"][1].startswith(b"\x89PNG")


def test_it_downloads_and_imports_a_document(running: dict) -> None:
    api: LocalBotApi = running["api"]
    bob = api.user(5102, first_name="Bob")
    mark = api.mark()

    api.send_document("workout_data.csv", (FIXTURES / "hevy_sample_a.csv").read_bytes(), user=bob)
    preview = api.wait_for_reply(5102, after=mark)
    assert any(c.method == "getFile" for c in api.calls[mark:])
    mark = api.mark()
    api.press_button(preview, "import:go", user=bob)

    done = api.wait_for(lambda c: c.method == "editMessageText", after=mark)
    assert done.text == "Imported 19 sets."  # warm-ups are kept and marked now


def test_it_retries_a_429_and_marks_a_blocker_inactive(running: dict) -> None:
    api: LocalBotApi = running["api"]
    carol, dave = api.user(5103, first_name="Carol"), api.user(5104, first_name="Dave")
    api.fail_next("sendMessage", chat_id=5103, retry_after=1)
    api.block(5104)
    mark = api.mark()

    api.send_text("squat 100x5", user=carol)
    api.send_text("squat 100x5", user=dave)

    def to_carol(call: ApiCall) -> bool:
        return call.chat_id == 5103 and call.method == "sendMessage"

    refused = api.wait_for(to_carol, after=mark, timeout=15)
    delivered = api.wait_for(to_carol, after=api.calls.index(refused) + 1, timeout=15)
    assert delivered.text == refused.text
    assert delivered.at - refused.at >= 0.9
    api.wait_for(lambda c: c.chat_id == 5104, after=mark)
    assert _wait_blocked(running["database_url"], 5104)


def _wait_blocked(database_url: str, telegram_id: int) -> bool:
    import time

    for _ in range(100):
        rows = query(
            database_url,
            "SELECT telegram_blocked_at FROM accounts_user WHERE telegram_id = %s",
            [telegram_id],
        )
        if rows and rows[0][0] is not None:
            return True
        time.sleep(0.1)
    return False
