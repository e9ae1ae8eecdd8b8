from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_email_codes_link_tokens_avatar")]

    operations = [
        migrations.AddField(
            model_name="user",
            name="telegram_blocked_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
