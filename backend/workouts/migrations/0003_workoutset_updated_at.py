import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("workouts", "0002_seed_exercises")]

    operations = [
        migrations.AddField(
            model_name="workoutset",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
    ]
