"""Stored e1RMs of bodyweight lifts become the e1RM of the load moved (bodyweight included).

Before, `e1rm_kg` of a pull-up or dip was the added-weight 1RM (system 1RM − bodyweight), negative
for assisted sets; now it is the system 1RM (see `backend.workouts.effective_load`). The old value
was computed with the set's stamped bodyweight (75 kg when unknown), so adding it back is exact.
"""

from decimal import Decimal

from django.db import migrations

DEFAULT_BODYWEIGHT_KG = Decimal(75)  # calories.DEFAULT_BODYWEIGHT_KG when these sets were stored
BATCH = 2000


def _shift(apps, schema_editor, sign: int) -> None:
    WorkoutSet = apps.get_model("workouts", "WorkoutSet")
    rows = WorkoutSet.objects.filter(exercise__load_type="bodyweight").only(
        "id", "e1rm_kg", "bodyweight_kg"
    )
    changed = []
    for workout_set in rows.iterator(chunk_size=BATCH):
        body = workout_set.bodyweight_kg or DEFAULT_BODYWEIGHT_KG
        workout_set.e1rm_kg = workout_set.e1rm_kg + sign * body
        if sign > 0:
            workout_set.e1rm_kg = max(workout_set.e1rm_kg, Decimal(0))
        changed.append(workout_set)
        if len(changed) >= BATCH:
            WorkoutSet.objects.bulk_update(changed, ["e1rm_kg"])
            changed = []
    if changed:
        WorkoutSet.objects.bulk_update(changed, ["e1rm_kg"])


def to_effective_load(apps, schema_editor) -> None:
    _shift(apps, schema_editor, 1)


def to_added_weight(apps, schema_editor) -> None:
    _shift(apps, schema_editor, -1)


class Migration(migrations.Migration):
    dependencies = [("workouts", "0004_workoutset_date_indexes")]

    operations = [migrations.RunPython(to_effective_load, to_added_weight, elidable=False)]
