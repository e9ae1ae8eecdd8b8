"""The coaching API: plates, the lifter's plate setup, warm-ups, RPE, scores, the weak-point
report and daily calories. The calculator endpoints work without an account (a signed-in
lifter's own setup and profile fill what the query leaves out); bad input is a 400 with field
errors."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import permissions, serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from backend.accounts.authentication import request_user

from .. import calories, coaching, plates, rpe
from ..warmups import warmup_ramp
from .views import PNGRenderer

WEIGHT = {"max_digits": 7, "decimal_places": 3, "min_value": Decimal(0), "max_value": Decimal(1000)}
PLATE = {
    "max_digits": 7,
    "decimal_places": 3,
    "min_value": Decimal("0.001"),
    "max_value": Decimal(100),
}
UNITS = ("kg", "lb")
R = TypeVar("R")


def _user(request: Request) -> Any:
    return request.user if request.user.is_authenticated else None


# --- plates ---------------------------------------------------------------------------------


class SetupQuerySerializer(serializers.Serializer[Any]):
    """A bar setup in the query; what is left out comes from the lifter's own setup (or the
    defaults for the unit)."""

    unit = serializers.ChoiceField(choices=UNITS, required=False)
    bar = serializers.DecimalField(**WEIGHT, required=False)
    plates = serializers.ListField(
        child=serializers.DecimalField(**PLATE), required=False, max_length=20
    )
    collar = serializers.DecimalField(
        max_digits=6, decimal_places=3, min_value=Decimal(0), max_value=Decimal(50), required=False
    )

    def to_internal_value(self, data: Any) -> Any:
        if hasattr(data, "getlist") and "plates" in data:
            raw = data.getlist("plates")
            data = {key: data.get(key) for key in data}
            data["plates"] = [p for item in raw for p in str(item).split(",") if p.strip()]
        return super().to_internal_value(data)

    def setup(self, user: Any) -> plates.BarSetup:
        data = self.validated_data
        base = coaching.plate_setup_get(user=user) if user is not None else None
        unit = data.get("unit") or (base.unit if base is not None else "kg")
        if base is None or base.unit != unit:
            base = plates.default_setup(unit)
        return plates.make_setup(
            unit=unit,
            bar=data.get("bar", base.bar),
            plates=data.get("plates") or list(base.plates),
            collar=data.get("collar", base.collar),
        )


class PlatesQuerySerializer(SetupQuerySerializer):
    weight = serializers.DecimalField(**WEIGHT, help_text="The target, in `unit`")


class LoadedSerializer(serializers.Serializer[Any]):
    total = serializers.DecimalField(max_digits=8, decimal_places=3)
    per_side = serializers.ListField(child=serializers.DecimalField(max_digits=7, decimal_places=3))


class SetupSerializer(serializers.Serializer[Any]):
    unit = serializers.CharField()
    bar = serializers.DecimalField(max_digits=7, decimal_places=3)
    collar = serializers.DecimalField(max_digits=6, decimal_places=3)
    plates = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_plates(self, setup: plates.BarSetup) -> list[dict[str, Any]]:
        return [{"weight": float(p.weight), "pairs": p.pairs} for p in setup.plates]


class PlatesSerializer(serializers.Serializer[Any]):
    target = serializers.DecimalField(max_digits=8, decimal_places=3)
    unit = serializers.CharField()
    exact = LoadedSerializer(allow_null=True)
    below = LoadedSerializer(allow_null=True)
    above = LoadedSerializer(allow_null=True)
    setup = SetupSerializer()


def _plates_payload(setup: plates.BarSetup, loading: plates.Loading) -> dict[str, Any]:
    return {
        "target": loading.target,
        "unit": setup.unit,
        "exact": loading.exact,
        "below": loading.below,
        "above": loading.above,
        "setup": setup,
    }


class PlatesView(APIView):
    """The plates per side for a weight, or the nearest loadable weights below and above."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[PlatesQuerySerializer], responses=PlatesSerializer, operation_id="plates"
    )
    def get(self, request: Request) -> Response:
        query = PlatesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        setup = _setup_or_400(query, _user(request))
        loading = _or_400("weight", plates.load, query.validated_data["weight"], setup)
        return Response(PlatesSerializer(_plates_payload(setup, loading)).data)


def _or_400(field: str, call: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """`call`'s answer; its ValueError (a setup or target it cannot load) is a 400 on `field`."""
    try:
        return call(*args, **kwargs)
    except ValueError as error:
        raise ValidationError({field: [str(error)]}) from error


def _setup_or_400(query: SetupQuerySerializer, user: Any) -> plates.BarSetup:
    try:
        return query.setup(user)
    except ValueError as error:
        raise ValidationError({"plates": [str(error)]}) from error


class PlateSetupInputSerializer(serializers.Serializer[Any]):
    unit = serializers.ChoiceField(choices=UNITS)
    bar = serializers.DecimalField(**WEIGHT)
    plates = serializers.ListField(child=serializers.DecimalField(**PLATE), max_length=20)
    pairs = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=50, allow_null=True),
        required=False,
        help_text="How many pairs of each plate (same order; null or missing: as many as needed)",
    )
    collar = serializers.DecimalField(
        max_digits=6, decimal_places=3, min_value=Decimal(0), max_value=Decimal(50), default=0
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        pairs = attrs.get("pairs") or []
        if len(pairs) > len(attrs["plates"]):
            raise ValidationError({"pairs": ["One count per plate at most."]})
        return attrs


class PlateSetupView(APIView):
    """The signed-in lifter's bar, plates and collars."""

    @extend_schema(responses=SetupSerializer, operation_id="plate_setup_get")
    def get(self, request: Request) -> Response:
        return Response(SetupSerializer(coaching.plate_setup_get(user=request.user)).data)

    @extend_schema(
        request=PlateSetupInputSerializer, responses=SetupSerializer, operation_id="plate_setup_put"
    )
    def put(self, request: Request) -> Response:
        body = PlateSetupInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        pairs = list(data.get("pairs") or [])
        pairs += [None] * (len(data["plates"]) - len(pairs))
        weights: list[Decimal | tuple[Decimal, int]] = [
            w if n is None else (w, n) for w, n in zip(data["plates"], pairs, strict=True)
        ]
        setup = _or_400(
            api_settings.NON_FIELD_ERRORS_KEY,
            coaching.plate_setup_save,
            user=request_user(request),
            unit=data["unit"],
            bar=data["bar"],
            plate_weights=weights,
            collar=data["collar"],
        )
        return Response(SetupSerializer(setup).data)

    @extend_schema(responses=SetupSerializer, operation_id="plate_setup_reset")
    def delete(self, request: Request) -> Response:
        return Response(
            SetupSerializer(coaching.plate_setup_reset(user=request_user(request))).data
        )


# --- warm-ups -------------------------------------------------------------------------------


class WarmupQuerySerializer(SetupQuerySerializer):
    weight = serializers.DecimalField(**WEIGHT, help_text="The work set, in `unit`")


class WarmupSetSerializer(serializers.Serializer[Any]):
    weight = serializers.DecimalField(max_digits=8, decimal_places=3)
    reps = serializers.IntegerField()
    per_side = serializers.ListField(child=serializers.DecimalField(max_digits=7, decimal_places=3))


class WarmupSerializer(serializers.Serializer[Any]):
    unit = serializers.CharField()
    work = serializers.DecimalField(max_digits=8, decimal_places=3)
    sets = WarmupSetSerializer(many=True)


class WarmupView(APIView):
    """The warm-up ramp to a work set, rounded down to loadable weights."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[WarmupQuerySerializer], responses=WarmupSerializer, operation_id="warmup"
    )
    def get(self, request: Request) -> Response:
        query = WarmupQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        setup = _setup_or_400(query, _user(request))
        work = query.validated_data["weight"]
        payload = {
            "unit": setup.unit,
            "work": work,
            "sets": _or_400("weight", warmup_ramp, work, setup),
        }
        return Response(WarmupSerializer(payload).data)


# --- RPE ------------------------------------------------------------------------------------


def _rpe_field(**extra: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=Decimal(1), max_value=Decimal(10), **extra
    )


class RpeQuerySerializer(serializers.Serializer[Any]):
    weight = serializers.DecimalField(**WEIGHT)
    reps = serializers.IntegerField(min_value=1, max_value=100)
    rpe = _rpe_field(required=False, allow_null=True)
    rir = serializers.DecimalField(
        max_digits=3, decimal_places=1, min_value=Decimal(0), max_value=Decimal(9), required=False
    )
    target_reps = serializers.IntegerField(min_value=1, max_value=30, required=False)
    target_rpe = _rpe_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "rir" in attrs:
            if attrs.get("rpe") is not None:
                raise ValidationError({"rir": ["Give an RPE or reps in reserve, not both."]})
            attrs["rpe"] = rpe.rpe_from_rir(attrs["rir"])
        for name in ("rpe", "target_rpe"):
            value = attrs.get(name)
            if value is not None and value % rpe.RPE_STEP:
                raise ValidationError({name: ["RPE goes in steps of 0.5."]})
        if "target_rpe" in attrs and "target_reps" not in attrs:
            raise ValidationError({"target_reps": ["Give the reps for the target RPE."]})
        return attrs


class RpeSerializer(serializers.Serializer[Any]):
    one_rm = serializers.FloatField(help_text="In the unit of `weight`")
    method = serializers.ChoiceField(choices=("rpe_chart", "formula"))
    formula = serializers.CharField(help_text="The rep formula's name when method is formula")
    percent_1rm = serializers.FloatField()
    target_weight = serializers.FloatField(allow_null=True)


class RpeView(APIView):
    """The e1RM of a set from the RPE chart (or the rep formula without an RPE), and the load for
    other reps at a target RPE."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(parameters=[RpeQuerySerializer], responses=RpeSerializer, operation_id="rpe")
    def get(self, request: Request) -> Response:
        query = RpeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        estimate = rpe.estimate_one_rm(
            weight_kg=float(data["weight"]), reps=data["reps"], rpe=data.get("rpe")
        )
        target = None
        if "target_reps" in data:
            target = rpe.weight_for(
                one_rm_kg=estimate.one_rm_kg, reps=data["target_reps"], rpe=data.get("target_rpe")
            )
        payload = {
            "one_rm": estimate.one_rm_kg,
            "method": estimate.method,
            "formula": estimate.formula,
            "percent_1rm": estimate.percent_1rm,
            "target_weight": target,
        }
        return Response(RpeSerializer(payload).data)


# --- scores ---------------------------------------------------------------------------------


class ScoresQuerySerializer(serializers.Serializer[Any]):
    """The lifter's data; a signed-in lifter's profile and best e1RMs fill what is left out."""

    sex = serializers.ChoiceField(choices=("male", "female"), required=False)
    bodyweight_kg = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(20),
        max_value=Decimal(400),
        required=False,
    )
    squat_kg = serializers.DecimalField(**WEIGHT, required=False)
    bench_kg = serializers.DecimalField(**WEIGHT, required=False)
    deadlift_kg = serializers.DecimalField(**WEIGHT, required=False)


class LiftScoreSerializer(serializers.Serializer[Any]):
    lift = serializers.CharField()
    e1rm_kg = serializers.FloatField()
    dots = serializers.FloatField()
    wilks2020 = serializers.FloatField()
    ipf_gl = serializers.FloatField(
        allow_null=True, help_text="The bench press only: IPF GL scores no squat or deadlift alone"
    )


class TotalScoreSerializer(serializers.Serializer[Any]):
    total_kg = serializers.FloatField()
    dots = serializers.FloatField()
    wilks2020 = serializers.FloatField()
    ipf_gl = serializers.FloatField()


class DotsPercentileSerializer(serializers.Serializer[Any]):
    percentile = serializers.FloatField()
    weight_class_kg = serializers.IntegerField()
    sample_size = serializers.IntegerField()
    below = serializers.BooleanField(help_text="Under the published p10")
    above = serializers.BooleanField(help_text="Over the published p90")


class ScoresSerializer(serializers.Serializer[Any]):
    sex = serializers.CharField()
    bodyweight_kg = serializers.FloatField()
    lifts = LiftScoreSerializer(many=True)
    total = TotalScoreSerializer(allow_null=True)
    dots_percentile = DotsPercentileSerializer(allow_null=True, source="percentile")


class ScoresView(APIView):
    """DOTS, Wilks (2020) and IPF GL per lift and for the total, and where the DOTS falls among
    raw lifters (OpenPowerlifting via LiftGauge)."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[ScoresQuerySerializer], responses=ScoresSerializer, operation_id="scores"
    )
    def get(self, request: Request) -> Response:
        query = ScoresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        user = _user(request)
        sex = data.get("sex") or (user.sex if user is not None else "")
        body = data.get("bodyweight_kg") or (user.bodyweight_kg if user is not None else None)
        lifts = {
            lift: float(data[f"{lift}_kg"]) for lift in coaching.BIG_THREE if f"{lift}_kg" in data
        }
        if user is not None and not lifts:
            bests = coaching.best_e1rms(user=user, slugs=list(coaching.BIG_THREE.values()))
            lifts = {k: bests[s] for k, s in coaching.BIG_THREE.items() if s in bests}
        errors = {}
        if sex not in ("male", "female"):
            errors["sex"] = ["Give male or female (or sign in with a profile)."]
        if not body:
            errors["bodyweight_kg"] = ["Give a bodyweight (or sign in with a profile)."]
        if not lifts:
            errors["squat_kg"] = ["Give at least one of squat_kg, bench_kg, deadlift_kg."]
        if errors:
            raise ValidationError(errors)
        rows, total, where = coaching.scores_of(sex=sex, bodyweight_kg=float(body), lifts_kg=lifts)
        payload = coaching.UserScores(sex, float(body), rows, total, where)
        return Response(ScoresSerializer(payload).data)


# --- weak-point report ----------------------------------------------------------------------


class LiftStandingSerializer(serializers.Serializer[Any]):
    exercise = serializers.CharField()
    exercise_name = serializers.CharField()
    exercise_name_ko = serializers.CharField()
    percentile = serializers.FloatField()
    e1rm_kg = serializers.FloatField()
    kg_to_median = serializers.FloatField(allow_null=True)


class RatioSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    value = serializers.FloatField()
    low = serializers.FloatField()
    high = serializers.FloatField()
    verdict = serializers.ChoiceField(choices=("low", "ok", "high"))


class ReportSerializer(serializers.Serializer[Any]):
    median_percentile = serializers.FloatField(allow_null=True)
    lifts = LiftStandingSerializer(many=True)
    lagging = LiftStandingSerializer(many=True)
    ratios = RatioSerializer(many=True)


class ReportChartView(APIView):
    """The weak-point report as a 1280×720 PNG: each lift's percentile against the median (404
    until a lift is ranked)."""

    renderer_classes = (JSONRenderer, PNGRenderer)

    @extend_schema(
        parameters=[OpenApiParameter("language", str, enum=("en", "ko"))],
        responses={(200, "image/png"): OpenApiTypes.BINARY},
        operation_id="report_chart",
    )
    def get(self, request: Request) -> HttpResponse:
        user = request_user(request)
        report = coaching.weak_point_report(user=user)
        language = request.query_params.get("language") or user.language
        png = coaching.report_chart_png(user=user, report=report, language=language)
        if png is None:
            raise NotFound("No ranked lift yet.")
        return HttpResponse(png, content_type="image/png")


class ReportView(APIView):
    """The signed-in lifter's weak points: each lift's percentile against their median, the
    ratios coaches watch, and what lags by how many kg."""

    @extend_schema(responses=ReportSerializer, operation_id="report")
    def get(self, request: Request) -> Response:
        report = coaching.weak_point_report(user=request_user(request))
        return Response(ReportSerializer(report).data)


# --- daily calories -------------------------------------------------------------------------


class CaloriesQuerySerializer(serializers.Serializer[Any]):
    """What the equation needs; a signed-in lifter's profile fills what is left out."""

    activity = serializers.ChoiceField(choices=tuple(calories.ACTIVITY_FACTORS), default="moderate")
    sex = serializers.ChoiceField(choices=("male", "female"), required=False)
    age = serializers.IntegerField(
        min_value=calories.AGE_RANGE[0], max_value=calories.AGE_RANGE[1], required=False
    )
    height_cm = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(str(calories.HEIGHT_RANGE_CM[0])),
        max_value=Decimal(str(calories.HEIGHT_RANGE_CM[1])),
        required=False,
    )
    bodyweight_kg = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        min_value=Decimal(str(calories.BODYWEIGHT_RANGE_KG[0])),
        max_value=Decimal(str(calories.BODYWEIGHT_RANGE_KG[1])),
        required=False,
    )


class CaloriesSerializer(serializers.Serializer[Any]):
    bmr_kcal = serializers.FloatField(source="energy.bmr_kcal")
    tdee_kcal = serializers.FloatField(source="energy.tdee_kcal")
    activity = serializers.CharField(source="energy.activity")
    activity_factor = serializers.FloatField(source="energy.activity_factor")
    training_today_kcal = serializers.FloatField(allow_null=True)
    training_week_kcal = serializers.FloatField(allow_null=True)


class CaloriesView(APIView):
    """BMR (Mifflin–St Jeor) and TDEE by activity level; for a signed-in lifter also the kcal
    their logged training burned today and over the last 7 days."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[CaloriesQuerySerializer], responses=CaloriesSerializer, operation_id="calories"
    )
    def get(self, request: Request) -> Response:
        query = CaloriesQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        user = _user(request)
        given = {
            "sex": data.get("sex") or (user.sex if user else None),
            "age": data.get("age") or (user.age if user else None),
            "height_cm": data.get("height_cm") or (user.height_cm if user else None),
            "bodyweight_kg": data.get("bodyweight_kg") or (user.bodyweight_kg if user else None),
        }
        missing = {name: ["This field is required."] for name, value in given.items() if not value}
        if missing:
            raise ValidationError(missing)
        energy = calories.daily_energy(
            sex=str(given["sex"]),
            age=int(given["age"]),  # type: ignore[arg-type]
            height_cm=float(given["height_cm"]),  # type: ignore[arg-type]
            bodyweight_kg=float(given["bodyweight_kg"]),  # type: ignore[arg-type]
            activity=data["activity"],
        )
        today, week = coaching.training_kcal(user=user) if user is not None else (None, None)
        payload = {"energy": energy, "training_today_kcal": today, "training_week_kcal": week}
        return Response(CaloriesSerializer(payload).data)


class CoachingTablesView(APIView):
    """The tables behind the coaching rules (RPE chart, score coefficients, DOTS percentiles,
    plates, warm-up ramps, activity factors), for the calculator page to compute in the browser
    with the server's numbers."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(responses=OpenApiTypes.OBJECT, operation_id="coaching_tables")
    def get(self, request: Request) -> Response:
        return Response(coaching.coaching_tables())
