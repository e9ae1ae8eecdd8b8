import io
from datetime import datetime, time, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.utils import timezone
from matplotlib.text import Text
from PIL import Image
from rest_framework.test import APIClient

import charts
from backend.accounts.models import User
from backend.workouts import catalogue, chart_service, display, services
from backend.workouts.models import BodyweightEntry, Exercise, WorkoutSet
from ml import predict
from ml.dataset import LEVELS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    # the catalogue copy's version token went with the cache: its next check (at most a second
    # away, maybe mid-test) would reload it; loaded afresh, it holds the new token
    catalogue.catalogue_clear()


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
    assert data.level in LEVELS
    assert len(data.days) == 30
    assert data.days[0].is_pr is True


@pytest.fixture
def broken_model(tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The percentile model cannot load (its artifacts are missing)."""
    predict._load_once.cache_clear()
    monkeypatch.setattr(predict, "ARTIFACTS_DIR", tmp_path)
    yield
    predict._load_once.cache_clear()


def test_it_fails_loudly_when_the_ranking_model_cannot_load(alice: User, broken_model: None):
    # a chart without level bands would hide a broken model: the error reaches the caller
    squat = Exercise.objects.get(slug="squat")

    with pytest.raises(predict.ModelLoadError):
        chart_service.chart_data_build(user=alice, kind="e1rm", exercise=squat, period="3m")


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


def test_a_cached_chart_costs_one_statement(
    alice_api: APIClient, alice: User, django_assert_num_queries
):
    log_history(alice)
    first = alice_api.get("/api/charts/squat.png")  # renders (and reads the catalogue)
    with django_assert_num_queries(1):  # the fingerprint: sets and weigh-ins in one statement
        second = alice_api.get("/api/charts/squat.png")
    assert (second.status_code, second.content) == (200, first.content)


@pytest.mark.parametrize("change", ["weigh-in", "deleted set", "profile"])
def test_a_cached_chart_is_drawn_again_when_its_data_changes(alice: User, change: str):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")
    real = chart_service.charts.CHART_KINDS["e1rm"]
    with mock.patch.dict(chart_service.charts.CHART_KINDS, {"e1rm": mock.Mock(wraps=real)}):
        renderer = chart_service.charts.CHART_KINDS["e1rm"]
        chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="1m")
        chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="1m")
        if change == "weigh-in":  # the bands follow the bodyweight
            services.bodyweight_record(user=alice, weight_kg=Decimal("90.0"))
        elif change == "deleted set":
            services.workout_set_delete(user=alice, set_id=WorkoutSet.objects.first().pk)
        else:
            alice.sex = User.Sex.FEMALE
        chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="1m")
        assert renderer.call_count == 2


def test_it_keeps_each_users_charts_apart(alice: User, bob: User):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")
    alice_png = chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="3m")
    bob_png = chart_service.chart_png(user=bob, kind="e1rm", exercise=squat, period="3m")
    assert alice_png != bob_png


def drawn_strings(figure) -> list[str]:
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def test_the_e1rm_series_is_each_days_best_set(alice: User):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")
    services.log_sets(
        user=alice,
        sets=[services.SetInput(exercise=squat, weight_kg=Decimal(60), reps=5)],
    )

    data = chart_service.chart_data_build(user=alice, kind="e1rm", exercise=squat, period="3m")

    expected: dict = {}
    for row in WorkoutSet.objects.filter(user=alice, exercise=squat):
        day = timezone.localdate(row.performed_at, timezone=ZoneInfo(alice.timezone))
        expected[day] = max(expected.get(day, 0.0), float(row.e1rm_kg))
    assert {d.day: d.e1rm_kg for d in data.days} == expected
    # the 60 kg set is a light day: it is the last day's best but no PR
    light = WorkoutSet.objects.get(user=alice, exercise=squat, weight_kg=60)
    assert (data.days[-1].is_pr, data.days[-1].e1rm_kg) == (False, float(light.e1rm_kg))


def test_the_volume_series_is_the_sum_of_weight_times_reps_per_week(alice: User):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")

    data = chart_service.chart_data_build(user=alice, kind="volume", exercise=squat, period="3m")

    expected: dict = {}
    for row in WorkoutSet.objects.filter(user=alice, exercise=squat):
        day = timezone.localdate(row.performed_at, timezone=ZoneInfo(alice.timezone))
        monday = day - timedelta(days=day.weekday())
        expected[monday] = expected.get(monday, 0.0) + float(row.weight_kg) * row.reps
    assert {w.week_start: w.volume_kg for w in data.weeks} == expected
    assert sum(w.volume_kg for w in data.weeks) == sum(
        (100 + day // 3) * 5 for day in range(0, 60, 2)
    )


def test_the_bodyweight_series_is_each_days_weigh_in(alice: User):
    BodyweightEntry.objects.create(user=alice, weight_kg=Decimal("80.4"))

    data = chart_service.chart_data_build(user=alice, kind="bodyweight", exercise=None, period="1m")

    assert [p.bodyweight_kg for p in data.points] == [80.4]


def test_the_bodyweight_series_averages_a_days_weigh_ins_in_the_lifters_days(alice: User):
    # given weigh-ins on two days (two on the first), another lifter's and one before the period
    alice.timezone = "Asia/Seoul"
    alice.save()
    zone = ZoneInfo("Asia/Seoul")
    today = timezone.localdate(timezone=zone)

    def at(days_ago: int, hour: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=zone)

    for weight, moment in (
        ("80", at(3, 7)),
        ("81", at(3, 23)),
        ("79.5", at(1, 0)),
        ("90", at(40, 7)),
    ):
        BodyweightEntry.objects.create(user=alice, weight_kg=Decimal(weight), measured_at=moment)
    bob = User.objects.create_user("bob2@example.com", "correct horse battery")
    BodyweightEntry.objects.create(user=bob, weight_kg=Decimal(120), measured_at=at(3, 8))

    data = chart_service.chart_data_build(user=alice, kind="bodyweight", exercise=None, period="1m")

    # then each day of Alice's (in her time zone) is the mean of that day's weigh-ins
    expected = [(today - timedelta(days=3), 80.5), (today - timedelta(days=1), 79.5)]
    assert [(p.day, p.bodyweight_kg) for p in data.points] == expected


def test_the_percentile_series_is_each_days_best_ranked_set(alice: User):
    # given two ranked sets on one day, one on another, and a day with only an unranked set
    squat = Exercise.objects.get(slug="squat")
    zone = ZoneInfo(alice.timezone)
    today = timezone.localdate(timezone=zone)

    def at(days_ago: int, hour: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(hour), tzinfo=zone)

    services.log_sets(
        user=alice,
        sets=[
            services.SetInput(exercise=squat, weight_kg=Decimal(w), reps=5, performed_at=moment)
            for w, moment in ((100, at(5, 9)), (120, at(5, 18)), (110, at(2, 9)), (90, at(1, 9)))
        ],
    )
    light, heavy, middle, unranked = WorkoutSet.objects.filter(user=alice).order_by("performed_at")
    assert light.percentile is not None and light.percentile < heavy.percentile
    WorkoutSet.objects.filter(pk=unranked.pk).update(percentile=None)

    data = chart_service.chart_data_build(
        user=alice, kind="percentile", exercise=squat, period="1m"
    )

    # then a day's point is its best percentile, read from the stored sets
    expected = [
        (timezone.localdate(row.performed_at, timezone=zone), float(row.percentile))
        for row in (heavy, middle)
    ]
    assert [(p.day, p.percentile) for p in data.points] == expected


def test_the_overview_holds_the_most_logged_lifts(alice: User):
    log_history(alice)
    log_history(alice, slug="bench-press", days=10)

    data = chart_service.chart_data_build(user=alice, kind="overview", exercise=None, period="3m")

    assert [lift.exercise for lift in data.lifts] == ["Squat", "Bench Press"]


def test_a_korean_lifter_gets_korean_exercise_names(alice: User):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")

    data = chart_service.chart_data_build(
        user=alice, kind="e1rm", exercise=squat, period="3m", language="ko"
    )

    assert squat.name_ko and data.exercise == squat.name_ko


def test_the_chart_prints_numbers_as_the_chat_does(alice: User):
    # 163.3 kg × 1 is an e1RM the old chart rounded to 163.5 kg while the chat said 163.3 kg
    squat = Exercise.objects.get(slug="squat")
    services.log_sets(
        user=alice,
        sets=[services.SetInput(exercise=squat, weight_kg=Decimal("163.3"), reps=1)],
    )
    data = chart_service.chart_data_build(user=alice, kind="e1rm", exercise=squat, period="1m")

    for language, level in (("en", "Intermediate"), ("ko", "중급")):
        labels = chart_service.chart_labels(language=language)
        strings = drawn_strings(charts.chart_figure("e1rm", data, labels=labels))

        assert display.format_estimate(data.days[-1].e1rm_kg, "kg") in strings
        assert display.format_estimate(data.bands.novice_kg, "kg") in strings
        assert any(f" · {display.level_label(data.level, language)} · " in s for s in strings)
        assert display.level_label("intermediate", language) == level


def test_each_language_is_rendered_and_cached_apart(alice: User):
    log_history(alice)
    squat = Exercise.objects.get(slug="squat")

    english = chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="3m")
    korean = chart_service.chart_png(
        user=alice, kind="e1rm", exercise=squat, period="3m", language="ko"
    )
    alice.language = "ko"
    alice.save()

    assert english != korean
    assert chart_service.chart_png(user=alice, kind="e1rm", exercise=squat, period="3m") == korean
