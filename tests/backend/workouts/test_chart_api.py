import io
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import timezone
from PIL import Image
from rest_framework.test import APIClient

from backend.accounts.models import User
from backend.workouts import chart_service, services
from backend.workouts.models import BodyweightEntry, Exercise

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


def log_history(user: User, slug: str = "squat", days: int = 60) -> None:
    exercise = Exercise.objects.get(slug=slug)
    now = timezone.now()
    services.log_sets(
        user=user,
        sets=[
            services.SetInput(
                exercise=exercise,
                weight_kg=Decimal(100 + day // 3),
                reps=5,
                performed_at=now - timedelta(days=days - day),
            )
            for day in range(0, days, 2)
        ],
    )


def image_size(png: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(png)).size


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("squat", "e1rm"),
        ("squat", "volume"),
        ("all", "volume"),
        ("squat", "percentile"),
        ("all", "bodyweight"),
        ("all", "overview"),
    ],
)
def test_it_serves_each_kind_as_a_png(alice_api: APIClient, alice: User, path: str, kind: str):
    log_history(alice)
    BodyweightEntry.objects.create(user=alice, weight_kg=Decimal(80))
    response = alice_api.get(f"/api/charts/{path}.png", {"period": "3m", "kind": kind})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert image_size(response.content) == (1280, 720)


def test_it_draws_level_bands_from_the_lifters_profile(alice: User):
    log_history(alice)
    data = chart_service.chart_data_build(
        user=alice, kind="e1rm", exercise=Exercise.objects.get(slug="squat"), period="3m"
    )
    assert data.bands is not None
    assert data.bands.beginner_kg < data.bands.elite_kg
    assert data.level in {"Beginner", "Novice", "Intermediate", "Advanced", "Elite"}
    assert len(data.days) == 30
    assert data.days[0].is_pr is True


def test_it_serves_an_image_even_without_data(alice_api: APIClient):
    response = alice_api.get("/api/charts/deadlift.png", {"period": "1m"})
    assert response.status_code == 200
    assert image_size(response.content) == (1280, 720)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("squat", {"period": "2y"}, "period"),
        ("squat", {"kind": "pie"}, "kind"),
        ("squat", {"theme": "neon"}, "theme"),
        ("squat", {"units": "stone"}, "units"),
        ("all", {"kind": "e1rm"}, "exercise"),
    ],
)
def test_it_rejects_bad_parameters_with_the_allowed_values(
    alice_api: APIClient, path: str, params: dict, field: str
):
    response = alice_api.get(f"/api/charts/{path}.png", params)
    assert response.status_code == 400
    assert field in response.json()


def test_it_answers_404_for_an_unknown_exercise(alice_api: APIClient):
    assert alice_api.get("/api/charts/nope.png").status_code == 404


def test_it_asks_anonymous_users_to_log_in(api: APIClient):
    assert api.get("/api/charts/squat.png").status_code == 401


def test_it_renders_from_the_cache_until_a_new_set_arrives(alice_api: APIClient, alice: User):
    log_history(alice)
    real = chart_service.charts.CHART_KINDS["e1rm"]
    with mock.patch.dict(chart_service.charts.CHART_KINDS, {"e1rm": mock.Mock(wraps=real)}):
        renderer = chart_service.charts.CHART_KINDS["e1rm"]
        first = alice_api.get("/api/charts/squat.png").content
        second = alice_api.get("/api/charts/squat.png").content
        assert (renderer.call_count, first == second) == (1, True)
        log_history(alice, days=2)
        alice_api.get("/api/charts/squat.png")
        assert renderer.call_count == 2


def test_it_keeps_each_users_charts_apart(alice: User, bob: User):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")
    alice_png = chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="3m")
    bob_png = chart_service.chart_png(user=bob, kind="e1rm", exercise=squat, period="3m")
    assert alice_png != bob_png
