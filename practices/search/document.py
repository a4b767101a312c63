"""The search document of a practice, and the columns that hold it.

SQLite searches `Practice.search_document`, an accent-free text of the title, the summary,
the body sections and the names of countries, organizations and keywords; PostgreSQL searches
the weighted vectors of `PracticeSearchEntry` (title A, summary B, body C, names D), which
only published practices have. Which fields go where is declared in `practices.fields`.

`refresh_search_columns()` recomputes both for some practices; the search signals call it
once a change commits, and bulk loaders (which send no signals) call it themselves.
"""

import functools

from django.db import connection

from practices.fields import SEARCH_BODY, SEARCH_NAME_RELATIONS
from practices.models import Practice, SearchTerm

from .syntax import fold, words


def build_search_document(*, title, summary, body_parts, names):
    return fold(" ".join([title, summary, *body_parts, *names]))


def _relation_names_sql(relation):
    """SQL naming the related rows of one many-to-many relation of the practice `p`."""
    field = Practice._meta.get_field(relation)
    through = field.remote_field.through._meta
    target = field.related_model._meta
    source_column = through.get_field(field.m2m_field_name()).column
    target_column = through.get_field(field.m2m_reverse_field_name()).column
    return (
        f"(SELECT string_agg(r.name, ' ') FROM {through.db_table} AS x "  # noqa: S608 - names from the models
        f"JOIN {target.db_table} AS r ON r.id = x.{target_column} "
        f"WHERE x.{source_column} = p.id)"
    )


@functools.cache
def postgres_entry_sql():
    """The entries of published practices: `%(where)s` selects which practices."""
    relations = ", ".join(_relation_names_sql(relation) for relation in SEARCH_NAME_RELATIONS)
    names = (
        "concat_ws(' ', "  # noqa: S608 - names from the models
        + relations
        + """, (SELECT string_agg(t.name, ' ') FROM taggit_taggeditem AS x
            JOIN taggit_tag AS t ON t.id = x.tag_id
            WHERE x.object_id = p.id AND x.content_type_id = %s))"""
    )
    return (
        """
INSERT INTO practices_practicesearchentry (practice_id, title_vector, summary_vector, vector)
SELECT p.id,
    to_tsvector('english', unaccent(p.title)),
    to_tsvector('english', unaccent(p.summary)),
    setweight(to_tsvector('english', unaccent(p.title)), 'A')
    || setweight(to_tsvector('english', unaccent(p.summary)), 'B')
    || setweight(to_tsvector('english', unaccent(concat_ws(' ', """
        + ", ".join(f"p.{name}" for name in SEARCH_BODY)
        + """))), 'C')
    || setweight(to_tsvector('english', unaccent("""
        + names
        + """)), 'D')
FROM practices_practice AS p
WHERE p.review_state = 'published' AND %(where)s
"""
    )


def _names_by_practice(ids):
    """Country, organization and keyword names of each practice, for its search document."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    names = {practice_id: [] for practice_id in ids}
    for relation in SEARCH_NAME_RELATIONS:
        field = Practice._meta.get_field(relation)
        through = field.remote_field.through
        for practice_id, name in through.objects.filter(practice_id__in=ids).values_list(
            "practice_id", f"{field.m2m_reverse_field_name()}__name"
        ):
            names[practice_id].append(name)
    content_type = ContentType.objects.get_for_model(Practice)
    for practice_id, name in TaggedItem.objects.filter(
        content_type=content_type, object_id__in=ids
    ).values_list("object_id", "tag__name"):
        names[practice_id].append(name)
    return names


def refresh_search_columns(practice_ids):
    """Recompute the search document (and on PostgreSQL the weighted vector) of practices."""
    ids = list(practice_ids)
    if not ids:
        return
    from django.contrib.contenttypes.models import ContentType

    names = _names_by_practice(ids)
    practices = list(
        Practice.objects.filter(id__in=ids).only("id", "title", "summary", *SEARCH_BODY)
    )
    lexicon = set()
    for practice in practices:
        practice.search_document = build_search_document(
            title=practice.title,
            summary=practice.summary,
            body_parts=[getattr(practice, name) for name in SEARCH_BODY],
            names=names[practice.id],
        )
        lexicon.update(words(" ".join([practice.title, practice.summary, *names[practice.id]])))
    Practice.objects.bulk_update(practices, ["search_document"], batch_size=500)
    add_search_terms(lexicon)
    if connection.vendor == "postgresql":
        content_type = ContentType.objects.get_for_model(Practice)
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM practices_practicesearchentry WHERE practice_id = ANY(%s)", [ids]
            )
            cursor.execute(
                postgres_entry_sql().replace("%(where)s", "p.id = ANY(%s)"), [content_type.id, ids]
            )


def refresh_all_search_vectors():
    """On PostgreSQL, rebuild every search entry in one statement (after a bulk load)."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(Practice)
    with connection.cursor() as cursor:
        # DELETE rather than TRUNCATE: TRUNCATE is refused inside a transaction that has
        # deferred constraint checks pending (a bulk load in progress, or a test).
        cursor.execute("DELETE FROM practices_practicesearchentry")
        cursor.execute(postgres_entry_sql().replace("%(where)s", "TRUE"), [content_type.id])
        cursor.execute("ANALYZE practices_practicesearchentry")


def add_search_terms(lexicon):
    terms = [
        SearchTerm(word=word) for word in lexicon if 3 <= len(word) <= 100 and not word.isdigit()
    ]
    SearchTerm.objects.bulk_create(terms, ignore_conflicts=True, batch_size=1000)
