"""The review queue in the admin: order, filters, decision pages, bulk decisions, diffs, access;
the review page, which shows the practice as the public will see it."""

from datetime import timedelta

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.forms import modelform_factory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pfp.moderation import workflow
from pfp.moderation.admin import ReviewableAdminForm
from pfp.moderation.models import ModerationLogEntry, ReviewState
from pfp.taxonomy.models import Country, SDGTarget, ThematicArea
from practices import services
from practices.models import Practice
from practices.services import practice_propose_update
from tests.admin_forms import admin_form_values
from tests.factories import make_practice
from tests.moderation import cast
from tests.practices import workspace_cast as workspace

S = ReviewState
CHANGELIST = reverse("admin:practices_practice_changelist")


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False


@pytest.fixture
def ghana(reference_data):
    return cast.government("GH")


@pytest.fixture
def kenya(reference_data):
    return cast.government("KE")


@pytest.fixture
def owner(ghana):
    return cast.focal_point(ghana, "owner@gh.example.org")


@pytest.fixture
def moderator(reference_data):
    return cast.moderator("moderator@gfmd.example.org")


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def review_url(practice, action):
    return reverse("admin:practices_practice_review", args=[practice.pk, action])


def compare_url(practice):
    return reverse("admin:practices_practice_compare", args=[practice.pk])


def submitted_practice(government, owner, title, *, days_ago=0):
    """A draft submitted through the workflow, its submission dated `days_ago`."""
    practice = make_practice(state=S.DRAFT, government=government, title=title)
    workflow.perform(item=practice, action_name="submit", actor=owner)
    ModerationLogEntry.objects.filter(object_id=practice.pk, action="submit").update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return Practice.objects.get(pk=practice.pk)


def ins(html):
    """Added words as the diff marks them, named for screen readers."""
    return f'<ins><span class="visually-hidden">Added: </span>{html}</ins>'


def del_(html):
    return f'<del><span class="visually-hidden">Removed: </span>{html}</del>'


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def state_of(practice):
    return Practice.objects.get(pk=practice.pk).review_state


# --- the queue -----------------------------------------------------------------------------


def test_it_lists_submitted_practices_first_oldest_submission_first(moderator_client, ghana, owner):
    """Submitted practices come first, the longest waiting on top; then the rest, the latest
    changed first."""
    published = make_practice(state=S.PUBLISHED, government=ghana, title="Published one")
    recent = submitted_practice(ghana, owner, "Submitted yesterday", days_ago=1)
    old = submitted_practice(ghana, owner, "Submitted last month", days_ago=30)
    draft = make_practice(state=S.DRAFT, government=ghana, title="A draft")
    # Edited after its submission: the queue still goes by when it was submitted.
    Practice.objects.filter(pk=old.pk).update(updated_at=timezone.now())

    response = moderator_client.get(CHANGELIST)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [old, recent, draft, published]
    page = response.text
    assert "submitted " in page
    assert "Government of Ghana" in page


def test_it_filters_the_queue_by_state_government_and_theme(moderator_client, ghana, kenya):
    """The queue filters by review state, owning government and thematic area."""
    ghana_submitted = make_practice(state=S.SUBMITTED, government=ghana, themes=("diaspora",))
    kenya_submitted = make_practice(state=S.SUBMITTED, government=kenya, themes=("remittances",))
    make_practice(state=S.PUBLISHED, government=ghana, themes=("diaspora",))

    def listed(query):
        response = moderator_client.get(CHANGELIST, query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed({"review_state__exact": "submitted"}) == {ghana_submitted, kenya_submitted}
    assert listed({"review_state__exact": "submitted", "government__id__exact": kenya.pk}) == {
        kenya_submitted
    }
    diaspora = ThematicArea.objects.get(slug="diaspora")
    assert listed(
        {"review_state__exact": "submitted", "thematic_areas__id__exact": diaspora.pk}
    ) == {ghana_submitted}


def test_it_marks_proposed_updates_in_the_queue(moderator_client, ghana, owner):
    """A proposed update shows which published practice it updates, and can be filtered."""
    published = make_practice(state=S.PUBLISHED, government=ghana, title="Diaspora bonds")
    update = practice_propose_update(practice=published, actor=owner)
    workflow.perform(item=update, action_name="submit", actor=owner)

    response = moderator_client.get(CHANGELIST)
    assert "Update of “Diaspora bonds”" in response.text
    response = moderator_client.get(CHANGELIST, {"kind": "update"})
    assert list(response.context["cl"].result_list) == [update]


# --- the change page -------------------------------------------------------------------------


def test_it_shows_the_decisions_and_the_log_on_the_change_page(moderator_client, ghana, owner):
    """A submitted practice offers publish, return and reject (never unpublish), and its
    moderation log; the review state is not a form field."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")

    response = moderator_client.get(change_url(practice))

    assert response.status_code == 200
    page = response.text
    for action in ("publish", "return", "reject"):
        assert f'href="{review_url(practice, action)}"' in page
    assert review_url(practice, "unpublish") not in page
    assert review_url(practice, "withdraw") not in page
    assert "Moderation log" in page
    assert "Submit for review" in page  # the log entry of the submission
    assert 'name="review_state"' not in page
    assert "review_state" not in response.context["adminform"].form.fields
    assert 'name="version"' not in page


def test_it_keeps_the_state_of_a_proposed_update_read_only(moderator_client, ghana, owner):
    """A proposed update's state and the practice it updates are not form fields either."""
    published = make_practice(state=S.PUBLISHED, government=ghana, title="Diaspora bonds")
    update = practice_propose_update(practice=published, actor=owner)

    response = moderator_client.get(change_url(update))

    fields = response.context["adminform"].form.fields
    assert "review_state" not in fields
    assert "update_of" not in fields
    assert "This is a proposed update of the published practice" in response.text


# --- decision pages ----------------------------------------------------------------------------


def test_it_asks_to_confirm_a_decision(moderator_client, ghana, owner):
    """The decision page shows what will happen and a comment field; nothing changes yet."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")

    response = moderator_client.get(review_url(practice, "return"))

    assert response.status_code == 200
    assert '<textarea name="comment"' in response.text
    assert "Return for changes: Diaspora bonds" in response.text
    assert state_of(practice) == S.SUBMITTED


def test_it_publishes_on_confirmation(moderator_client, moderator, ghana, owner):
    """Confirming publishes through the workflow, logs it and goes back to the change page."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")

    response = moderator_client.post(review_url(practice, "publish"), {"comment": ""}, follow=True)

    assert response.redirect_chain[-1][0] == change_url(practice)
    assert state_of(practice) == S.PUBLISHED
    entry = workflow.history_of(practice).first()
    assert (entry.action, entry.actor) == ("publish", moderator)
    assert "“Diaspora bonds”: Published." in messages_of(response)


def test_it_returns_with_the_comment(moderator_client, ghana, owner):
    """Returning logs the moderator's comment, shown on the change page."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")

    response = moderator_client.post(
        review_url(practice, "return"), {"comment": "Please add the results."}, follow=True
    )

    assert state_of(practice) == S.RETURNED
    assert workflow.history_of(practice).first().comment == "Please add the results."
    assert "Please add the results." in response.text


@pytest.mark.parametrize("action", ["return", "reject"])
def test_it_refuses_to_return_or_reject_without_a_comment(moderator_client, ghana, owner, action):
    """Without a comment the page comes back with the error, and nothing changes."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    entries = ModerationLogEntry.objects.count()

    response = moderator_client.post(review_url(practice, action), {"comment": "  "})

    assert response.status_code == 200
    assert "Say why in a comment" in response.text
    assert state_of(practice) == S.SUBMITTED
    assert ModerationLogEntry.objects.count() == entries


def test_it_says_who_decided_first(moderator_client, ghana, owner):
    """When another moderator published while this one was reading, the refusal says so
    and nothing changes."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    assert moderator_client.get(review_url(practice, "reject")).status_code == 200
    other = cast.moderator("other@gfmd.example.org", password=None)
    other.first_name, other.last_name = "Max", "Mustermann"
    other.save()
    workflow.perform(item=practice, action_name="publish", actor=other)

    response = moderator_client.post(
        review_url(practice, "reject"), {"comment": "Not a practice."}, follow=True
    )

    assert state_of(practice) == S.PUBLISHED
    [message] = messages_of(response)
    assert "“Reject” is not possible: this item is published" in message
    assert "Max Mustermann" in message
    assert not ModerationLogEntry.objects.filter(action="reject").exists()


def test_it_does_not_offer_a_decision_the_state_does_not_allow(moderator_client, ghana):
    """A decision page for a draft sends back to the change page with an error."""
    draft = make_practice(state=S.DRAFT, government=ghana)

    response = moderator_client.post(review_url(draft, "publish"), follow=True)

    assert state_of(draft) == S.DRAFT
    assert response.redirect_chain[-1][0] == change_url(draft)
    assert any("not possible" in message for message in messages_of(response))
    assert moderator_client.get(review_url(draft, "withdraw")).status_code == 403
    assert moderator_client.get(review_url(draft, "approve")).status_code == 302


def test_it_unpublishes(moderator_client, ghana):
    """A published practice offers unpublish, which takes it off the site."""
    published = make_practice(state=S.PUBLISHED, government=ghana)
    assert review_url(published, "unpublish") in moderator_client.get(change_url(published)).text

    moderator_client.post(review_url(published, "unpublish"), {"comment": ""})

    assert state_of(published) == S.UNPUBLISHED


# --- bulk decisions ------------------------------------------------------------------------


def bulk(client, action, practices, **extra):
    data = {"action": action, ACTION_CHECKBOX_NAME: [p.pk for p in practices], **extra}
    return client.post(CHANGELIST, data, follow=True)


def test_it_publishes_the_selected_practices(moderator_client, ghana, owner):
    """Bulk publish publishes the submitted ones and leaves the others as they are."""
    first = submitted_practice(ghana, owner, "First")
    second = submitted_practice(ghana, owner, "Second")
    draft = make_practice(state=S.DRAFT, government=ghana, title="A draft")

    response = bulk(moderator_client, "publish_selected", [first, second, draft], index=0)

    assert (state_of(first), state_of(second), state_of(draft)) == (
        S.PUBLISHED,
        S.PUBLISHED,
        S.DRAFT,
    )
    shown = messages_of(response)
    assert "Published: 2 items." in shown
    assert any("A draft (Draft)" in message for message in shown)


def test_it_asks_for_a_comment_before_returning_the_selected_practices(
    moderator_client, ghana, owner
):
    """Bulk return shows a page asking for the comment; without one it asks again; with one
    it returns each submitted practice with that comment."""
    first = submitted_practice(ghana, owner, "First")
    second = submitted_practice(ghana, owner, "Second")
    selected = [first, second]

    response = bulk(moderator_client, "return_selected", selected, index=0)
    assert response.status_code == 200
    assert '<textarea name="comment"' in response.text
    assert (state_of(first), state_of(second)) == (S.SUBMITTED, S.SUBMITTED)

    response = bulk(moderator_client, "return_selected", selected, apply="yes", comment="")
    assert "Say why in a comment" in response.text
    assert (state_of(first), state_of(second)) == (S.SUBMITTED, S.SUBMITTED)

    response = bulk(
        moderator_client, "return_selected", selected, apply="yes", comment="Add the results."
    )
    assert (state_of(first), state_of(second)) == (S.RETURNED, S.RETURNED)
    assert {e.comment for e in ModerationLogEntry.objects.filter(action="return")} == {
        "Add the results."
    }
    assert "Returned for changes: 2 items." in messages_of(response)


# --- the diff ------------------------------------------------------------------------------


def test_it_shows_what_an_update_changes(moderator_client, ghana, owner):
    """A proposed update is compared with the published practice, field by field: removed
    words struck, added words marked, changed relations listed, unchanged fields named."""
    published = make_practice(
        state=S.PUBLISHED,
        government=ghana,
        title="Diaspora bonds",
        summary="Bonds sold to the diaspora in 2019.",
        themes=("remittances",),
        targets=("10.c",),
    )
    update = practice_propose_update(practice=published, actor=owner)
    update.summary = "Bonds sold to the diaspora in 2019 and 2024."
    update.save()
    update.thematic_areas.add(ThematicArea.objects.get(slug="diaspora"))
    update.sdg_targets.set(SDGTarget.objects.filter(code="10.7"))
    update.links.create(title="The bond prospectus", url="https://example.org/bonds")

    response = moderator_client.get(compare_url(update))

    assert response.status_code == 200
    comparison = response.context["comparison"]
    changed = {change.label: change for change in comparison.changes}
    assert set(changed) == {"Summary", "M&D thematic areas", "SDG targets", "Links"}
    assert ins("The bond prospectus &lt;https://example.org/bonds&gt;") in (
        changed["Links"].new_html
    )
    assert ins(" and 2024") in changed["Summary"].new_html
    assert ins("Diaspora") in changed["M&D thematic areas"].new_html
    assert del_("Target 10.c") in changed["SDG targets"].old_html
    assert "Title" in comparison.unchanged
    page = response.text
    assert "Summary" in page
    assert ins(" and 2024") in page
    assert "Compared with the published version" in page


def test_it_compares_a_resubmitted_practice_with_its_last_published_version(
    moderator_client, moderator, ghana, owner
):
    """An unpublished practice, edited and submitted again, is compared with the version the
    public last saw, from its history."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    workflow.perform(item=practice, action_name="publish", actor=moderator)
    workflow.perform(item=practice, action_name="unpublish", actor=moderator)
    practice = Practice.objects.get(pk=practice.pk)
    practice.title = "Diaspora bonds, revised"
    practice.description = "Now with a description."
    practice.save()
    practice.thematic_areas.add(ThematicArea.objects.get(slug="diaspora"))
    workflow.perform(item=practice, action_name="submit", actor=owner)

    response = moderator_client.get(compare_url(practice))

    comparison = response.context["comparison"]
    changed = {change.label: change for change in comparison.changes}
    assert set(changed) == {"Title", "Description", "M&D thematic areas"}
    assert ins(", revised") in changed["Title"].new_html
    # The history records partner organizations and types, so they are compared; the
    # relations it does not record are listed as not compared.
    assert "Partner organizations" not in comparison.not_compared
    assert "Keywords" in comparison.not_compared
    assert "Not compared, because the history does not record them" in response.text


def test_it_says_when_there_is_nothing_to_compare_with(moderator_client, ghana, owner):
    """A first submission has no published version to compare with."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    response = moderator_client.get(compare_url(practice))
    assert response.status_code == 200
    assert "Never published before" in response.text


def test_it_escapes_what_it_compares(moderator_client, ghana, owner):
    """Text under review is shown, never run, in the diff."""
    published = make_practice(state=S.PUBLISHED, government=ghana, title="Diaspora bonds")
    update = practice_propose_update(practice=published, actor=owner)
    update.summary = '<script>alert("x")</script>'
    update.save()

    page = moderator_client.get(compare_url(update)).text

    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


# --- who may do what -----------------------------------------------------------------------


@pytest.mark.parametrize("who", ["visitor", "partner", "focal_point"])
def test_it_keeps_everyone_but_staff_out(client, ghana, owner, who):
    """Visitors, partners and focal points are sent to the admin's sign-in page."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    if who == "partner":
        client.force_login(cast.partner())
    elif who == "focal_point":
        client.force_login(owner)

    for url in (
        CHANGELIST,
        change_url(practice),
        review_url(practice, "publish"),
        compare_url(practice),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("admin:login")), url
    response = client.post(review_url(practice, "publish"))
    assert response.status_code == 302
    assert state_of(practice) == S.SUBMITTED


def test_it_refuses_staff_who_are_not_moderators(client, ghana, owner):
    """A staff user outside the Moderators group cannot see or decide on practices."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    client.force_login(cast.make_user("clerk@gfmd.example.org", is_staff=True))

    assert client.get(CHANGELIST).status_code == 403
    assert client.get(review_url(practice, "publish")).status_code == 403
    assert client.post(review_url(practice, "publish")).status_code == 403
    assert state_of(practice) == S.SUBMITTED


def test_it_offers_moderators_no_delete_and_no_add(moderator_client, ghana):
    """Moderators unpublish, never delete; practices are created by governments."""
    practice = make_practice(state=S.PUBLISHED, government=ghana)

    response = moderator_client.get(CHANGELIST)
    action_names = [
        name for name, _label in response.context["action_form"].fields["action"].choices
    ]
    assert "delete_selected" not in action_names
    assert {"publish_selected", "return_selected"} <= set(action_names)
    assert moderator_client.get(change_url(practice)).context["has_delete_permission"] is False
    delete_url = reverse("admin:practices_practice_delete", args=[practice.pk])
    assert moderator_client.get(delete_url).status_code == 403
    assert moderator_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert moderator_client.get(reverse("admin:practices_practice_add")).status_code == 403
    assert Practice.objects.filter(pk=practice.pk).exists()


def test_it_leaves_delete_to_superusers(client, reference_data, ghana):
    """A superuser can still delete, for data repairs."""
    practice = make_practice(state=S.DRAFT, government=ghana)
    client.force_login(cast.make_user("root@gfmd.example.org", is_staff=True, is_superuser=True))
    response = client.get(CHANGELIST)
    action_names = [
        name for name, _label in response.context["action_form"].fields["action"].choices
    ]
    assert "delete_selected" in action_names
    delete_url = reverse("admin:practices_practice_delete", args=[practice.pk])
    assert client.get(delete_url).status_code == 200


def test_it_does_not_revert_history_around_the_workflow(moderator_client, moderator, ghana, owner):
    """The history can be read, but reverting (which would restore a review state) is refused."""
    practice = submitted_practice(ghana, owner, "Diaspora bonds")
    workflow.perform(item=practice, action_name="publish", actor=moderator)
    record = Practice.history.filter(id=practice.pk, review_state=S.SUBMITTED).first()
    url = reverse("admin:practices_practice_simple_history", args=[practice.pk, record.history_id])

    assert moderator_client.get(url).status_code == 200
    assert 'value="Revert"' not in moderator_client.get(url).text
    assert moderator_client.post(url, {"title": "x"}).status_code == 403
    assert state_of(practice) == S.PUBLISHED
    history = moderator_client.get(reverse("admin:practices_practice_history", args=[practice.pk]))
    assert history.status_code == 200


def test_it_refuses_to_save_over_a_newer_version(ghana, moderator):
    """The change form refuses a save made from a version that someone has since changed."""
    practice = make_practice(state=S.SUBMITTED, government=ghana, title="Diaspora bonds")
    form_class = modelform_factory(Practice, form=ReviewableAdminForm, fields=["title"])
    opened = form_class(instance=practice).fields["loaded_version"].initial
    Practice.objects.filter(pk=practice.pk).update(version=opened + 1)

    form = form_class({"title": "Mine", "loaded_version": opened}, instance=practice)

    assert not form.is_valid()
    assert "Someone changed this practice after you opened it" in str(form.errors)
    current = form_class({"title": "Mine", "loaded_version": opened + 1}, instance=practice)
    assert current.is_valid()


def test_it_lists_the_queue_in_the_same_number_of_queries_however_long(
    moderator_client, ghana, kenya, owner
):
    """No query per row: more practices in the queue cost no more queries."""

    def queries_for_queue():
        with CaptureQueriesContext(connection) as queries:
            assert moderator_client.get(CHANGELIST).status_code == 200
        return len(queries)

    submitted_practice(ghana, owner, "First")
    make_practice(state=S.PUBLISHED, government=kenya)
    few = queries_for_queue()
    for number in range(5):
        submitted_practice(ghana, owner, f"Submitted {number}")
        published = make_practice(state=S.PUBLISHED, government=kenya)
        practice_propose_update(practice=published, actor=cast.focal_point(kenya))
    assert queries_for_queue() == few


def change_form_values(client, practice):
    return admin_form_values(client, change_url(practice))


def test_it_saves_an_edit_and_moves_the_version_on(moderator_client, ghana):
    """A moderator's edit in the change form is saved and its version moved on; a review
    state slipped into the form data is ignored."""
    practice = make_practice(state=S.SUBMITTED, government=ghana, title="Diaspora bonds")
    data = change_form_values(moderator_client, practice)
    data["title"] = ["Diaspora bonds (corrected)"]
    data["review_state"] = [S.PUBLISHED]

    response = moderator_client.post(change_url(practice), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert (practice.title, practice.version, practice.review_state) == (
        "Diaspora bonds (corrected)",
        2,
        S.SUBMITTED,
    )


def test_it_refuses_an_edit_made_on_an_older_version(moderator_client, owner, ghana):
    """When the practice changed after the form was opened (here: it was withdrawn), the save
    is refused with a message and nothing of the form is written."""
    practice = make_practice(state=S.SUBMITTED, government=ghana, title="Diaspora bonds")
    data = change_form_values(moderator_client, practice)
    workflow.perform(item=practice, action_name="withdraw", actor=owner)
    data["title"] = ["Overwritten"]
    data["review_state"] = [S.PUBLISHED]

    response = moderator_client.post(change_url(practice), data)

    assert response.status_code == 200
    assert "Someone changed this practice after you opened it" in response.text
    practice.refresh_from_db()
    assert (practice.title, practice.review_state) == ("Diaspora bonds", S.WITHDRAWN)


# --- the review page: what the public will see, what changed, what is lacking -------------

COMPARE = "Compare with the published version"


def review_page(client, item):
    response = client.get(reverse("admin:practices_practice_change", args=[item.pk]))
    assert response.status_code == 200
    return response


def preview_of(page):
    """The preview section: from its heading to the change form below it."""
    start = page.index('id="review-preview-heading"')
    return page[start : page.index("<form", start)]


def test_a_new_practice_is_shown_as_the_public_will_see_it(moderator_client, owner):
    """Its Markdown rendered as on the public page, its facts listed; no Markdown source and
    no offer to compare with a published version that does not exist."""
    practice = workspace.submitted(
        owner,
        description="The fund **matches** each cedi saved.\n\n- in Accra\n- in Kumasi",
        objectives="More *local* businesses.",
    )

    page = review_page(moderator_client, practice).text

    preview = preview_of(page)
    assert "The fund <strong>matches</strong> each cedi saved." in preview
    assert "<li>in Accra</li>" in preview
    assert "More <em>local</em> businesses." in preview
    assert "Objectives</h4>" in preview
    assert "Government of Ghana" in preview  # submitted by
    assert ">10.c — Reduce to less than 3 per cent the transaction costs…</a>" in preview
    assert COMPARE not in page
    assert "Changes against the published version" not in page
    assert "still lacks" not in page


def test_markdown_in_the_preview_cannot_run_script(moderator_client, owner):
    practice = workspace.submitted(owner, description='<script>alert("x")</script> **bold**')

    page = review_page(moderator_client, practice).text

    assert '<script>alert("x")' not in page
    assert "<strong>bold</strong>" in page


def test_the_decision_page_of_a_new_practice_offers_no_comparison(moderator_client, owner):
    practice = workspace.submitted(owner)

    response = moderator_client.get(
        reverse("admin:practices_practice_review", args=[practice.pk, "publish"])
    )

    assert response.status_code == 200
    assert "See what changed against the published version" not in response.text


@pytest.fixture
def update(owner, moderator):
    """A proposed update of a published practice, changing its summary and its countries,
    submitted."""
    published = workspace.published(owner, moderator, summary="Bonds sold to the diaspora in 2019.")
    update = services.practice_propose_update(practice=published, actor=owner)
    services.practice_save(
        practice=update,
        actor=owner,
        expected_version=update.version,
        fields={
            "summary": "Bonds sold to the diaspora in 2019 and 2024.",
            "lead_countries": list(Country.objects.filter(code__in=["GH", "TG"])),
        },
    )
    return services.practice_submit(practice=update, actor=owner)


def test_an_update_shows_its_changes_field_by_field(moderator_client, update):
    """Changed fields only, old and new, words and countries marked as added or removed in
    words a screen reader says; with the offer to compare."""
    response = review_page(moderator_client, update)

    page = response.text
    changes = page[page.index('id="review-changes-heading"') : page.index("review-preview-heading")]
    assert '<ins><span class="visually-hidden">Added: </span> and 2024</ins>' in changes
    assert '<ins><span class="visually-hidden">Added: </span>Togo</ins>' in changes
    assert "2 fields changed" in changes
    assert '<th scope="row">Title</th>' not in changes
    assert COMPARE in page
    preview = preview_of(page)
    assert "Bonds sold to the diaspora in 2019 and 2024." in preview
    assert "Togo" in preview


def test_an_update_decision_page_links_to_its_changes(moderator_client, update):
    response = moderator_client.get(
        reverse("admin:practices_practice_review", args=[update.pk, "publish"])
    )

    assert "See what changed against the published version" in response.text


def test_the_published_version_offers_nothing_to_compare(moderator_client, update):
    page = review_page(moderator_client, update.update_of).text

    assert COMPARE not in page
    assert "As the public page shows it now." in page


def test_an_update_of_a_report_practice_says_what_the_record_still_lacks(
    moderator_client, report_practices
):
    """Not a blocker: the notice is there and so is the publish button."""
    original = Practice.objects.filter(
        review_state=ReviewState.PUBLISHED, description="", status="", government__isnull=False
    ).first()
    focal_point = workspace.focal_point(original.government, "focal@report.example.org")
    update = services.practice_propose_update(practice=original, actor=focal_point)
    services.practice_save(
        practice=update,
        actor=focal_point,
        expected_version=update.version,
        fields={"summary": "A clearer summary."},
    )
    services.practice_submit(practice=update, actor=focal_point)

    page = review_page(moderator_client, update).text

    assert "This record still lacks: Description, Status." in page
    assert reverse("admin:practices_practice_review", args=[update.pk, "publish"]) in page


def test_a_complete_record_lacks_nothing(moderator_client, update):
    assert "still lacks" not in review_page(moderator_client, update).text


def test_the_preview_is_for_staff_only(client, owner, update):
    """A focal point, even of the owning government, is sent to the admin's sign-in."""
    client.force_login(owner)
    response = client.get(reverse("admin:practices_practice_change", args=[update.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_publishing_the_update_shows_it_to_the_public(client, moderator, update):
    workflow.perform(item=update, action_name="publish", actor=moderator)

    page = client.get(update.update_of.get_absolute_url()).text

    assert "Bonds sold to the diaspora in 2019 and 2024." in page
