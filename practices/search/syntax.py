"""Query syntax: accent-free words, and the parser of what people type in the search box.

Words, "quoted phrases", `-exclusion` (of a word or a phrase) and `OR`. Every word counts
towards the ranking and none is required, so `OR` between words changes nothing; a quoted
phrase is required, as is (by its absence) an excluded word.
"""

import re
from dataclasses import dataclass, field

from pfp.core.folding import fold

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)
MAX_QUERY_LENGTH = 200


def words(text):
    """The folded words of a text ("l'emploi" is "l" and "emploi")."""
    return WORD_RE.findall(fold(text))


@dataclass
class ParsedQuery:
    """The words that rank, in order; required phrases; excluded words and phrases. Each
    phrase is a tuple of folded words."""

    words: list[str] = field(default_factory=list)
    phrases: list[tuple] = field(default_factory=list)
    excluded_words: list[str] = field(default_factory=list)
    excluded_phrases: list[tuple] = field(default_factory=list)
    # Whether the last thing typed is a bare word, which may be a prefix still being typed.
    ends_in_word: bool = False

    def __bool__(self):
        return bool(self.words or self.phrases)


TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_query(query):
    parsed = ParsedQuery()
    for match in TOKEN_RE.finditer(query[:MAX_QUERY_LENGTH]):
        negated_phrase, phrase, bare = match.groups()
        if bare is not None and bare == "OR":
            parsed.ends_in_word = False
            continue
        negated = bool(negated_phrase) or (bare is not None and bare.startswith("-"))
        found = tuple(words(phrase if phrase is not None else bare.lstrip("-")))
        parsed.ends_in_word = False
        if not found:
            continue
        if phrase is not None and len(found) > 1:
            (parsed.excluded_phrases if negated else parsed.phrases).append(found)
        elif negated:
            parsed.excluded_words.extend(found)
        else:
            parsed.words.extend(found)
            parsed.ends_in_word = phrase is None
    return parsed
