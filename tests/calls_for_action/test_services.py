"""The write paths of calls and offers: the shared review workflow, fulfilment, deadlines,
one offer per organization, editing and answering offers."""

import pytest
from django.core.exceptions import PermissionDenied

from calls_for_action import services
from calls_for_action.models import CallForAction, Offer
from pfp.accounts.models import Membership
from pfp.moderation import workflow
from pfp.moderation.models import ReviewState
from tests.calls_for_action import cast


def test_it_creates_a_draft_of_the_actors_government(owner, ghana):
    """The government is the focal point's, whatever the input says."""
    call = cast.draft_call(owner)
    assert call.government == ghana
    assert call.review_state == ReviewState.DRAFT
    assert call.created_by == owner
    assert list(call.thematic_areas.values_list("slug", flat=True)) == ["remittances"]


def test_it_refuses_creation_by_a_partner(partner):
    with pytest.raises(PermissionDenied):
        services.call_create(actor=partner, fields=cast.call_fields())


def test_it_goes_through_the_shared_workflow(owner, moderator):
    """Submit, return with a comment, resubmit, publish: each logged; publishing dates it."""
    call = cast.draft_call(owner)
    call = services.call_submit(call=call, actor=owner)
    assert call.review_state == ReviewState.SUBMITTED
    call = workflow.perform(item=call, action_name="return", actor=moderator, comment="Add more.")
    assert call.review_state == ReviewState.RETURNED
    call = services.call_submit(call=call, actor=owner)
    call = workflow.perform(item=call, action_name="publish", actor=moderator)
    assert call.review_state == ReviewState.PUBLISHED
    assert call.published_at is not None
    actions = [entry.action for entry in workflow.history_of(call)]
    assert actions == ["publish", "submit", "return", "submit"]


def test_it_refuses_another_government(owner, other_government, moderator):
    call = cast.draft_call(owner)
    with pytest.raises(PermissionDenied):
        services.call_submit(call=call, actor=other_government)
    with pytest.raises(PermissionDenied):
        workflow.perform(item=call, action_name="withdraw", actor=other_government)
    with pytest.raises(PermissionDenied):
        workflow.perform(item=call, action_name="submit", actor=moderator)


def test_it_withdraws_and_keeps_the_record(owner):
    call = services.call_withdraw(call=cast.draft_call(owner), actor=owner)
    assert call.review_state == ReviewState.WITHDRAWN
    assert CallForAction.objects.filter(pk=call.pk).exists()


def test_it_refuses_to_submit_a_call_past_its_deadline(owner):
    call = cast.draft_call(owner)
    CallForAction.objects.filter(pk=call.pk).update(deadline=cast.in_days(-1))
    call.refresh_from_db()
    with pytest.raises(services.IncompleteCall) as error:
        services.call_submit(call=call, actor=owner)
    assert error.value.missing == [
        ("deadline", "a deadline today or later: the one given has passed")
    ]
    assert CallForAction.objects.get(pk=call.pk).review_state == ReviewState.DRAFT


def test_it_refuses_a_stale_edit(owner, colleague):
    """Two colleagues editing at once: the second save from the old version is refused."""
    call = cast.draft_call(owner)
    services.call_save(call=call, actor=owner, expected_version=1, fields={"title": "First"})
    with pytest.raises(services.EditConflict):
        services.call_save(
            call=CallForAction.objects.get(pk=call.pk),
            actor=colleague,
            expected_version=1,
            fields={"title": "Second"},
        )
    assert CallForAction.objects.get(pk=call.pk).title == "First"


def test_it_refuses_to_edit_a_submitted_call(owner):
    call = services.call_submit(call=cast.draft_call(owner), actor=owner)
    with pytest.raises(workflow.WorkflowError) as error:
        services.call_save(call=call, actor=owner, expected_version=call.version, fields={})
    assert error.value.code == "locked"


def test_a_call_closes_by_itself_after_its_deadline(call):
    """No job runs: the day after the deadline the call reads as closed and takes no offer."""
    assert call.is_open
    assert CallForAction.objects.open().filter(pk=call.pk).exists()
    CallForAction.objects.filter(pk=call.pk).update(deadline=cast.in_days(-1))
    call.refresh_from_db()
    assert call.current_status == CallForAction.Status.CLOSED
    assert not CallForAction.objects.open().filter(pk=call.pk).exists()
    assert not CallForAction.objects.with_is_open().get(pk=call.pk).is_open_now


def test_a_call_is_open_on_its_deadline_day(call):
    CallForAction.objects.filter(pk=call.pk).update(deadline=cast.in_days(0))
    call.refresh_from_db()
    assert call.is_open


def test_it_refuses_an_offer_on_a_closed_call(call, partner):
    CallForAction.objects.filter(pk=call.pk).update(deadline=cast.in_days(-1))
    call.refresh_from_db()
    with pytest.raises(services.OfferRefused):
        cast.make_offer(call, partner)
    assert not Offer.objects.exists()


def test_the_government_marks_a_call_fulfilled(call, owner, other_government):
    with pytest.raises(PermissionDenied):
        services.call_mark_fulfilled(call=call, actor=other_government)
    call = services.call_mark_fulfilled(call=call, actor=owner)
    assert call.current_status == CallForAction.Status.FULFILLED
    assert not call.is_open
    assert workflow.history_of(call).first().action == "fulfil"
    # Idempotent.
    assert services.call_mark_fulfilled(call=call, actor=owner).status == "fulfilled"


def test_only_a_published_call_is_fulfilled(owner):
    with pytest.raises(workflow.WorkflowError):
        services.call_mark_fulfilled(call=cast.draft_call(owner), actor=owner)


def test_a_partner_and_another_government_make_offers(call, partner, other_government, kenya):
    first = cast.make_offer(call, partner)
    second = cast.make_offer(call, other_government)
    assert first.status == Offer.Status.NEW
    assert second.organization == kenya


def test_the_calls_own_government_cannot_offer(call, colleague):
    with pytest.raises(services.OfferRefused):
        cast.make_offer(call, colleague)


def test_a_user_without_organization_cannot_offer(call, moderator):
    with pytest.raises(services.OfferRefused):
        cast.make_offer(call, moderator)


def test_one_offer_per_organization_per_call(call, partner):
    """A colleague of the same organization cannot make a second offer; after a withdrawal
    the organization may offer again."""
    from pfp.accounts.models import Membership

    offer = cast.make_offer(call, partner)
    colleague = cast.make_user("colleague@ngo.example.org")
    Membership.objects.create(
        user=colleague, organization=partner.membership.organization, confirmed=True
    )
    with pytest.raises(services.OfferRefused) as error:
        cast.make_offer(call, colleague)
    assert error.value.code == "duplicate"
    services.offer_withdraw(offer=offer, actor=colleague)
    cast.make_offer(call, colleague)
    assert Offer.objects.filter(call=call).count() == 2
    assert Offer.objects.active().filter(call=call).count() == 1


def test_an_offer_changes_until_it_is_answered(call, partner, owner, other_government):
    offer = cast.make_offer(call, partner)
    services.offer_update(
        offer=offer, actor=partner, expected_version=1, fields={"message": "Changed."}
    )
    assert Offer.objects.get(pk=offer.pk).message == "Changed."
    with pytest.raises(PermissionDenied):
        services.offer_update(
            offer=offer, actor=other_government, expected_version=2, fields={"message": "x"}
        )
    services.offer_answer(offer=offer, actor=owner, accept=True, message="Welcome!")
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert offer.answer == "Welcome!"
    assert offer.answered_by == owner
    with pytest.raises(services.OfferRefused):
        services.offer_update(
            offer=offer, actor=partner, expected_version=offer.version, fields={"message": "Again."}
        )
    with pytest.raises(services.OfferRefused):
        services.offer_withdraw(offer=offer, actor=partner)


def test_it_refuses_a_stale_edit_of_an_offer(call, partner):
    """Two colleagues editing one offer: the second save, made from the version both loaded,
    is refused instead of silently overwriting the first."""
    offer = cast.make_offer(call, partner)
    colleague = cast.make_user("colleague@ngo.example.org")
    Membership.objects.create(
        user=colleague,
        organization=partner.membership.organization,
        role=Membership.Role.MEMBER,
        confirmed=True,
    )
    services.offer_update(
        offer=offer, actor=partner, expected_version=1, fields={"message": "First."}
    )

    with pytest.raises(services.EditConflict) as conflict:
        services.offer_update(
            offer=Offer.objects.get(pk=offer.pk),
            actor=colleague,
            expected_version=1,
            fields={"message": "Second."},
        )

    assert conflict.value.current.version == 2
    assert Offer.objects.get(pk=offer.pk).message == "First."
    # Having seen the conflict, saving from the version shown is a choice, and it is saved.
    services.offer_update(
        offer=offer, actor=colleague, expected_version=2, fields={"message": "Second."}
    )
    assert Offer.objects.get(pk=offer.pk).message == "Second."


def test_only_the_calls_government_answers(call, partner, other_government, moderator):
    offer = cast.make_offer(call, partner)
    for actor in (partner, other_government, moderator):
        with pytest.raises(PermissionDenied):
            services.offer_answer(offer=offer, actor=actor, accept=False)


def test_an_offer_is_answered_once(call, partner, owner, colleague):
    offer = cast.make_offer(call, partner)
    services.offer_answer(offer=offer, actor=owner, accept=False)
    with pytest.raises(services.OfferRefused):
        services.offer_answer(offer=offer, actor=colleague, accept=True)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.DECLINED
