# What a person may tell the organizers when registering: both optional, seen by staff only.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_agenda_calls")]

    operations = [
        migrations.AddField(
            "registration",
            "access_needs",
            models.TextField(blank=True, verbose_name="access needs"),
        ),
        migrations.AddField(
            "registration",
            "organization",
            models.CharField(blank=True, max_length=200, verbose_name="organization"),
        ),
    ]
