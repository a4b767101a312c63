"""A named contact on each practice, published only if its government chooses so."""

from django.db import migrations, models


def contact_fields():
    return {
        "contact_name": models.CharField(blank=True, max_length=200, verbose_name="contact name"),
        "contact_role": models.CharField(blank=True, max_length=200, verbose_name="contact role"),
        "contact_email": models.EmailField(
            blank=True, max_length=254, verbose_name="contact email"
        ),
        "contact_public": models.BooleanField(default=False, verbose_name="publish the contact"),
    }


class Migration(migrations.Migration):
    dependencies = [("practices", "0009_search_postings_with_offsets")]

    operations = [
        migrations.AddField(model_name=model, name=name, field=field)
        for model in ("practice", "historicalpractice")
        for name, field in contact_fields().items()
    ]
