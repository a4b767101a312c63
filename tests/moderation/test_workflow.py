"""The review workflow: every transition, every illegal one, the log, proposed updates."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from pfp.moderation import workflow
from pfp.moderation.models import ModerationLogEntry, ReviewState
from pfp.taxonomy.models import ThematicArea
from practices.models import Practice
from practices.services import practice_propose_update
from tests.factories import make_practice
from tests.moderation import cast

S = ReviewState
# The table of DESIGN.md, written out here so that a change to workflow.ACTIONS is a
# deliberate one: (action, source states, target, who).
TRANSITIONS = [
    ("submit", {S.DRAFT, S.RETURNED, S.UNPUBLISHED}, S.SUBMITTED, "owner"),
    ("withdraw", {S.DRAFT, S.SUBMITTED, S.RETURNED}, S.WITHDRAWN, "owner"),
    ("publish", {S.SUBMITTED}, S.PUBLISHED, "moderator"),
    ("return", {S.SUBMITTED}, S.RETURNED, "moderator"),
    ("reject", {S.SUBMITTED}, S.REJECTED, "moderator"),
    ("unpublish", {S.PUBLISHED}, S.UNPUBLISHED, "moderator"),
]
ALLOWED = [
    (action, source, target, who)
    for action, sources, target, who in TRANSITIONS
    for source in sorted(sources)
]
WRONG_STATE = [
    (action, source, who)
    for action, sources, _target, who in TRANSITIONS
    for source in sorted(set(S) - sources)
]
# Who may not take an action, whatever the state: the owner's actions are the owning
# government's focal points' only, the decisions are the moderators' only.
WRONG_ROLE = [
    (action, who)
    for action, _sources, _target, by in TRANSITIONS
    for who in (
        ["visitor", "partner", "outsider", "moderator"]
        if by == "owner"
        else ["visitor", "partner", "outsider", "owner", "colleague", "lapsed_moderator"]
    )
]


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


def practice_in(state, government):
    return make_practice(state=state, government=government, title=f"A {state} practice")


def as_it_stands(practice):
    """What must not move when an action is refused."""
    practice = Practice.objects.get(pk=practice.pk)
    return (
        practice.review_state,
        practice.version,
        practice.published_at,
        practice.last_reviewed_at,
        practice.updated_at,
        ModerationLogEntry.objects.count(),
    )


def test_it_has_the_transition_table_of_the_design():
    """The workflow allows exactly the transitions of DESIGN.md, each by its role."""
    assert {
        name: (set(action.sources), action.target, action.by)
        for name, action in workflow.ACTIONS.items()
    } == {action: (sources, target, who) for action, sources, target, who in TRANSITIONS}
    assert {name for name, action in workflow.ACTIONS.items() if action.needs_comment} == {
        "return",
        "reject",
    }


@pytest.mark.parametrize(("action", "source", "target", "who"), ALLOWED)
def test_it_performs_every_allowed_transition(people, ghana, action, source, target, who):
    """From each of its source states, the allowed role moves the item, bumps its version
    and logs who did it, from where to where, with the comment."""
    practice = practice_in(source, ghana)
    actor = people[who]
    assert action in {a.name for a in workflow.get_actions(practice, actor)}

    saved = workflow.perform(
        item=practice, action_name=action, actor=actor, comment=comment_for(action)
    )

    practice.refresh_from_db()
    assert saved.review_state == practice.review_state == target
    assert practice.version == 2
    entry = workflow.history_of(practice).get()
    assert (entry.actor, entry.action, entry.from_state, entry.to_state, entry.comment) == (
        actor,
        action,
        source,
        target,
        comment_for(action),
    )


def test_it_lets_a_colleague_of_the_same_government_act_as_owner(people, ghana):
    """Any focal point of the owning government may submit, not only the one who drafted."""
    practice = practice_in(S.DRAFT, ghana)
    workflow.perform(item=practice, action_name="submit", actor=people["colleague"])
    practice.refresh_from_db()
    assert practice.review_state == S.SUBMITTED


@pytest.mark.parametrize(("action", "source", "who"), WRONG_STATE)
def test_it_refuses_a_transition_from_a_wrong_state(people, ghana, action, source, who):
    """An action from a state that is not one of its sources is refused, and nothing moves."""
    practice = practice_in(source, ghana)
    before = as_it_stands(practice)
    assert action not in {a.name for a in workflow.get_actions(practice, people[who])}

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(
            item=practice, action_name=action, actor=people[who], comment=comment_for(action)
        )

    assert refused.value.code == "wrong_state"
    assert as_it_stands(practice) == before


@pytest.mark.parametrize(("action", "who"), WRONG_ROLE)
def test_it_refuses_a_transition_by_a_wrong_role(people, ghana, action, who):
    """Visitors, partners, another government's focal points, moderators doing an owner's
    action and focal points deciding are all refused, and nothing moves."""
    source = next(iter(sorted(workflow.ACTIONS[action].sources)))
    practice = practice_in(source, ghana)
    before = as_it_stands(practice)
    assert action not in {a.name for a in workflow.get_actions(practice, people[who])}

    with pytest.raises(PermissionDenied):
        workflow.perform(
            item=practice, action_name=action, actor=people[who], comment=comment_for(action)
        )

    assert as_it_stands(practice) == before


@pytest.mark.parametrize("action", ["return", "reject"])
@pytest.mark.parametrize("comment", ["", "   \n "])
def test_it_requires_a_comment_to_return_or_reject(people, ghana, action, comment):
    """Returning or rejecting without saying why is refused, and nothing moves."""
    practice = practice_in(S.SUBMITTED, ghana)
    before = as_it_stands(practice)

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(
            item=practice, action_name=action, actor=people["moderator"], comment=comment
        )

    assert refused.value.code == "comment_required"
    assert as_it_stands(practice) == before


def test_it_refuses_an_unknown_action(people, ghana):
    """A made-up action name is refused, and nothing moves."""
    practice = practice_in(S.SUBMITTED, ghana)
    before = as_it_stands(practice)
    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(item=practice, action_name="approve", actor=people["moderator"])
    assert refused.value.code == "unknown_action"
    assert as_it_stands(practice) == before


def test_it_offers_each_role_only_its_own_actions(people, ghana):
    """get_actions, which the buttons are made from, lists what perform() would accept."""
    submitted = practice_in(S.SUBMITTED, ghana)
    assert [a.name for a in workflow.get_actions(submitted, people["moderator"])] == [
        "publish",
        "return",
        "reject",
    ]
    assert [a.name for a in workflow.get_actions(submitted, people["owner"])] == ["withdraw"]
    for who in ("visitor", "partner", "outsider", "lapsed_moderator"):
        assert workflow.get_actions(submitted, people[who]) == []


def test_it_strips_the_comment_it_logs(people, ghana):
    """The comment is logged without surrounding white space."""
    practice = practice_in(S.SUBMITTED, ghana)
    workflow.perform(
        item=practice, action_name="return", actor=people["moderator"], comment="  Fix it. \n"
    )
    assert workflow.history_of(practice).get().comment == "Fix it."


def test_it_sets_the_publication_and_review_dates_on_publishing(people, ghana):
    """Publishing sets the publication date and the last review date to today."""
    practice = practice_in(S.SUBMITTED, ghana)
    assert practice.published_at is None

    workflow.perform(item=practice, action_name="publish", actor=people["moderator"])

    practice.refresh_from_db()
    assert timezone.now() - practice.published_at < timedelta(minutes=1)
    assert practice.last_reviewed_at == timezone.localdate()
    assert Practice.objects.published().filter(pk=practice.pk).exists()


def test_it_keeps_the_first_publication_date_when_published_again(people, ghana):
    """Unpublished, submitted and published again: first published stays, reviewed moves."""
    first = timezone.now() - timedelta(days=900)
    practice = make_practice(
        state=S.PUBLISHED,
        government=ghana,
        published_at=first,
        last_reviewed_at=(first).date(),
    )
    workflow.perform(item=practice, action_name="unpublish", actor=people["moderator"])
    assert not Practice.objects.published().filter(pk=practice.pk).exists()
    workflow.perform(item=practice, action_name="submit", actor=people["owner"])
    workflow.perform(item=practice, action_name="publish", actor=people["moderator"])

    practice.refresh_from_db()
    assert practice.published_at == first
    assert practice.last_reviewed_at == timezone.localdate()
    assert [e.action for e in workflow.history_of(practice)] == ["publish", "submit", "unpublish"]


def test_it_logs_the_whole_path_newest_first(people, ghana):
    """The log shows every step with its actor, states and comment, newest first."""
    practice = practice_in(S.DRAFT, ghana)
    moderator, owner = people["moderator"], people["owner"]
    workflow.perform(item=practice, action_name="submit", actor=owner)
    workflow.perform(item=practice, action_name="return", actor=moderator, comment="Add dates.")
    workflow.perform(item=practice, action_name="submit", actor=owner)
    workflow.perform(item=practice, action_name="publish", actor=moderator)

    assert [
        (e.action, e.actor, e.from_state, e.to_state, e.comment)
        for e in workflow.history_of(practice)
    ] == [
        ("publish", moderator, S.SUBMITTED, S.PUBLISHED, ""),
        ("submit", owner, S.RETURNED, S.SUBMITTED, ""),
        ("return", moderator, S.SUBMITTED, S.RETURNED, "Add dates."),
        ("submit", owner, S.DRAFT, S.SUBMITTED, ""),
    ]
    practice.refresh_from_db()
    assert practice.version == 5


def test_it_decides_on_the_state_in_the_database_not_the_one_in_hand(people, ghana):
    """An item read before another moderator's decision cannot be decided on again."""
    practice = practice_in(S.SUBMITTED, ghana)
    stale_copy = Practice.objects.get(pk=practice.pk)
    workflow.perform(item=practice, action_name="publish", actor=people["moderator"])
    before = as_it_stands(practice)

    with pytest.raises(workflow.WorkflowError) as refused:
        workflow.perform(
            item=stale_copy, action_name="reject", actor=people["moderator"], comment="No."
        )

    assert refused.value.code == "wrong_state"
    assert "published" in str(refused.value.message)
    assert as_it_stands(practice) == before


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


def test_it_refuses_to_update_what_is_not_published(people, ghana):
    """A draft is edited, not updated."""
    draft = practice_in(S.DRAFT, ghana)
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
