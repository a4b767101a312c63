"""The practice form as a task list: section statuses, check your answers, and the contact.

Ghana's focal points own the practices; Kenya is the other government.
"""

import re

import pytest
from django.urls import reverse

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country
from practices import sections, services
from practices.forms import practice_forms
from tests.practices import workspace_cast as cast

ALL = ["about", "story", "where", "frameworks", "resources", "contact"]


# `owner` (Ghana's focal point) and `moderator` come from the shared cast (conftest.py).
@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def statuses(practice):
    return {task["key"]: task["status"] for task in sections.task_list(practice)}


def squeeze(html):
    return re.sub(r"\s+", " ", html)


# --- statuses --------------------------------------------------------------------------------


def test_a_title_only_draft_has_one_section_in_progress(owner):
    """The title starts "About the practice"; nothing else is started."""
    practice = services.practice_create(actor=owner, fields={"title": "Half done"})
    assert statuses(practice) == {
        "about": "in_progress",
        "story": "not_started",
        "where": "not_started",
        "frameworks": "not_started",
        "resources": "not_started",
        "contact": "not_started",
    }


def test_a_section_is_completed_when_it_holds_what_submitting_needs_from_it(owner):
    practice = cast.draft(owner)
    assert statuses(practice) == {
        "about": "completed",
        "story": "completed",
        "where": "completed",
        "frameworks": "completed",
        "resources": "not_started",
        "contact": "not_started",
    }


def test_a_section_with_some_answers_but_not_the_needed_ones_is_in_progress(owner):
    practice = cast.draft(
        owner,
        lead_countries=[],
        other_countries=list(Country.objects.filter(code="KE")),
        sdg_targets=[],
    )
    result = statuses(practice)
    assert result["where"] == "in_progress"
    assert result["frameworks"] == "in_progress"
    hints = {task["key"]: task["hint"] for task in sections.task_list(practice)}
    assert hints["frameworks"] == "Needed to submit: at least one SDG target"


def test_sections_without_requirements_are_completed_once_answered(owner):
    practice = cast.draft(
        owner, keywords=["diaspora"], contact_name="Ama Owusu", contact_email="ama@gh.example.org"
    )
    result = statuses(practice)
    assert (result["resources"], result["contact"]) == ("completed", "completed")


def test_defaults_do_not_count_as_answers(owner):
    """The type and the language every new practice starts with are not answers yet."""
    practice = services.practice_create(
        actor=owner, fields={"title": "x", "practice_type": "programme", "language": "en"}
    )
    practice.title = ""
    assert sections.section_status(practice, sections.BY_KEY["about"], []) == "not_started"


def test_every_form_field_is_in_exactly_one_section(reference_data):
    """No field of the practice form is left out of the task list, or asked twice."""
    names = [name for section in sections.SECTIONS for name in section.fields]
    form_fields = set(practice_forms()["form"].fields) - {"expected_version"}
    assert sorted(names) == sorted(form_fields)


# --- the task list ------------------------------------------------------------------------------


def test_the_task_list_links_every_section_with_its_status(signed_in, owner):
    practice = cast.draft(owner)
    body = squeeze(signed_in.get(f"/my/practices/{practice.pk}/").content.decode())
    assert "You have completed 4 of 6 sections." in body
    for key in ALL:
        assert f'href="{cast.section_url(practice, key)}"' in body
    assert 'id="task-about-status">Completed</strong>' in body
    assert 'id="task-contact-status">Not started</strong>' in body
    assert f'href="/my/practices/{practice.pk}/check/">Check your answers</a>' in body
    assert "<form" not in body.split('class="task-list"')[1].split("</ul>")[0]


def test_a_section_saved_goes_back_to_the_task_list_with_its_new_status(signed_in, owner):
    practice = services.practice_create(actor=owner, fields={"title": "Half done"})
    response = cast.save_section(signed_in, practice, "story", description="What it is.")
    assert response.url == f"/my/practices/{practice.pk}/"
    body = squeeze(signed_in.get(response.url).content.decode())
    assert "“What it did” saved." in body
    assert 'id="task-story-status">Completed</strong>' in body


def test_a_section_save_leaves_the_other_sections_alone(signed_in, owner):
    """Saving one page never empties what the other pages hold."""
    practice = cast.draft(owner, objectives="Kept.", keywords=["kept"])
    cast.save_section(signed_in, practice, "about", title="Renamed")
    practice.refresh_from_db()
    assert practice.title == "Renamed"
    assert practice.objectives == "Kept."
    assert list(practice.keywords.names()) == ["kept"]
    assert [str(c.code) for c in practice.lead_countries.all()] == ["GH"]


# --- check your answers ---------------------------------------------------------------------------


def test_check_answers_shows_every_answer_with_a_change_link(signed_in, owner):
    practice = cast.draft(owner, objectives="Grow *local* businesses.")
    body = squeeze(signed_in.get(f"/my/practices/{practice.pk}/check/").content.decode())
    assert "<h1>Check your answers before you submit</h1>" in body
    assert "Diaspora investment fund" in body
    assert "Grow *local* businesses." in body
    assert "<li>Ghana</li>" in body
    assert "10.c" in body
    story = cast.section_url(practice, "story")
    assert (
        f'<a href="{story}#id_objectives">Change<span class="visually-hidden"> objectives' in body
    )
    assert f'action="/my/practices/{practice.pk}/submit/"' in body
    assert "Before you can submit" not in body
    assert "data-error-summary" not in body


def test_check_answers_names_what_is_missing_before_any_attempt(signed_in, owner):
    """Without an error: a notice lists what is still needed, linked to its section."""
    practice = services.practice_create(actor=owner, fields={"title": "Half done"})
    body = signed_in.get(f"/my/practices/{practice.pk}/check/").content.decode()
    assert "Before you can submit" in body
    assert f'href="{cast.section_url(practice, "story")}#id_description"' in body
    assert "data-error-summary" not in body


def test_check_answers_of_a_submitted_practice_offers_no_change(signed_in, owner):
    practice = cast.submitted(owner)
    body = signed_in.get(f"/my/practices/{practice.pk}/check/").content.decode()
    assert "<h1>Your answers</h1>" in body
    assert ">Change<span" not in body
    assert "/submit/" not in body


def test_a_locked_section_page_shows_no_form(signed_in, owner):
    practice = cast.submitted(owner)
    body = signed_in.get(cast.section_url(practice, "about")).content.decode()
    assert "Locked: awaiting review." in body
    assert 'name="expected_version"' not in body


# --- the contact ----------------------------------------------------------------------------


def test_the_contact_is_saved_and_not_published_by_default(signed_in, owner):
    practice = cast.draft(owner)
    body = signed_in.get(cast.section_url(practice, "contact")).content.decode()
    assert 'name="contact_public"' in body
    assert 'name="contact_public" checked' not in body
    response = cast.save_section(
        signed_in,
        practice,
        "contact",
        contact_name="Ama Owusu",
        contact_role="Programme manager",
        contact_email="ama@gh.example.org",
    )
    assert response.status_code == 302
    practice.refresh_from_db()
    assert (practice.contact_name, practice.contact_role, practice.contact_email) == (
        "Ama Owusu",
        "Programme manager",
        "ama@gh.example.org",
    )
    assert practice.contact_public is False


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        ({"contact_role": "Manager"}, "contact_name", "Give the contact&#x27;s name."),
        (
            {"contact_name": "Ama", "contact_public": "on"},
            "contact_email",
            "Give the contact&#x27;s email address, or do not publish the contact.",
        ),
        ({"contact_name": "Ama", "contact_email": "not an address"}, "contact_email", "valid"),
    ],
)
def test_an_incomplete_contact_is_refused_with_the_reason(signed_in, owner, posted, field, message):
    practice = cast.draft(owner)
    response = cast.save_section(signed_in, practice, "contact", **posted)
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="#id_{field}">' in body
    assert message in body
    practice.refresh_from_db()
    assert practice.contact_name == ""


def test_the_public_page_shows_the_contact_only_when_chosen(client, owner, moderator):
    hidden = cast.published(
        owner, moderator, title="Hidden contact", contact_name="Ama", contact_email="a@gh.org"
    )
    shown = cast.published(
        owner,
        moderator,
        title="Shown contact",
        contact_name="Kofi Boateng",
        contact_role="Programme manager",
        contact_email="kofi@gh.example.org",
        contact_public=True,
    )
    body = client.get(hidden.get_absolute_url()).content.decode()
    assert 'id="contact-heading"' not in body
    assert "a@gh.org" not in body
    body = client.get(shown.get_absolute_url()).content.decode()
    assert '<h2 id="contact-heading">Contact</h2>' in body
    assert "Kofi Boateng" in body and "Programme manager" in body
    assert '<a href="mailto:kofi@gh.example.org">kofi@gh.example.org</a>' in body


def test_a_chosen_contact_is_not_public_before_publication(client, owner):
    practice = cast.submitted(owner, contact_name="Kofi", contact_public=True)
    assert client.get(practice.get_absolute_url()).status_code == 404


def test_a_proposed_update_carries_the_contact_and_publishes_its_change(client, owner, moderator):
    practice = cast.published(owner, moderator, contact_name="Ama", contact_email="a@gh.org")
    update = services.practice_propose_update(practice=practice, actor=owner)
    assert (update.contact_name, update.contact_public) == ("Ama", False)
    services.practice_save(
        practice=update,
        actor=owner,
        expected_version=update.version,
        fields={"contact_public": True},
    )
    assert "a@gh.org" not in client.get(practice.get_absolute_url()).content.decode()
    update = services.practice_submit(practice=update, actor=owner)
    workflow.perform(item=update, action_name="publish", actor=moderator)
    assert "a@gh.org" in client.get(practice.get_absolute_url()).content.decode()


def test_moderators_see_and_edit_the_contact_in_the_admin(client, owner, moderator, settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    practice = cast.submitted(owner, contact_name="Ama Owusu")
    client.force_login(moderator)
    body = client.get(reverse("admin:practices_practice_change", args=[practice.pk])).content
    for name in ["contact_name", "contact_role", "contact_email", "contact_public"]:
        assert f'name="{name}"'.encode() in body
    assert b"Ama Owusu" in body


def test_a_published_practice_keeps_its_state_when_its_sections_are_opened(
    signed_in, owner, moderator
):
    practice = cast.published(owner, moderator)
    for key in ALL:
        assert signed_in.get(cast.section_url(practice, key)).status_code == 200
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.PUBLISHED
