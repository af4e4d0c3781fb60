from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0005_accounts"),
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
