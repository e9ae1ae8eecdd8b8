from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workouts", "0005_bodyweight_e1rm_on_effective_load")]

    operations = [
        migrations.AddField(
            model_name="workoutset",
            name="is_warmup",
            field=models.BooleanField(default=False),
        ),
    ]
