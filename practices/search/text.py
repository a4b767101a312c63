"""Full-text search of the published practices: what a query means, on both databases.

The ranking is BM25 over the text index (`engine`), which the facet index holds; the query
syntax is in `syntax`. A query's meaning:

- **Every word counts, none is required.** A practice holding more of the query's words ranks
  higher, each word weighted by its rarity and by the field it stands in; a longer query
  narrows the ranking instead of emptying it.
- **Each word in the interface's language, in English and in the other content languages:**
  a practice is indexed in its own language, and the query's words are stemmed in each, so
  that "travailleurs" finds a French practice on any page.
- **Variants:** each word or run of words of the query also matches its equivalents from the
  reference data (labour / labor, healthcare / health care, Filipino → Philippines,
  ILO → International Labour Organization); a variant of several words counts where all of
  its words stand.
- **The last word as a prefix,** with a lower weight, while it is still being typed.
- **"Quoted phrases"** are required, their words one after the other as the index analyses
  them: stemmed ("health workers" finds "health worker"), a stop word standing for any word
  ("Gulf of Guinea" finds "Gulf and Guinea", not "Gulf Guinea"); **-words** and
  **-"phrases"** exclude.
- **Spelling:** a word that no published practice holds is replaced by the closest word that
  one does (from the index, so never from a draft), and the result says so.
"""

import difflib
import html
from dataclasses import dataclass

import numpy as np
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from pfp.taxonomy import variants
from practices.models import Practice

from .engine import STEMMERS, analyzer, score_vector
from .syntax import WORD_RE, ParsedQuery, fold, parse_query

MARK_START, MARK_STOP = "\x02", "\x03"
# How much a term counts when it only starts with the last word typed.
PREFIX_WEIGHT = 0.5
MAX_PREFIX_TERMS = 40
MIN_PREFIX = 3
# Runs of up to this many words are looked up among the variants.
LONGEST_VARIANT = 5
# Words shorter than this are never corrected.
MIN_CORRECTED = 4
CORRECTION_CUTOFF = 0.75
LONG_WORD = 8


@dataclass
class TextResult:
    positions: np.ndarray  # facet-index positions of the matching practices
    scores: np.ndarray  # their scores, higher is better
    ids: np.ndarray  # their practice ids
    corrected_query: str = ""  # set when misspellings were corrected
    terms: frozenset = frozenset()  # the index terms the query matched, for snippets

    def __len__(self):
        return len(self.ids)

    @property
    def ranks(self):
        """{practice id: score}."""
        return dict(zip(self.ids.tolist(), self.scores.tolist(), strict=True))


def query_languages():
    """The interface's language, English, then the other content languages."""
    active = (get_language() or "en").split("-")[0]
    return list(dict.fromkeys([active, "en", *STEMMERS]))


class _Compiler:
    """Turns a parsed query into score vectors over the index's positions."""

    def __init__(self, facet_index):
        self.facet_index = facet_index
        self.index = facet_index.text_index
        self.total = max(1, facet_index.count(facet_index.alive))
        self.capacity = facet_index.capacity
        self.languages = query_languages()
        self.terms = set()
        self._scores = {}

    def word_terms(self, word, prefix=False):
        """{term id: weight} of one folded word: its stem in each query language."""
        found = {}
        for language in self.languages:
            term_id = self.index.term_id(analyzer(language).stem(word))
            if term_id is not None:
                found[term_id] = 1.0
        if prefix and len(word) >= MIN_PREFIX:
            for term in self.index.terms_starting(word, MAX_PREFIX_TERMS):
                found.setdefault(self.index.term_id(term), PREFIX_WEIGHT)
        self.terms.update(found)
        return found

    def word_scores(self, word, prefix=False):
        """A word's score vector, computed once per query however often the word is used
        (a run with variants, then each of its words alone; a phrase; an exclusion)."""
        key = (word, prefix)
        if key not in self._scores:
            terms = self.word_terms(word, prefix)
            self._scores[key] = score_vector(self.index, terms, self.total, self.capacity)
        return self._scores[key]

    def together(self, words, prefix_last=False, phrase=False):
        """The summed scores of words where all of them stand, else 0."""
        total = np.zeros(self.capacity, dtype=np.float32)
        present = np.ones(self.capacity, dtype=bool)
        for at, word in enumerate(words):
            if phrase and self.is_stop_word(word):
                continue  # "of" in "Gulf of Guinea": maybe not indexed, so not required
            scores = self.word_scores(word, prefix=prefix_last and at == len(words) - 1)
            present &= scores > 0
            total += scores
        return np.where(present, total, np.float32(0))

    def is_stop_word(self, word):
        """A stop word of any query language: a practice in that language has it unindexed,
        so it narrows no phrase's candidates (`_holding_phrase` checks the phrase itself)."""
        return not all(analyzer(language).stem(word) for language in self.languages)

    def holding(self, word):
        return self.word_scores(word) > 0


def _units(parsed, equivalents):
    """The query's words grouped: (words, [equivalent word tuples]) in order."""
    words = parsed.words
    units, at = [], 0
    while at < len(words):
        for size in range(min(LONGEST_VARIANT, len(words) - at), 0, -1):
            run = words[at : at + size]
            alternatives = equivalents.get(" ".join(run))
            if alternatives or size == 1:
                units.append((tuple(run), [tuple(a.split()) for a in alternatives or ()]))
                at += size
                break
    return units


def search(query, *, correct=True, index=None):
    """The published practices matching the query, scored; corrected when a word is unknown."""
    from .index import current_index

    facet_index = index or current_index()
    equivalents = variants.equivalents()
    parsed = parse_query(query)
    result = _search(parsed, facet_index, equivalents)
    if correct:
        corrected = correct_spelling(
            query, index=facet_index, parsed=parsed, equivalents=equivalents
        )
        if corrected:
            better = _search(parse_query(corrected), facet_index, equivalents)
            if len(better):
                better.corrected_query = corrected
                result = better
    return result


def _search(parsed, facet_index, equivalents):
    empty = np.zeros(0, dtype=np.int64)
    if not parsed:
        return TextResult(empty, np.zeros(0, dtype=np.float32), empty)
    compiler = _Compiler(facet_index)
    total = np.zeros(compiler.capacity, dtype=np.float32)
    units = _units(parsed, equivalents)
    for number, (run, alternatives) in enumerate(units):
        last = number == len(units) - 1 and parsed.ends_in_word and not alternatives
        best = compiler.together(run, prefix_last=last)
        for alternative in alternatives:
            best = np.maximum(best, compiler.together(alternative))
        if len(run) > 1:  # a run with variants: each of its words still counts on its own
            for word in run:
                best = np.maximum(best, compiler.word_scores(word))
        total += best
    required = np.ones(compiler.capacity, dtype=bool)
    for phrase in parsed.phrases:
        scores = compiler.together(phrase, phrase=True)
        total += scores
        required &= _holding_phrase(compiler, phrase, scores > 0)
    for word in parsed.excluded_words:
        required &= ~compiler.holding(word)
    for phrase in parsed.excluded_phrases:
        candidates = compiler.together(phrase, phrase=True) > 0
        required &= ~_holding_phrase(compiler, phrase, candidates)
    total[~required] = 0
    alive = np.zeros(compiler.capacity, dtype=bool)
    alive[facet_index.alive_positions()] = True
    total[~alive] = 0
    if parsed.phrases and not parsed.words:
        # Only phrases: a practice holding them all matches, whatever its score.
        total[required & alive] += np.float32(1e-6)
    positions = np.flatnonzero(total > 0)
    return TextResult(
        positions=positions,
        scores=total[positions].astype(np.float64),
        ids=facet_index.ids[positions],
        terms=frozenset(compiler.terms),
    )


def _holding_phrase(compiler, phrase, candidates):
    """Positions whose practice holds the words of phrase one after the other, as a mask: the
    candidates (practices holding all its words) are checked against the word offsets of the
    text index, the phrase's words taken as each query language analyses them (a stop word
    is not indexed, so any word may stand in its place)."""
    mask = np.zeros(candidates.size, dtype=bool)
    if not candidates.any():
        return mask
    index = compiler.index
    checked = set()
    for language in compiler.languages:
        terms = [(at, term) for at, term in enumerate(map(analyzer(language).stem, phrase)) if term]
        steps = tuple((at - terms[0][0], index.term_id(term)) for at, term in terms)
        if steps in checked or not steps or any(term_id is None for _at, term_id in steps):
            continue  # the same terms as in another language ("health" in each), or unknown
        checked.add(steps)
        mask |= index.phrase_mask(list(steps), candidates & ~mask)
    return mask


def correct_spelling(query, *, index=None, parsed=None, equivalents=None):
    """The query with each word no published practice holds replaced by the closest word one
    does; "" when there is nothing to correct."""
    from .index import current_index

    facet_index = index or current_index()
    parsed = parsed or parse_query(query)
    if not parsed:
        return ""
    text_index = facet_index.text_index
    equivalents = variants.equivalents() if equivalents is None else equivalents
    forms = text_index.words
    # Words of a run that has variants (the "care" of "health care") are left as they are.
    in_variants = {
        word for run, alternatives in _units(parsed, equivalents) if alternatives for word in run
    }
    replacements = {}
    for at, word in enumerate(parsed.words):
        if len(word) < MIN_CORRECTED or word.isdigit() or word in in_variants:
            continue
        if text_index.document_frequency(forms.get(word)):
            continue  # a word of the published practices
        typing = parsed.ends_in_word and at == len(parsed.words) - 1
        if typing and text_index.terms_starting(word, 1):
            continue  # the start of a word, still being typed
        suggestion = _closest_word(text_index, word)
        if suggestion:
            replacements[word] = suggestion
    for word in list(replacements):
        # "helth care": with "health" corrected, "care" belongs to "health care".
        others = [replacements.get(w, w) if w != word else w for w in parsed.words]
        trial = ParsedQuery(words=others)
        if any(word in run for run, alternatives in _units(trial, equivalents) if alternatives):
            del replacements[word]
    if not replacements:
        return ""
    return WORD_RE.sub(lambda m: replacements.get(m.group(0), m.group(0)), fold(query)).strip()


def _closest_word(text_index, word):
    """The word form of the live index closest to word, preferring the commonest."""
    buckets = text_index.spelling_buckets()
    # One typing slip changes a length by one; two slips, in a longer word, by two ("brain"
    # is not a slip for "bahrain").
    reach = 2 if len(word) >= LONG_WORD else 1
    candidates = [
        candidate
        for size in range(len(word) - reach, len(word) + reach + 1)
        for candidate in buckets.get((word[0], size), ())
    ]
    matches = difflib.get_close_matches(word, candidates, n=5, cutoff=CORRECTION_CUTOFF)
    forms = text_index.words
    best, best_key = None, None
    for rank, candidate in enumerate(matches):
        frequency = text_index.document_frequency(forms.get(candidate))
        if not frequency:
            continue
        ratio = difflib.SequenceMatcher(None, word, candidate).ratio()
        key = (round(ratio, 2), frequency, -rank)
        if best_key is None or key > best_key:
            best, best_key = candidate, key
    return best


def snippets(query, practice_ids, terms=None):
    """{practice id: summary with the matched words marked}, HTML-escaped."""
    if not query or not practice_ids:
        return {}
    if terms is None:
        terms = search(query, correct=False).terms
    from .index import current_index

    text_index = current_index().text_index
    wanted = {text_index.term_of[t] for t in terms if t in text_index.term_of}
    result = {}
    rows = Practice.objects.filter(id__in=practice_ids).values_list("id", "summary", "language")
    seen_by_language = {}  # one memory of words per set of analyzers
    for practice_id, summary, language in rows:
        analyzers = {analyzer(language), analyzer("en")}
        seen = seen_by_language.setdefault(language, {})
        result[practice_id] = _marked(_mark(summary, wanted, analyzers, seen))
    return result


def _mark(text, wanted, analyzers, seen=None):
    """Mark the words of text whose term, in the text's language or English, is wanted.

    `seen` remembers each word's answer across the summaries of one page, where the same
    words come back again and again."""
    seen = {} if seen is None else seen
    out, position = [], 0
    for match in WORD_RE.finditer(text or ""):
        token = match.group(0)
        out.append(text[position : match.start()])
        lower = token.lower()
        marked = seen.get(lower)
        if marked is None:
            marked = seen[lower] = any(analyzer.term(lower) in wanted for analyzer in analyzers)
        out.append(MARK_START + token + MARK_STOP if marked else token)
        position = match.end()
    out.append((text or "")[position:])
    return "".join(out)


def _marked(text):
    """Escape everything, then turn the markers into <mark> elements."""
    escaped = html.escape(text or "")
    return mark_safe(  # noqa: S308 - escaped above; only our own markers become tags
        escaped.replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>")
    )
