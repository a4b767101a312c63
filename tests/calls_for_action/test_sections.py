"""The call form as a task list: section statuses, saves that never change the review state,
check your answers, a submission that is its own action, and who may open the pages.

Ghana's focal points own the calls; Kenya's focal point is the outsider.
"""

import datetime
import re

import pytest

from calls_for_action import sections, services
from calls_for_action.forms import CallForm
from calls_for_action.models import CallForAction
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country
from tests.calls_for_action import cast

ALL = ["about", "sought", "frameworks", "practices", "deadline"]


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def statuses(call):
    return {task["key"]: task["status"] for task in sections.task_list(call)}


def squeeze(html):
    return re.sub(r"\s+", " ", html)


def title_only(owner):
    return services.call_create(
        actor=owner, fields={"title": "Half done", "kind": "seeking-funding"}
    )


# --- statuses --------------------------------------------------------------------------------


def test_a_draft_with_a_title_only_has_one_section_in_progress(owner):
    """The title and kind start "About the call"; nothing else is started."""
    assert statuses(title_only(owner)) == {
        "about": "in_progress",
        "sought": "not_started",
        "frameworks": "not_started",
        "practices": "not_started",
        "deadline": "not_started",
    }


def test_a_section_is_completed_when_it_holds_what_submitting_needs_from_it(owner):
    assert statuses(cast.draft_call(owner)) == {
        "about": "completed",
        "sought": "completed",
        "frameworks": "completed",
        "practices": "not_started",
        "deadline": "completed",
    }


def test_a_passed_deadline_leaves_its_section_in_progress_and_says_why(owner):
    call = cast.draft_call(owner)
    CallForAction.objects.filter(pk=call.pk).update(deadline=cast.in_days(-1))
    call.refresh_from_db()
    assert statuses(call)["deadline"] == "in_progress"
    hints = {task["key"]: task["hint"] for task in sections.task_list(call)}
    assert (
        hints["deadline"] == "Needed to submit: a deadline today or later: the one given has passed"
    )


def test_optional_sections_are_completed_once_answered(owner):
    call = cast.draft_call(owner, thematic_areas=[], sdg_targets=[], partner_types=[], countries=[])
    assert statuses(call)["frameworks"] == "not_started"
    call = cast.draft_call(
        owner,
        title="Other",
        thematic_areas=[],
        sdg_targets=[],
        countries=list(Country.objects.filter(code="KE")),
    )
    assert statuses(call)["frameworks"] == "completed"


def test_every_form_field_is_in_exactly_one_section(reference_data):
    """No field of the call form is left out of the task list, or asked twice."""
    names = [name for section in sections.SECTIONS for name in section.fields]
    assert sorted(names) == sorted(set(CallForm().fields) - {"expected_version"})


# --- the task list and the section pages --------------------------------------------------------


def test_the_task_list_links_every_section_with_its_status(signed_in, owner):
    call = cast.draft_call(owner)
    body = squeeze(signed_in.get(f"/my/calls/{call.pk}/").content.decode())
    assert "You have completed 4 of 5 sections." in body
    for key in ALL:
        assert f'href="{cast.section_url(call, key)}"' in body
    assert 'id="task-about-status">Completed</strong>' in body
    assert 'id="task-practices-status">Not started</strong>' in body
    assert f'href="/my/calls/{call.pk}/check/">Check your answers</a>' in body
    # Nothing on the task list submits.
    assert "/submit/" not in body


def test_a_new_call_starts_with_its_first_section(signed_in):
    body = signed_in.get("/my/calls/new/").content.decode()
    assert "<h1>New call for action</h1>" in body
    assert 'name="title"' in body and 'name="kind"' in body and 'name="description"' in body
    assert 'name="sought"' not in body and 'name="deadline_0"' not in body
    assert "/submit/" not in body


def test_a_section_saved_goes_back_to_the_task_list_with_its_new_status(signed_in, owner):
    call = title_only(owner)
    response = cast.save_section(signed_in, call, "sought", sought="Trainers.", partner_types=[])
    assert response.url == f"/my/calls/{call.pk}/"
    body = squeeze(signed_in.get(response.url).content.decode())
    assert "“What is sought” saved." in body
    assert 'id="task-sought-status">Completed</strong>' in body


def test_save_and_preview_opens_the_preview(signed_in, owner):
    call = cast.draft_call(owner)
    response = cast.save_section(signed_in, call, "about", then="preview")
    assert response.url == f"/my/calls/{call.pk}/preview/"


def test_a_section_save_leaves_the_other_sections_alone(signed_in, owner):
    """Saving one page never empties what the other pages hold."""
    call = cast.draft_call(owner)
    cast.save_section(signed_in, call, "about", title="Renamed")
    call.refresh_from_db()
    assert call.title == "Renamed"
    assert call.sought == "Trainers and funding."
    assert call.deadline == cast.in_days(30)
    assert [str(c.code) for c in call.countries.all()] == ["GH"]
    assert [t.code for t in call.sdg_targets.all()] == ["10.c"]


@pytest.mark.parametrize("then", ["tasks", "preview", "submit"])
def test_a_section_save_never_changes_the_review_state(signed_in, owner, then):
    """Even a complete draft stays a draft, whatever button is claimed to be pressed."""
    call = cast.draft_call(owner)
    response = cast.save_section(signed_in, call, "deadline", then=then)
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.review_state == ReviewState.DRAFT
    assert not workflow.history_of(call).filter(action="submit").exists()


def test_a_returned_call_goes_back_to_its_task_list_with_the_comment(signed_in, owner, moderator):
    call = services.call_submit(call=cast.draft_call(owner), actor=owner)
    workflow.perform(item=call, action_name="return", actor=moderator, comment="Say who trains.")
    body = squeeze(signed_in.get(f"/my/calls/{call.pk}/").content.decode())
    assert "Comment from the moderators" in body and "Say who trains." in body
    assert f'href="{cast.section_url(call, "sought")}"' in body
    # A save keeps it returned; the resubmission is its own action.
    cast.save_section(signed_in, call, "sought", sought="Trainers from Accra.")
    call.refresh_from_db()
    assert (call.review_state, call.sought) == (ReviewState.RETURNED, "Trainers from Accra.")
    response = signed_in.post(f"/my/calls/{call.pk}/submit/")
    assert response.url == f"/my/calls/{call.pk}/submitted/"
    call.refresh_from_db()
    assert call.review_state == ReviewState.SUBMITTED


def test_an_unknown_section_is_not_found(signed_in, owner):
    call = cast.draft_call(owner)
    assert signed_in.get(cast.section_url(call, "nonsense")).status_code == 404


def test_a_locked_section_page_shows_no_form_and_refuses_a_save(signed_in, owner):
    call = services.call_submit(call=cast.draft_call(owner), actor=owner)
    body = signed_in.get(cast.section_url(call, "about")).content.decode()
    assert "Locked: awaiting review." in body
    assert 'name="expected_version"' not in body
    response = cast.save_section(signed_in, call, "about", title="Sneaked in")
    assert response.status_code == 409
    call.refresh_from_db()
    assert call.title != "Sneaked in"


def test_a_stale_save_is_refused_and_keeps_the_text(signed_in, owner, colleague):
    call = cast.draft_call(owner)
    old_version = call.version
    services.call_save(
        call=call, actor=colleague, expected_version=old_version, fields={"title": "Theirs"}
    )
    response = signed_in.post(
        cast.section_url(call, "about"),
        {**cast.section_data("about", title="Mine"), "expected_version": old_version},
    )
    assert response.status_code == 409
    assert "someone else saved this call meanwhile" in response.content.decode()
    assert 'value="Mine"' in response.content.decode()
    call.refresh_from_db()
    assert call.title == "Theirs"


# --- check your answers and the submission ------------------------------------------------------


def test_check_answers_shows_every_answer_with_a_change_link(signed_in, owner):
    call = cast.draft_call(owner, deadline=datetime.date(2099, 3, 31))
    body = squeeze(signed_in.get(f"/my/calls/{call.pk}/check/").content.decode())
    assert "<h1>Check your answers before you submit</h1>" in body
    assert "Partners for a diaspora skills programme" in body
    assert "Seeking partners" in body
    assert "Ghana **seeks** partners." in body  # as typed, not rendered
    assert "Trainers and funding." in body
    assert "<li>Ghana</li>" in body and "10.c" in body
    assert "31 Mar 2099" in body
    assert (
        f'<a href="{cast.section_url(call, "deadline")}#id_deadline_0">Change'
        '<span class="visually-hidden"> deadline' in body
    )
    assert f'<a href="{cast.section_url(call, "about")}#id_kind_0">Change' in body
    assert f'action="/my/calls/{call.pk}/submit/"' in body
    assert "Before you can submit" not in body
    assert "data-error-summary" not in body


def test_check_answers_names_what_is_missing_before_any_attempt(signed_in, owner):
    """Without an error: a notice lists what is still needed, linked to its section."""
    call = title_only(owner)
    body = signed_in.get(f"/my/calls/{call.pk}/check/").content.decode()
    assert "Before you can submit" in body
    assert f'href="{cast.section_url(call, "about")}#id_description"' in body
    assert f'href="{cast.section_url(call, "deadline")}#id_deadline_0">a deadline</a>' in body
    assert "data-error-summary" not in body


def test_missing_answers_block_the_submission_with_a_summary_linked_to_the_sections(
    signed_in, owner
):
    call = title_only(owner)
    response = signed_in.post(f"/my/calls/{call.pk}/submit/", follow=True)
    assert response.redirect_chain == [(f"/my/calls/{call.pk}/check/?refused=incomplete", 302)]
    body = response.content.decode()
    assert "data-error-summary" in body
    assert "Not submitted: the call needs a few more things" in body
    for key, anchor, message in [
        ("about", "id_description", "a description of the call"),
        ("sought", "id_sought", "what your government seeks"),
        ("deadline", "id_deadline_0", "a deadline"),
    ]:
        assert f'<a href="{cast.section_url(call, key)}#{anchor}">{message}</a>' in body
    call.refresh_from_db()
    assert call.review_state == ReviewState.DRAFT


def test_the_submission_saves_nothing_posted_with_it(signed_in, owner):
    """Submit is its own action: fields posted to it are ignored."""
    call = cast.draft_call(owner)
    signed_in.post(f"/my/calls/{call.pk}/submit/", {"title": "Forged", "sought": ""})
    call.refresh_from_db()
    assert call.review_state == ReviewState.SUBMITTED
    assert call.title == "Partners for a diaspora skills programme"


def test_the_submission_is_refused_on_get(signed_in, owner):
    call = cast.draft_call(owner)
    assert signed_in.get(f"/my/calls/{call.pk}/submit/").status_code == 405
    call.refresh_from_db()
    assert call.review_state == ReviewState.DRAFT


def test_the_confirmation_says_what_happens_next(signed_in, owner):
    call = cast.draft_call(owner)
    response = signed_in.post(f"/my/calls/{call.pk}/submit/", follow=True)
    body = squeeze(response.content.decode())
    assert "<h1>Call submitted for review</h1>" in body
    assert "What happens next" in body
    assert "A review usually takes up to 10 working days." in body
    assert owner.email in body
    assert "return it to you with a comment" in body


def test_the_confirmation_of_a_call_not_under_review_leads_to_its_task_list(signed_in, owner):
    call = cast.draft_call(owner)
    response = signed_in.get(f"/my/calls/{call.pk}/submitted/")
    assert response.url == f"/my/calls/{call.pk}/"


def test_check_answers_of_a_submitted_call_offers_no_change(signed_in, owner):
    call = services.call_submit(call=cast.draft_call(owner), actor=owner)
    body = signed_in.get(f"/my/calls/{call.pk}/check/").content.decode()
    assert "<h1>Your answers</h1>" in body
    assert ">Change<span" not in body
    assert "/submit/" not in body


# --- who may open the pages ---------------------------------------------------------------------


@pytest.mark.parametrize("page", ["section/about/", "section/deadline/", "check/", "submitted/"])
def test_another_government_cannot_open_a_calls_pages(
    client, owner, other_government, partner, page
):
    call = cast.draft_call(owner)
    url = f"/my/calls/{call.pk}/{page}"
    client.force_login(other_government)
    assert client.get(url).status_code == 404
    client.force_login(partner)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_forged_section_save_by_another_government_changes_nothing(
    client, owner, other_government
):
    call = cast.draft_call(owner)
    client.force_login(other_government)
    response = client.post(
        cast.section_url(call, "about"),
        {**cast.section_data("about", title="Forged"), "expected_version": call.version},
    )
    assert response.status_code == 404
    call.refresh_from_db()
    assert (call.title, call.version) == ("Partners for a diaspora skills programme", 1)


def test_a_forged_submission_of_another_governments_call_changes_nothing(
    client, owner, other_government, partner
):
    call = cast.draft_call(owner)
    client.force_login(other_government)
    assert client.post(f"/my/calls/{call.pk}/submit/").status_code == 404
    client.force_login(partner)
    assert client.post(f"/my/calls/{call.pk}/submit/").status_code == 403
    call.refresh_from_db()
    assert call.review_state == ReviewState.DRAFT
    assert not workflow.history_of(call).exists()
