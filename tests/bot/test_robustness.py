"""No message or button press, however odd, reaches the error handler, and each gets an answer."""

from __future__ import annotations

import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.i18n import COMMANDS
from tests.bot.conftest import GROUP_ID, BotHarness

APOLOGY = "Sorry, something went wrong"
COMMAND_NAMES = [name for name, _ in COMMANDS["en"]] + ["cancel", "top join", "top leave"]
texts = st.one_of(
    st.text(max_size=60),
    st.tuples(st.sampled_from(COMMAND_NAMES), st.text(max_size=30)).map(
        lambda pair: f"/{pair[0]} {pair[1]}"
    ),
    st.from_regex(r"(bench|squat|스쿼트|dips|ohp) [+-]?\d{1,4}([.,]\d)?(x\d{1,3}){0,2}( @\d+)?"),
)


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What was logged at ERROR or above (a handler that crashed, even if it apologised)."""
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


callback_data = st.one_of(
    st.text(max_size=30),
    st.tuples(
        st.sampled_from(
            [
                *("outlier:", "edit:pick:", "edit:del:", "import:", "setunits:", "deleteme:"),
                *("sex:", "rest:", "program:"),
            ]
        ),
        st.text(max_size=12),
    ).map("".join),
)


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=texts, in_group=st.booleans())
def test_it_never_crashes_on_any_message(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, text: str, in_group: bool
) -> None:
    caplog.clear()
    with caplog.at_level(logging.ERROR):
        calls = bot.say(text, chat_id=GROUP_ID if in_group else None)

    assert errors_logged(caplog) == []
    assert all(APOLOGY not in call.text for call in calls)
    # in a private chat every message is answered (a group hears the bot only when addressed)
    if text.strip() and not in_group:
        assert calls != [], f"no reply to {text!r}"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=callback_data)
def test_it_never_crashes_on_any_button_data(
    bot: BotHarness, caplog: pytest.LogCaptureFixture, data: str
) -> None:
    (question,) = bot.say("/units")
    caplog.clear()
    mark = bot.telegram.mark()

    with caplog.at_level(logging.ERROR):
        bot.telegram.press_button(question, data, user=bot.alice)
        calls = bot.process(bot.telegram._updates.pop())

    assert errors_logged(caplog) == []
    assert all(APOLOGY not in call.text for call in calls)
    # every press is answered, so the button stops spinning
    answers = [c for c in bot.telegram.calls[mark:] if c.method == "answerCallbackQuery"]
    assert len(answers) == 1, f"{len(answers)} answers to {data!r}"
