from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, filters, mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.views import APIView

from backend.accounts.authentication import request_user
from backend.accounts.models import User
from backend.inquiries.models import Inquiry, InquiryMessage
from backend.inquiries.services import InquiryClosedError
from backend.workouts.models import Exercise, WorkoutSet

from .. import services
from ..models import AuditLog, DailyStats
from .filters import (
    AuditLogFilter,
    ExerciseFilter,
    InquiryFilter,
    UserFilter,
    UserSearchFilter,
    WorkoutSetFilter,
)
from .react_admin import ReactAdminPagination, ReactAdminParamsFilter, ReactAdminQueryMixin
from .serializers import (
    AnswerSerializer,
    AssignSerializer,
    AuditLogSerializer,
    BackofficeExerciseSerializer,
    BackofficeInquiryDetailSerializer,
    BackofficeInquirySerializer,
    BackofficeMessageSerializer,
    BackofficeSetSerializer,
    BackofficeUserSerializer,
    DailyStatsSerializer,
    DashboardQuerySerializer,
    DashboardSerializer,
    DeleteReasonSerializer,
    ExerciseMergedSerializer,
    ExerciseMergeSerializer,
)


def _count_of(queryset: QuerySet[Any], column: str) -> Coalesce:
    """A correlated COUNT per row: computed only for the rows of the page, unlike a JOIN."""
    counted = queryset.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


class BackofficeMixin(ReactAdminQueryMixin):
    """Staff only; react-admin paging, sorting, filtering and search."""

    permission_classes = (permissions.IsAdminUser,)
    pagination_class = ReactAdminPagination
    filter_backends = (
        ReactAdminParamsFilter,
        DjangoFilterBackend,
        filters.SearchFilter,
        filters.OrderingFilter,
    )


def _refuse(exc: services.BackofficeError) -> exceptions.APIException:
    if isinstance(exc, services.StaffOnlyError):
        return exceptions.PermissionDenied(str(exc))
    return exceptions.ValidationError({"detail": str(exc)})


class UserViewSet(
    BackofficeMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet[User],
):
    """Users with their Telegram link and activity; PATCH activates, deactivates, grants staff."""

    serializer_class = BackofficeUserSerializer
    filterset_class = UserFilter
    filter_backends = (
        ReactAdminParamsFilter,
        DjangoFilterBackend,
        UserSearchFilter,
        filters.OrderingFilter,
    )
    search_fields = ("email", "display_name", "telegram_username", "telegram_id")
    ordering_fields = ("id", "email", "display_name", "date_joined", "last_login", "telegram_id")
    ordering = ("-id",)
    http_method_names = ("get", "patch", "head", "options")

    def get_queryset(self) -> QuerySet[User]:
        sets = WorkoutSet.objects.filter(user=OuterRef("pk"))
        return User.objects.annotate(
            set_count=_count_of(sets, "user"),
            last_set_at=Subquery(sets.order_by("-performed_at").values("performed_at")[:1]),
            inquiry_count=_count_of(Inquiry.objects.filter(user=OuterRef("pk")), "user"),
        )

    def perform_update(self, serializer: BaseSerializer[User]) -> None:
        assert serializer.instance is not None
        try:
            services.user_update(
                actor=request_user(self.request),
                user=serializer.instance,
                changes=dict(serializer.validated_data),
            )
        except services.BackofficeError as exc:
            raise _refuse(exc) from None
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)


class ExerciseViewSet(BackofficeMixin, viewsets.ModelViewSet[Exercise]):
    """The exercise catalogue and lifters' own exercises (`owner`; `?own=true`): names, aliases,
    MET value and code, which standards apply; an own exercise merges into a catalogue one."""

    serializer_class = BackofficeExerciseSerializer
    filterset_class = ExerciseFilter
    search_fields = ("name", "name_ko", "slug", "aliases__alias")
    ordering_fields = ("id", "name", "slug", "category", "load_type", "met_value")
    ordering = ("name",)
    http_method_names = ("get", "post", "patch", "delete", "head", "options")

    def get_queryset(self) -> QuerySet[Exercise]:
        return Exercise.objects.select_related("owner").prefetch_related("aliases")

    def filter_queryset(self, queryset: QuerySet[Exercise]) -> QuerySet[Exercise]:
        # Searching aliases joins them: one exercise with two matching aliases is still one row.
        return super().filter_queryset(queryset).distinct()

    def perform_create(self, serializer: BaseSerializer[Exercise]) -> None:
        fields = dict(serializer.validated_data)
        aliases = fields.pop("aliases", ())
        serializer.instance = services.exercise_create(
            actor=request_user(self.request),
            fields=fields,
            aliases=aliases,
        )

    def perform_update(self, serializer: BaseSerializer[Exercise]) -> None:
        assert serializer.instance is not None
        changes = dict(serializer.validated_data)
        aliases = changes.pop("aliases", None)
        serializer.instance = services.exercise_update(
            actor=request_user(self.request),
            exercise=serializer.instance,
            changes=changes,
            aliases=aliases,
        )
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance: Exercise) -> None:
        try:
            services.exercise_delete(actor=request_user(self.request), exercise=instance)
        except services.BackofficeError as exc:
            raise _refuse(exc) from None

    @extend_schema(request=ExerciseMergeSerializer, responses=ExerciseMergedSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        """Merges a lifter's own exercise into a catalogue exercise: all its sets move."""
        exercise = self.get_object()
        serializer = ExerciseMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        into = serializer.validated_data["into"]
        try:
            moved = services.exercise_merge(
                actor=request_user(request),
                exercise=exercise,
                into=into,
                reason=serializer.validated_data["reason"],
            )
        except services.BackofficeError as exc:
            raise _refuse(exc) from None
        return Response(ExerciseMergedSerializer({"into": into.slug, "sets_moved": moved}).data)


class WorkoutSetViewSet(
    BackofficeMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet[WorkoutSet],
):
    """Every lifter's sets: search by user, exercise and date; correct or delete with a reason."""

    serializer_class = BackofficeSetSerializer
    filterset_class = WorkoutSetFilter
    search_fields = ("user__email", "user__display_name", "exercise__name")
    ordering_fields = ("id", "performed_at", "created_at", "e1rm_kg", "weight_kg", "reps")
    # The primary key, not performed_at: on 100k+ rows only an indexed order pages fast.
    ordering = ("-id",)
    http_method_names = ("get", "patch", "delete", "head", "options")

    def get_queryset(self) -> QuerySet[WorkoutSet]:
        return WorkoutSet.objects.select_related("user", "exercise")

    def perform_update(self, serializer: BaseSerializer[WorkoutSet]) -> None:
        assert serializer.instance is not None
        changes = dict(serializer.validated_data)
        reason = changes.pop("reason")
        serializer.instance = services.workout_set_correct(
            actor=request_user(self.request),
            workout_set=serializer.instance,
            changes=changes,
            reason=reason,
        )

    @extend_schema(
        parameters=[OpenApiParameter("reason", str, required=True, description="Why")],
        responses={204: None},
    )
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        workout_set = self.get_object()
        query = DeleteReasonSerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        services.workout_set_delete(
            actor=request_user(request),
            workout_set=workout_set,
            reason=query.validated_data["reason"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class InquiryViewSet(
    BackofficeMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet[Inquiry],
):
    """The inquiry queue: filter by status, age and category; answer, assign, close, reopen."""

    filterset_class = InquiryFilter
    search_fields = ("title", "body", "user__email")
    ordering_fields = ("id", "created_at", "updated_at", "status", "category")
    ordering = ("created_at", "id")

    def get_serializer_class(self) -> type[BaseSerializer[Inquiry]]:
        if self.action == "list":
            return BackofficeInquirySerializer
        return BackofficeInquiryDetailSerializer

    def get_queryset(self) -> QuerySet[Inquiry]:
        queryset = Inquiry.objects.select_related("user", "assignee").annotate(
            message_count=_count_of(
                InquiryMessage.objects.filter(inquiry=OuterRef("pk")), "inquiry"
            )
        )
        if self.action != "list":
            messages = InquiryMessage.objects.select_related("author")
            queryset = queryset.prefetch_related(Prefetch("messages", queryset=messages))
        return queryset

    def _detail(self, inquiry: Inquiry, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=inquiry.pk)
        context = self.get_serializer_context()  # the request, for absolute image URLs
        return Response(BackofficeInquiryDetailSerializer(fresh, context=context).data, code)

    @extend_schema(request=AnswerSerializer, responses={201: BackofficeMessageSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: str) -> Response:
        """Answers in the thread; the user gets it by Telegram or email."""
        inquiry = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            message = services.inquiry_answer(
                actor=request_user(request),
                inquiry=inquiry,
                body=serializer.validated_data["body"],
            )
        except InquiryClosedError as exc:
            raise exceptions.ValidationError({"detail": str(exc)}) from None
        return Response(BackofficeMessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssignSerializer, responses=BackofficeInquiryDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: str) -> Response:
        """Gives the inquiry to a staff member, or to nobody with `null`."""
        inquiry = self.get_object()
        serializer = AssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.inquiry_assign(
            actor=request_user(request),
            inquiry=inquiry,
            assignee=serializer.validated_data["assignee"],
        )
        return self._detail(inquiry)

    @extend_schema(request=None, responses=BackofficeInquiryDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        """Closes the inquiry."""
        inquiry = self.get_object()
        services.inquiry_set_closed(actor=request_user(request), inquiry=inquiry, closed=True)
        return self._detail(inquiry)

    @extend_schema(request=None, responses=BackofficeInquiryDetailSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        """Reopens a closed inquiry."""
        inquiry = self.get_object()
        services.inquiry_set_closed(actor=request_user(request), inquiry=inquiry, closed=False)
        return self._detail(inquiry)


class AuditLogViewSet(BackofficeMixin, viewsets.ReadOnlyModelViewSet[AuditLog]):
    """Every back-office write: who, what, before and after, when, and why."""

    serializer_class = AuditLogSerializer
    filterset_class = AuditLogFilter
    search_fields = ("target_repr", "reason", "actor__email")
    ordering_fields = ("id", "created_at", "action", "target_type")
    ordering = ("-id",)

    def get_queryset(self) -> QuerySet[AuditLog]:
        return AuditLog.objects.select_related("actor")


class DailyStatsViewSet(BackofficeMixin, viewsets.ReadOnlyModelViewSet[DailyStats]):
    """One row per UTC day (new users, active lifters, sets), recorded by Celery beat."""

    serializer_class = DailyStatsSerializer
    queryset = DailyStats.objects.all()
    filterset_fields = {"day": ["gte", "lte"]}
    ordering_fields = ("day", "new_users", "active_lifters", "sets")
    ordering = ("-day",)


class DashboardView(APIView):
    """New users, active lifters, sets per day, top exercises, open inquiries, answer time."""

    permission_classes = (permissions.IsAdminUser,)

    @extend_schema(
        parameters=[DashboardQuerySerializer],
        responses=DashboardSerializer,
        operation_id="backoffice_dashboard",
    )
    def get(self, request: Request) -> Response:
        query = DashboardQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        stats = services.dashboard_stats(days=query.validated_data["days"])
        return Response(DashboardSerializer(stats).data)
