"""The call form and the call page name SDG targets by their code and text."""

from pfp.taxonomy.models import SDGTarget
from tests.calls_for_action import cast

LABEL = "10.c — Reduce to less than 3 per cent the transaction costs…"


def test_the_call_page_shows_the_target_with_its_text(client, call):
    target = SDGTarget.objects.get(code="10.c")
    body = client.get(call.get_absolute_url()).content.decode()
    assert f'<a href="/sdgs/targets/10.c/" title="{target.text}">{LABEL}</a>' in body


def test_the_call_form_offers_each_target_with_its_whole_text(client, owner):
    target = SDGTarget.objects.get(code="10.7")
    client.force_login(owner)
    call = cast.draft_call(owner)
    body = client.get(cast.section_url(call, "frameworks")).content.decode()
    assert f"<strong>10.7</strong> {target.text}" in body
    # The chip of the picker shows the short label.
    assert f'data-chip="{target.label}"' in body
    assert 'data-picker-for="id_sdg_targets-options"' in body
    # The same picker as the practice form's, with its own label.
    assert 'for="id_sdg_targets-options-filter">Filter the SDG targets' in body
