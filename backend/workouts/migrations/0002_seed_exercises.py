from django.db import migrations


def seed(apps, schema_editor):
    from backend.workouts.seed import seed_exercises

    seed_exercises(
        exercise_model=apps.get_model("workouts", "Exercise"),
        alias_model=apps.get_model("workouts", "ExerciseAlias"),
    )


class Migration(migrations.Migration):
    dependencies = [("workouts", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
