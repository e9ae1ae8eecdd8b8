from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from rest_framework import filters
from rest_framework.request import Request

from backend.accounts.models import User
from backend.inquiries.models import Inquiry
from backend.workouts.models import Exercise, WorkoutSet

from ..models import AuditLog

MAX_TELEGRAM_ID = 2**63 - 1


class IntegerFilter(django_filters.NumberFilter):
    """A whole number that fits a BIGINT column (a larger one is a 400, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -MAX_TELEGRAM_ID)
        kwargs.setdefault("max_value", MAX_TELEGRAM_ID)
        super().__init__(*args, **kwargs)


class IdInFilter(django_filters.BaseInFilter, IntegerFilter):
    """`id=1,2,3` (react-admin's getMany)."""


class UserFilter(django_filters.FilterSet):
    id = IdInFilter(field_name="id")
    telegram_id = IntegerFilter(field_name="telegram_id")
    has_telegram = django_filters.BooleanFilter(
        field_name="telegram_id", lookup_expr="isnull", exclude=True
    )
    joined_after = django_filters.IsoDateTimeFilter(field_name="date_joined", lookup_expr="gte")
    joined_before = django_filters.IsoDateTimeFilter(field_name="date_joined", lookup_expr="lte")

    class Meta:
        model = User
        fields = ("id", "is_active", "is_staff", "is_superuser", "telegram_id", "has_telegram")


class UserSearchFilter(filters.SearchFilter):
    """Searches email, name and Telegram username; a number also matches the Telegram id."""

    def filter_queryset(self, request: Request, queryset: QuerySet[Any], view: Any) -> Any:
        for term in self.get_search_terms(request):
            match = (
                Q(email__icontains=term)
                | Q(display_name__icontains=term)
                | Q(telegram_username__icontains=term.lstrip("@"))
            )
            if term.isdigit() and int(term) <= MAX_TELEGRAM_ID:
                match |= Q(telegram_id=int(term))
            queryset = queryset.filter(match)
        return queryset


class ExerciseFilter(django_filters.FilterSet):
    id = IdInFilter(field_name="id")
    has_standards = django_filters.BooleanFilter(method="filter_has_standards")
    owner = IntegerFilter(field_name="owner_id")
    own = django_filters.BooleanFilter(field_name="owner", lookup_expr="isnull", exclude=True)

    class Meta:
        model = Exercise
        fields = ("id", "category", "load_type", "standards", "has_standards", "owner", "own")

    def filter_has_standards(
        self, queryset: QuerySet[Exercise], name: str, value: bool | None
    ) -> QuerySet[Exercise]:
        if value is None:
            return queryset
        no_standards = Q(standards=Exercise.Standards.NONE)
        return queryset.filter(~no_standards if value else no_standards)


class WorkoutSetFilter(django_filters.FilterSet):
    id = IdInFilter(field_name="id")
    user = IntegerFilter(field_name="user_id")
    user_email = django_filters.CharFilter(field_name="user__email", lookup_expr="iexact")
    exercise = django_filters.CharFilter(field_name="exercise__slug")
    date = django_filters.DateFilter(method="filter_date")
    performed_after = django_filters.IsoDateTimeFilter(field_name="performed_at", lookup_expr="gte")
    performed_before = django_filters.IsoDateTimeFilter(
        field_name="performed_at", lookup_expr="lte"
    )

    class Meta:
        model = WorkoutSet
        fields = ("id", "user", "user_email", "exercise", "source", "date")

    def filter_date(self, queryset: QuerySet[WorkoutSet], name: str, value: Any) -> Any:
        # A range on the indexed column, not `performed_at__date` (a function on every row).
        start = datetime.combine(value, time.min, tzinfo=UTC)
        if value == value.max:
            return queryset.filter(performed_at__gte=start)
        return queryset.filter(performed_at__gte=start, performed_at__lt=start + timedelta(days=1))


class InquiryFilter(django_filters.FilterSet):
    id = IdInFilter(field_name="id")
    user = IntegerFilter(field_name="user_id")
    assignee = IntegerFilter(field_name="assignee_id")
    unassigned = django_filters.BooleanFilter(field_name="assignee", lookup_expr="isnull")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")
    older_than_hours = django_filters.NumberFilter(
        method="filter_older_than_hours", min_value=0, max_value=24 * 3650
    )

    class Meta:
        model = Inquiry
        fields = ("id", "status", "category", "user", "assignee", "unassigned")

    def filter_older_than_hours(self, queryset: QuerySet[Inquiry], name: str, value: Any) -> Any:
        return queryset.filter(created_at__lte=timezone.now() - timedelta(hours=float(value)))


class AuditLogFilter(django_filters.FilterSet):
    id = IdInFilter(field_name="id")
    actor = IntegerFilter(field_name="actor_id")
    created_after = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    created_before = django_filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lte")

    class Meta:
        model = AuditLog
        fields = ("id", "actor", "action", "target_type", "target_id")
