from django.db import migrations, models


def seed(apps, schema_editor):
    from backend.workouts.seed import seed_exercises

    seed_exercises(
        exercise_model=apps.get_model("workouts", "Exercise"),
        alias_model=apps.get_model("workouts", "ExerciseAlias"),
    )


class Migration(migrations.Migration):
    dependencies = [("workouts", "0005_bodyweight_e1rm_on_effective_load")]

    operations = [
        migrations.AddField(
            model_name="exercise",
            name="equipment",
            field=models.CharField(
                blank=True,
                choices=[
                    ("barbell", "Barbell"),
                    ("dumbbell", "Dumbbell"),
                    ("cable", "Cable"),
                    ("machine", "Machine"),
                    ("smith_machine", "Smith machine"),
                    ("plate_loaded", "Plate-loaded"),
                    ("ez_bar", "EZ bar"),
                    ("kettlebell", "Kettlebell"),
                    ("band", "Band"),
                    ("bodyweight", "Bodyweight"),
                    ("weighted", "Weighted (bodyweight plus load)"),
                    ("assisted", "Assisted (bodyweight minus assistance)"),
                    ("other", "Other"),
                ],
                default="other",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="exercise",
            name="primary_muscles",
            field=models.CharField(
                blank=True, help_text="Comma-separated, free-exercise-db's muscle names", max_length=100
            ),
        ),
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
