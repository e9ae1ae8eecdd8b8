from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from facts import (
    MAX_ADDED_KG,
    MAX_REPS,
    MAX_RPE,
    MAX_WEIGHT_KG,
    MIN_ADDED_KG,
    MIN_REPS,
    MIN_RPE,
    PERIOD_DAYS,
)

from .. import display, plausibility, services, set_numbers
from ..models import BodyweightEntry, Exercise, ImportJob, WorkoutSet
from .fields import EARLIEST_YEAR

MAX_FUTURE = timedelta(days=1)
WEIGHT_RANGE = (Decimal(0), MAX_WEIGHT_KG)
ADDED_WEIGHT_RANGE = (MIN_ADDED_KG, MAX_ADDED_KG)
# The calculator page says the same (admin_react/calculator/Calculator.jsx).
ABOVE_CEILING = "That is above any recorded lift for this exercise — check the weight and reps."


class ExerciseSerializer(serializers.ModelSerializer[Exercise]):
    aliases = serializers.SerializerMethodField()
    has_standards = serializers.BooleanField(read_only=True)
    is_own = serializers.BooleanField(
        read_only=True, help_text="The logged-in lifter's own exercise (not in the catalogue)."
    )
    e1rm_ceiling_kg = serializers.SerializerMethodField(
        help_text="The heaviest e1RM believed without a question; null when none is known."
    )
    primary_muscles = serializers.SerializerMethodField(
        help_text="The muscles it trains most (free-exercise-db's names: quadriceps, glutes…)."
    )

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
            "is_own",
            "e1rm_ceiling_kg",
            "aliases",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, exercise: Exercise) -> list[str]:
        return [alias.alias for alias in exercise.aliases.all()]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_primary_muscles(self, exercise: Exercise) -> list[str]:
        return [m.strip() for m in exercise.primary_muscles.split(",") if m.strip()]

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_e1rm_ceiling_kg(self, exercise: Exercise) -> float | None:
        return plausibility.e1rm_ceiling_kg(exercise_slug=exercise.slug)


class OwnExerciseSerializer(serializers.Serializer[Exercise]):
    """A lifter's own exercise in: a name and, optionally, the load type (else guessed)."""

    name = serializers.CharField(max_length=services.OWN_NAME_MAX)
    load_type = serializers.ChoiceField(choices=Exercise.LoadType.choices, required=False)

    def validate_name(self, value: str) -> str:
        user = self.context["request"].user
        catalogue = services.exercise_resolve(text=value)
        if catalogue is not None:
            raise serializers.ValidationError(f"Already in the catalogue as {catalogue.name}.")
        own = services.exercise_own_resolve(user=user, text=value)
        if own is not None and own != self.instance:
            raise serializers.ValidationError(f"You already have an exercise named {own.name}.")
        return value

    def create(self, validated_data: dict[str, Any]) -> Exercise:
        try:
            return services.exercise_create_own(user=self.context["request"].user, **validated_data)
        except services.ExerciseError as error:
            raise serializers.ValidationError({"name": [str(error)]}) from None

    def update(self, instance: Exercise, validated_data: dict[str, Any]) -> Exercise:
        try:
            return services.exercise_own_update(exercise=instance, **validated_data)
        except services.ExerciseError as error:
            raise serializers.ValidationError({"name": [str(error)]}) from None

    def to_representation(self, instance: Exercise) -> dict[str, Any]:
        return dict(ExerciseSerializer(instance, context=self.context).data)


@extend_schema_field(OpenApiTypes.STR)
class VisibleExerciseSlugField(serializers.SlugRelatedField[Exercise]):
    """An exercise by slug among those the requesting lifter sees: the catalogue and their own."""

    def get_queryset(self) -> Any:
        request = self.context.get("request")
        return services.exercises_visible(user=getattr(request, "user", None))


def validate_not_future(value: Any) -> Any:
    if value is not None and value > timezone.now() + MAX_FUTURE:
        raise serializers.ValidationError("Date can't be more than a day in the future.")
    return value


def validate_not_ancient(value: Any) -> Any:
    """No lift or weigh-in before the API's earliest year (the date filters' bound too)."""
    if value is not None and value.year < EARLIEST_YEAR:
        raise serializers.ValidationError(f"Give a date from the year {EARLIEST_YEAR} on.")
    return value


def validate_rpe_step(value: Decimal | None) -> Decimal | None:
    if value is not None and (value * 2) % 1 != 0:
        raise serializers.ValidationError("RPE goes in steps of 0.5.")
    return value


def validate_weight_for(exercise: Exercise, weight: Decimal) -> None:
    low, high = ADDED_WEIGHT_RANGE if exercise.is_bodyweight else WEIGHT_RANGE
    if not low <= weight <= high:
        what = "Added weight" if exercise.is_bodyweight else "Weight"
        raise serializers.ValidationError(
            {"weight_kg": [f"{what} must be between {low} and {high} kg."]}
        )


class ExerciseSlugField(VisibleExerciseSlugField):
    """An exercise by slug: a catalogue one from the process's copy of the catalogue (no query),
    a lifter's own with one query; a list of sets looks each exercise up once, not once per set."""

    def to_internal_value(self, data: Any) -> Exercise:
        if not isinstance(data, str):
            return super().to_internal_value(data)
        found: dict[str, Exercise] = self.__dict__.setdefault("_found", {})
        if data not in found:
            user = getattr(self.context.get("request"), "user", None)
            # an unknown slug: the relation field's own lookup and error
            found[data] = services.exercise_by_slug(
                slug=data, user=user
            ) or super().to_internal_value(data)
        return found[data]


DOUBT_WORDS: dict[str, str] = {
    "no_load": "is hardly any load",
    "many_reps": "is a lot of reps for a loaded lift",
    "above_ceiling": "is beyond what the strength standards expect",
    "far_above": "is far above your best",
    "far_below": "is far below your best",
}


def _set_text(lift: plausibility.Lift) -> str:
    return f"{display.format_load(lift.weight_kg, 'kg')} × {lift.reps}"


def doubt_message(doubt: plausibility.Doubt, exercise: Exercise) -> str:
    """The field error for a set the plausibility rules doubt, with the readings they'd believe."""
    text = f"{_set_text(doubt.lift)} on {exercise.name} {DOUBT_WORDS[doubt.reason]}"
    if doubt.best_e1rm_kg is not None and doubt.reason in ("far_above", "far_below"):
        text += f" (e1RM {display.format_estimate(doubt.best_e1rm_kg, 'kg')})"
    text += "."
    if doubt.readings:
        readings = " or ".join(_set_text(r.sets[0]) for r in doubt.readings)
        text += f" Did you mean {readings}?"
    return text + ' Send "confirm": true to store it as given.'


KEY_TAKEN = "Another of your sets already has this idempotency key."
WARMUP_FIXED = "A logged set cannot change to or from a warm-up: delete it and log it again as one."


class WorkoutSetSerializer(serializers.ModelSerializer[WorkoutSet]):
    exercise = ExerciseSlugField(slug_field="slug")
    exercise_name = serializers.CharField(source="exercise.name", read_only=True)
    weight_kg = serializers.DecimalField(
        max_digits=6,
        decimal_places=2,
        min_value=ADDED_WEIGHT_RANGE[0],
        max_value=WEIGHT_RANGE[1],
        help_text="Load in kg; for bodyweight exercises the added weight (negative = assisted).",
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
    performed_at = serializers.DateTimeField(
        required=False, validators=[validate_not_ancient, validate_not_future]
    )
    idempotency_key = serializers.CharField(
        max_length=64, required=False, allow_null=True, allow_blank=False
    )
    confirm = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text=(
            "Store the set even though the plausibility rules doubt it (no load on a barbell, "
            "more than 30 reps on a loaded lift, an e1RM beyond the exercise's ceiling or far "
            "from the lifter's best). Without it such a set is refused with a 400 error on "
            "`weight_kg` or `reps` that names the likely reading, e.g. 100 kg × 5 for 5 × 100."
        ),
    )

    class Meta:
        model = WorkoutSet
        fields = (
            "id",
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
            "idempotency_key",
            "is_warmup",
            "created_at",
            "confirm",
        )
        read_only_fields = (
            "bodyweight_kg",
            "e1rm_kg",
            "calories_kcal",
            "percentile",
            "level",
            "source",
            "created_at",
        )

    def get_fields(self) -> dict[str, Any]:
        """The fields read from the model once a process, then copied for each request (DRF
        reads the model's fields again for every serializer)."""
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built  # type: ignore[attr-defined]
        return copy.deepcopy(built)

    def validate_idempotency_key(self, value: str | None) -> str | None:
        """An edit may not take the key of another of the lifter's sets (a new set replays it)."""
        if value is None or self.instance is None:
            return value
        taken = WorkoutSet.objects.filter(user_id=self.instance.user_id, idempotency_key=value)
        if taken.exclude(pk=self.instance.pk).exists():
            raise serializers.ValidationError(KEY_TAKEN)
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        confirmed = attrs.pop("confirm", False)
        if self.instance is None:
            # a new set is judged when stored (`new_sets_check`), on the bests read there anyway
            validate_weight_for(attrs["exercise"], attrs["weight_kg"])
            return {**attrs, "confirm": confirmed}
        if "is_warmup" in attrs and attrs["is_warmup"] != self.instance.is_warmup:
            raise serializers.ValidationError({"is_warmup": [WARMUP_FIXED]})
        exercise = attrs.get("exercise") or self.instance.exercise
        weight = attrs.get("weight_kg", self.instance.weight_kg)
        reps = attrs.get("reps", self.instance.reps)
        validate_weight_for(exercise, weight)
        # a warm-up is light by design: "far below your best" is no reason to ask
        user = getattr(self.context.get("request"), "user", None)
        if (
            not confirmed
            and not self.instance.is_warmup
            and attrs.keys() & CHECKED_FIELDS
            and user is not None
            and user.is_authenticated
        ):
            # a correction: measured against the lifter's other sets
            doubt = services.sets_doubt(
                user=user,
                exercise=exercise,
                lifts=[plausibility.Lift(weight, reps)],
                excluding_id=self.instance.pk,
            )
            if doubt is not None:
                raise serializers.ValidationError(doubt_error(doubt, exercise))
        return attrs


CHECKED_FIELDS = frozenset({"exercise", "weight_kg", "reps"})


def doubt_error(doubt: plausibility.Doubt, exercise: Exercise) -> dict[str, list[str]]:
    """The plausibility rules' doubt as the error of the field it is about."""
    field = "reps" if doubt.reason == "many_reps" else "weight_kg"
    return {field: [doubt_message(doubt, exercise)]}


def new_sets_check(
    *, user: Any, sets: Sequence[services.SetInput], confirmed: Sequence[bool]
) -> services.Check:
    """`log_sets`'s check of new sets from the API: the plausibility rules' doubt about each
    unconfirmed work set against the lifter's best e1RM (which `log_sets` reads for PRs anyway),
    as field errors by the set's index in the list (DRF's shape for a list), or None when every
    set is believed."""

    def check(bests: Mapping[int, Decimal]) -> dict[int, dict[str, list[str]]] | None:
        errors: dict[int, dict[str, list[str]]] = {}
        for index, (item, sure) in enumerate(zip(sets, confirmed, strict=True)):
            if sure or item.is_warmup:
                continue
            doubt = services.sets_doubt_against(
                user=user,
                exercise=item.exercise,
                lifts=[plausibility.Lift(item.weight_kg, item.reps)],
                best_e1rm_kg=bests.get(item.exercise.pk),
            )
            if doubt is not None:
                errors[index] = doubt_error(doubt, item.exercise)
        return errors or None

    return check


class BodyweightEntrySerializer(serializers.ModelSerializer[BodyweightEntry]):
    weight_kg = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal(20), max_value=Decimal(400)
    )
    measured_at = serializers.DateTimeField(
        required=False, validators=[validate_not_ancient, validate_not_future]
    )

    class Meta:
        model = BodyweightEntry
        fields = ("id", "measured_at", "weight_kg")


class PeriodQuerySerializer(serializers.Serializer[Any]):
    period = serializers.ChoiceField(choices=tuple(PERIOD_DAYS), default="1m")


class DailyStatSerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    best_e1rm_kg = serializers.DecimalField(max_digits=6, decimal_places=2)
    volume_kg = serializers.DecimalField(max_digits=12, decimal_places=2)
    set_count = serializers.IntegerField()


class WeeklyStatSerializer(serializers.Serializer[Any]):
    week = serializers.DateField()
    best_e1rm_kg = serializers.DecimalField(max_digits=6, decimal_places=2)
    volume_kg = serializers.DecimalField(max_digits=12, decimal_places=2)
    set_count = serializers.IntegerField()


class ExerciseStatsSerializer(serializers.Serializer[Any]):
    exercise = serializers.CharField()
    period = serializers.CharField()
    set_count = serializers.IntegerField()
    volume_kg = serializers.DecimalField(max_digits=12, decimal_places=2)
    best_e1rm_kg = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    daily = DailyStatSerializer(many=True)
    weekly = WeeklyStatSerializer(many=True)


class RepMaxSerializer(serializers.Serializer[Any]):
    reps = serializers.IntegerField()
    weight_kg = serializers.DecimalField(max_digits=6, decimal_places=2)


class PersonalRecordSerializer(serializers.Serializer[Any]):
    exercise = serializers.CharField()
    exercise_name = serializers.CharField()
    best_e1rm_kg = serializers.DecimalField(max_digits=6, decimal_places=2)
    heaviest_kg = serializers.DecimalField(max_digits=6, decimal_places=2)
    set_count = serializers.IntegerField()
    rep_maxes = RepMaxSerializer(many=True)


class CalculateQuerySerializer(serializers.Serializer[Any]):
    exercise = VisibleExerciseSlugField(slug_field="slug")
    sex = serializers.ChoiceField(choices=("male", "female"))
    age = serializers.IntegerField(min_value=13, max_value=100)
    bodyweight_kg = serializers.DecimalField(
        max_digits=5, decimal_places=1, min_value=Decimal(20), max_value=Decimal(400)
    )
    weight_kg = serializers.DecimalField(
        max_digits=6, decimal_places=2, min_value=ADDED_WEIGHT_RANGE[0], max_value=WEIGHT_RANGE[1]
    )
    reps = serializers.IntegerField(min_value=MIN_REPS, max_value=MAX_REPS)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        exercise = attrs["exercise"]
        validate_weight_for(exercise, attrs["weight_kg"])
        ceiling = plausibility.e1rm_ceiling_kg(exercise_slug=exercise.slug)
        one_rm = set_numbers.e1rm_for(
            exercise=exercise,
            weight_kg=float(attrs["weight_kg"]),
            reps=attrs["reps"],
            bodyweight_kg=float(attrs["bodyweight_kg"]),
        )
        if ceiling is not None and one_rm > ceiling:
            raise serializers.ValidationError({"weight_kg": [ABOVE_CEILING]})
        return attrs


class CalculationSerializer(serializers.Serializer[Any]):
    one_rm_kg = serializers.FloatField()
    formula = serializers.CharField()
    reliable = serializers.BooleanField(help_text="False past 12 reps: the estimate is rough")
    calories_kcal = serializers.FloatField()
    net_calories_kcal = serializers.FloatField()
    percentile = serializers.FloatField(source="ranking.percentile", allow_null=True)
    level = serializers.CharField(source="ranking.level", allow_null=True)
    next_level = serializers.CharField(source="ranking.next_level", allow_null=True)
    next_level_kg = serializers.FloatField(source="ranking.next_level_kg", allow_null=True)
    kg_to_next_level = serializers.FloatField(source="ranking.kg_to_next_level", allow_null=True)
    extrapolated = serializers.BooleanField(source="ranking.extrapolated", allow_null=True)
    thresholds = serializers.DictField(child=serializers.FloatField())


class ChartQuerySerializer(serializers.Serializer[Any]):
    period = serializers.ChoiceField(choices=tuple(PERIOD_DAYS), default="1m")
    kind = serializers.ChoiceField(
        choices=("e1rm", "volume", "percentile", "bodyweight", "overview"), default="e1rm"
    )
    theme = serializers.ChoiceField(choices=("light", "dark"), default="light")
    units = serializers.ChoiceField(choices=("kg", "lb"), required=False)


MAX_IMPORT_BYTES = 10 * 1024 * 1024


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="A CSV export of Strong, Hevy, Strength Level or ours")
    units = serializers.ChoiceField(
        choices=("kg", "lb"),
        required=False,
        allow_blank=True,
        help_text="The unit of a file that states none (default: guessed from the numbers)",
    )
    choices = serializers.JSONField(
        binary=True,
        required=False,
        help_text='Unknown names: {"name": "exercise slug" or "+own"}',
    )
    create_all = serializers.BooleanField(
        default=False, help_text="Create every undecided unknown name as an own exercise"
    )

    def validate_file(self, value: Any) -> Any:
        if value.size > MAX_IMPORT_BYTES:
            raise serializers.ValidationError("The file is larger than 10 MB.")
        return value

    def validate_choices(self, value: Any) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise serializers.ValidationError("An object of name → exercise slug or '+own'.")
        return value


class ImportGuessSerializer(serializers.Serializer[Any]):
    slug = serializers.CharField()
    name = serializers.CharField()


class UnknownNameSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    rows = serializers.IntegerField()
    guesses = serializers.SerializerMethodField()
    choice = serializers.CharField()

    def get_guesses(self, obj: Any) -> list[dict[str, str]]:
        return [{"slug": slug, "name": name} for slug, name in obj.guesses]


class ImportPreviewSerializer(serializers.Serializer[Any]):
    source = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.source
    new = serializers.IntegerField()
    duplicates = serializers.IntegerField()
    warmups = serializers.IntegerField(help_text="Of the new sets: warm-ups, stored and marked")
    skipped = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Rows not stored per reason: rest, note, timed, empty, invalid",
    )
    unknown = UnknownNameSerializer(many=True)
    unit = serializers.CharField()
    unit_guessed = serializers.BooleanField()


class ImportJobSerializer(serializers.ModelSerializer[ImportJob]):
    class Meta:
        model = ImportJob
        fields = ("id", "status", "total", "done", "stored", "error")
        read_only_fields = fields
