"""The call form's and the offer form's pages: one error summary that links to the fields,
inline errors, no browser bubbles, and nothing typed is lost."""

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
    assert not Offer.objects.exists()


def test_the_call_form_shows_the_error_summary_and_keeps_the_text(client, owner):
    client.force_login(owner)
    data = cast.call_form_data(title="", description="Kept text", deadline_1="")
    response = client.post("/my/calls/new/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in html
    assert '<a href="#id_title">Title: Enter the title of the call.</a>' in html
    assert '<a href="#id_deadline_0">Deadline: The deadline must include a month.</a>' in html
    assert 'id="id_deadline_error"' in html
    assert "Kept text" in html
    assert not CallForAction.objects.exists()


def test_the_call_form_filters_its_long_lists(client, owner):
    """The SDG targets come grouped by goal with their text, and every long list (targets,
    GCM objectives, practices, countries) has its filter box, as on the practice form."""
    client.force_login(owner)
    html = client.get("/my/calls/new/").content.decode()
    for list_id in ["id_sdg_targets", "id_gcm_objectives", "id_related_practices", "id_countries"]:
        assert f'data-picker-for="{list_id}-options"' in html
    assert '<fieldset class="target-goal" data-filter-group>' in html
    assert "<strong>10.7</strong> Facilitate orderly" in html
    assert "Filter the countries" in html
    assert "js/workspace" in html


def test_the_call_form_saves_what_it_shows(client, owner):
    """The grouped targets and the date input save into the call."""
    client.force_login(owner)
    data = cast.call_form_data(sdg_targets=[cast.SDGTarget.objects.get(code="10.7").pk])
    assert client.post("/my/calls/new/", data).status_code == 302
    call = CallForAction.objects.get()
    assert call.deadline == cast.in_days(30)
    assert [t.code for t in call.sdg_targets.all()] == ["10.7"]
