"""Full-text search of the published practices, one interface on both databases.

Matching, ranking, spelling correction and snippets; the query syntax is in `syntax` and what
is searched in `document`.

PostgreSQL: the weighted vector of `PracticeSearchEntry` (title > summary > body > countries,
organizations, keywords), `websearch_to_tsquery` with English stemming, accent-insensitive
through `unaccent`, ranked by where the words match (title, then summary, then the rest) with
`ts_rank` on the small title and summary vectors; when a query finds little, misspelt words
are corrected from the lexicon of words in the practices by trigram similarity.

SQLite: the same syntax matched against the accent-free search document, words matching as
prefixes, ranked by where they match; corrections by `difflib`.
"""

import difflib
import html
import re
from dataclasses import dataclass

import numpy as np
from django.db import connection
from django.utils.safestring import mark_safe

from practices.models import Practice, SearchTerm

from .syntax import fold, parse_query, query_matches, term_matches, words

# Corrections are tried when the exact search finds fewer practices than this.
FEW_RESULTS = 3
MARK_START, MARK_STOP = "\x02", "\x03"


@dataclass
class TextResult:
    ids: np.ndarray  # matching practice ids
    scores: np.ndarray  # their ranks, higher is better
    corrected_query: str = ""  # set when misspellings were corrected

    def __len__(self):
        return len(self.ids)

    @property
    def ranks(self):
        """{practice id: rank}."""
        return dict(zip(self.ids.tolist(), self.scores.tolist(), strict=True))


def search(query):
    """Ranks of the published practices matching the query, corrected when it finds little."""
    result = TextResult(*_ranks(query))
    if len(result) < FEW_RESULTS:
        corrected = correct_spelling(query)
        if corrected and corrected != fold(query):
            better = TextResult(*_ranks(corrected), corrected_query=corrected)
            if len(better) > len(result):
                result = better
    return result


def _ranks(query):
    if connection.vendor == "postgresql":
        return _postgres_ranks(query)
    ranks = _simple_ranks(query)
    return (
        np.fromiter(ranks.keys(), dtype=np.int64, count=len(ranks)),
        np.fromiter(ranks.values(), dtype=np.float64, count=len(ranks)),
    )


# A title match outranks any summary match, which outranks a match elsewhere; ts_rank on the
# small title and summary vectors orders matches within those tiers.
POSTGRES_SEARCH_SQL = """
    SELECT s.practice_id,
        CASE WHEN s.title_vector @@ q THEN 2 + ts_rank(s.title_vector, q)
             WHEN s.summary_vector @@ q THEN 1 + ts_rank(s.summary_vector, q)
             ELSE 0 END
    FROM practices_practicesearchentry AS s, websearch_to_tsquery('english', unaccent(%s)) AS q
    WHERE s.vector @@ q
"""


def _postgres_ranks(query):
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_SEARCH_SQL, [query])
        rows = cursor.fetchall()
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    scores = np.fromiter((row[1] for row in rows), dtype=np.float64, count=len(rows))
    return ids, scores


def _simple_ranks(query):
    parsed = parse_query(query)
    if not parsed:
        return {}
    # Narrow in the database on the first word, then match the whole query here.
    first = parsed.positive_terms[0].text.split(" ")[0]
    candidates = Practice.objects.published().filter(search_document__contains=first)
    if len(parsed.groups[0]) > 1:
        candidates = Practice.objects.published()
    ranks = {}
    for practice_id, title, summary, document in candidates.values_list(
        "id", "title", "summary", "search_document"
    ):
        if query_matches(parsed, document):
            title, summary = fold(title), fold(summary)
            rank = 0.0
            for term in parsed.positive_terms:
                rank += 1.0 if term_matches(term, title) else 0.0
                rank += 0.4 if term_matches(term, summary) else 0.0
                rank += 0.1 if term_matches(term, document) else 0.0
            ranks[practice_id] = rank
    return ranks


def correct_spelling(query):
    """The query with each unknown word replaced by the closest word of the practices."""
    parsed = parse_query(query)
    if not parsed:
        return ""
    corrected, changed = [], False
    for word in words(query):
        if word in {"or"} or len(word) < 4:
            corrected.append(word)
            continue
        suggestion = _closest_word(word)
        if suggestion and suggestion != word:
            corrected.append(suggestion)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else ""


def _closest_word(word):
    if SearchTerm.objects.filter(word=word).exists():
        return word
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word FROM practices_searchterm WHERE word %% %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT 1",
                [word, word],
            )
            row = cursor.fetchone()
            return row[0] if row else None
    candidates = SearchTerm.objects.filter(word__startswith=word[0]).values_list("word", flat=True)
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.75)
    return matches[0] if matches else None


def snippets(query, practice_ids):
    """{practice id: summary excerpt with the matched words marked}, HTML-escaped."""
    if not query or not practice_ids:
        return {}
    if connection.vendor == "postgresql":
        sql = """
            SELECT p.id, ts_headline('english', p.summary,
                websearch_to_tsquery('english', unaccent(%s)),
                'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=40, MinWords=20,
                 HighlightAll=false')
            FROM practices_practice AS p WHERE p.id = ANY(%s)
        """
        with connection.cursor() as cursor:
            cursor.execute(sql, [query, list(practice_ids)])
            rows = cursor.fetchall()
        return {practice_id: _marked(text) for practice_id, text in rows}
    parsed = parse_query(query)
    result = {}
    for practice_id, summary in Practice.objects.filter(id__in=practice_ids).values_list(
        "id", "summary"
    ):
        result[practice_id] = _marked(_mark_simple(summary, parsed))
    return result


def _mark_simple(text, parsed):
    """Mark the words of text whose accent-free form starts with a query word."""
    prefixes = [term.text for term in parsed.positive_terms if " " not in term.text]
    phrases = [term.text for term in parsed.positive_terms if " " in term.text]
    prefixes += [word for phrase in phrases for word in phrase.split(" ")]
    out, position = [], 0
    for match in re.finditer(r"[\w']+", text):
        out.append(text[position : match.start()])
        token = match.group(0)
        if any(fold(token).startswith(prefix) for prefix in prefixes):
            out.append(MARK_START + token + MARK_STOP)
        else:
            out.append(token)
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _marked(text):
    """Escape everything, then turn the markers into <mark> elements."""
    escaped = html.escape(text or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own markers become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
