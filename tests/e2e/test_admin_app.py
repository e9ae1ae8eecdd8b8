"""The React admin: staff log in with the cookie-JWT API, browse, answer; others are refused."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from backend.accounts.models import User
from backend.backoffice.services import daily_stats_record, user_update, workout_set_correct
from backend.inquiries.models import Inquiry, InquiryMessage
from backend.inquiries.services import inquiry_open
from backend.workouts.models import Exercise, WorkoutSet
from backend.workouts.services import SetInput, log_sets

from .conftest import DESKTOP, PASSWORD, PHONE, off_the_loop, page_width

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def inquiry(alice: User, catalogue: None) -> Inquiry:
    bench = Exercise.objects.get(slug="bench-press")
    log_sets(
        user=alice,
        sets=[SetInput(exercise=bench, weight_kg=Decimal("50"), reps=5) for _ in range(3)],
    )
    return inquiry_open(
        user=alice,
        title="Is my bench level right?",
        body="The bot says Intermediate, I feel like a Novice.",
        category=Inquiry.Category.TRAINING,
    )


@pytest.fixture
def audit_trail(charlie: User, alice: User, inquiry: Inquiry) -> None:
    """Charlie renamed Alice and corrected one of her sets, with a long reason; beat recorded
    yesterday's figures."""
    daily_stats_record()
    user_update(actor=charlie, user=alice, changes={"display_name": "Alice Lifts"})
    workout_set_correct(
        actor=charlie,
        workout_set=WorkoutSet.objects.filter(user=alice).first(),
        changes={"reps": 6},
        reason="She wrote in her inquiry that the second set was six reps, not five",
    )


# each list of the back office, and a text it shows once its rows are in
PAGES = [
    ("", "Sets per day"),
    ("users", "alice@example.com"),
    ("sets", "Bench Press"),
    ("inquiries", "Is my bench level right?"),
    ("exercises", "Bench Press"),
    ("audit-log", "six reps"),
    ("daily-stats", "lifters"),
]


def _log_in(page: Page, live_server: Any, email: str) -> None:
    page.goto(f"{live_server.url}/admin-app/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("button[type=submit]").click()


def test_it_lets_staff_browse_users_and_sets(
    page: Page, live_server: Any, charlie: User, inquiry: Inquiry, screenshot: Any
) -> None:
    # when
    _log_in(page, live_server, charlie.email)
    # then: the dashboard's stats
    expect(page.get_by_test_id("stat-sets")).to_have_text("3")
    expect(page.get_by_test_id("stat-open-inquiries")).to_have_text("1")
    screenshot(page, "admin-dashboard")
    # when
    page.goto(f"{live_server.url}/admin-app/users")
    # then: a client-side route loads straight from the server, with the total
    expect(page.get_by_text("alice@example.com")).to_be_visible()
    expect(page.get_by_text("1-2 of 2")).to_be_visible()
    screenshot(page, "admin-users")
    # when
    page.get_by_role("menuitem", name="Sets").click()
    # then
    expect(page.get_by_text("1-3 of 3")).to_be_visible()
    expect(page.get_by_text("Bench Press").first).to_be_visible()
    screenshot(page, "admin-sets")
    page.set_viewport_size(PHONE)
    screenshot(page, "admin-sets-phone")


def test_it_lets_staff_answer_an_inquiry(
    page: Page,
    live_server: Any,
    charlie: User,
    inquiry: Inquiry,
    eager_celery: None,
    screenshot: Any,
) -> None:
    # given
    _log_in(page, live_server, charlie.email)
    expect(page.get_by_test_id("stat-open-inquiries")).to_be_visible()
    page.goto(f"{live_server.url}/admin-app/inquiries")
    page.get_by_text("Is my bench level right?").click()
    # when
    page.get_by_role("button", name="Assign to me").click()
    expect(page.get_by_text("Assigned to you")).to_be_visible()
    page.get_by_test_id("answer-body").fill("Your 58 kg bench at 62 kg bodyweight is Intermediate.")
    page.get_by_role("button", name="Send answer").click()
    # then
    expect(page.get_by_test_id("thread")).to_contain_text("Your 58 kg bench")
    screenshot(page, "admin-inquiry")
    answer = off_the_loop(
        lambda: InquiryMessage.objects.select_related("author").get(
            inquiry=inquiry, is_staff_answer=True
        )
    )
    assert (answer.author, answer.body) == (
        charlie,
        "Your 58 kg bench at 62 kg bodyweight is Intermediate.",
    )
    stored = off_the_loop(lambda: Inquiry.objects.select_related("assignee").get(pk=inquiry.pk))
    assert (stored.status, stored.assignee) == (Inquiry.Status.ANSWERED, charlie)
    assert [message.to for message in mail.outbox] == [["alice@example.com"]]


def test_it_refuses_a_user_who_is_not_staff(
    page: Page, live_server: Any, alice: User, screenshot: Any
) -> None:
    # when
    _log_in(page, live_server, alice.email)
    # then
    expect(page.get_by_text("the back office is for staff only")).to_be_visible()
    screenshot(page, "admin-refused")
    page.goto(f"{live_server.url}/admin-app/users")
    expect(page.locator("input[name=username]")).to_be_visible()


def test_it_says_when_the_password_is_wrong(page: Page, live_server: Any, charlie: User) -> None:
    # when
    page.goto(f"{live_server.url}/admin-app/")
    page.locator("input[name=username]").fill(charlie.email)
    page.locator("input[name=password]").fill("not the password")
    page.locator("button[type=submit]").click()
    # then
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Wrong email or password")


def test_it_fits_every_page_on_a_phone_and_a_desktop(
    page: Page, live_server: Any, charlie: User, audit_trail: None, screenshot: Any
) -> None:
    # given
    _log_in(page, live_server, charlie.email)
    expect(page.get_by_test_id("stat-sets")).to_have_text("3")
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        for route, text in PAGES:
            # when
            page.goto(f"{live_server.url}/admin-app/{route}")
            expect(page.get_by_text(text).first).to_be_visible()
            if not route:
                expect(page.get_by_test_id("dashboard-title")).to_be_visible()
            # then: nothing wider than the screen
            screenshot(page, f"admin-{route or 'dashboard'}-{name}")
            assert page_width(page) <= viewport["width"], (route, name, page_width(page))


def test_it_draws_sets_per_day_with_axes(
    page: Page, live_server: Any, charlie: User, inquiry: Inquiry
) -> None:
    # when: Alice logged three sets today
    _log_in(page, live_server, charlie.email)
    # then
    chart = page.get_by_test_id("sets-per-day")
    expect(page.get_by_test_id("sets-per-day-title")).to_have_text("Sets per day, last 30 days")
    expect(chart).to_be_visible()
    assert chart.get_by_test_id("y-tick").all_text_contents() == ["0", "1", "2", "3"]
    days = chart.get_by_test_id("x-tick").all_text_contents()
    today = datetime.now(UTC)
    assert days[-1] == f"{today:%b} {today.day}"
    assert len(days) >= 4
    expect(chart.get_by_text("Sets", exact=True)).to_be_visible()
    expect(chart.get_by_text("Day (UTC)")).to_be_visible()
    # when: on a phone the labels thin out but stay
    page.set_viewport_size(PHONE)
    expect(chart.get_by_test_id("x-tick")).not_to_have_count(len(days))
    assert len(chart.get_by_test_id("x-tick").all_text_contents()) >= 3


@pytest.fixture
def own_squat(alice: User, catalogue: None) -> Exercise:
    """Alice's own exercise with one set (made before the browser starts, see conftest)."""
    from backend.workouts.services import exercise_create_own

    own = exercise_create_own(user=alice, name="Heavy Back Squat")
    log_sets(user=alice, sets=[SetInput(exercise=own, weight_kg=Decimal("100"), reps=5)])
    return own


def test_it_lets_staff_merge_an_own_exercise_into_the_catalogue(
    page: Page, live_server: Any, charlie: User, own_squat: Exercise, screenshot: Any
) -> None:
    # given Alice logged a set of her own exercise
    _log_in(page, live_server, charlie.email)
    expect(page.get_by_test_id("stat-sets")).to_be_visible()
    # when
    page.goto(f"{live_server.url}/admin-app/exercises/{own_squat.pk}")
    expect(page.get_by_text("Own exercise of alice@example.com")).to_be_visible()
    screenshot(page, "admin-exercise-merge")
    page.get_by_label("Merge into (catalogue slug)").fill("squat")
    page.get_by_label("Reason").fill("same as squat")
    page.get_by_role("button", name="Merge").click()
    # then
    expect(page.get_by_text("Merged into squat: 1 sets moved")).to_be_visible()
    slugs = off_the_loop(lambda: list(WorkoutSet.objects.values_list("exercise__slug", flat=True)))
    assert slugs == ["squat"]
    assert off_the_loop(lambda: Exercise.objects.filter(pk=own_squat.pk).exists()) is False


def test_it_lists_the_daily_stats_beat_recorded(
    page: Page, live_server: Any, charlie: User, audit_trail: None
) -> None:
    # given beat recorded yesterday (nothing happened) and, again later, a day with sets
    day = off_the_loop(lambda: daily_stats_record(day=datetime.now(UTC).date()))
    # when
    _log_in(page, live_server, charlie.email)
    expect(page.get_by_test_id("stat-sets")).to_be_visible()
    page.get_by_role("menuitem", name="Daily stats").click()
    # then: newest day first, with its figures (Alice and Charlie joined today; Alice logged
    # three sets)
    expect(page.get_by_text("1-2 of 2")).to_be_visible()
    cells = page.locator("tbody tr").first.locator("td")
    expect(cells).to_have_text([f"{day.day:%-m/%-d/%Y}", "2", "1", "3"])
