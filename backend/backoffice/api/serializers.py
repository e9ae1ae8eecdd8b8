from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from backend.accounts.models import User
from backend.inquiries.models import Inquiry, InquiryMessage
from backend.workouts.api.serializers import (
    ADDED_WEIGHT_RANGE,
    WEIGHT_RANGE,
    validate_not_future,
    validate_rpe_step,
    validate_weight_for,
)
from backend.workouts.models import Exercise, ExerciseAlias, WorkoutSet, normalize_alias
from facts import MAX_REPS, MAX_RPE, MIN_REPS, MIN_RPE

from ..models import AuditLog, DailyStats


class BackofficeUserSerializer(serializers.ModelSerializer[User]):
    # Declared: a read-only model field loses allow_blank, so the schema would omit "".
    sex = serializers.ChoiceField(choices=User.Sex.choices, allow_blank=True, read_only=True)
    set_count = serializers.IntegerField(read_only=True)
    last_set_at = serializers.DateTimeField(read_only=True, allow_null=True)
    inquiry_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = User
        fields = (
            "id",
            "email",
            "display_name",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
            "telegram_id",
            "telegram_username",
            "sex",
            "birth_date",
            "bodyweight_kg",
            "units",
            "language",
            "timezone",
            "set_count",
            "last_set_at",
            "inquiry_count",
        )
        read_only_fields = tuple(
            name for name in fields if name not in ("display_name", "is_active", "is_staff")
        )


class AliasesField(serializers.ListField):
    """The exercise's aliases (prefetched) out; a full replacement list in."""

    def get_attribute(self, instance: Exercise) -> list[str]:
        return [alias.alias for alias in instance.aliases.all()]


class BackofficeExerciseSerializer(serializers.ModelSerializer[Exercise]):
    aliases = AliasesField(
        child=serializers.CharField(max_length=100), required=False, max_length=50
    )
    has_standards = serializers.BooleanField(read_only=True)
    met_value = serializers.DecimalField(
        max_digits=4, decimal_places=1, min_value=Decimal("1.0"), max_value=Decimal("20.0")
    )
    owner = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="The lifter whose own exercise this is; null: the catalogue.",
    )
    owner_email = serializers.EmailField(source="owner.email", read_only=True, allow_null=True)

    class Meta:
        model = Exercise
        fields = (
            "id",
            "slug",
            "name",
            "name_ko",
            "category",
            "load_type",
            "equipment",
            "primary_muscles",
            "met_value",
            "met_code",
            "standards",
            "has_standards",
            "owner",
            "owner_email",
            "aliases",
        )

    def validate_aliases(self, aliases: list[str]) -> list[str]:
        folded = [normalize_alias(alias) for alias in aliases]
        if "" in folded:
            raise serializers.ValidationError("An alias needs at least one letter or digit.")
        taken = ExerciseAlias.objects.filter(alias__in=folded)
        if self.instance is not None:
            taken = taken.exclude(exercise=self.instance)
        clashes = sorted(taken.values_list("alias", flat=True))
        if clashes:
            raise serializers.ValidationError(
                f"Already an alias of another exercise: {', '.join(clashes)}."
            )
        return folded


class BackofficeSetSerializer(serializers.ModelSerializer[WorkoutSet]):
    exercise = serializers.SlugRelatedField(slug_field="slug", queryset=Exercise.objects.all())
    exercise_name = serializers.CharField(source="exercise.name", read_only=True)
    user_email = serializers.EmailField(source="user.email", read_only=True, allow_null=True)
    user_display_name = serializers.CharField(source="user.display_name", read_only=True)
    weight_kg = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=ADDED_WEIGHT_RANGE[0],
        max_value=WEIGHT_RANGE[1],
    )
    reps = serializers.IntegerField(min_value=MIN_REPS, max_value=MAX_REPS)
    rpe = serializers.DecimalField(
        max_digits=3,
        decimal_places=1,
        min_value=MIN_RPE,
        max_value=MAX_RPE,
        required=False,
        allow_null=True,
        validators=[validate_rpe_step],
    )
    performed_at = serializers.DateTimeField(validators=[validate_not_future])
    reason = serializers.CharField(write_only=True, max_length=500)

    class Meta:
        model = WorkoutSet
        fields = (
            "id",
            "user",
            "user_email",
            "user_display_name",
            "exercise",
            "exercise_name",
            "performed_at",
            "weight_kg",
            "reps",
            "rpe",
            "bodyweight_kg",
            "e1rm_kg",
            "calories_kcal",
            "percentile",
            "level",
            "source",
            "created_at",
            "reason",
        )
        read_only_fields = (
            "user",
            "bodyweight_kg",
            "e1rm_kg",
            "calories_kcal",
            "percentile",
            "level",
            "source",
            "created_at",
        )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not attrs.get("reason"):
            # Required on PATCH too: every correction says why.
            raise serializers.ValidationError({"reason": ["Say why the set is corrected."]})
        exercise = attrs.get("exercise") or (self.instance and self.instance.exercise)
        weight = attrs.get("weight_kg", self.instance.weight_kg if self.instance else None)
        if exercise is not None and weight is not None:
            validate_weight_for(exercise, weight)
        return attrs


class DeleteReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500)


class ExerciseMergeSerializer(serializers.Serializer[Any]):
    into = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Exercise.objects.filter(owner__isnull=True),
        help_text="The catalogue exercise (slug) the own exercise becomes.",
    )
    reason = serializers.CharField(max_length=500, required=False, default="")


class ExerciseMergedSerializer(serializers.Serializer[Any]):
    into = serializers.CharField()
    sets_moved = serializers.IntegerField()


class BackofficeMessageSerializer(serializers.ModelSerializer[InquiryMessage]):
    notified_via = serializers.ChoiceField(
        choices=InquiryMessage.Channel.choices, allow_blank=True, read_only=True
    )
    author_email = serializers.EmailField(source="author.email", read_only=True, allow_null=True)

    class Meta:
        model = InquiryMessage
        fields = (
            "id",
            "author",
            "author_email",
            "body",
            "is_staff_answer",
            "created_at",
            "notified_at",
            "notified_via",
        )
        read_only_fields = fields


class BackofficeInquirySerializer(serializers.ModelSerializer[Inquiry]):
    user_email = serializers.EmailField(source="user.email", read_only=True, allow_null=True)
    user_display_name = serializers.CharField(source="user.display_name", read_only=True)
    user_telegram_id = serializers.IntegerField(
        source="user.telegram_id", read_only=True, allow_null=True
    )
    assignee_email = serializers.SerializerMethodField()
    message_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Inquiry
        fields = (
            "id",
            "user",
            "user_email",
            "user_display_name",
            "user_telegram_id",
            "title",
            "body",
            "category",
            "image",
            "status",
            "assignee",
            "assignee_email",
            "created_at",
            "updated_at",
            "first_answered_at",
            "first_answer_seconds",
            "closed_at",
            "message_count",
        )
        read_only_fields = fields

    @extend_schema_field(serializers.EmailField(allow_null=True))
    def get_assignee_email(self, inquiry: Inquiry) -> str | None:
        return inquiry.assignee.email if inquiry.assignee else None


class BackofficeInquiryDetailSerializer(BackofficeInquirySerializer):
    messages = BackofficeMessageSerializer(many=True, read_only=True)

    class Meta(BackofficeInquirySerializer.Meta):
        fields = (*BackofficeInquirySerializer.Meta.fields, "messages")
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(max_length=5000)


class AssignSerializer(serializers.Serializer[Any]):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_staff=True, is_active=True), allow_null=True
    )


class AuditLogSerializer(serializers.ModelSerializer[AuditLog]):
    actor_email = serializers.EmailField(source="actor.email", read_only=True, allow_null=True)
    before = serializers.JSONField(read_only=True, allow_null=True)
    after = serializers.JSONField(read_only=True, allow_null=True)

    class Meta:
        model = AuditLog
        fields = (
            "id",
            "created_at",
            "actor",
            "actor_email",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "before",
            "after",
            "reason",
        )
        read_only_fields = fields


class DayCountSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    count = serializers.IntegerField()


class TopExerciseSerializer(serializers.Serializer[Any]):
    exercise = serializers.CharField()
    exercise_name = serializers.CharField()
    set_count = serializers.IntegerField()
    lifter_count = serializers.IntegerField()


class DashboardQuerySerializer(serializers.Serializer[Any]):
    days = serializers.IntegerField(min_value=1, max_value=366, default=30)


class DashboardSerializer(serializers.Serializer[Any]):
    days = serializers.IntegerField()
    since = serializers.DateTimeField()
    new_users = serializers.IntegerField()
    new_users_per_day = DayCountSerializer(many=True)
    active_lifters = serializers.IntegerField()
    sets = serializers.IntegerField()
    sets_per_day = DayCountSerializer(many=True)
    top_exercises = TopExerciseSerializer(many=True)
    open_inquiries = serializers.IntegerField()
    unanswered_inquiries = serializers.IntegerField()
    median_first_answer_seconds = serializers.FloatField(allow_null=True)


class DailyStatsSerializer(serializers.ModelSerializer[DailyStats]):
    class Meta:
        model = DailyStats
        fields = ("id", "day", "new_users", "active_lifters", "sets", "recorded_at")
        read_only_fields = fields
