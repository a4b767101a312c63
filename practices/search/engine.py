"""The text index: BM25 ranking of the published practices, held in each process.

One implementation for both databases, so that SQLite (the embedded default) and PostgreSQL
find and rank the same practices.

- **Words.** Text is folded (lower case, accents removed), split into words, stripped of its
  language's stop words and stemmed with that language's Snowball stemmer (PyStemmer):
  each practice in its own `language` (English, French, Spanish).
- **Fields.** Title, summary, body, and names (countries, their regions, organizations,
  keywords) count with the weights of `FIELD_WEIGHTS`: BM25F, a word's frequency in a
  practice is the weighted sum of its frequencies in the fields, and the practice's length
  the weighted sum of the fields' lengths.
- **Scoring.** Lucene's BM25 (k1 1.2, b 0.75): each query word adds
  idf × tf / (tf + k1 × (1 − b + b × length / average length)), its idf from how many
  published practices hold it, so that a word found in nearly every practice weighs little.
  Document frequencies, lengths and the average length are those of the live index, so the
  scores stay exact as practices change. The tests check them against bm25s, a well-kept
  BM25 library.
- **Analysed once, at write time.** `analyse()` turns a practice's text into weighted term
  frequencies; `refresh_search_columns` stores them packed (`pack`) on the practice, with
  its terms numbered in `SearchTerm` and its words in `SearchWord`. A process builds its
  index by reading the packed postings, not by analysing every text again.
- **Storage.** An inverted index aligned with the facet index's positions: for each term, the
  positions of the practices holding it and their weighted frequency, in numpy arrays.
  Scoring a query is a few array operations over the postings of its terms; the result is a
  vector over positions that the facet index combines with its bitsets directly.
- **Changes.** A changed or unpublished practice's old postings are marked stale and its new
  ones go to a small delta, merged into the main arrays once it grows. Nothing of a draft is
  ever in the index.

What a query means (its words, variants, phrases, exclusions) is in `text`.
"""

import bisect
import functools
import json
from collections import Counter
from pathlib import Path
from unicodedata import normalize

import numpy as np
import Stemmer

from .syntax import WORD_RE, fold

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = {"title": 4.0, "summary": 2.0, "body": 1.0, "names": 0.8}
# The delta is merged into the main arrays past this many practices.
MERGE_AT = 2_000
STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
# Words shorter than this are not indexed (the "s" of "women's", the "l" of "l'emploi"),
# nor longer than MAX_WORD (what the dictionary's columns hold).
MIN_WORD = 2
MAX_WORD = 100


@functools.cache
def stop_words():
    data = json.loads((Path(__file__).with_name("stopwords.json")).read_text(encoding="utf-8"))
    return {language: frozenset(data[language]) for language in STEMMERS}


class Analyzer:
    """Folded words to index terms, for one language."""

    def __init__(self, language):
        self.language = language if language in STEMMERS else "en"
        self.stemmer = Stemmer.Stemmer(STEMMERS[self.language])
        self.stop = stop_words()[self.language]
        self._terms = {}  # lower-case word -> (term or "", folded word)

    def stem(self, word):
        """The term of a folded word, "" for a stop word or one too short or too long."""
        if not MIN_WORD <= len(word) <= MAX_WORD or word in self.stop:
            return ""
        return self.stemmer.stemWord(word)[:MAX_WORD]

    def term_counts(self, text, words=None):
        """{term: count} of a text; `words`, when given, gathers {folded word: term}."""
        cache = self._terms
        if len(cache) > 200_000:
            cache.clear()
        counts = {}
        for word, count in Counter(WORD_RE.findall(normalize("NFC", text).lower())).items():
            known = cache.get(word)
            if known is None:
                folded = fold(word)
                known = cache[word] = (self.stem(folded), folded)
            term, folded = known
            if term:
                counts[term] = counts.get(term, 0) + count
                if words is not None and not folded.isdigit():
                    words[folded] = term
        return counts


@functools.cache
def analyzer(language):
    return Analyzer(language if language in STEMMERS else "en")


def analyse(language, fields, words=None):
    """({term: weighted frequency}, weighted length) of a practice's fields, analysed in its
    language; `words`, when given, gathers {folded word: term}."""
    language_analyzer = analyzer(language)
    frequencies = {}
    length = 0.0
    for name, weight in FIELD_WEIGHTS.items():
        text = fields.get(name)
        if not text:
            continue
        for term, count in language_analyzer.term_counts(text, words).items():
            frequencies[term] = frequencies.get(term, 0.0) + weight * count
            length += weight * count
    return frequencies, length


def pack(term_ids, frequencies, length):
    """A practice's postings as bytes: its length, then its term ids, then their weighted
    frequencies."""
    ids = np.asarray(term_ids, dtype="<i4")
    return (
        np.asarray([length], dtype="<f4").tobytes()
        + ids.tobytes()
        + np.asarray(frequencies, dtype="<f2").tobytes()
    )


def unpack(blob):
    """(term ids, weighted frequencies, length) of packed postings."""
    blob = bytes(blob)
    count = (len(blob) - 4) // 6
    length = float(np.frombuffer(blob, dtype="<f4", count=1)[0])
    ids = np.frombuffer(blob, dtype="<i4", count=count, offset=4).astype(np.int32)
    frequencies = np.frombuffer(blob, dtype="<f2", count=count, offset=4 + 4 * count)
    return ids, frequencies.astype(np.float16), length


def idf(document_frequency, total):
    """Lucene's BM25 idf: never negative, small for a word in nearly every practice."""
    return np.log1p((total - document_frequency + 0.5) / (document_frequency + 0.5))


class TextIndex:
    """Postings of the published practices' terms, by facet-index position."""

    def __init__(self):
        self.vocabulary = {}  # term -> term id
        self.term_of = {}  # term id -> term
        self.sorted_terms = []  # every term, sorted, for prefixes
        self.words = {}  # folded word of a published practice -> term id
        # Main postings, by term id: positions[indptr[t]:indptr[t + 1]] and their frequency;
        # `stale`: main postings of these positions are void; `delta`: term id -> (positions,
        # frequencies) of the practices changed since. One tuple, replaced whole by a change,
        # so that a search running in another thread never sees half of one.
        self._main = (
            np.zeros(1, dtype=np.int64),
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.float16),
            np.zeros(0, dtype=bool),
            {},
        )
        self.delta_positions = set()
        self.lengths = np.zeros(0, dtype=np.float32)  # weighted length by position, 0 if none
        self.total_length = 0.0
        self.documents = 0
        self._buckets = None

    indptr = property(lambda self: self._main[0])
    positions = property(lambda self: self._main[1])
    frequencies = property(lambda self: self._main[2])
    stale = property(lambda self: self._main[3])
    delta = property(lambda self: self._main[4])

    def _replace(self, *, indptr=None, positions=None, frequencies=None, stale=None, delta=None):
        old = self._main
        self._main = tuple(
            old[at] if new is None else new
            for at, new in enumerate((indptr, positions, frequencies, stale, delta))
        )

    # -- the dictionary

    def add_terms(self, pairs):
        """Take in (term id, term) pairs."""
        fresh = []
        for term_id, term in pairs:
            if term not in self.vocabulary:
                self.vocabulary[term] = term_id
                self.term_of[term_id] = term
                fresh.append(term)
        if len(fresh) > 100:
            self.sorted_terms = sorted(self.vocabulary)
        else:
            for term in fresh:
                bisect.insort(self.sorted_terms, term)

    def add_words(self, pairs):
        """Take in (word, term id) pairs."""
        self.words.update(pairs)
        self._buckets = None

    # -- building

    def build(self, documents, capacity):
        """Index (position, term ids, frequencies, length) tuples; `capacity` is the facet
        index's number of positions."""
        self.lengths = np.zeros(capacity, dtype=np.float32)
        chunks, counted = [], [np.zeros(0, dtype=np.int64)]
        batch_ids, batch_positions, batch_frequencies = [], [], []

        def flush():
            if not batch_ids:
                return
            ids = np.concatenate(batch_ids)
            positions = np.concatenate(batch_positions)
            frequencies = np.concatenate(batch_frequencies)
            order = np.argsort(ids, kind="stable")
            chunks.append((ids[order], positions[order], frequencies[order]))
            more = np.bincount(ids)
            if more.size > counted[0].size:
                counted[0] = np.concatenate(
                    [counted[0], np.zeros(more.size - counted[0].size, dtype=np.int64)]
                )
            counted[0][: more.size] += more
            batch_ids.clear(), batch_positions.clear(), batch_frequencies.clear()

        for position, ids, frequencies, length in documents:
            batch_ids.append(ids)
            batch_positions.append(np.full(ids.size, position, dtype=np.int32))
            batch_frequencies.append(frequencies)
            self.lengths[position] = length
            self.total_length += length
            self.documents += 1
            if len(batch_ids) >= 5_000:
                flush()
        flush()
        counts = counted[0]
        size = counts.size
        # Counting sort: each term's postings in one run, the chunks' in order.
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        total = int(indptr[-1])
        all_positions = np.empty(total, dtype=np.int32)
        all_frequencies = np.empty(total, dtype=np.float16)
        filled = indptr[:-1].copy()
        while chunks:
            ids, positions, frequencies = chunks.pop(0)
            starts = np.searchsorted(ids, ids, side="left")
            destinations = filled[ids] + (np.arange(ids.size) - starts)
            all_positions[destinations] = positions
            all_frequencies[destinations] = frequencies
            filled += np.bincount(ids, minlength=size)
        self._main = (indptr, all_positions, all_frequencies, np.zeros(capacity, bool), {})
        return self

    # -- changes

    def grow(self, capacity):
        if capacity > self.stale.size:
            extra = capacity - self.stale.size
            self._replace(stale=np.concatenate([self.stale, np.zeros(extra, dtype=bool)]))
            self.lengths = np.concatenate([self.lengths, np.zeros(extra, dtype=np.float32)])

    def remove(self, positions):
        """The practices at these positions are no longer what the index holds."""
        positions = [int(p) for p in positions]
        if not positions:
            return
        stale = self.stale.copy()
        stale[positions] = True
        for position in positions:
            if self.lengths[position]:
                self.total_length -= float(self.lengths[position])
                self.documents -= 1
                self.lengths[position] = 0
        gone = set(positions) & self.delta_positions
        delta = self.delta
        if gone:
            delta = {}
            for term_id, (at, frequencies) in self.delta.items():
                keep = ~np.isin(at, list(gone))
                if keep.any():
                    delta[term_id] = (at[keep], frequencies[keep])
            self.delta_positions = self.delta_positions - gone
        self._replace(stale=stale, delta=delta)

    def add(self, documents):
        """Index (position, term ids, frequencies, length) of practices changed or newly
        published; their positions must have been removed first (or be new)."""
        delta = dict(self.delta)
        for position, ids, frequencies, length in documents:
            for term_id, frequency in zip(ids.tolist(), frequencies.tolist(), strict=True):
                at, old = delta.get(term_id, (np.zeros(0, np.int32), np.zeros(0, np.float16)))
                delta[term_id] = (
                    np.append(at, np.int32(position)),
                    np.append(old, np.float16(frequency)),
                )
            self.lengths[position] = length
            self.total_length += length
            self.documents += 1
            self.delta_positions = self.delta_positions | {position}
        self._replace(delta=delta)
        if len(self.delta_positions) > MERGE_AT:
            self.merge()

    def merge(self):
        """Fold the delta into the main arrays, dropping stale postings."""
        size = max(max(self.term_of, default=-1) + 1, self.indptr.size - 1)
        counts = np.diff(self.indptr)
        term_of = np.repeat(np.arange(counts.size, dtype=np.int32), counts)
        keep = ~self.stale[self.positions]
        parts = [(term_of[keep], self.positions[keep], self.frequencies[keep])]
        for term_id in sorted(self.delta):
            at, frequencies = self.delta[term_id]
            parts.append((np.full(at.size, term_id, dtype=np.int32), at, frequencies))
        terms = np.concatenate([p[0] for p in parts])
        positions = np.concatenate([p[1] for p in parts])
        frequencies = np.concatenate([p[2] for p in parts])
        # Two runs already sorted by term (the main postings, then the delta's): a stable sort
        # merges them in linear time.
        order = np.argsort(terms, kind="stable")
        counts = np.bincount(terms, minlength=size)
        indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        stale = np.zeros_like(self.stale)
        self._main = (indptr, positions[order], frequencies[order], stale, {})
        self.delta_positions = set()

    # -- reading

    @property
    def average_length(self):
        return self.total_length / self.documents if self.documents else 1.0

    def term_id(self, term):
        return self.vocabulary.get(term)

    def postings(self, term_id):
        """(positions, weighted frequencies) of the live practices holding a term."""
        at, frequencies = np.zeros(0, np.int32), np.zeros(0, np.float16)
        if term_id is None:
            return at, frequencies
        indptr, positions, all_frequencies, stale, delta = self._main  # one consistent state
        if term_id + 1 < indptr.size:
            start, stop = indptr[term_id], indptr[term_id + 1]
            at, frequencies = positions[start:stop], all_frequencies[start:stop]
            if at.size:
                live = ~stale[at]
                if not live.all():
                    at, frequencies = at[live], frequencies[live]
        extra = delta.get(term_id)
        if extra is not None:
            at = np.concatenate([at, extra[0]])
            frequencies = np.concatenate([frequencies, extra[1]])
        return at, frequencies

    def document_frequency(self, term_id):
        return int(self.postings(term_id)[0].size)

    def scores(self, term_id):
        """(positions, BM25 tf part) of a term's live postings."""
        at, frequencies = self.postings(term_id)
        tf = frequencies.astype(np.float32)
        norm = K1 * (1 - B + B * self.lengths[at] / np.float32(self.average_length))
        return at, tf / (tf + norm)

    def terms_starting(self, prefix, limit):
        """Up to `limit` terms starting with prefix, those in most practices first."""
        start = bisect.bisect_left(self.sorted_terms, prefix)
        found = []
        for term in self.sorted_terms[start:]:
            if not term.startswith(prefix):
                break
            found.append(term)
            if len(found) > 20 * limit:
                break
        if len(found) > limit:
            sizes = {term: self._main_size(self.vocabulary[term]) for term in found}
            found = sorted(found, key=lambda term: -sizes[term])[:limit]
        return found

    def _main_size(self, term_id):
        if term_id + 1 < self.indptr.size:
            return int(self.indptr[term_id + 1] - self.indptr[term_id])
        return 0

    def spelling_buckets(self):
        """The words of published practices by (first letter, length)."""
        if self._buckets is None:
            buckets = {}
            for word in self.words:
                buckets.setdefault((word[0], len(word)), []).append(word)
            self._buckets = buckets
        return self._buckets

    def memory_bytes(self):
        arrays = (self.indptr, self.positions, self.frequencies, self.stale, self.lengths)
        return sum(array.nbytes for array in arrays)


def score_vector(index, term_weights, total, capacity):
    """max over the terms of weight × idf × tf part, by position, as a dense vector."""
    scores = np.zeros(capacity, dtype=np.float32)
    for term_id, weight in term_weights.items():
        at, parts = index.scores(term_id)
        if not at.size:
            continue
        value = np.float32(weight * float(idf(at.size, total))) * parts
        scores[at] = np.maximum(scores[at], value)
    return scores


def index_documents(documents, capacity):
    """A text index of (position, language, fields) analysed here, with its own dictionary:
    for tests and tools that have no database rows to read."""
    index = TextIndex()
    vocabulary, analysed, words = {}, [], {}
    for position, language, fields in documents:
        frequencies, length = analyse(language, fields, words)
        ids = [vocabulary.setdefault(term, len(vocabulary)) for term in frequencies]
        analysed.append(
            (
                position,
                np.asarray(ids, np.int32),
                np.asarray(list(frequencies.values()), np.float16),
                length,
            )
        )
    index.add_terms((term_id, term) for term, term_id in vocabulary.items())
    index.add_words((word, vocabulary[term]) for word, term in words.items())
    return index.build(analysed, capacity)
