"""The call form's and the offer form's pages: one error summary that links to the fields,
inline errors, no browser bubbles, and nothing typed is lost."""

import re

from calls_for_action.models import CallForAction, Offer
from tests.calls_for_action import cast


def test_the_offer_form_shows_the_error_summary_and_keeps_the_text(client, call, partner):
    client.force_login(partner)
    response = client.post(
        f"/calls/{call.slug}/offer/", cast.offer_fields(kind="", contact_email="not-an-address")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html
    assert (
        '<a href="#id_kind_0">Kind of offer: Select the kind of offer your organization '
        "makes.</a>" in html
    )
    assert '<a href="#id_contact_email">Email address: Enter an email address' in html
    assert 'id="id_kind_error"' in html and 'id="id_contact_email_error"' in html
    assert "We run training centres in Accra." in html
    assert "novalidate" in html
    assert not re.search(r"<(input|textarea)[^>]* required", html)  # no browser bubbles
    assert not Offer.objects.exists()


def test_the_call_form_shows_the_error_summary_and_keeps_the_text(client, owner):
    """On the first section (which creates the draft) as on a later one: the summary links to
    the fields, the errors are inline, what was typed is kept and nothing is saved."""
    client.force_login(owner)
    data = cast.section_data("about", title="", description="Kept text")
    response = client.post("/my/calls/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html
    assert '<a href="#id_title">Title: Enter the title of the call.</a>' in html
    assert 'id="id_title_error"' in html
    assert "Kept text" in html
    assert "novalidate" in html
    assert not re.search(r"<(input|textarea)[^>]* required", html)  # no browser bubbles
    assert not CallForAction.objects.exists()

    call = cast.draft_call(owner, title="A draft", deadline=None)
    response = cast.save_section(client, call, "deadline", deadline_0="31", deadline_1="")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_deadline_0">Deadline: The deadline must include a month.</a>' in html
    assert 'id="id_deadline_error"' in html
    assert 'value="31"' in html
    call.refresh_from_db()
    assert call.deadline is None


def test_the_call_form_filters_its_long_lists(client, owner):
    """The SDG targets come grouped by goal with their text, and every long list (targets,
    GCM objectives, practices, countries) has its filter box, as on the practice form."""
    client.force_login(owner)
    call = cast.draft_call(owner)
    html = client.get(cast.section_url(call, "frameworks")).content.decode()
    for list_id in ["id_sdg_targets", "id_gcm_objectives", "id_countries"]:
        assert f'data-picker-for="{list_id}-options"' in html
    assert '<fieldset class="target-goal" data-filter-group>' in html
    assert "<strong>10.7</strong> Facilitate orderly" in html
    assert "Filter the countries" in html
    assert "js/workspace" in html
    html = client.get(cast.section_url(call, "practices")).content.decode()
    assert 'data-picker-for="id_related_practices-options"' in html
    assert "js/workspace" in html


def test_the_call_form_saves_what_it_shows(client, owner):
    """The grouped targets and the date input save into the call."""
    client.force_login(owner)
    call = cast.draft_call(owner, deadline=None, sdg_targets=[])
    target = cast.SDGTarget.objects.get(code="10.7")
    assert cast.save_section(client, call, "frameworks", sdg_targets=[target.pk]).status_code == 302
    assert cast.save_section(client, call, "deadline").status_code == 302
    call.refresh_from_db()
    assert call.deadline == cast.in_days(30)
    assert [t.code for t in call.sdg_targets.all()] == ["10.7"]
