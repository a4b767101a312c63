"""Folding: the form in which search compares words and phrases."""

import pytest

from pfp.core.folding import fold, fold_term


def test_fold_lowers_case_and_removes_accents():
    assert fold("Épargne Sans Frontière") == "epargne sans frontiere"
    assert fold("Türkiye") == "turkiye"
    assert fold(None) == ""


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Côte d’Ivoire", "cote d ivoire"),
        ("Côte d'Ivoire", "cote d ivoire"),
        ("cross-border", "cross border"),
        ("  Health \t care\n", "health care"),
        ("M&D", "m d"),
        ("UN_Women", "un women"),
        ("SDGs", "sdgs"),
        ("--", ""),
        ("", ""),
    ],
)
def test_fold_term_makes_punctuation_spaces_and_collapses_them(text, folded):
    assert fold_term(text) == folded
