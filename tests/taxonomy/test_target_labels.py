"""SDG targets are shown by their code and a short form of their text, never a bare code."""

import pytest

from pfp.taxonomy.models import SDGTarget, short_target_text


def test_the_date_opening_is_dropped_and_the_text_cut_at_a_word():
    text = (
        "By 2030, ensure that all men and women, in particular the poor and the vulnerable, "
        "have equal rights to economic resources"
    )
    assert short_target_text(text) == "Ensure that all men and women, in particular the poor…"


def test_a_short_text_is_kept_whole():
    assert short_target_text("Provide legal identity for all.") == "Provide legal identity for all"


def test_a_cut_text_never_ends_on_a_comma_or_a_small_word():
    short = short_target_text("Reduce the transaction costs of migrant remittances")
    assert short == "Reduce the transaction costs of migrant remittances"
    short = short_target_text(
        "Reduce to less than 3 per cent the transaction costs of migrant remittances and more"
    )
    assert short == "Reduce to less than 3 per cent the transaction costs…"


def test_a_target_has_a_short_and_a_full_label(reference_data):
    target = SDGTarget.objects.get(code="10.7")
    assert target.label == "10.7 — Facilitate orderly, safe, regular and responsible migration…"
    assert target.full_label == f"10.7 — {target.text}"


@pytest.mark.django_db
def test_every_label_is_short(reference_data):
    assert max(len(target.short_text) for target in SDGTarget.objects.all()) <= 61
