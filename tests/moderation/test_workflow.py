"""The review workflow, for practices and calls for action alike: every transition, every
illegal one, the log, the extension's actions (fulfil, propose update) and proposed updates.

Items are made as people make them: created by a focal point through the services and taken
to the state a test needs through the workflow itself (`tests.factories.reviewed_to`).
"""

import itertools
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls_for_action import services as call_services
from calls_for_action.models import CallForAction
from pfp.moderation import workflow
from pfp.moderation.models import ModerationLogEntry, ReviewState
from pfp.taxonomy.models import ThematicArea
from practices.models import Practice
from practices.services import practice_propose_update
from tests.calls_for_action import cast as call_cast
from tests.factories import make_practice, reviewed_to
from tests.moderation import cast
from tests.practices import workspace_cast

S = ReviewState
KINDS = ["practice", "call"]
# What DESIGN.md says each action does: (action, source states, target, who). The tests
# below check that the workflow behaves so, on practices and calls.
TRANSITIONS = [
    ("submit", {S.DRAFT, S.RETURNED, S.UNPUBLISHED}, S.SUBMITTED, "owner"),
    ("withdraw", {S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, "owner"),
    ("publish", {S.SUBMITTED}, S.PUBLISHED, "moderator"),
    ("return", {S.SUBMITTED}, S.RETURNED, "moderator"),
    ("reject", {S.SUBMITTED}, S.REJECTED, "moderator"),
    ("unpublish", {S.PUBLISHED}, S.UNPUBLISHED, "moderator"),
]
# The states an item of each kind can be in (only a practice's update copy is merged).
STATES = {"practice": set(S), "call": set(S) - {S.MERGED}}
ALLOWED = [
    (kind, action, source, target, who)
    for kind in KINDS
    for action, sources, target, who in TRANSITIONS
    for source in sorted(sources)
]
WRONG_STATE = [
    (kind, action, source, who)
    for kind in KINDS
    for action, sources, _target, who in TRANSITIONS
    for source in sorted(STATES[kind] - sources)
]
# Who may not take an action, whatever the state: the owner's actions are the owning
# government's focal points' only, the decisions are the moderators' only.
WRONG_ROLE = [
    (kind, action, who)
    for kind in KINDS
    for action, _sources, _target, by in TRANSITIONS
    for who in (
        ["visitor", "partner", "outsider", "moderator"]
        if by == "owner"
        else ["visitor", "partner", "outsider", "owner", "colleague", "lapsed_moderator"]
    )
]
_titles = itertools.count(1)


def comment_for(action):
    return "Please add the results of 2023." if action in ("return", "reject") else ""


@pytest.fixture
def people(visitor, partner, outsider, owner, colleague, moderator):
    lapsed = cast.moderator("former.staff@gfmd.example.org")
    lapsed.is_staff = False
    lapsed.save(update_fields=["is_staff"])
    return {
        "visitor": visitor,
        "partner": partner,
        "outsider": outsider,
        "owner": owner,
        "colleague": colleague,
        "moderator": moderator,
        "lapsed_moderator": lapsed,
    }


def draft_of(kind, owner):
    """A draft made by `owner` through the services, complete enough to be submitted."""
    title = f"A {kind} {next(_titles)}"
    if kind == "practice":
        return workspace_cast.draft(owner, title=title)
    return call_cast.draft_call(owner, title=title)


def item_in(kind, state, people):
    """An item of Ghana's in `state`, taken there through the workflow."""
    owner, moderator = people["owner"], people["moderator"]
    if state == S.MERGED:
        published = item_in(kind, S.PUBLISHED, people)
        update = practice_propose_update(practice=published, actor=owner)
        update = reviewed_to(update, S.SUBMITTED, owner=owner, moderator=moderator)
        return workflow.perform(item=update, action_name="publish", actor=moderator)
    return reviewed_to(draft_of(kind, owner), state, owner=owner, moderator=moderator)


def practice_in(state, people):
    return item_in("practice", state, people)


def as_it_stands(item):
    """What must not move when an action is refused."""
    item = type(item).objects.get(pk=item.pk)
    return (
        item.review_state,
        item.version,
        item.published_at,
        getattr(item, "last_reviewed_at", None),
        getattr(item, "status", None),
        item.updated_at,
        ModerationLogEntry.objects.count(),
    )


def names(item, user):
    return [action.name for action in workflow.get_actions(item, user)]


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_reaches_the_public_only_through_submission_and_publication(people, kind):
    """A draft is not public and offers its owner only submit and withdraw; once submitted,
    only the moderators decide; once published it is public and only a moderator takes it
    off again."""
    owner, moderator = people["owner"], people["moderator"]
    model = {"practice": Practice, "call": CallForAction}[kind]
    item = draft_of(kind, owner)
    assert not model.objects.published().filter(pk=item.pk).exists()
    assert names(item, owner) == ["submit", "withdraw"]
    assert names(item, moderator) == []
    with pytest.raises(workflow.WorkflowError):
        workflow.perform(item=item, action_name="publish", actor=moderator)

    item = workflow.perform(item=item, action_name="submit", actor=owner)
    assert names(item, owner) == ["withdraw"]
    assert names(item, moderator) == ["publish", "return", "reject"]
    assert not model.objects.published().filter(pk=item.pk).exists()

    item = workflow.perform(item=item, action_name="publish", actor=moderator)
    assert model.objects.published().filter(pk=item.pk).exists()
    assert names(item, moderator) == ["unpublish"]
    # Published, the owner no longer edits or withdraws it: a practice takes a proposed
    # update, a call can be marked fulfilled.
    assert names(item, owner) == [{"practice": "propose_update", "call": "fulfil"}[kind]]


@pytest.mark.parametrize(
    ("kind", "state"),
    [
        ("practice", S.REJECTED),
        ("practice", S.WITHDRAWN),
        ("practice", S.MERGED),
        ("call", S.REJECTED),
        ("call", S.WITHDRAWN),
    ],
)
def test_rejected_withdrawn_and_merged_items_are_final(people, kind, state):
    """No one is offered, or may take, any action on an item whose review has ended."""
    item = item_in(kind, state, people)
    before = as_it_stands(item)
    for who, user in people.items():
        assert names(item, user) == [], who
    for name in workflow.ACTIONS:
        for user in (people["owner"], people["moderator"]):
            with pytest.raises((workflow.WorkflowError, PermissionDenied)):
                workflow.perform(item=item, action_name=name, actor=user, comment="Why.")
    assert as_it_stands(item) == before


@pytest.mark.parametrize(("kind", "action", "source", "target", "who"), ALLOWED)
def test_it_performs_every_allowed_transition(people, kind, action, source, target, who):
    """From each of its source states, the allowed role moves the item, bumps its version
    and logs who did it, from where to where, with the comment."""
    item = item_in(kind, source, people)
    version = item.version
    actor = people[who]
    assert action in names(item, actor)

    saved = workflow.perform(
        item=item, action_name=action, actor=actor, comment=comment_for(action)
    )

    item.refresh_from_db()
    assert saved.review_state == item.review_state == target
    assert item.version == version + 1
    entry = workflow.history_of(item).first()
    assert (entry.actor, entry.action, entry.from_state, entry.to_state, entry.comment) == (
        actor,
        action,
        source,
        target,
        comment_for(action),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_it_lets_a_colleague_of_the_same_government_act_as_owner(people, kind):
    """Any focal point of the owning government may submit, not only the one who drafted."""
    item = item_in(kind, S.DRAFT, people)
    workflow.perform(item=item, action_name="submit", actor=people["colleague"])
    item.refresh_from_db()
    assert item.review_state == S.SUBMITTED


@pytest.mark.parametrize(("kind", "action", "source", "who"), WRONG_STATE)
def test_it_refuses_a_transition_from_a_wrong_state(people, kind, action, source, who):
    """An action from a state that is not one of its sources is refused, and nothing moves."""
    item = item_in(kind, source, people)
    before = as_it_stands(item)
    assert action not in names(item, people[who])

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(
            item=item, action_name=action, actor=people[who], comment=comment_for(action)
        )

    assert refused.value.code == "wrong_state"
    assert as_it_stands(item) == before


@pytest.mark.parametrize(("kind", "action", "who"), WRONG_ROLE)
def test_it_refuses_a_transition_by_a_wrong_role(people, kind, action, who):
    """Visitors, partners, another government's focal points, moderators doing an owner's
    action and focal points deciding are all refused, and nothing moves."""
    source = min(next(sources for name, sources, _t, _b in TRANSITIONS if name == action))
    item = item_in(kind, source, people)
    before = as_it_stands(item)
    assert action not in names(item, people[who])

    with pytest.raises(PermissionDenied):
        workflow.perform(
            item=item, action_name=action, actor=people[who], comment=comment_for(action)
        )

    assert as_it_stands(item) == before


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("action", ["return", "reject"])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_it_requires_a_comment_to_return_or_reject(people, kind, action, comment):
    """Returning or rejecting without saying why is refused, and nothing moves."""
    item = item_in(kind, S.SUBMITTED, people)
    before = as_it_stands(item)

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(item=item, action_name=action, actor=people["moderator"], comment=comment)

    assert refused.value.code == "comment_required"
    assert as_it_stands(item) == before


@pytest.mark.parametrize(
    ("kind", "name"),
    # Made up, or an action of the other kind of item.
    [
        ("practice", "approve"),
        ("call", "approve"),
        ("practice", "fulfil"),
        ("call", "propose_update"),
    ],
)
def test_it_refuses_an_unknown_action(people, kind, name):
    """An action that this kind of item does not take is refused, and nothing moves."""
    item = item_in(kind, S.PUBLISHED, people)
    before = as_it_stands(item)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(item=item, action_name=name, actor=people["owner"])
    assert refused.value.code == "unknown_action"
    assert as_it_stands(item) == before


@pytest.mark.parametrize("kind", KINDS)
def test_it_offers_each_role_only_its_own_actions(people, kind):
    """get_actions, which the buttons are made from, lists what perform() would accept."""
    submitted = item_in(kind, S.SUBMITTED, people)
    assert names(submitted, people["moderator"]) == ["publish", "return", "reject"]
    assert names(submitted, people["owner"]) == ["withdraw"]
    for who in ("visitor", "partner", "outsider", "lapsed_moderator"):
        assert workflow.get_actions(submitted, people[who]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_it_strips_the_comment_it_logs(people, kind):
    """The comment is logged without surrounding white space."""
    item = item_in(kind, S.SUBMITTED, people)
    workflow.perform(
        item=item, action_name="return", actor=people["moderator"], comment="  Fix it. \n"
    )
    assert workflow.history_of(item).first().comment == "Fix it."


def test_it_sets_the_publication_and_review_dates_on_publishing(people):
    """Publishing sets the publication date and the last review date to today."""
    practice = practice_in(S.SUBMITTED, people)
    assert practice.published_at is None

    workflow.perform(item=practice, action_name="publish", actor=people["moderator"])

    practice.refresh_from_db()
    assert timezone.now() - practice.published_at < timedelta(minutes=1)
    assert practice.last_reviewed_at == timezone.localdate()
    assert Practice.objects.published().filter(pk=practice.pk).exists()


@pytest.mark.parametrize("kind", KINDS)
def test_it_keeps_the_first_publication_date_when_published_again(people, kind):
    """Unpublished, submitted and published again: first published stays."""
    item = item_in(kind, S.PUBLISHED, people)
    first = item.published_at
    assert timezone.now() - first < timedelta(minutes=1)
    workflow.perform(item=item, action_name="unpublish", actor=people["moderator"])
    assert not type(item).objects.published().filter(pk=item.pk).exists()
    workflow.perform(item=item, action_name="submit", actor=people["owner"])
    workflow.perform(item=item, action_name="publish", actor=people["moderator"])

    item.refresh_from_db()
    assert item.published_at == first
    assert [e.action for e in workflow.history_of(item)][:3] == ["publish", "submit", "unpublish"]


def test_it_moves_the_review_date_of_a_practice_published_again(people, ghana):
    """A practice published again is marked reviewed today; its first publication stays."""
    first = timezone.now() - timedelta(days=900)
    practice = make_practice(
        state=S.PUBLISHED, government=ghana, published_at=first, last_reviewed_at=first.date()
    )
    workflow.perform(item=practice, action_name="unpublish", actor=people["moderator"])
    workflow.perform(item=practice, action_name="submit", actor=people["owner"])
    workflow.perform(item=practice, action_name="publish", actor=people["moderator"])

    practice.refresh_from_db()
    assert practice.published_at == first
    assert practice.last_reviewed_at == timezone.localdate()


@pytest.mark.parametrize("kind", KINDS)
def test_it_logs_the_whole_path_newest_first(people, kind):
    """The log shows every step with its actor, states and comment, newest first."""
    item = item_in(kind, S.DRAFT, people)
    moderator, owner = people["moderator"], people["owner"]
    workflow.perform(item=item, action_name="submit", actor=owner)
    workflow.perform(item=item, action_name="return", actor=moderator, comment="Add dates.")
    workflow.perform(item=item, action_name="submit", actor=owner)
    workflow.perform(item=item, action_name="publish", actor=moderator)

    assert [
        (e.action, e.actor, e.from_state, e.to_state, e.comment) for e in workflow.history_of(item)
    ] == [
        ("publish", moderator, S.SUBMITTED, S.PUBLISHED, ""),
        ("submit", owner, S.RETURNED, S.SUBMITTED, ""),
        ("return", moderator, S.SUBMITTED, S.RETURNED, "Add dates."),
        ("submit", owner, S.DRAFT, S.SUBMITTED, ""),
    ]
    item.refresh_from_db()
    assert item.version == 5


@pytest.mark.parametrize("kind", KINDS)
def test_it_decides_on_the_state_in_the_database_not_the_one_in_hand(people, kind):
    """An item read before another moderator's decision cannot be decided on again."""
    item = item_in(kind, S.SUBMITTED, people)
    stale_copy = type(item).objects.get(pk=item.pk)
    workflow.perform(item=item, action_name="publish", actor=people["moderator"])
    before = as_it_stands(item)

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(
            item=stale_copy, action_name="reject", actor=people["moderator"], comment="No."
        )

    assert refused.value.code == "wrong_state"
    assert "published" in str(refused.value.message)
    assert as_it_stands(item) == before


# --- the extension: fulfilling a call, proposing an update ----------------------------------


def test_fulfilling_a_call_is_an_action_of_the_workflow(people):
    """Only the call's government marks its published call fulfilled, once; it stays
    published, stops taking offers, and the log says who did it."""
    call = item_in("call", S.PUBLISHED, people)
    for who in ("outsider", "partner", "moderator", "visitor"):
        assert "fulfil" not in names(call, people[who])
        with pytest.raises(PermissionDenied):
            workflow.perform(item=call, action_name="fulfil", actor=people[who])

    call = call_services.call_mark_fulfilled(call=call, actor=people["colleague"])

    assert (call.review_state, call.status, call.is_open) == (S.PUBLISHED, "fulfilled", False)
    entry = workflow.history_of(call).first()
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "fulfil",
        people["colleague"],
        S.PUBLISHED,
        S.PUBLISHED,
    )
    assert entry.get_action_display() == "Marked fulfilled"
    # Done: no longer offered, and doing it again changes nothing and logs nothing.
    assert names(call, people["owner"]) == []
    before = as_it_stands(call)
    assert call_services.call_mark_fulfilled(call=call, actor=people["owner"]).status == "fulfilled"
    assert as_it_stands(call) == before


@pytest.mark.parametrize("state", sorted(set(S) - {S.PUBLISHED, S.MERGED}))
def test_only_a_published_call_is_fulfilled(people, state):
    call = item_in("call", state, people)
    before = as_it_stands(call)
    assert "fulfil" not in names(call, people["owner"])
    with pytest.raises(workflow.WorkflowError) as refused:
        call_services.call_mark_fulfilled(call=call, actor=people["owner"])
    assert refused.value.code == "wrong_state"
    assert as_it_stands(call) == before


def test_proposing_an_update_is_logged_on_the_practice_and_the_update(people):
    """The published practice's log records the proposal, which leaves the practice and its
    version as they are; the update's log starts with it."""
    practice = practice_in(S.PUBLISHED, people)
    version = practice.version
    assert names(practice, people["owner"]) == ["propose_update"]

    update = practice_propose_update(practice=practice, actor=people["owner"])

    practice.refresh_from_db()
    assert (practice.review_state, practice.version) == (S.PUBLISHED, version)
    for item in (practice, update):
        entry = workflow.history_of(item).first()
        assert (entry.action, entry.actor) == ("propose_update", people["owner"])
    assert workflow.history_of(update).get().to_state == S.DRAFT
    # An update is edited, not updated.
    update = reviewed_to(update, S.SUBMITTED, owner=people["owner"], moderator=people["moderator"])
    assert "propose_update" not in names(update, people["owner"])


# --- proposed updates of published practices -------------------------------------------


@pytest.fixture
def published(ghana):
    return make_practice(
        title="Diaspora bonds",
        summary="Bonds sold to the diaspora.",
        state=S.PUBLISHED,
        government=ghana,
        themes=("remittances",),
        last_reviewed_at=timezone.localdate() - timedelta(days=800),
    )


def edit(update, **fields):
    for name, value in fields.items():
        setattr(update, name, value)
    update.save()


def test_it_keeps_the_published_text_public_until_the_update_is_published(
    client, people, published
):
    """While an update is drafted and reviewed, visitors see the published text; once it is
    published, they see the new text at the same address, and the update is marked merged."""
    owner, moderator = people["owner"], people["moderator"]
    update = practice_propose_update(practice=published, actor=owner)
    assert (update.review_state, update.update_of) == (S.DRAFT, published)
    edit(update, title="Diaspora bonds, second issue", summary="A second issue in 2024.")
    workflow.perform(item=update, action_name="submit", actor=owner)

    page = client.get(published.get_absolute_url())
    assert page.status_code == 200
    assert "Bonds sold to the diaspora." in page.text
    assert "A second issue in 2024." not in page.text
    assert client.get(update.get_absolute_url()).status_code == 404

    workflow.perform(item=update, action_name="publish", actor=moderator)

    published.refresh_from_db()
    update.refresh_from_db()
    assert update.review_state == S.MERGED
    assert published.review_state == S.PUBLISHED
    assert (published.title, published.summary) == (
        "Diaspora bonds, second issue",
        "A second issue in 2024.",
    )
    assert published.last_reviewed_at == timezone.localdate()
    page = client.get(published.get_absolute_url())
    assert "A second issue in 2024." in page.text
    assert list(Practice.objects.published()) == [published]
    assert workflow.history_of(update).first().to_state == S.MERGED
    assert workflow.history_of(published).first().action == "publish_update"


def test_it_merges_the_relations_of_an_update(people, published):
    """Themes changed in an update reach the published practice when it is published."""
    update = practice_propose_update(practice=published, actor=people["owner"])
    update.thematic_areas.set(
        ThematicArea.objects.filter(slug__in=["diaspora", "labour-migration"])
    )
    new_themes = {"diaspora", "labour-migration"}
    workflow.perform(item=update, action_name="submit", actor=people["owner"])
    workflow.perform(item=update, action_name="publish", actor=people["moderator"])

    assert set(published.thematic_areas.values_list("slug", flat=True)) == new_themes


def test_it_keeps_one_update_in_flight(people, published):
    """Proposing again returns the update in flight; the database refuses a second one; once
    merged, a new update can be proposed."""
    owner, colleague = people["owner"], people["colleague"]
    first = practice_propose_update(practice=published, actor=owner)
    assert practice_propose_update(practice=published, actor=colleague) == first

    with pytest.raises(IntegrityError), transaction.atomic():
        Practice.objects.create(
            title="Another update",
            slug="another-update",
            summary="x",
            government=published.government,
            update_of=published,
            review_state=S.DRAFT,
        )

    workflow.perform(item=first, action_name="submit", actor=owner)
    workflow.perform(item=first, action_name="publish", actor=people["moderator"])
    second = practice_propose_update(practice=published, actor=owner)
    assert second != first
    assert second.review_state == S.DRAFT


def test_it_returns_an_update_without_touching_the_published_practice(people, published):
    """A returned update leaves the published text and version as they are."""
    update = practice_propose_update(practice=published, actor=people["owner"])
    edit(update, title="Something else")
    workflow.perform(item=update, action_name="submit", actor=people["owner"])
    version = Practice.objects.get(pk=published.pk).version

    workflow.perform(item=update, action_name="return", actor=people["moderator"], comment="No.")

    published.refresh_from_db()
    assert (published.title, published.version) == ("Diaspora bonds", version)
    assert Practice.objects.get(pk=update.pk).review_state == S.RETURNED


@pytest.mark.parametrize("who", ["outsider", "partner", "moderator"])
def test_it_refuses_an_update_proposed_by_anyone_but_the_owner(people, published, who):
    """Only the owning government's focal points propose updates."""
    with pytest.raises(PermissionDenied):
        practice_propose_update(practice=published, actor=people[who])
    assert not published.proposed_updates.exists()


def test_it_refuses_to_update_what_is_not_published(people):
    """A draft is edited, not updated."""
    draft = practice_in(S.DRAFT, people)
    with pytest.raises(workflow.WorkflowError):
        practice_propose_update(practice=draft, actor=people["owner"])


def test_someone_who_may_not_act_is_refused_before_the_comment_is_checked(reference_data):
    """An anonymous "return" without a comment is a refusal, not a request for a comment."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from pfp.moderation import workflow
    from pfp.moderation.models import ReviewState
    from tests.factories import make_practice

    practice = make_practice(state=ReviewState.SUBMITTED)
    with pytest.raises(PermissionDenied):
        workflow.perform(item=practice, action_name="return", actor=AnonymousUser())


def test_an_update_of_a_practice_unpublished_meanwhile_is_not_published(reference_data):
    """Publishing the update would bring the practice back without a decision on it."""
    government = cast.government("GH")
    focal_point = cast.focal_point(government)
    moderator = cast.moderator()
    practice = make_practice(title="Original", government=government)
    update = practice_propose_update(practice=practice, actor=focal_point)
    update = workflow.perform(item=update, action_name="submit", actor=focal_point)
    workflow.perform(item=practice, action_name="unpublish", actor=moderator)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(item=update, action_name="publish", actor=moderator)
    assert refused.value.code == "original_not_published"
    update.refresh_from_db()
    assert update.review_state == ReviewState.SUBMITTED
