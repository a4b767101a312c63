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
- **Word positions,** as Lucene keeps them: each posting also holds where in the practice's
  text the term stands (its offsets, counted in words, stop words included, with a gap between
  fields), so that a quoted phrase is checked in memory (`phrase_mask`): its terms at the
  distances they have in the phrase, as the practice's language analyses them.
- **Changes.** A changed or unpublished practice's old postings are marked stale and its new
  ones go to a small delta, merged into the main arrays once it grows. Nothing of a draft is
  ever in the index.

What a query means (its words, variants, phrases, exclusions) is in `text`.
"""

import bisect
import functools
import json
from dataclasses import dataclass
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
# A build sorts the postings of this many practices at a time.
BUILD_BATCH = 5_000
STEMMERS = {"en": "english", "fr": "french", "es": "spanish"}
# Words shorter than this are not indexed (the "s" of "women's", the "l" of "l'emploi"),
# nor longer than MAX_WORD (what the dictionary's columns hold).
MIN_WORD = 2
MAX_WORD = 100
# Word offsets are kept up to this one (uint16); a phrase further into a text is not found.
MAX_OFFSET = 65_000
# Offsets skipped between two fields, so that no phrase runs from a title into a summary.
FIELD_GAP = 2
# Marks packed postings with word offsets (`pack`); older ones are analysed again.
PACKED = b"PFP2"
# Offsets are combined with positions into one key: position << OFFSET_BITS | offset.
OFFSET_BITS = 20


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

    def _known(self, word):
        """(term or "", folded word) of a lower-case word, remembered."""
        known = self._terms.get(word)
        if known is None:
            if len(self._terms) > 200_000:
                self._terms.clear()
            folded = fold(word)
            known = self._terms[word] = (self.stem(folded), folded)
        return known

    def term(self, word):
        """The term of one lower-case word as it stands in a text, "" for a stop word."""
        return self._known(word)[0]

    def terms(self, text, words=None):
        """The term of each word of a text, in order, "" for a stop word; `words`, when given,
        gathers {folded word: term}."""
        found = []
        for word in WORD_RE.findall(normalize("NFC", text).lower()):
            term, folded = self._known(word)
            found.append(term)
            if term and words is not None and folded not in words and not folded.isdigit():
                words[folded] = term
        return found


@functools.cache
def analyzer(language):
    return Analyzer(language if language in STEMMERS else "en")


@dataclass
class Analysed:
    """A practice's text as the index holds it: {term: weighted frequency}, the weighted
    length, and {term: [offsets]} (where each term stands, over the indexed words)."""

    frequencies: dict
    length: float
    offsets: dict


def analyse(language, fields, words=None):
    """A practice's fields analysed in its language (`Analysed`); `words`, when given,
    gathers {folded word: term}."""
    language_analyzer = analyzer(language)
    frequencies, offsets = {}, {}
    length = 0.0
    at = 0
    for name, weight in FIELD_WEIGHTS.items():
        text = fields.get(name)
        if not text:
            continue
        for term in language_analyzer.terms(text, words):
            if term:
                frequencies[term] = frequencies.get(term, 0.0) + weight
                length += weight
                if at <= MAX_OFFSET:
                    offsets.setdefault(term, []).append(at)
            at += 1  # a stop word too, so that a phrase's words keep their distances
        at += FIELD_GAP
    return Analysed(frequencies, length, offsets)


def pack(term_ids, analysed):
    """A practice's postings as bytes: a mark, its length, its number of terms, their ids,
    their weighted frequencies, how many offsets each has, then the offsets."""
    offsets = [analysed.offsets.get(term, ()) for term in analysed.frequencies]
    return b"".join(
        (
            PACKED,
            np.asarray([analysed.length], dtype="<f4").tobytes(),
            np.asarray([len(term_ids)], dtype="<i4").tobytes(),
            np.asarray(term_ids, dtype="<i4").tobytes(),
            np.asarray(list(analysed.frequencies.values()), dtype="<f2").tobytes(),
            np.asarray([len(o) for o in offsets], dtype="<u2").tobytes(),
            np.asarray([o for run in offsets for o in run], dtype="<u2").tobytes(),
        )
    )


def is_packed(blob):
    """Whether blob holds postings as this version packs them (with offsets)."""
    return blob is not None and bytes(blob[: len(PACKED)]) == PACKED


def unpack(blob):
    """(term ids, weighted frequencies, length, offset counts, offsets) of packed postings."""
    blob = bytes(blob)
    at = len(PACKED)
    length = float(np.frombuffer(blob, dtype="<f4", count=1, offset=at)[0])
    count = int(np.frombuffer(blob, dtype="<i4", count=1, offset=at + 4)[0])
    at += 8
    ids = np.frombuffer(blob, dtype="<i4", count=count, offset=at).astype(np.int32)
    at += 4 * count
    frequencies = np.frombuffer(blob, dtype="<f2", count=count, offset=at).astype(np.float16)
    at += 2 * count
    counts = np.frombuffer(blob, dtype="<u2", count=count, offset=at).astype(np.uint16)
    at += 2 * count
    offsets = np.frombuffer(blob, dtype="<u2", offset=at).astype(np.uint16)
    return ids, frequencies, length, counts, offsets


def _ranges(starts, counts):
    """The indexes starts[0] … starts[0] + counts[0] − 1, starts[1] …, as one array."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if not total:
        return np.zeros(0, dtype=np.int64)
    ends = np.cumsum(counts)
    return np.repeat(np.asarray(starts, dtype=np.int64) - (ends - counts), counts) + np.arange(
        total, dtype=np.int64
    )


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
        # frequencies, offset counts, offsets) of the practices changed since; `counts`: how
        # many offsets each main posting has, its term's offsets being
        # offsets[offptr[t]:offptr[t + 1]], posting after posting. One tuple, replaced whole
        # by a change, so that a search running in another thread never sees half of one.
        self._main = (
            np.zeros(1, dtype=np.int64),
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.float16),
            np.zeros(0, dtype=bool),
            {},
            np.zeros(0, dtype=np.uint16),
            np.zeros(1, dtype=np.int64),
            np.zeros(0, dtype=np.uint16),
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
    counts = property(lambda self: self._main[5])
    offptr = property(lambda self: self._main[6])
    offsets = property(lambda self: self._main[7])

    def _replace(self, *, stale=None, delta=None):
        old = self._main
        self._main = (
            *old[:3],
            old[3] if stale is None else stale,
            old[4] if delta is None else delta,
            *old[5:],
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
        """Index (position, term ids, frequencies, length, offset counts, offsets) tuples;
        `capacity` is the facet index's number of positions."""
        self.lengths = np.zeros(capacity, dtype=np.float32)
        chunks = []
        postings_per_term = np.zeros(0, dtype=np.int64)
        offsets_per_term = np.zeros(0, dtype=np.int64)
        batch = []

        def add_up(totals, ids, weights=None):
            more = np.bincount(ids, weights=weights).astype(np.int64)
            if more.size > totals.size:
                totals = np.concatenate([totals, np.zeros(more.size - totals.size, np.int64)])
            totals[: more.size] += more
            return totals

        def flush():
            nonlocal postings_per_term, offsets_per_term
            if not batch:
                return
            ids = np.concatenate([row[0] for row in batch])
            counts = np.concatenate([row[3] for row in batch])
            # Where each posting's offsets start in the batch's offsets, before sorting.
            starts = np.cumsum(counts, dtype=np.int64) - counts
            order = np.argsort(ids, kind="stable")
            offsets = np.concatenate([row[4] for row in batch])
            chunks.append(
                (
                    ids[order],
                    np.concatenate([row[1] for row in batch])[order],
                    np.concatenate([row[2] for row in batch])[order],
                    counts[order],
                    # The offsets in the sorted postings' order, so that no start is kept.
                    offsets[_ranges(starts[order], counts[order])],
                )
            )
            postings_per_term = add_up(postings_per_term, ids)
            offsets_per_term = add_up(offsets_per_term, ids, counts)
            batch.clear()

        for position, ids, frequencies, length, counts, offsets in documents:
            batch.append(
                (ids, np.full(ids.size, position, dtype=np.int32), frequencies, counts, offsets)
            )
            self.lengths[position] = length
            self.total_length += length
            self.documents += 1
            if len(batch) >= BUILD_BATCH:
                flush()
        flush()
        size = postings_per_term.size
        offsets_per_term = np.concatenate(
            [offsets_per_term, np.zeros(size - offsets_per_term.size, np.int64)]
        )
        # Counting sort: each term's postings in one run, and its offsets, the chunks' in order.
        indptr = np.concatenate([[0], np.cumsum(postings_per_term)]).astype(np.int64)
        offptr = np.concatenate([[0], np.cumsum(offsets_per_term)]).astype(np.int64)
        total = int(indptr[-1])
        all_positions = np.empty(total, dtype=np.int32)
        all_frequencies = np.empty(total, dtype=np.float16)
        all_counts = np.empty(total, dtype=np.uint16)
        all_offsets = np.empty(int(offptr[-1]), dtype=np.uint16)
        filled, offsets_filled = indptr[:-1].copy(), offptr[:-1].copy()
        while chunks:
            ids, positions, frequencies, counts, offsets = chunks.pop(0)
            run_starts = np.searchsorted(ids, ids, side="left")
            destinations = filled[ids] + (np.arange(ids.size) - run_starts)
            all_positions[destinations] = positions
            all_frequencies[destinations] = frequencies
            all_counts[destinations] = counts
            # A posting's offsets follow those of the term's earlier postings.
            before = np.cumsum(counts, dtype=np.int64) - counts
            offset_starts = offsets_filled[ids] + (before - before[run_starts])
            all_offsets[_ranges(offset_starts, counts)] = offsets
            filled += np.bincount(ids, minlength=size)
            offsets_filled += np.bincount(ids, weights=counts, minlength=size).astype(np.int64)
        self._main = (
            indptr,
            all_positions,
            all_frequencies,
            np.zeros(capacity, bool),
            {},
            all_counts,
            offptr,
            all_offsets,
        )
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
            for term_id, (at, frequencies, counts, offsets) in self.delta.items():
                keep = ~np.isin(at, list(gone))
                if keep.any():
                    starts = np.cumsum(counts, dtype=np.int64) - counts
                    delta[term_id] = (
                        at[keep],
                        frequencies[keep],
                        counts[keep],
                        offsets[_ranges(starts[keep], counts[keep])],
                    )
            self.delta_positions = self.delta_positions - gone
        self._replace(stale=stale, delta=delta)

    def add(self, documents):
        """Index (position, term ids, frequencies, length, offset counts, offsets) of practices
        changed or newly published; their positions must have been removed first (or be
        new)."""
        delta = dict(self.delta)
        nothing = (
            np.zeros(0, np.int32),
            np.zeros(0, np.float16),
            np.zeros(0, np.uint16),
            np.zeros(0, np.uint16),
        )
        for position, ids, frequencies, length, counts, offsets in documents:
            starts = np.cumsum(counts, dtype=np.int64) - counts
            for term_id, frequency, count, start in zip(
                ids.tolist(), frequencies.tolist(), counts.tolist(), starts.tolist(), strict=True
            ):
                at, old, old_counts, old_offsets = delta.get(term_id, nothing)
                delta[term_id] = (
                    np.append(at, np.int32(position)),
                    np.append(old, np.float16(frequency)),
                    np.append(old_counts, np.uint16(count)),
                    np.concatenate([old_offsets, offsets[start : start + count]]),
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
        indptr, positions, frequencies, stale, delta, counts, _offptr, offsets = self._main
        size = max(max(self.term_of, default=-1) + 1, indptr.size - 1)
        term_of = np.repeat(np.arange(indptr.size - 1, dtype=np.int32), np.diff(indptr))
        starts = np.cumsum(counts, dtype=np.int64) - counts
        keep = ~stale[positions]
        parts = [(term_of[keep], positions[keep], frequencies[keep], counts[keep], starts[keep])]
        flat = [offsets]
        base = offsets.size
        for term_id in sorted(delta):
            at, more, more_counts, more_offsets = delta[term_id]
            more_starts = base + np.cumsum(more_counts, dtype=np.int64) - more_counts
            parts.append((np.full(at.size, term_id, np.int32), at, more, more_counts, more_starts))
            flat.append(more_offsets)
            base += more_offsets.size
        terms, positions, frequencies, counts, starts = (
            np.concatenate([part[field] for part in parts]) for field in range(5)
        )
        # Two runs already sorted by term (the main postings, then the delta's): a stable sort
        # merges them in linear time.
        order = np.argsort(terms, kind="stable")
        per_term = np.bincount(terms, weights=counts, minlength=size)
        counts = counts[order]
        merged_offsets = np.concatenate(flat)[_ranges(starts[order], counts)]
        indptr = np.concatenate([[0], np.cumsum(np.bincount(terms, minlength=size))])
        offptr = np.concatenate([[0], np.cumsum(per_term.astype(np.int64))])
        self._main = (
            indptr.astype(np.int64),
            positions[order],
            frequencies[order],
            np.zeros_like(stale),
            {},
            counts,
            offptr.astype(np.int64),
            merged_offsets,
        )
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
        indptr, positions, all_frequencies, stale, delta, *_offsets = self._main  # one state
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

    def occurrences(self, term_id, candidates):
        """Where the live practices among candidates (a mask by position) hold a term, sorted:
        position << OFFSET_BITS | offset, once per occurrence."""
        indptr, positions, _frequencies, stale, delta, counts, offptr, offsets = self._main
        keys = []
        if term_id + 1 < indptr.size:
            start, stop = indptr[term_id], indptr[term_id + 1]
            where = np.repeat(positions[start:stop], counts[start:stop])
            held = offsets[offptr[term_id] : offptr[term_id + 1]]
            wanted = candidates[where] & ~stale[where]
            keys.append((where[wanted].astype(np.int64) << OFFSET_BITS) | held[wanted])
        extra = delta.get(term_id)
        if extra is not None:  # the delta's positions are live: their stale mark is the main's
            at, _frequencies, more_counts, more_offsets = extra
            where = np.repeat(at, more_counts)
            wanted = candidates[where]
            keys.append((where[wanted].astype(np.int64) << OFFSET_BITS) | more_offsets[wanted])
        if not keys:
            return np.zeros(0, dtype=np.int64)
        return np.sort(np.concatenate(keys))

    def phrase_mask(self, steps, candidates):
        """The positions, among candidates, whose practice holds the terms of steps, (distance
        from the first, term id) pairs, at those distances, as a mask."""
        mask = np.zeros(candidates.size, dtype=bool)
        if not steps:
            return mask
        starts = self.occurrences(steps[0][1], candidates)
        for step, term_id in steps[1:]:
            if not starts.size:
                break
            following = self.occurrences(term_id, candidates)
            if not following.size:
                return mask
            wanted = starts + step
            at = np.minimum(np.searchsorted(following, wanted), following.size - 1)
            starts = starts[following[at] == wanted]
        mask[starts >> OFFSET_BITS] = True
        return mask

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
        arrays = (*self._main[:4], *self._main[5:], self.lengths)
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
        result = analyse(language, fields, words)
        ids = [vocabulary.setdefault(term, len(vocabulary)) for term in result.frequencies]
        analysed.append((position, *unpack(pack(ids, result))))  # as read from the database
    index.add_terms((term_id, term) for term, term_id in vocabulary.items())
    index.add_words((word, vocabulary[term]) for word, term in words.items())
    return index.build(analysed, capacity)
