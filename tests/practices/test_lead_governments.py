"""Lead governments: only states with a government (UN members and observers) may lead a
practice, and a new practice starts led by the focal point's own government."""

import re

import pytest

from pfp.taxonomy.models import Country
from practices.forms import PracticeForm
from practices.models import Practice
from tests.moderation import fixtures
from tests.practices import workspace_cast as cast

# The shared cast of the review tests.
ghana, owner, moderator = fixtures.ghana, fixtures.owner, fixtures.moderator


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def lead_codes(form):
    return {str(country.code) for country in form.fields["lead_countries"].queryset}


def checked_leads(body):
    checkbox = r'<input type="checkbox" name="lead_countries" value="(\d+)"[^>]* checked'
    return re.findall(checkbox, body)


def pk_of(code):
    return str(Country.objects.get(code=code).pk)


def test_only_states_may_lead(reference_data):
    codes = lead_codes(PracticeForm())
    assert {"GH", "KE", "PH"} <= codes
    assert not {"AQ", "AI", "PR", "GL"} & codes  # Antarctica, Anguilla, Puerto Rico, Greenland
    assert len(codes) == 195  # the 193 UN members and the two observer states


def test_the_observer_states_may_lead(reference_data):
    assert {"VA", "PS"} <= lead_codes(PracticeForm())
    assert set(Country.objects.filter(un_observer=True).values_list("code", flat=True)) == {
        "VA",
        "PS",
    }


def test_any_country_may_be_involved(reference_data):
    other = {str(c.code) for c in PracticeForm().fields["other_countries"].queryset}
    assert {"AQ", "AI", "GH"} <= other


def new_draft(owner, **overrides):
    """A draft whose "where" section is not started yet: no leads, no partners."""
    return cast.draft(owner, lead_countries=[], **overrides)


def where_page(client, practice):
    return client.get(cast.section_url(practice, "where")).content.decode()


def leads_of(practice):
    return sorted(str(c.code) for c in practice.lead_countries.all())


def test_a_forged_lead_that_is_not_a_state_is_refused(signed_in, owner):
    practice = new_draft(owner)
    response = cast.save_section(
        signed_in,
        practice,
        "where",
        lead_countries=[pk_of("GH"), pk_of("AI")],
        geographic_scope="bilateral",
    )
    assert response.status_code == 200
    practice.refresh_from_db()
    assert leads_of(practice) == []
    assert practice.geographic_scope == ""
    body = response.content.decode()
    assert "only states with a government may lead a practice" in body
    # The picker's text box says so too.
    described = 'aria-describedby="id_lead_countries-options-keys id_lead_countries_error"'
    assert f'{described} aria-invalid="true"' in body
    # What was chosen is kept.
    assert re.search(r'<option value="bilateral"[^>]* selected', body)


def test_a_new_practice_starts_led_by_the_own_government(signed_in, owner):
    practice = new_draft(owner)
    assert checked_leads(where_page(signed_in, practice)) == [pk_of("GH")]


def test_the_own_government_can_be_taken_off(signed_in, owner):
    practice = new_draft(owner)
    response = cast.save_section(signed_in, practice, "where", lead_countries=[pk_of("KE")])
    assert response.status_code == 302
    practice.refresh_from_db()
    assert leads_of(practice) == ["KE"]
    # Once the section is saved, the own government is not offered again.
    assert checked_leads(where_page(signed_in, practice)) == [pk_of("KE")]


def test_the_own_government_is_not_added_back_to_a_section_saved_without_leads(signed_in, owner):
    practice = new_draft(owner)
    response = cast.save_section(
        signed_in, practice, "where", lead_countries=None, geographic_scope="regional"
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert leads_of(practice) == []
    assert checked_leads(where_page(signed_in, practice)) == []


def test_a_saved_practice_keeps_its_own_leads(signed_in, owner):
    practice = cast.draft(owner, lead_countries=list(Country.objects.filter(code="KE")))
    assert checked_leads(where_page(signed_in, practice)) == [pk_of("KE")]


def test_a_proposed_update_does_not_add_the_own_government(signed_in, owner, moderator):
    """An update of a record led by other governments keeps its leads as they are."""
    leads = list(Country.objects.filter(code__in=["MA", "TN"]))
    published = cast.published(owner, moderator, lead_countries=leads)
    response = signed_in.post(f"/my/practices/{published.pk}/propose-update/", follow=True)
    update = Practice.objects.get(update_of=published)
    assert response.redirect_chain[-1][0] == f"/my/practices/{update.pk}/"
    body = where_page(signed_in, update)
    assert sorted(checked_leads(body)) == sorted([pk_of("MA"), pk_of("TN")])


def test_a_lead_a_record_already_has_stays_offered(signed_in, owner):
    """A record led by a territory before the rule came keeps it, and can be saved."""
    practice = cast.draft(owner, lead_countries=list(Country.objects.filter(code="PR")))
    form = PracticeForm(instance=practice)
    assert "PR" in lead_codes(form)
    assert "AI" not in lead_codes(form)
    assert checked_leads(where_page(signed_in, practice)) == [pk_of("PR")]
    response = cast.save_section(signed_in, practice, "where", geographic_scope="global")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.geographic_scope == "global"
    assert leads_of(practice) == ["PR"]


def test_a_database_loaded_before_gets_its_observer_states_from_the_migration(reference_data):
    from importlib import import_module

    from django.apps import apps

    Country.objects.update(un_observer=False)
    migration = import_module("pfp.taxonomy.migrations.0005_un_observer_states")
    migration.mark_observer_states(apps, None)
    marked = Country.objects.filter(un_observer=True).values_list("code", flat=True)
    assert sorted(str(code) for code in marked) == ["PS", "VA"]
