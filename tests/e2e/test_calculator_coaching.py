"""The calculator page's coaching part: RPE, plates, warm-ups, scores and daily calories computed
in the browser equal the server's answers, on desktop and phone."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE, page_width

pytestmark = pytest.mark.django_db(transaction=True)

# sex, age, bodyweight, weight, reps, RPE, target reps, target RPE, squat, bench, deadlift, height
CASES = [
    ("male", 30, 93, 100, 5, "8", 3, "9", 180, 120, 220, 180),
    ("female", 27, 61.5, 61, 3, "8.5", 5, "", 110, 60, 130, 165),
    ("male", 45, 102, 143, 2, "", 1, "", 250, 170, 300, 175),  # no RPE; not loadable
]


def _server(base: str, path: str, **query: Any) -> dict[str, Any]:
    response = httpx.get(f"{base}/api/{path}/", params=query, timeout=30)
    assert response.status_code == 200, response.text
    return response.json()


def _value(page: Page, test_id: str) -> float:
    return float(page.get_by_test_id(test_id).get_attribute("data-value") or "nan")


def test_the_coaching_numbers_in_the_browser_equal_the_server(
    page: Page, live_server: Any, catalogue: None, screenshot: Any
) -> None:
    page.goto(f"{live_server.url}/calculator/")
    expect(page.get_by_test_id("rpe-e1rm")).to_be_visible()
    for sex, age, body, weight, reps, rpe, t_reps, t_rpe, squat, bench, dead, height in CASES:
        # when the lifter fills the form and the coaching fields
        page.get_by_test_id("exercise").select_option("bench-press")
        page.get_by_test_id(f"sex-{sex}").click()
        page.get_by_test_id("age").fill(str(age))
        page.get_by_test_id("bodyweight").fill(str(body))
        page.get_by_test_id("weight").fill(str(weight))
        page.get_by_test_id("reps").fill(str(reps))
        page.get_by_test_id("rpe").fill(rpe)
        page.get_by_test_id("target-reps").fill(str(t_reps))
        page.get_by_test_id("target-rpe").fill(t_rpe)
        for name, value in (("squat", squat), ("bench", bench), ("deadlift", dead)):
            page.get_by_test_id(f"score-{name}").fill(str(value))
        page.get_by_test_id("height").fill(str(height))

        # then every number is the server's
        url = live_server.url
        rpe_query = {"weight": weight, "reps": reps, "target_reps": t_reps}
        rpe_query |= {"rpe": rpe} if rpe else {}
        rpe_query |= {"target_rpe": t_rpe} if t_rpe else {}
        expected = _server(url, "rpe", **rpe_query)
        expect(page.get_by_test_id("rpe-method")).to_have_attribute(
            "data-method", expected["method"]
        )
        assert _value(page, "rpe-e1rm") == pytest.approx(expected["one_rm"], abs=1e-6)
        assert _value(page, "rpe-target") == pytest.approx(expected["target_weight"], abs=1e-6)

        plates = _server(url, "plates", weight=weight)
        exact = page.get_by_test_id("plates").get_attribute("data-exact")
        server_exact = plates["exact"]["per_side"] if plates["exact"] else []
        assert exact == ",".join(f"{p:g}" for p in server_exact)
        warmup = _server(url, "warmup", weight=weight)
        rows = page.get_by_test_id("warmup").locator("li")
        assert [
            float(rows.nth(i).get_attribute("data-weight") or 0) for i in range(rows.count())
        ] == [s["weight"] for s in warmup["sets"]]

        scores = _server(
            url,
            "scores",
            sex=sex,
            bodyweight_kg=body,
            squat_kg=squat,
            bench_kg=bench,
            deadlift_kg=dead,
        )
        assert _value(page, "dots") == pytest.approx(scores["total"]["dots"], abs=1e-6)
        assert _value(page, "wilks") == pytest.approx(scores["total"]["wilks2020"], abs=1e-6)
        assert _value(page, "ipf-gl") == pytest.approx(scores["total"]["ipf_gl"], abs=1e-6)
        assert _value(page, "dots-percentile") == pytest.approx(
            scores["dots_percentile"]["percentile"], abs=1e-6
        )

        energy = _server(
            url,
            "calories",
            sex=sex,
            age=age,
            height_cm=height,
            bodyweight_kg=body,
            activity="moderate",
        )
        assert _value(page, "bmr") == pytest.approx(energy["bmr_kcal"], abs=1e-6)
        assert _value(page, "tdee") == pytest.approx(energy["tdee_kcal"], abs=1e-6)

    screenshot(page, "calculator-coaching-desktop")
    page.set_viewport_size(PHONE)
    page.get_by_test_id("coaching").scroll_into_view_if_needed()
    assert page_width(page) <= PHONE["width"]
    screenshot(page, "calculator-coaching-phone")


def test_the_coaching_part_explains_bad_input(
    page: Page, live_server: Any, catalogue: None
) -> None:
    page.goto(f"{live_server.url}/calculator/")
    expect(page.get_by_test_id("rpe-e1rm")).to_be_visible()

    page.get_by_test_id("rpe").fill("8.3")
    page.get_by_test_id("height").fill("20")

    expect(page.get_by_test_id("error-rpe")).to_have_text("RPE goes from 1 to 10 in steps of 0.5.")
    expect(page.get_by_test_id("error-height")).to_have_text(
        "Height must be between 50 and 272 cm."
    )
