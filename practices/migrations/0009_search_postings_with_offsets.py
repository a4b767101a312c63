"""The text index keeps where each word stands, so that quoted phrases are checked in memory
rather than in the database: the packed postings gain word offsets. Those packed before are
cleared; `manage.py rebuild_search_index --missing` analyses them again (a process that finds
a published practice without them analyses it itself meanwhile)."""

from django.db import migrations


def clear_postings(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    Practice.objects.exclude(search_postings=None).update(search_postings=None)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0008_search_index_in_memory"),
    ]

    operations = [
        migrations.RunPython(clear_postings, migrations.RunPython.noop, elidable=True),
    ]
