from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0004_runner_time_zone"),
    ]

    operations = [
        migrations.AddField(
            model_name="runner",
            name="availability",
            field=models.JSONField(
                blank=True, default=None, null=True, verbose_name="availability"
            ),
        ),
    ]
