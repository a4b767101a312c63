"""The ranking moves to the in-memory BM25 text index (practices.search.engine), the same on
both databases. PostgreSQL's search vectors go, and so does the lexicon of every saved word
(drafts included): a published practice now carries its analysed terms (`search_postings`),
numbered by `SearchTerm`, and its words (`SearchWord`) are what spellings are corrected to.
The search document becomes folded words separated by single spaces, in which quoted phrases
are checked; the old document was the same text folded with its punctuation, so its words
give the new one. The postings are filled by `manage.py rebuild_search_index`, or by the
next change of each practice; until then a process analyses what has none."""

import re

import django.db.models.deletion
from django.db import migrations, models

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def words_only(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    changed = []
    for practice in Practice.objects.only("id", "search_document").iterator(chunk_size=2000):
        practice.search_document = " ".join(WORD_RE.findall(practice.search_document))
        changed.append(practice)
        if len(changed) >= 2000:
            Practice.objects.bulk_update(changed, ["search_document"])
            changed = []
    Practice.objects.bulk_update(changed, ["search_document"])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0007_reviewable"),
    ]

    operations = [
        migrations.RemoveField(model_name="practicesearchentry", name="practice"),
        migrations.DeleteModel(name="PracticeSearchEntry"),
        migrations.DeleteModel(name="SearchTerm"),
        migrations.CreateModel(
            name="SearchTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("term", models.CharField(max_length=100, unique=True)),
            ],
            options={"verbose_name": "search term", "verbose_name_plural": "search terms"},
        ),
        migrations.CreateModel(
            name="SearchWord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=100, unique=True)),
                (
                    "term",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="words",
                        to="practices.searchterm",
                    ),
                ),
            ],
            options={"verbose_name": "search word", "verbose_name_plural": "search words"},
        ),
        migrations.AddField(
            model_name="practice",
            name="search_postings",
            field=models.BinaryField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(words_only, migrations.RunPython.noop),
    ]
