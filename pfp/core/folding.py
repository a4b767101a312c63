"""Folding: the form in which search compares words, so that "Épargne" and "epargne", or
"cross-border" and "Cross border", are the same term.

Here in core so that the reference data (search variants) and the search itself fold alike.
"""

import re
import unicodedata

# Anything that is not a letter or a digit separates words: hyphens, apostrophes, "&", "_".
SEPARATOR_RE = re.compile(r"[\W_]+", re.UNICODE)


def fold(text):
    """Lower-case, accent-free text: "Épargne" and "epargne" are the same word."""
    if not text:
        return ""
    if text.isascii():  # most words: nothing to decompose
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_term(text):
    """A word or phrase as search compares it: folded, punctuation as spaces, whitespace
    collapsed. "Côte d'Ivoire" → "cote d ivoire"; "---" → ""."""
    return " ".join(SEPARATOR_RE.split(fold(text))).strip()
