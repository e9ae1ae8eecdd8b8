from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import django_filters
from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import ISO_8601, mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from backend.accounts.authentication import CookieJWTAuthentication, request_user
from backend.accounts.models import User

from .. import chart_service, importers, services
from ..models import BodyweightEntry, Exercise, WorkoutSet, normalize_alias
from .fields import BoundedIsoDateTimeFilter
from .serializers import (
    KEY_TAKEN,
    BodyweightEntrySerializer,
    CalculateQuerySerializer,
    CalculationSerializer,
    ChartQuerySerializer,
    ExerciseSerializer,
    ExerciseStatsSerializer,
    ImportJobSerializer,
    ImportPreviewSerializer,
    ImportUploadSerializer,
    OwnExerciseSerializer,
    PeriodQuerySerializer,
    PersonalRecordSerializer,
    WorkoutSetSerializer,
    new_sets_check,
)


class ReadOrOwnerWrites(permissions.BasePermission):
    """Anyone reads; a logged-in lifter creates, and changes only their own exercises."""

    message = "Only your own exercises can be changed; the catalogue is edited by staff."

    def has_permission(self, request: Request, view: Any) -> bool:
        return request.method in permissions.SAFE_METHODS or bool(request.user.is_authenticated)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        return bool(obj.owner_id is not None and obj.owner_id == request.user.pk)


class ExerciseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[Exercise],
):
    """The exercise catalogue plus the logged-in lifter's own exercises (never another's);
    `?search=` matches names, Korean names and aliases, `?muscle=` a primary muscle,
    `?equipment=` one equipment, `?own=true` lists own ones only. POST
    creates an own exercise (name, optional load type); PATCH renames it or changes load type."""

    serializer_class = ExerciseSerializer
    permission_classes = (ReadOrOwnerWrites,)
    lookup_field = "slug"
    filterset_fields = ("category", "load_type", "equipment", "standards")
    ordering_fields = ("name", "slug")

    def get_serializer_class(self) -> type[BaseSerializer[Exercise]]:
        if self.action in ("create", "update", "partial_update"):
            return OwnExerciseSerializer
        return ExerciseSerializer

    def get_queryset(self) -> QuerySet[Exercise]:
        queryset = services.exercises_visible(user=self.request.user).prefetch_related("aliases")
        own = self.request.query_params.get("own", "").lower()
        if own in ("true", "1"):
            queryset = queryset.filter(owner__isnull=False)
        elif own in ("false", "0"):
            queryset = queryset.filter(owner__isnull=True)
        muscle = self.request.query_params.get("muscle", "").strip()
        if muscle:
            queryset = queryset.filter(primary_muscles__icontains=muscle)
        term = self.request.query_params.get("search", "").strip()
        if term:
            folded = normalize_alias(term)
            queryset = queryset.filter(
                Q(name__icontains=term)
                | Q(name_ko__icontains=term)
                | Q(slug__icontains=folded)
                | Q(aliases__alias__startswith=folded)
            ).distinct()
        return queryset


class WorkoutSetFilter(django_filters.FilterSet):
    exercise = django_filters.CharFilter(field_name="exercise__slug")
    performed_after = BoundedIsoDateTimeFilter(field_name="performed_at", lookup_expr="gte")
    performed_before = BoundedIsoDateTimeFilter(field_name="performed_at", lookup_expr="lte")

    class Meta:
        model = WorkoutSet
        fields = ("exercise", "performed_after", "performed_before")

    def get_form_class(self) -> type[forms.Form]:
        """The form class built once a process (django-filter builds one for each request; each
        form copies its fields). Right while no filter's field depends on the request."""
        built = type(self).__dict__.get("_form_class")
        if built is None:
            built = super().get_form_class()
            type(self)._form_class = built
        return built


_READERS: dict[str, tuple[str, Any]] = {}


def _list_readers() -> dict[str, tuple[str, Any]]:
    """`.values_list()` path → (JSON name, serializer field) for each field a listed set shows."""
    if not _READERS:
        for name, field in WorkoutSetSerializer().fields.items():
            if name == "exercise":  # the slug as read (the field writes an Exercise's)
                _READERS["exercise__slug"] = (name, None)
            elif not field.write_only:
                _READERS[field.source.replace(".", "__")] = (name, field)
    return _READERS


# fields whose `to_representation` gives a value as read back (an int, a str, a bool)
_AS_READ = (
    serializers.IntegerField,
    serializers.CharField,
    serializers.ChoiceField,
    serializers.BooleanField,
)


def _writer(path: str, field: serializers.Field[Any, Any, Any, Any] | None) -> Any:
    """What `field.to_representation` makes of a stored, non-null value read at `path`, for the
    JSON renderer (the same text), without its checks per value: the value itself (None), a
    number or an ISO 8601 text; else the field's own method."""
    if field is None or type(field) in _AS_READ:
        return None
    if isinstance(field, serializers.DecimalField):
        as_text = getattr(field, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        stored = WorkoutSet._meta.get_field(path).decimal_places  # type: ignore[union-attr]
        written = field.decimal_places
        # the renderer writes the quantized Decimal as a float: the stored one if none finer
        if not (as_text or field.normalize_output) and (written is None or stored <= written):
            return float
    if (
        isinstance(field, serializers.DateTimeField)
        and getattr(field, "format", api_settings.DATETIME_FORMAT) == ISO_8601
    ):
        zone = getattr(field, "timezone", None) or field.default_timezone()
        if zone is not None:  # aware datetimes as read (USE_TZ)

            def iso(value: datetime) -> str:
                text = value.astimezone(zone).isoformat()
                return text[:-6] + "Z" if text.endswith("+00:00") else text

            return iso
    return field.to_representation


class LifterAuthentication(CookieJWTAuthentication):
    """The API's JWT authentication, reading the lifter with what storing a set for now reads
    next (the latest bodyweight by now, `services.latest_bodyweight`), in the same query: one
    query less per logged set."""

    def users(self) -> QuerySet[User]:
        return User.objects.annotate(**services.latest_bodyweight(timezone.now()))


# sets one POST may log (a bigger history is a CSV import, which runs in the background)
SETS_PER_REQUEST_MAX = 500


class WorkoutSetViewSet(viewsets.ModelViewSet[WorkoutSet]):
    """The logged-in lifter's sets. POST takes one set or a list of sets."""

    serializer_class = WorkoutSetSerializer
    filterset_class = WorkoutSetFilter
    ordering_fields = ("performed_at", "e1rm_kg", "weight_kg")
    search_fields: tuple[str, ...] = ()

    def get_authenticators(self) -> list[Any]:
        # `as_view` sets the Django request before DRF wraps it (schema generation sets none);
        # the schema names the cookie scheme itself (LifterAuthentication is only leaner)
        fake = getattr(self, "swagger_fake_view", False)
        if getattr(self.request, "method", None) == "POST" and not fake:
            return [LifterAuthentication()]
        return super().get_authenticators()

    def get_queryset(self) -> QuerySet[WorkoutSet]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return WorkoutSet.objects.none()
        return services.user_sets(user=request_user(self.request))

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A page of sets read with `.values()` and written by the serializer's own fields (the
        same JSON as `WorkoutSetSerializer`, without a model instance per row)."""
        # (the schema's description of the list: the rows are `.values_list()` tuples, written
        # column by column by `_writer`'s equivalents of the fields, tested against DRF's list)
        readers = _list_readers()
        rows = self.filter_queryset(self.get_queryset()).values_list(*readers)
        page = self.paginate_queryset(rows)
        shown = page if page is not None else list(rows)
        fields = [(path, field) for path, (_, field) in readers.items()]
        columns = zip(fields, zip(*shown, strict=True), strict=False)  # none without rows
        written = [
            column
            if (write := _writer(path, field)) is None
            else [value if value is None else write(value) for value in column]
            for (path, field), column in columns
        ]
        names = [name for name, _ in readers.values()]
        data = [dict(zip(names, row, strict=True)) for row in zip(*written, strict=True)]
        return self.get_paginated_response(data) if page is not None else Response(data)

    def get_serializer(self, *args: Any, **kwargs: Any) -> BaseSerializer[Any]:
        # a list is a batch only on create (an update of one set with a list is a field error)
        if self.action == "create" and isinstance(kwargs.get("data"), list):
            kwargs.update(many=True, min_length=1, max_length=SETS_PER_REQUEST_MAX)
        return super().get_serializer(*args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rows = serializer.validated_data
        rows = rows if isinstance(rows, list) else [rows]
        confirmed = [row.pop("confirm") for row in rows]
        sets = [services.SetInput(**row) for row in rows]
        user = request_user(request)
        result = services.log_sets(
            user=user,
            sets=sets,
            source=WorkoutSet.Source.API,
            check=new_sets_check(user=user, sets=sets, confirmed=confirmed),
        )
        many = isinstance(request.data, list)
        if result.refused is not None:
            raise ValidationError(result.refused if many else result.refused[0])
        # the stored sets written by the same serializer (its fields are built once a request)
        serializer.instance = result.sets if many else result.sets[0]
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(serializer.data, status=code)

    def perform_update(self, serializer: BaseSerializer[WorkoutSet]) -> None:
        assert serializer.instance is not None
        try:
            with transaction.atomic():
                serializer.instance = services.workout_set_update(
                    workout_set=serializer.instance, changes=dict(serializer.validated_data)
                )
        except IntegrityError:  # the key was taken by a concurrent request after validation
            raise ValidationError({"idempotency_key": [KEY_TAKEN]}) from None


class BodyweightEntryViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[BodyweightEntry],
):
    """The logged-in lifter's bodyweight history; the latest entry is the profile's bodyweight."""

    serializer_class = BodyweightEntrySerializer
    ordering_fields = ("measured_at",)
    search_fields: tuple[str, ...] = ()

    def get_queryset(self) -> QuerySet[BodyweightEntry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return BodyweightEntry.objects.none()
        return BodyweightEntry.objects.filter(user=request_user(self.request))

    def perform_create(self, serializer: BaseSerializer[BodyweightEntry]) -> None:
        serializer.instance = services.bodyweight_record(
            user=request_user(self.request),
            weight_kg=serializer.validated_data["weight_kg"],
            measured_at=serializer.validated_data.get("measured_at"),
        )


class ExerciseStatsView(APIView):
    """Best e1RM per day and week, volume and set count for one exercise over 1, 3 or 6 months."""

    @extend_schema(
        parameters=[PeriodQuerySerializer], responses=ExerciseStatsSerializer, operation_id="stats"
    )
    def get(self, request: Request, slug: str) -> Response:
        exercise = get_object_or_404(services.exercises_visible(user=request.user), slug=slug)
        query = PeriodQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stats = services.exercise_stats(
            user=request_user(request),
            exercise=exercise,
            period=query.validated_data["period"],
        )
        return Response(ExerciseStatsSerializer(stats).data)


class PersonalRecordsView(APIView):
    """The lifter's records per exercise: best e1RM, heaviest weight and rep maxes."""

    @extend_schema(
        parameters=[OpenApiParameter("exercise", str, description="exercise slug")],
        responses=PersonalRecordSerializer(many=True),
        operation_id="prs",
    )
    def get(self, request: Request) -> Response:
        slug = request.query_params.get("exercise")
        visible = services.exercises_visible(user=request_user(request))
        exercise = get_object_or_404(visible, slug=slug) if slug else None
        records = services.personal_records(
            user=request_user(request),
            exercise=exercise,
        )
        return Response(PersonalRecordSerializer(records, many=True).data)


class CalculateView(APIView):
    """1RM, calories, level, percentile and next level of one set; nothing is stored."""

    permission_classes = (permissions.AllowAny,)

    @extend_schema(
        parameters=[CalculateQuerySerializer],
        responses=CalculationSerializer,
        operation_id="calculate",
    )
    def get(self, request: Request) -> Response:
        query = CalculateQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        data = query.validated_data
        calculation = services.lift_calculate(
            exercise=data["exercise"],
            sex=data["sex"],
            age=data["age"],
            bodyweight_kg=float(data["bodyweight_kg"]),
            weight_kg=float(data["weight_kg"]),
            reps=data["reps"],
        )
        return Response(CalculationSerializer(calculation).data)


class PNGRenderer(BaseRenderer):
    media_type = "image/png"
    format = "png"
    charset = None
    render_style = "binary"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return data if isinstance(data, bytes) else json.dumps(data).encode()


class ChartView(APIView):
    """A progress chart of the lifter's data as a 1280×720 PNG.

    `<exercise>` is an exercise slug, or `all` for the kinds that don't need one (volume of all
    lifts, bodyweight, overview).
    """

    renderer_classes = (JSONRenderer, PNGRenderer)

    @extend_schema(
        parameters=[ChartQuerySerializer],
        responses={(200, "image/png"): OpenApiTypes.BINARY},
        operation_id="chart",
    )
    def get(self, request: Request, exercise: str) -> HttpResponse | Response:
        query = ChartQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        user = request_user(request)
        chosen = None
        if exercise != "all":  # a catalogue exercise from the process's copy: no query
            chosen = services.exercise_by_slug(slug=exercise, user=user)
            if chosen is None:
                raise NotFound(f"No exercise {exercise!r}.")
        try:
            png = chart_service.chart_png(
                user=user,
                kind=params["kind"],
                exercise=chosen,
                period=params["period"],
                unit=params.get("units") or user.units,
                theme=params["theme"],
            )
        except chart_service.ChartRequestError as error:
            raise ValidationError({"exercise": [str(error)]}) from None
        return HttpResponse(png, content_type="image/png")


def _upload(request: Request) -> tuple[bytes, dict[str, Any]]:
    upload = ImportUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    data = upload.validated_data
    options = {
        "unit": data.get("units") or None,
        "choices": data.get("choices") or {},
        "create_all": data["create_all"],
    }
    return data["file"].read(), options


class ImportPreviewView(APIView):
    """What importing a CSV export would store, per reason what it would not, and unknown names."""

    @extend_schema(request=ImportUploadSerializer, responses=ImportPreviewSerializer)
    def post(self, request: Request) -> Response:
        content, options = _upload(request)
        preview = importers.import_preview(
            user=request_user(request),
            content=content,
            **options,
        )
        if preview.error:
            raise ValidationError({"file": [preview.error]})
        return Response(ImportPreviewSerializer(preview).data)


class ImportStartView(APIView):
    """Imports a CSV export in the background; poll the returned job for its progress."""

    @extend_schema(request=ImportUploadSerializer, responses={202: ImportJobSerializer})
    def post(self, request: Request) -> Response:
        content, options = _upload(request)
        error = importers.import_check(content=content)
        if error:
            raise ValidationError({"file": [error]})
        job = importers.import_job_start(
            user=request_user(request),
            content=content,
            **options,
        )
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class ImportJobView(APIView):
    """One import job of the lifter: status, sets done of the total, sets stored."""

    @extend_schema(responses=ImportJobSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        job = importers.import_job_get(user=request_user(request), job_id=job_id)
        if job is None:
            raise NotFound()
        return Response(ImportJobSerializer(job).data)
