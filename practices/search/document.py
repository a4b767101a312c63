"""The search document of a practice: its text by field, and the column that holds it.

A practice's text by field: title, summary, body sections and names (countries, organizations,
keywords), from `text_documents()`. Two columns hold what search needs of it:
`Practice.search_document`, its folded words separated by single spaces, in which quoted
phrases are checked; and, for a published practice, `Practice.search_postings`, its text
analysed for the text index (`engine`), with its terms and words in the dictionary tables.
Which fields go where is declared in `practices.fields`.

`refresh_search_columns()` recomputes both for some practices; the search signals call it
once a change commits, and bulk loaders (which send no signals) call it themselves.
"""

from pfp.taxonomy.models import Country
from pfp.taxonomy.regions import region_names_by_country
from practices.fields import SEARCH_BODY, SEARCH_NAME_RELATIONS
from practices.models import Practice, SearchTerm, SearchWord

from . import engine
from .syntax import words

# Practices are read for the text index this many at a time.
CHUNK = 2_000


def _names_by_practice(ids):
    """Country, organization and keyword names of each practice (of every practice when ids
    is None), for its search document, and the names of its countries' M49 regions,
    sub-regions and intermediate regions with their informal names (Western Africa, West
    Africa), each once."""
    from collections import defaultdict

    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    names = defaultdict(list)
    region_names = defaultdict(dict)  # a dict keeps the order, and each name once
    names_of_country = None
    for relation in SEARCH_NAME_RELATIONS:
        field = Practice._meta.get_field(relation)
        related = field.m2m_reverse_field_name()
        by_country = field.related_model is Country
        if by_country and names_of_country is None:
            names_of_country = region_names_by_country()
        rows = field.remote_field.through.objects.all()
        if ids is not None:
            rows = rows.filter(practice_id__in=ids)
        for practice_id, name, related_id in rows.values_list(
            "practice_id", f"{related}__name", related
        ).iterator(chunk_size=20_000):
            names[practice_id].append(name)
            if by_country:
                region_names[practice_id].update(
                    dict.fromkeys(names_of_country.get(related_id, ()))
                )
    for practice_id, found in region_names.items():
        names[practice_id].extend(found)
    content_type = ContentType.objects.get_for_model(Practice)
    tagged = TaggedItem.objects.filter(content_type=content_type)
    if ids is not None:
        tagged = tagged.filter(object_id__in=ids)
    for practice_id, name in tagged.values_list("object_id", "tag__name").iterator(
        chunk_size=20_000
    ):
        names[practice_id].append(name)
    return names


def text_documents(ids):
    """(id, language, {field: text}) of the practices of ids (of every practice when None),
    for analysing them."""
    names = _names_by_practice(ids)
    rows = Practice.objects.order_by()
    if ids is not None:
        rows = rows.filter(id__in=ids)
    for practice_id, language, title, summary, *body in rows.values_list(
        "id", "language", "title", "summary", *SEARCH_BODY
    ).iterator(chunk_size=CHUNK):
        yield (
            practice_id,
            language,
            {
                "title": title,
                "summary": summary,
                "body": " ".join(part or "" for part in body),
                "names": " ".join(names.get(practice_id, ())),
            },
        )


def postings(ids):
    """(id, term ids, frequencies, length, offset counts, offsets) of the published practices
    of ids (all when None), read from their packed postings; a published practice with none
    yet, or with postings of an older analysis, is analysed here."""
    rows = Practice.objects.published().order_by()
    if ids is not None:
        rows = rows.filter(id__in=ids)
    missing = []
    for practice_id, blob in rows.values_list("id", "search_postings").iterator(chunk_size=CHUNK):
        if not engine.is_packed(blob):  # none yet, or packed without word offsets
            missing.append(practice_id)
        else:
            yield (practice_id, *engine.unpack(blob))
    for start in range(0, len(missing), CHUNK):
        chunk = missing[start : start + CHUNK]
        refresh_search_columns(chunk)
        for practice_id, blob in Practice.objects.filter(
            id__in=chunk, search_postings__isnull=False
        ).values_list("id", "search_postings"):
            if engine.is_packed(blob):
                yield (practice_id, *engine.unpack(blob))


def dictionary(*, terms_after=0, words_after=0):
    """(term pairs, word pairs, highest term id, highest word id) of the dictionary rows
    added after the given ids."""
    terms = list(SearchTerm.objects.filter(id__gt=terms_after).values_list("id", "term"))
    words = list(SearchWord.objects.filter(id__gt=words_after).values_list("id", "word", "term_id"))
    return (
        terms,
        [(word, term_id) for _id, word, term_id in words],
        max((term_id for term_id, _term in terms), default=terms_after),
        max((word_id for word_id, _word, _term in words), default=words_after),
    )


def _ids_of(model, field, values):
    """{value: id} of the dictionary rows holding these values, created when missing."""
    values = list(values)
    found = {}
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        found.update(model.objects.filter(**{f"{field}__in": chunk}).values_list(field, "id"))
    return found


def _term_ids(terms):
    terms = set(terms)
    known = _ids_of(SearchTerm, "term", terms)
    missing = terms - known.keys()
    if missing:
        SearchTerm.objects.bulk_create(
            [SearchTerm(term=term) for term in sorted(missing)],
            ignore_conflicts=True,
            batch_size=1000,
        )
        known.update(_ids_of(SearchTerm, "term", missing))
    return known


def _record_words(words, term_ids):
    """Note the words of published practices, for spelling corrections."""
    known = _ids_of(SearchWord, "word", words.keys())
    SearchWord.objects.bulk_create(
        [
            SearchWord(word=word, term_id=term_ids[term])
            for word, term in sorted(words.items())
            if word not in known and term in term_ids
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )


def refresh_search_columns(practice_ids):
    """Recompute the search document of practices, and the packed postings of those that are
    published (the others have none: nothing of a draft reaches the text index)."""
    ids = list(practice_ids)
    if not ids:
        return
    published = set(Practice.objects.published().filter(id__in=ids).values_list("id", flat=True))
    analysed, words = {}, {}
    practices = []
    for practice_id, language, fields in text_documents(ids):
        practice = Practice(id=practice_id)
        practice.search_document = " ".join(words_of_fields(fields))
        practice.search_postings = None
        if practice_id in published:
            analysed[practice_id] = engine.analyse(language, fields, words)
        practices.append(practice)
    term_ids = _term_ids({term for result in analysed.values() for term in result.frequencies})
    _record_words(words, term_ids)
    for practice in practices:
        if practice.id in analysed:
            result = analysed[practice.id]
            practice.search_postings = engine.pack(
                [term_ids[term] for term in result.frequencies], result
            )
    Practice.objects.bulk_update(practices, ["search_document", "search_postings"], batch_size=500)


def words_of_fields(fields):
    return words(" ".join(fields[name] for name in ("title", "summary", "body", "names")))
