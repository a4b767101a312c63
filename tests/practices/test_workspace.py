"""The focal points' workspace: drafting, previewing, submitting, withdrawing and updating.

Ghana's focal points own the practices; a moderator decides. Data is made through the same
write paths the pages use (practices.services, the review workflow).
"""

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from pfp.taxonomy.models import Country, Roundtable, SDGTarget, ThematicArea
from practices import services
from practices.models import Practice
from tests.practices import workspace_cast as cast


@pytest.fixture
def ghana(reference_data):
    return cast.government("GH")


@pytest.fixture
def owner(ghana):
    return cast.focal_point(ghana, "owner@gh.example.org", first_name="Ama", last_name="Owusu")


@pytest.fixture
def colleague(ghana):
    return cast.focal_point(
        ghana, "colleague@gh.example.org", first_name="Kofi", last_name="Boateng"
    )


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("moderator@gfmd.example.org")


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def edit_url(practice):
    return f"/my/practices/{practice.pk}/"


section_url = cast.section_url


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (0, 80, 122)).save(buffer, format="PNG")
    return buffer.getvalue()


def main_of(html):
    return html[html.index("<main") : html.index("</main>")]


def squeeze(html):
    return re.sub(r"\s+", " ", html)


# --- creating and editing ------------------------------------------------------------------


def test_it_saves_a_draft_with_a_title_only(signed_in, owner, ghana):
    """An incomplete draft is saved: only the title is needed."""
    response = signed_in.post("/my/practices/new/", cast.form_data(title="Seasonal workers"))

    practice = Practice.objects.get(title="Seasonal workers")
    assert response.status_code == 302
    assert response.url == edit_url(practice)
    assert practice.review_state == ReviewState.DRAFT
    assert practice.government == ghana
    assert practice.created_by == owner
    assert practice.slug == "seasonal-workers"


def test_it_refuses_a_draft_without_a_title(signed_in):
    """Without a title nothing is saved, and the page says what is missing the GOV.UK way: the
    one error summary, linked to the field, and the field marked, with no browser bubble."""
    response = signed_in.post(
        "/my/practices/new/", cast.form_data(title="", summary="Kept on screen")
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Not saved: there is a problem" in body
    assert 'data-error-summary tabindex="-1"' in body
    assert '<a href="#id_title">Title: This field is required.</a>' in body
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_title_helptext id_title_error"' in body
    assert 'id="id_title_error"' in body
    assert "novalidate" in body
    assert " required " not in body and " required>" not in body
    assert "Kept on screen" in body
    assert not Practice.objects.exists()


def test_it_sets_the_government_on_the_server(signed_in, ghana, reference_data):
    """A government posted in the form is ignored: the practice is the author's government's."""
    kenya = cast.government("KE")
    data = cast.form_data(title="Mine", government=str(kenya.pk), government_id=str(kenya.pk))
    signed_in.post("/my/practices/new/", data)
    assert Practice.objects.get(title="Mine").government == ghana


def test_a_new_practice_starts_with_its_first_section(signed_in):
    """The new-practice page asks only what "About the practice" holds."""
    body = signed_in.get("/my/practices/new/").content.decode()
    assert body.count("<h1>") == 1
    assert ">About the practice</h2>" in body
    assert 'name="title"' in body and 'name="summary"' in body
    assert 'id="id_description"' not in body
    assert 'name="sdg_targets"' not in body
    assert "---------" not in body
    assert "Choose a status" in body


def test_each_section_is_a_page_of_its_own(signed_in, owner):
    """Each section has its page and its fields only; targets are grouped by goal; long lists
    have a filter box (shown by the script) and work as plain checkboxes without it."""
    practice = cast.draft(owner)
    pages = {
        key: signed_in.get(section_url(practice, key)).content.decode()
        for key in ["about", "story", "where", "frameworks", "resources", "contact"]
    }
    assert ">About the practice</h1>" in pages["about"]
    assert 'id="id_description"' in pages["story"] and 'id="id_title"' not in pages["story"]
    where = pages["where"]
    assert 'class="picker" data-picker-for="id_lead_countries-options" hidden' in where
    assert '<label for="id_lead_countries-options-filter">' in where
    assert "js/workspace.js" in where
    assert "<script>" not in where.replace('<script type="application/ld+json">', "")
    assert 'name="sdg_targets"' not in where
    frameworks = pages["frameworks"]
    assert "<legend>Goal 10. Reduced inequalities</legend>" in frameworks
    assert 'name="roundtables-TOTAL_FORMS"' in frameworks
    assert 'name="links-TOTAL_FORMS"' not in frameworks
    assert 'name="links-TOTAL_FORMS"' in pages["resources"]
    assert 'name="attachments-TOTAL_FORMS"' in pages["resources"]
    assert 'name="contact_public"' in pages["contact"]
    for body in pages.values():
        assert body.count("<h1>") == 1
        assert f'action="/my/practices/{practice.pk}/section/' in body
        assert "/submit/" not in body
        assert "js/workspace.js" in body
        assert "<script>" not in body.replace('<script type="application/ld+json">', "")
    assert signed_in.get(section_url(practice, "nothing")).status_code == 404


def test_it_edits_every_kind_of_field(signed_in, owner):
    """A save changes the text, the relations, roundtables, links and keywords, records who
    changed it in the history, and moves the version on."""
    practice = cast.draft(owner, title="Diaspora fund")
    roundtable = Roundtable.objects.get(identifier="2017-2.1")
    changes = {
        "about": {"title": "Diaspora investment fund", "start_year": "2015", "end_year": "2019"},
        "story": {"objectives": "Grow *local* businesses."},
        "where": {
            "lead_countries": [str(Country.objects.get(code="GH").pk)],
            "other_countries": [str(c.pk) for c in Country.objects.filter(code__in=["KE", "SN"])],
        },
        "frameworks": {
            "gcm_objectives": [],
            "roundtables-0-roundtable": str(roundtable.pk),
            "roundtables-0-presentation": "background_paper",
        },
        "resources": {
            "keywords": "diaspora, investment",
            "links-0-title": "The fund's site",
            "links-0-url": "https://fund.example.gov.gh/",
        },
    }
    for section, fields in changes.items():
        response = cast.save_section(signed_in, practice, section, **fields)
        assert response.status_code == 302
        assert response.url == edit_url(practice)

    practice.refresh_from_db()
    assert practice.title == "Diaspora investment fund"
    assert practice.objectives == "Grow *local* businesses."
    assert (practice.start_year, practice.end_year) == (2015, 2019)
    assert sorted(str(c.code) for c in practice.other_countries.all()) == ["KE", "SN"]
    assert sorted(practice.keywords.names()) == ["diaspora", "investment"]
    link = practice.practiceroundtable_set.get()
    assert (link.roundtable, link.presentation) == (roundtable, "background_paper")
    assert [(x.title, x.url) for x in practice.links.all()] == [
        ("The fund's site", "https://fund.example.gov.gh/")
    ]
    assert practice.version == 1 + len(changes)
    assert practice.slug == "diaspora-investment-fund"
    assert practice.history.first().history_user == owner


def test_it_refuses_an_end_year_before_the_start(signed_in, owner):
    practice = cast.draft(owner)
    response = cast.save_section(signed_in, practice, "about", start_year="2020", end_year="2010")
    assert response.status_code == 200
    assert "The end year is before the start year." in response.content.decode()
    practice.refresh_from_db()
    assert practice.start_year is None


def test_save_and_preview_opens_the_preview(signed_in, owner):
    practice = cast.draft(owner)
    response = cast.save_section(signed_in, practice, "story", then="preview")
    assert response.url == f"/my/practices/{practice.pk}/preview/"


def test_it_attaches_a_document_and_an_image(signed_in, owner):
    """Uploads are checked, stored under random names, their type and size recorded."""
    practice = cast.draft(owner)
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    data = cast.form_data(
        practice,
        section="resources",
        image_alt="Savers at a branch in Kumasi",
        **{"attachments-0-title": "Evaluation 2019"},
    )
    data["attachments-0-file"] = SimpleUploadedFile("evaluation-final.pdf", pdf)
    data["image"] = SimpleUploadedFile("photo of savers.png", png_bytes())
    response = signed_in.post(section_url(practice, "resources"), data)
    assert response.status_code == 302

    practice.refresh_from_db()
    attachment = practice.attachments.get()
    assert attachment.title == "Evaluation 2019"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(pdf)
    assert re.fullmatch(r"practices/attachments/\d{4}/\d{2}/[\w-]{32}\.pdf", attachment.file.name)
    assert re.fullmatch(r"practices/images/\d{4}/\d{2}/[\w-]{32}\.png", practice.image.name)

    # Saved again without touching the uploads: they stay.
    cast.save_section(signed_in, practice, "resources")
    practice.refresh_from_db()
    assert practice.attachments.count() == 1
    assert practice.image


def test_it_refuses_a_disguised_executable_and_saves_nothing(signed_in, owner):
    """A program renamed .pdf is refused with a message; the rest of the edit is not lost:
    it stays on screen."""
    practice = cast.draft(owner)
    data = cast.form_data(
        practice, section="resources", keywords="kept, on screen", **{"attachments-0-title": "x"}
    )
    data["attachments-0-file"] = SimpleUploadedFile("report.pdf", b"MZ\x90\x00" + b"\0" * 200)
    response = signed_in.post(section_url(practice, "resources"), data)

    body = response.content.decode()
    assert response.status_code == 200
    assert "its content is not one of the kinds accepted here" in body
    assert 'href="#id_attachments-0-file">Document 1, file:' in body
    assert "kept, on screen" in body
    assert not practice.attachments.exists()


def test_it_removes_a_link_and_an_attachment_without_deleting_files(signed_in, owner, media_root):
    practice = cast.draft(owner)
    data = cast.form_data(
        practice,
        section="resources",
        **{"links-0-title": "Site", "links-0-url": "https://a.example/"},
    )
    data["attachments-0-file"] = SimpleUploadedFile("a.pdf", b"%PDF-1.7\n%%EOF\n")
    signed_in.post(section_url(practice, "resources"), data)
    practice.refresh_from_db()
    stored = practice.attachments.get().file.path

    cast.save_section(
        signed_in, practice, "resources", **{"links-0-DELETE": "on", "attachments-0-DELETE": "on"}
    )
    assert not practice.links.exists()
    assert not practice.attachments.exists()
    # The file may be shared with another version of the practice: it stays on disk.
    with open(stored, "rb") as kept:
        assert kept.read().startswith(b"%PDF")


# --- preview ---------------------------------------------------------------------------------


def test_the_preview_is_the_public_page_plus_a_banner(signed_in, owner, moderator):
    """The preview renders the public page's template with the same context; only the banner
    differs."""
    practice = cast.published(
        owner,
        moderator,
        objectives="Match *savings*.",
        keywords=["diaspora"],
        gcm_objectives=[],
    )
    public = signed_in.get(practice.get_absolute_url()).content.decode()
    response = signed_in.get(f"/my/practices/{practice.pk}/preview/")
    preview = response.content.decode()

    assert response.status_code == 200
    assert "Preview — not public." in preview
    assert '<meta name="robots" content="noindex, nofollow">' in preview
    banner = re.compile(r'<div class="preview-banner".*?(?=<nav aria-label="Breadcrumb")', re.S)
    assert banner.search(main_of(preview))
    assert squeeze(banner.sub("", main_of(preview))) == squeeze(main_of(public))


def test_the_preview_of_a_draft_shows_its_text(signed_in, owner):
    practice = cast.draft(owner, title="Unseen draft", description="Only *we* see this.")
    body = signed_in.get(f"/my/practices/{practice.pk}/preview/").content.decode()
    assert "<h1>Unseen draft</h1>" in body
    assert "<em>we</em>" in body
    assert "Submit for review" in body
    # The public page does not exist yet.
    assert signed_in.get(practice.get_absolute_url()).status_code == 404


# --- submitting --------------------------------------------------------------------------------


def test_it_submits_a_complete_practice_and_says_what_happens_next(signed_in, owner):
    practice = cast.draft(owner)
    response = signed_in.post(f"/my/practices/{practice.pk}/submit/")
    assert response.status_code == 302
    assert response.url == f"/my/practices/{practice.pk}/submitted/"
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.SUBMITTED
    assert [e.action for e in workflow.history_of(practice)] == ["submit"]

    body = squeeze(signed_in.get(response.url).content.decode())
    assert "<h1>Practice submitted for review</h1>" in body
    assert "A moderator of the GFMD Support Unit reads the practice" in body
    assert "usually takes up to 10 working days" in body
    assert f"You will get an email at <strong>{owner.email}</strong>" in body
    assert "return it to you with a comment" in body


def test_the_confirmation_is_only_for_a_submitted_practice(signed_in, owner):
    practice = cast.draft(owner)
    response = signed_in.get(f"/my/practices/{practice.pk}/submitted/")
    assert response.status_code == 302
    assert response.url == edit_url(practice)


def test_it_refuses_an_incomplete_submission_with_the_list(signed_in, owner):
    """Submitting an incomplete practice leads back to "check your answers", whose error
    summary names everything missing, each linked to its field in its section; it stays a
    draft."""
    practice = services.practice_create(actor=owner, fields={"title": "Half done"})
    response = signed_in.post(f"/my/practices/{practice.pk}/submit/")
    assert response.status_code == 302
    assert response.url == f"/my/practices/{practice.pk}/check/?refused=incomplete"

    body = signed_in.get(response.url).content.decode()
    assert "Not submitted: the practice needs a few more things" in body
    assert "data-error-summary" in body
    for section, anchor in [
        ("about", "summary"),
        ("story", "description"),
        ("about", "status"),
        ("frameworks", "thematic_areas"),
        ("frameworks", "sdg_targets"),
        ("where", "lead_countries"),
    ]:
        assert f'href="{section_url(practice, section)}#id_{anchor}"' in body
    assert "a lead government or at least one partner organization" in body
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.DRAFT


def test_a_submission_saves_nothing_that_is_posted_with_it(signed_in, owner):
    """Submitting is its own action: form fields posted to it (a form pointed there, a forged
    request) are not saved, whether the submission goes through or not."""
    half_done = services.practice_create(actor=owner, fields={"title": "Half done"})
    data = cast.form_data(half_done, summary="Typed just now.")
    signed_in.post(f"/my/practices/{half_done.pk}/submit/", data)
    half_done.refresh_from_db()
    assert (half_done.summary, half_done.review_state) == ("", ReviewState.DRAFT)
    assert half_done.version == 1

    complete = cast.draft(owner)
    data = cast.form_data(complete, section="story", results="Never saved.")
    signed_in.post(f"/my/practices/{complete.pk}/submit/", data)
    complete.refresh_from_db()
    assert complete.review_state == ReviewState.SUBMITTED
    assert complete.results == ""


def test_a_save_never_changes_the_state(signed_in, owner, moderator):
    """Every section saves its text and only that: a draft stays a draft, a returned practice
    stays returned, however complete it is."""
    draft = services.practice_create(actor=owner, fields={"title": "Half done"})
    returned = cast.returned(owner, moderator)
    for practice, state in [(draft, ReviewState.DRAFT), (returned, ReviewState.RETURNED)]:
        for section in ["about", "story", "where", "frameworks", "resources", "contact"]:
            response = cast.save_section(signed_in, practice, section, then="tasks")
            assert response.status_code == 302
            practice.refresh_from_db()
            assert practice.review_state == state
    assert not [e for e in workflow.history_of(draft) if e.action == "submit"]


def test_submitting_twice_is_refused_cleanly(signed_in, owner):
    """A second submission (a forged or repeated POST) changes nothing and says why."""
    practice = cast.submitted(owner)
    response = signed_in.post(f"/my/practices/{practice.pk}/submit/", follow=True)
    assert response.status_code == 200
    assert 'class="message message-error"' in response.content.decode()
    assert [e.action for e in workflow.history_of(practice)] == ["submit"]


def test_submitting_needs_a_post(signed_in, owner):
    practice = cast.draft(owner)
    assert signed_in.get(f"/my/practices/{practice.pk}/submit/").status_code == 405
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.DRAFT


def test_a_summary_over_600_characters_is_refused(signed_in, owner):
    practice = cast.draft(owner)
    response = cast.save_section(signed_in, practice, "about", summary="x" * 601)
    assert response.status_code == 200
    assert "at most 600 characters" in response.content.decode()


def test_it_is_locked_while_submitted(signed_in, owner):
    """A submitted practice shows no form; a save posted anyway is refused, the text kept."""
    practice = cast.submitted(owner)
    page = signed_in.get(edit_url(practice)).content.decode()
    assert "Locked: awaiting review." in page
    assert 'name="expected_version"' not in page

    response = cast.save_section(
        signed_in, practice, "about", title="Changed behind the moderators' back"
    )
    assert response.status_code == 409
    assert "with the moderators for review" in response.content.decode()
    assert "Changed behind the moderators&#x27; back" in response.content.decode()
    practice.refresh_from_db()
    assert practice.title == "Diaspora investment fund"
    assert practice.review_state == ReviewState.SUBMITTED


def test_a_returned_practice_shows_the_comment_and_is_editable(signed_in, owner, moderator):
    practice = cast.returned(owner, moderator, comment="Please add the <b>results</b>.")
    page = signed_in.get(edit_url(practice)).content.decode()
    assert "Comment from the moderators" in page
    assert "Please add the &lt;b&gt;results&lt;/b&gt;." in page
    assert page.index("Comment from the moderators") < page.index('class="task-list"')

    home = signed_in.get("/my/").content.decode()
    assert "Returned for changes" in home
    assert "Please add the &lt;b&gt;results&lt;/b&gt;." in home

    response = cast.save_section(signed_in, practice, "story", results="Forty businesses opened.")
    assert response.status_code == 302
    signed_in.post(f"/my/practices/{practice.pk}/submit/")
    practice.refresh_from_db()
    assert practice.results == "Forty businesses opened."
    assert practice.review_state == ReviewState.SUBMITTED


def test_withdrawing_keeps_the_record(signed_in, owner):
    practice = cast.submitted(owner)
    response = signed_in.post(f"/my/practices/{practice.pk}/withdraw/")
    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.WITHDRAWN
    home = signed_in.get("/my/").content.decode()
    assert "Rejected, withdrawn or unpublished" in home
    assert practice.title in home
    # Withdrawn is final for the owner: it cannot be edited any more.
    assert cast.save_section(signed_in, practice, "about").status_code == 409


def test_withdraw_is_a_link_to_a_page_that_says_what_will_happen(signed_in, owner):
    """Withdrawing cannot be undone: the edit page links to a confirmation page, whose GET
    changes nothing and whose button posts the withdrawal."""
    practice = cast.draft(owner)
    url = f"/my/practices/{practice.pk}/withdraw/"
    edit_page = signed_in.get(edit_url(practice)).content.decode()
    assert f'<a class="button button-secondary" href="{url}">Withdraw…</a>' in edit_page

    page = signed_in.get(url)

    html = page.content.decode()
    assert page.status_code == 200
    assert f"Withdraw “{practice.title}”?" in html
    assert "This cannot be undone." in html
    assert f'<form method="post" action="{url}"' in html
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.DRAFT


def test_the_withdraw_page_of_a_withdrawn_practice_says_why_it_cannot(signed_in, owner):
    practice = cast.draft(owner)
    signed_in.post(f"/my/practices/{practice.pk}/withdraw/")
    response = signed_in.get(f"/my/practices/{practice.pk}/withdraw/", follow=True)
    assert response.redirect_chain == [(edit_url(practice), 302)]
    assert "is not possible: this item is withdrawn now" in response.content.decode()


def test_withdrawing_twice_says_why_it_cannot(signed_in, owner):
    practice = cast.draft(owner)
    signed_in.post(f"/my/practices/{practice.pk}/withdraw/")
    response = signed_in.post(f"/my/practices/{practice.pk}/withdraw/", follow=True)
    assert 'class="message message-error"' in response.content.decode()
    practice.refresh_from_db()
    assert practice.review_state == ReviewState.WITHDRAWN


# --- proposing an update of a published practice -------------------------------------------


def test_a_proposed_update_keeps_the_public_text_until_published(
    client, signed_in, owner, moderator
):
    practice = cast.published(owner, moderator, title="Remittance cards")
    public_url = practice.get_absolute_url()

    response = signed_in.post(f"/my/practices/{practice.pk}/propose-update/")
    update = Practice.objects.get(update_of=practice)
    assert response.url == edit_url(update)
    assert update.review_state == ReviewState.DRAFT

    response = cast.save_section(signed_in, update, "about", title="Remittance cards, second phase")
    assert response.status_code == 302
    assert signed_in.post(f"/my/practices/{update.pk}/submit/").status_code == 302

    # Proposing again returns the update in flight, not a second one.
    again = signed_in.post(f"/my/practices/{practice.pk}/propose-update/")
    assert again.url == edit_url(update)

    client.logout()
    assert "<h1>Remittance cards</h1>" in client.get(public_url).content.decode()

    update.refresh_from_db()
    workflow.perform(item=update, action_name="publish", actor=moderator)
    assert "<h1>Remittance cards, second phase</h1>" in client.get(public_url).content.decode()


def test_a_published_practice_is_changed_only_through_an_update(signed_in, owner, moderator):
    practice = cast.published(owner, moderator)
    page = signed_in.get(edit_url(practice)).content.decode()
    assert "Propose an update" in page
    assert 'name="expected_version"' not in page
    assert cast.save_section(signed_in, practice, "about").status_code == 409


# --- the workspace home --------------------------------------------------------------------------


def test_home_groups_a_governments_practices_by_state(signed_in, owner, moderator, reference_data):
    cast.draft(owner, title="A draft")
    cast.submitted(owner, title="A submission")
    cast.returned(owner, moderator, title="A returned one", comment="Say more.")
    cast.published(owner, moderator, title="A published one")
    kenya_focal_point = cast.focal_point(cast.government("KE"))
    cast.draft(kenya_focal_point, title="Kenya's draft")

    body = signed_in.get("/my/").content.decode()
    assert body.count("<h1>") == 1
    order = [
        body.index(f'id="group-{key}"') for key in ["returned", "drafts", "submitted", "published"]
    ]
    assert order == sorted(order)
    for title in ["A draft", "A submission", "A returned one", "A published one"]:
        assert title in body
    assert "Kenya&#x27;s draft" not in body
    assert "Locked while a moderator reviews it." in body
    assert "Say more." in body
    assert "Propose an update" in body


def test_home_shows_an_update_in_flight(signed_in, owner, moderator):
    practice = cast.published(owner, moderator, title="Remittance cards")
    update = services.practice_propose_update(practice=practice, actor=owner)
    body = signed_in.get("/my/").content.decode()
    assert f'href="{edit_url(update)}">Your proposed update (draft)' in body


def test_home_for_a_partner_names_the_organization(client, reference_data):
    partner = cast.partner()
    client.force_login(partner)
    body = client.get("/my/").content.decode()
    assert partner.membership.organization.name in body
    assert "Calls for action" in body
    assert "New practice" not in body


def test_home_for_a_moderator_links_to_the_review_queue(client, owner, moderator):
    cast.submitted(owner, title="One")
    cast.submitted(owner, title="Two")
    client.force_login(moderator)
    body = client.get("/my/").content.decode()
    assert "2 practices are awaiting review." in body
    assert 'href="/admin/practices/practice/?review_state__exact=submitted"' in body


def test_home_queries_do_not_grow_with_practices(
    signed_in, owner, moderator, django_assert_max_num_queries
):
    for number in range(6):
        cast.returned(owner, moderator, title=f"Returned {number}")
        cast.published(owner, moderator, title=f"Published {number}")
    with django_assert_max_num_queries(12):
        signed_in.get("/my/")


# --- two editors at once -------------------------------------------------------------------------


def test_the_second_of_two_concurrent_saves_is_refused_and_its_text_kept(
    client, signed_in, owner, colleague
):
    """Both load version n; the first save wins; the second is refused with a clear message
    and its text stays on screen, never silently overwriting the first."""
    practice = cast.draft(owner)
    story = section_url(practice, "story")
    mine = cast.form_data(practice, section="story", objectives="Owner's objectives")
    theirs = cast.form_data(practice, section="story", objectives="Colleague's objectives")

    other = client.__class__()
    other.force_login(colleague)
    assert other.post(story, theirs).status_code == 302

    response = signed_in.post(story, mine)
    body = response.content.decode()
    assert response.status_code == 409
    assert "someone else saved this practice meanwhile" in body
    assert "Kofi Boateng" in body
    assert "Owner&#x27;s objectives" in body
    practice.refresh_from_db()
    assert practice.objectives == "Colleague's objectives"

    # Saving again, after the warning, is a choice made knowingly: it goes through.
    assert f'name="expected_version" value="{practice.version}"' in body
    mine["expected_version"] = str(practice.version)
    assert signed_in.post(story, mine).status_code == 302
    practice.refresh_from_db()
    assert practice.objectives == "Owner's objectives"


def test_the_service_refuses_a_stale_version(owner):
    practice = cast.draft(owner)
    services.practice_save(
        practice=practice, actor=owner, expected_version=1, fields={"title": "First"}
    )
    with pytest.raises(services.EditConflict):
        services.practice_save(
            practice=Practice.objects.get(pk=practice.pk),
            actor=owner,
            expected_version=1,
            fields={"title": "Second"},
        )
    assert Practice.objects.get(pk=practice.pk).title == "First"


# --- no user input rendered unescaped ----------------------------------------------------------

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))"]
PAYLOAD = " ".join(PAYLOADS)


class ActiveContent(HTMLParser):
    """Collects what a browser would run: scripts, event handlers, javascript: addresses."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        is_data = attributes.get("type") == "application/ld+json"
        is_ours = (attributes.get("src") or "").startswith("/static/")
        if tag == "script" and not (is_data or is_ours):
            self.found.append(f"<script {attrs}>")
        if tag == "img" and attributes.get("src") == "x":
            self.found.append("<img src=x>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def active_content(html):
    parser = ActiveContent()
    parser.feed(html)
    return parser.found


def test_xss_payloads_in_every_text_field_are_neutralized(client, signed_in, owner, moderator):
    """Scripts, event handlers and javascript: links typed into any text field are shown as
    text or removed: on the edit page, the workspace, the preview and the public page."""
    practice = cast.draft(owner)
    text_fields = [
        "title",
        "summary",
        "description",
        "objectives",
        "implementation",
        "results",
        "enabling_factors",
        "sustainability",
        "lessons_learned",
        "other_gfmd_sources",
        "image_alt",
    ]
    sections = {
        "about": ["title", "summary", "contact"],
        "story": text_fields,
        "frameworks": text_fields,
        "resources": text_fields,
        "contact": ["contact_name", "contact_role"],
    }
    for section, names in sections.items():
        practice.refresh_from_db()
        data = cast.form_data(
            practice,
            section=section,
            keywords=PAYLOAD.replace(",", " "),
            **dict.fromkeys(names, PAYLOAD),
            **{
                "links-0-title": PAYLOAD,
                "links-0-url": "https://example.org/?q=<script>",
                "attachments-0-title": PAYLOAD,
            },
        )
        data["summary"] = PAYLOAD[:600]
        if section == "resources":
            data["image"] = SimpleUploadedFile("x.png", png_bytes())
            data["attachments-0-file"] = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n%%EOF\n")
        if section == "contact":
            data.update(contact_email="press@gh.example.org", contact_public="on")
        response = signed_in.post(section_url(practice, section), data)
        assert response.status_code == 302, section
    practice.refresh_from_db()
    assert practice.description == PAYLOAD  # stored as typed; made safe on the way out
    assert practice.contact_name == PAYLOAD

    pages = {
        "edit": signed_in.get(edit_url(practice)),
        "check": signed_in.get(f"/my/practices/{practice.pk}/check/"),
        **{
            section: signed_in.get(section_url(practice, section))
            for section in ["about", "story", "frameworks", "resources", "contact"]
        },
        "home": signed_in.get("/my/"),
        "preview": signed_in.get(f"/my/practices/{practice.pk}/preview/"),
    }
    workflow.perform(
        item=services.practice_submit(practice=practice, actor=owner),
        action_name="publish",
        actor=moderator,
    )
    client.logout()
    practice.refresh_from_db()
    pages["public"] = client.get(practice.get_absolute_url())

    for name, response in pages.items():
        assert response.status_code == 200, name
        assert active_content(response.content.decode()) == [], name
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages["public"].content.decode()


def test_a_javascript_link_address_is_refused(signed_in, owner):
    practice = cast.draft(owner)
    response = cast.save_section(
        signed_in,
        practice,
        "resources",
        **{"links-0-title": "Click", "links-0-url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert not practice.links.exists()


def test_the_completeness_check_names_the_image_description(owner):
    practice = cast.draft(owner)
    practice.image = SimpleUploadedFile("x.png", png_bytes())
    practice.save()
    with pytest.raises(services.IncompletePractice) as refused:
        services.practice_submit(practice=practice, actor=owner)
    assert [field for field, _message in refused.value.missing] == ["image_alt"]


def test_a_target_and_a_theme_are_needed(owner):
    practice = cast.draft(owner, thematic_areas=[], sdg_targets=[])
    with pytest.raises(services.IncompletePractice) as refused:
        services.practice_submit(practice=practice, actor=owner)
    assert [field for field, _message in refused.value.missing] == [
        "thematic_areas",
        "sdg_targets",
    ]
    assert ThematicArea.objects.exists() and SDGTarget.objects.exists()
