from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils import timezone


def normalize_alias(text: str) -> str:
    """Folds an exercise name for lookup: lower case, no spaces, hyphens, dots or underscores."""
    return re.sub(r"[\s\-_.'’]+", "", text.casefold())


class Exercise(models.Model):
    """A lift that can be logged, with how its load is counted and its MET value."""

    class Category(models.TextChoices):
        LEGS = "legs", "Legs"
        CHEST = "chest", "Chest"
        BACK = "back", "Back"
        SHOULDERS = "shoulders", "Shoulders"
        ARMS = "arms", "Arms"
        FULL_BODY = "full_body", "Full body"
        CORE = "core", "Core"

    class LoadType(models.TextChoices):
        BARBELL = "barbell", "Barbell (total load)"
        DUMBBELL = "dumbbell", "Dumbbell (per hand)"
        BODYWEIGHT = "bodyweight", "Bodyweight plus added weight (negative = assisted)"
        MACHINE = "machine", "Machine or cable (stack weight)"

    class Equipment(models.TextChoices):
        BARBELL = "barbell", "Barbell"
        DUMBBELL = "dumbbell", "Dumbbell"
        CABLE = "cable", "Cable"
        MACHINE = "machine", "Machine"
        SMITH_MACHINE = "smith_machine", "Smith machine"
        PLATE_LOADED = "plate_loaded", "Plate-loaded"
        EZ_BAR = "ez_bar", "EZ bar"
        KETTLEBELL = "kettlebell", "Kettlebell"
        BAND = "band", "Band"
        BODYWEIGHT = "bodyweight", "Bodyweight"
        WEIGHTED = "weighted", "Weighted (bodyweight plus load)"
        ASSISTED = "assisted", "Assisted (bodyweight minus assistance)"
        OTHER = "other", "Other"

    class Standards(models.TextChoices):
        NONE = "", "No standards"
        ONE_RM = "1rm_kg", "1RM in kg"
        ADDED = "added_kg", "Added weight in kg"
        REPS = "reps", "Bodyweight reps"

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=100)
    name_ko = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=16, choices=Category.choices)
    load_type = models.CharField(max_length=16, choices=LoadType.choices)
    equipment = models.CharField(
        max_length=16, choices=Equipment.choices, default=Equipment.OTHER, blank=True
    )
    primary_muscles = models.CharField(
        max_length=100, blank=True, help_text="Comma-separated, free-exercise-db's muscle names"
    )
    met_value = models.DecimalField(max_digits=4, decimal_places=1)
    met_code = models.CharField(max_length=8, help_text="Compendium of Physical Activities code")
    standards = models.CharField(max_length=8, choices=Standards.choices, blank=True)
    # null: a catalogue exercise; else one lifter's own exercise, seen and used by them only
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_exercises",
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    @property
    def has_standards(self) -> bool:
        return self.standards != self.Standards.NONE

    @property
    def is_own(self) -> bool:
        return self.owner_id is not None

    @property
    def is_bodyweight(self) -> bool:
        return self.load_type == self.LoadType.BODYWEIGHT


class ExerciseAlias(models.Model):
    """Another name a lifter may type for an exercise, stored folded (see `normalize_alias`)."""

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ("alias",)
        verbose_name_plural = "exercise aliases"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args: object, **kwargs: object) -> None:
        self.alias = normalize_alias(self.alias)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class WorkoutSet(models.Model):
    """One set of one exercise, with the numbers computed when it was logged."""

    class Source(models.TextChoices):
        API = "api", "API"
        BOT = "bot", "Telegram bot"
        IMPORT = "import", "Import"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="workout_sets"
    )
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="sets")
    performed_at = models.DateTimeField(default=timezone.now)
    weight_kg = models.DecimalField(
        max_digits=6, decimal_places=2, help_text="Added weight for bodyweight exercises"
    )
    reps = models.PositiveSmallIntegerField()
    rpe = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    bodyweight_kg = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    e1rm_kg = models.DecimalField(max_digits=6, decimal_places=2)
    calories_kcal = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    percentile = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    level = models.CharField(max_length=16, blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.API)
    # warm-ups count for volume and calories, never for PRs, percentiles or e1RM charts
    is_warmup = models.BooleanField(default=False)
    # NULL, not "", for "no key": the unique constraint must ignore sets without one.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-performed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("user", "idempotency_key"), name="workoutset_unique_idempotency_key"
            ),
        ]
        indexes = [
            models.Index(fields=("user", "exercise", "performed_at")),
            models.Index(fields=("user", "performed_at")),
            # the back office filters and counts across all lifters by date and exercise
            models.Index(fields=("performed_at",)),
            models.Index(fields=("exercise", "performed_at")),
        ]

    def __str__(self) -> str:
        return f"{self.exercise} {self.weight_kg}x{self.reps}"


class BodyweightEntry(models.Model):
    """A bodyweight measurement; the latest one before a set is stamped on it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bodyweight_entries"
    )
    measured_at = models.DateTimeField(default=timezone.now)
    weight_kg = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ("-measured_at", "-id")
        verbose_name_plural = "bodyweight entries"
        indexes = [models.Index(fields=("user", "measured_at"))]

    def __str__(self) -> str:
        return f"{self.weight_kg} kg at {self.measured_at:%Y-%m-%d}"


class ImportJob(models.Model):
    """A CSV export being imported in the background, with its progress."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    content = models.BinaryField()
    unit = models.CharField(max_length=2, blank=True)
    choices = models.JSONField(default=dict, blank=True, help_text="file name → slug or '+own'")
    create_all = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    stored = models.PositiveIntegerField(default=0)
    error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"import {self.pk} {self.status} {self.done}/{self.total}"


class PlateSetup(models.Model):
    """The lifter's bar, plates and collars (`plates.BarSetup`), in the unit they load in.

    No row means the defaults for the lifter's units: a 20 kg bar and 25…1.25 kg plates, or a
    45 lb bar and 45…2.5 lb plates, no collars."""

    class Unit(models.TextChoices):
        KG = "kg", "kg"
        LB = "lb", "lb"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plate_setup"
    )
    unit = models.CharField(max_length=2, choices=Unit.choices, default=Unit.KG)
    bar = models.DecimalField(max_digits=6, decimal_places=3, help_text="The empty bar's weight")
    plates = models.JSONField(
        default=list, help_text="Plate weights, or [weight, pairs] when only so many: [25, [5, 2]]"
    )
    collar = models.DecimalField(
        max_digits=5, decimal_places=3, default=0, help_text="One collar's weight (one a side)"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.bar} {self.unit} bar, plates {self.plates}"
