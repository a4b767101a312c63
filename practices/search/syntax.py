"""Query syntax: accent-free words, and a small parser of `websearch` queries.

PostgreSQL parses queries itself (`websearch_to_tsquery`); SQLite uses `parse_query()` here so
that both databases accept the same syntax: words, "quoted phrases", `OR`, and `-exclusion`.
"""

import re
import unicodedata
from dataclasses import dataclass, field

WORD_RE = re.compile(r"[\w']+", re.UNICODE)
MAX_QUERY_LENGTH = 200


def fold(text):
    """Lower-case, accent-free text: "Épargne" and "epargne" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def words(text):
    return WORD_RE.findall(fold(text))


@dataclass
class Term:
    text: str  # folded; a phrase keeps its spaces
    negated: bool = False


@dataclass
class ParsedQuery:
    """AND of groups; a group is an OR of terms. Negated terms must not match."""

    groups: list[list[Term]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)

    @property
    def positive_terms(self):
        return [term for group in self.groups for term in group]

    def __bool__(self):
        return bool(self.groups)


TOKEN_RE = re.compile(r'(-?)"([^"]*)"|(\S+)')


def parse_query(query):
    """Parse `websearch` syntax the way PostgreSQL does, closely enough for a simple match."""
    parsed = ParsedQuery()
    pending_or = False
    for match in TOKEN_RE.finditer(query[:MAX_QUERY_LENGTH]):
        negated_phrase, phrase, bare = match.groups()
        if bare is not None and bare.upper() == "OR" and not bare.startswith("-"):
            pending_or = bool(parsed.groups)
            continue
        negated = bool(negated_phrase) or (bare is not None and bare.startswith("-"))
        raw = phrase if phrase is not None else bare.lstrip("-")
        text = " ".join(words(raw))
        if not text:
            continue
        term = Term(text=text, negated=negated)
        if negated:
            parsed.excluded.append(term)
        elif pending_or:
            parsed.groups[-1].append(term)
        else:
            parsed.groups.append([term])
        pending_or = False
    return parsed


def term_matches(term, document):
    """A word matches as a prefix of a word ("recruit" finds "recruitment"); a phrase as is."""
    return re.search(r"(?<![\w])" + re.escape(term.text), document) is not None


def query_matches(parsed, document):
    if not parsed:
        return False
    if any(term_matches(term, document) for term in parsed.excluded):
        return False
    return all(any(term_matches(term, document) for term in group) for group in parsed.groups)
