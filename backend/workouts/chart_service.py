"""Progress charts of a lifter's data: the plain data for each `charts` kind, built by database
aggregation, and the rendered PNG, cached until the lifter's data changes.

The words inside the image follow the lifter's language, and every number in it reads by the rules
of `display` (passed to `charts` as `ChartLabels`), the same as in the chat."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Avg, Count, F, Max, Sum
from django.db.models.functions import TruncDate, TruncWeek
from django.utils import timezone

import charts
from charts.chart_data import (
    BodyweightChartData,
    BodyweightPoint,
    E1rmChartData,
    LevelBands,
    OverviewChartData,
    PercentileChartData,
    PercentilePoint,
    VolumeChartData,
    WeeklyVolume,
    daily_bests,
)
from facts import PERIOD_DAYS, time_zone
from ml.dataset import LEVELS

from . import chart_limits, display
from .models import BodyweightEntry, Exercise, WorkoutSet
from .services import period_start
from .set_numbers import rank_many, ranked_one_rm_for

if TYPE_CHECKING:
    from backend.accounts.models import User

CHART_KINDS: tuple[str, ...] = tuple(charts.CHART_KINDS)
EXERCISE_KINDS = frozenset({"e1rm", "percentile"})  # kinds that need one exercise
THEMES: tuple[str, ...] = tuple(charts.THEMES)
UNITS: tuple[str, ...] = tuple(charts.UNITS)
CACHE_SECONDS = 60 * 60 * 24


class ChartRequestError(ValueError):
    """The chart asked for can't be drawn (e.g. an e1RM chart of no exercise)."""


def _estimate(kg: float, unit: str) -> str:
    return display.format_estimate(float(kg), unit)


def _percent(percentile: float) -> str:
    return display.format_percentile(float(percentile))


def chart_labels(*, language: str) -> charts.ChartLabels:
    """The chart words of `language`, with `display`'s level names and number formats."""
    return charts.chart_labels(
        language,
        weight=_estimate,
        percent=_percent,
        level_names={level: display.level_label(level, language) for level in LEVELS},
    )


def exercise_name(exercise: Exercise, *, language: str) -> str:
    """The exercise's name in `language` (Korean when it has one, else English)."""
    return exercise.name_ko if language == "ko" and exercise.name_ko else exercise.name


def _language(user: User, language: str | None) -> str:
    return language or user.language or "en"


def _window(user: User, period: str, now: datetime) -> tuple[datetime, date, date]:
    zone = time_zone(user.timezone)
    end = now.astimezone(zone).date()
    start = end - timedelta(days=PERIOD_DAYS[period] - 1)
    first_moment = datetime.combine(start, datetime.min.time(), tzinfo=zone)
    return first_moment, start, end


def _level_bands(user: User, exercise: Exercise, on: date) -> LevelBands | None:
    age = user.age_on(on)
    if not (exercise.has_standards and user.sex and age is not None and user.bodyweight_kg):
        return None
    from ml.predict import get_model

    # a model that cannot load raises ModelLoadError: a chart without bands would hide it
    model = get_model()
    if exercise.slug not in model.exercises:
        return None
    try:
        levels = model.thresholds(
            exercise=exercise.slug, sex=user.sex, age=age, bodyweight_kg=float(user.bodyweight_kg)
        )
    except ValueError:  # a profile the standards do not cover (an age under one, say)
        return None
    # stored e1RMs of bodyweight lifts include bodyweight; the standards speak of added weight
    offset = float(user.bodyweight_kg) if exercise.is_bodyweight else 0.0
    return LevelBands(**{f"{name}_kg": kg + offset for name, kg in levels.items()})


def _e1rm_data(
    user: User, exercise: Exercise, period: str, now: datetime, language: str
) -> E1rmChartData:
    first, start, end = _window(user, period, now)
    sets = WorkoutSet.objects.filter(user=user, exercise=exercise, is_warmup=False)
    daily = (
        sets.filter(performed_at__gte=first)
        .annotate(day=TruncDate("performed_at", tzinfo=time_zone(user.timezone)))
        .values("day")
        .annotate(best=Max("e1rm_kg"))
        .order_by("day")
    )
    before = sets.filter(performed_at__lt=first).aggregate(best=Max("e1rm_kg"))["best"]
    days = daily_bests(
        sets=[(row["day"], float(row["best"])) for row in daily],
        previous_best_kg=float(before) if before is not None else None,
    )
    level = percentile = None
    if days:
        best = max(day.e1rm_kg for day in days)
        (ranking,) = rank_many(
            [
                {
                    "exercise": exercise.slug,
                    "sex": user.sex,
                    "age": user.age_on(end),
                    "bodyweight_kg": user.bodyweight_kg,
                    "one_rm_kg": ranked_one_rm_for(
                        exercise=exercise,
                        e1rm_kg=best,
                        bodyweight_kg=float(user.bodyweight_kg) if user.bodyweight_kg else None,
                    ),
                }
            ]
        )
        if ranking is not None:
            level, percentile = ranking.level, ranking.percentile
    return E1rmChartData(
        exercise=exercise_name(exercise, language=language),
        start=start,
        end=end,
        days=days,
        bands=_level_bands(user, exercise, end),
        level=level,
        percentile=percentile,
    )


def _volume_data(
    user: User, exercise: Exercise | None, period: str, now: datetime, language: str
) -> VolumeChartData:
    first, start, end = _window(user, period, now)
    sets = WorkoutSet.objects.filter(user=user, performed_at__gte=first)
    if exercise is not None:
        sets = sets.filter(exercise=exercise)
    weeks = (
        sets.annotate(week=TruncWeek("performed_at", tzinfo=time_zone(user.timezone)))
        .values("week")
        .annotate(volume=Sum(F("weight_kg") * F("reps")))
        .order_by("week")
    )
    return VolumeChartData(
        start=start,
        end=end,
        exercise=exercise_name(exercise, language=language) if exercise else None,
        weeks=tuple(
            WeeklyVolume(
                week_start=row["week"].date() if isinstance(row["week"], datetime) else row["week"],
                volume_kg=float(row["volume"]),
            )
            for row in weeks
        ),
    )


def _percentile_data(
    user: User, exercise: Exercise, period: str, now: datetime, language: str
) -> PercentileChartData:
    first, start, end = _window(user, period, now)
    daily = (
        WorkoutSet.objects.filter(
            user=user,
            exercise=exercise,
            performed_at__gte=first,
            percentile__isnull=False,
            is_warmup=False,
        )
        .annotate(day=TruncDate("performed_at", tzinfo=time_zone(user.timezone)))
        .values("day")
        .annotate(best=Max("percentile"))
        .order_by("day")
    )
    return PercentileChartData(
        exercise=exercise_name(exercise, language=language),
        start=start,
        end=end,
        points=tuple(
            PercentilePoint(day=row["day"], percentile=float(row["best"])) for row in daily
        ),
    )


def _bodyweight_data(user: User, period: str, now: datetime) -> BodyweightChartData:
    first, start, end = _window(user, period, now)
    daily = (
        BodyweightEntry.objects.filter(user=user, measured_at__gte=first)
        .annotate(day=TruncDate("measured_at", tzinfo=time_zone(user.timezone)))
        .values("day")
        .annotate(weight=Avg("weight_kg"))
        .order_by("day")
    )
    return BodyweightChartData(
        start=start,
        end=end,
        points=tuple(
            BodyweightPoint(day=row["day"], bodyweight_kg=float(row["weight"])) for row in daily
        ),
    )


def _overview_data(user: User, period: str, now: datetime, language: str) -> OverviewChartData:
    first, start, end = _window(user, period, now)
    top = list(
        Exercise.objects.filter(sets__user=user, sets__performed_at__gte=first)
        .annotate(n=Count("sets"))
        .order_by("-n", "name")[: charts.MAX_OVERVIEW_LIFTS]
    )
    return OverviewChartData(
        start=start,
        end=end,
        lifts=tuple(_e1rm_data(user, exercise, period, now, language) for exercise in top),
    )


def chart_data_build(
    *,
    user: User,
    kind: str,
    exercise: Exercise | None,
    period: str,
    now: datetime | None = None,
    language: str | None = None,
) -> Any:
    """The plain data the `charts` renderer of `kind` draws, for the lifter over the period.

    Exercise names are in `language` (default: the lifter's); levels are level ids.
    """
    now = now or timezone.now()
    language = _language(user, language)
    if kind not in CHART_KINDS:
        raise ChartRequestError(f"kind must be one of {', '.join(CHART_KINDS)}")
    if period not in PERIOD_DAYS:
        raise ChartRequestError(f"period must be one of {', '.join(PERIOD_DAYS)}")
    if kind in EXERCISE_KINDS and exercise is None:
        raise ChartRequestError(f"a {kind} chart needs an exercise")
    if kind == "e1rm":
        return _e1rm_data(user, exercise, period, now, language)  # type: ignore[arg-type]
    if kind == "percentile":
        return _percentile_data(user, exercise, period, now, language)  # type: ignore[arg-type]
    if kind == "volume":
        return _volume_data(user, exercise, period, now, language)
    if kind == "bodyweight":
        return _bodyweight_data(user, period, now)
    return _overview_data(user, period, now, language)


def _fingerprint_sql() -> str:
    sets, weights = WorkoutSet._meta.db_table, BodyweightEntry._meta.db_table
    return (
        f"SELECT (SELECT COUNT(*) FROM {sets} WHERE user_id = %s),"
        f" (SELECT MAX(updated_at) FROM {sets} WHERE user_id = %s),"
        f" (SELECT COUNT(*) FROM {weights} WHERE user_id = %s),"
        f" (SELECT MAX(id) FROM {weights} WHERE user_id = %s)"
    )


FINGERPRINT_SQL = _fingerprint_sql()


def _fingerprint(user: User, now: datetime) -> str:
    """Changes whenever anything a chart of the user shows may have changed: their sets (count,
    last change) and weigh-ins (count, last one), read in one statement (a cache hit runs it and
    nothing else), and the profile and day the user is read with."""
    with connection.cursor() as cursor:
        cursor.execute(FINGERPRINT_SQL, [user.pk] * 4)
        parts: list[Any] = list(cursor.fetchone())
    zone = time_zone(user.timezone)
    parts += [user.sex, user.birth_date, user.bodyweight_kg, user.timezone]
    parts.append(now.astimezone(zone).date())
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def chart_png(
    *,
    user: User,
    kind: str,
    exercise: Exercise | None,
    period: str,
    unit: str = "kg",
    theme: str = "light",
    now: datetime | None = None,
    language: str | None = None,
) -> bytes:
    """The chart as PNG bytes, its words in `language` (default: the lifter's); a repeat request
    is served from the cache until data changes."""
    now = now or timezone.now()
    language = _language(user, language)
    if unit not in UNITS or theme not in THEMES:
        raise ChartRequestError(f"unit must be one of {UNITS} and theme one of {THEMES}")
    slug = exercise.slug if exercise else "-"
    fingerprint = _fingerprint(user, now)
    key = f"chart:{user.pk}:{kind}:{slug}:{period}:{unit}:{theme}:{language}:{fingerprint}"
    png = cache.get(key)
    if png is None:
        chart_limits.render_charge(user)  # a new drawing costs CPU: ChartRenderLimited over it
        data = chart_data_build(
            user=user, kind=kind, exercise=exercise, period=period, now=now, language=language
        )
        png = charts.CHART_KINDS[kind](
            data,
            unit=unit,  # type: ignore[arg-type]
            theme=theme,  # type: ignore[arg-type]
            labels=chart_labels(language=language),
        )
        cache.set(key, png, CACHE_SECONDS)
    return png


def exercise_chart_png(
    *,
    user: User,
    exercise: Exercise,
    period: str,
    unit: str = "kg",
    now: datetime | None = None,
    language: str | None = None,
) -> bytes | None:
    """The lifter's e1RM chart of an exercise over 1m/3m/6m as a PNG (None without sets), its
    words in `language` (default: the lifter's)."""
    now = now or timezone.now()
    start = period_start(period=period, now=now)
    sets = WorkoutSet.objects.filter(user=user, exercise=exercise, performed_at__gte=start)
    if not sets.exists():
        return None
    return chart_png(
        user=user,
        kind="e1rm",
        exercise=exercise,
        period=period,
        unit=unit,
        now=now,
        language=language,
    )
