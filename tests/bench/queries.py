"""The text queries of `make bench`: several kinds, each request of a run a query of its own.

Each kind draws from the vocabulary the synthetic practices are written from
(`devtools/vocabulary.json`), so every query reads like what a visitor types and most find
practices. No query string is handed out twice in one run: a timed request then cannot be
answered by a page cache or by a per-process cache of text results, only by the search.
"""

import json
import random
import re
from pathlib import Path

# Read as devtools.synthetic reads it, without setting Django up.
VOCABULARY = json.loads(
    (Path(__file__).resolve().parents[2] / "devtools" / "vocabulary.json").read_text(
        encoding="utf-8"
    )
)

KINDS = {
    "one word": "one word, e.g. recruitment",
    "several words": "plain words, e.g. health workers recruitment",
    "phrase": 'a phrase in quotes, e.g. "skills partnerships"',
    "exclusion": "a word and an excluded word, e.g. remittances -diaspora",
    "misspelling": "one misspelt word, e.g. recruitmnet",
    "prefix": "a word cut short as it is typed, e.g. remitt",
}
WORD_RE = re.compile(r"[a-z]+")


def _phrases():
    """The noun phrases of the vocabulary: topics, keywords, beneficiaries and fields."""
    phrases = [p for theme in VOCABULARY["themes"].values() for p in theme["topics"]]
    phrases += [k for theme in VOCABULARY["themes"].values() for k in theme["keywords"]]
    phrases += VOCABULARY["beneficiaries"] + VOCABULARY["fields"]
    return [phrase.lower() for phrase in phrases]


def _words():
    small = set(VOCABULARY["small_words"])
    return sorted(
        {w for p in _phrases() for w in WORD_RE.findall(p) if len(w) >= 5 and w not in small}
    )


def _windows():
    """Runs of two or three words of the phrases, not starting or ending on a small word."""
    small = set(VOCABULARY["small_words"])
    found = set()
    for phrase in _phrases():
        words = phrase.replace("'", " ").split()
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                run = words[start : start + size]
                if run[0] not in small and run[-1] not in small:
                    found.add(" ".join(run))
    return sorted(found)


def _misspelt(word):
    """The word with two letters in its middle swapped ("recruitment" → "recruitmnet")."""
    middle = len(word) // 2 + 1
    return word[:middle] + word[middle + 1] + word[middle] + word[middle + 2 :]


def _dropped(word):
    """The word without the letter after its middle ("recruitment" → "recrutment")."""
    middle = len(word) // 2
    return word[:middle] + word[middle + 1 :]


def candidates(kind, rng):
    """Every query of one kind, in a shuffled order (the same for the same rng seed)."""
    words = _words()
    if kind == "one word":
        pool = words
    elif kind == "several words":
        pool = [
            f"{beneficiary} {word}"
            for beneficiary in VOCABULARY["beneficiaries"]
            for word in words
            if word not in beneficiary
        ]
    elif kind == "phrase":
        pool = [f'"{window}"' for window in _windows()]
    elif kind == "exclusion":
        pool = [f"{word} -{other}" for word in words for other in words if other != word]
    elif kind == "misspelling":
        # Two letters swapped, the commoner slip, before a letter left out ("recrutment").
        known = set(words)
        long_words = [w for w in words if len(w) >= 7]
        swapped = [_misspelt(w) for w in long_words]
        dropped = [_dropped(w) for w in long_words]
        rng.shuffle(swapped)
        rng.shuffle(dropped)
        return list(dict.fromkeys(w for w in swapped + dropped if w not in known))
    elif kind == "prefix":
        pool = sorted({w[:size] for w in words for size in (5, 6, 7) if size <= len(w) - 2})
    else:
        raise ValueError(kind)
    pool = list(pool)
    rng.shuffle(pool)
    return pool


class QueryPool:
    """Hands out queries of each kind, never the same string twice in one run."""

    def __init__(self, seed=0):
        self.seed = seed
        self.given = set()
        self.pools = {}

    def take(self, kind, count):
        """count queries of this kind; (queries, repeats): repeats > 0 when the kind ran out
        and some queries had to be asked again (a cache could then answer those)."""
        if kind not in self.pools:
            self.pools[kind] = candidates(kind, random.Random(f"{self.seed}-{kind}"))
        pool = self.pools[kind]
        fresh = [q for q in pool if q not in self.given][:count]
        self.given.update(fresh)
        repeats = count - len(fresh)
        if repeats:
            fresh += [fresh[i % len(fresh)] for i in range(repeats)]
        return fresh, repeats
