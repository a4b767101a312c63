"""The public pages, the offer form, the government's inbox; who sees an offer; emails."""

import pytest
from django.core import mail
from django.core.management import call_command

from calls_for_action import selectors, services
from calls_for_action.models import CallForAction, Offer, OfferEmailPreference
from tests.calls_for_action import cast


def test_the_list_shows_open_calls_first_soonest_deadline_first(client, owner, moderator):
    late = cast.published_call(owner, moderator, title="Late call", deadline=cast.in_days(60))
    soon = cast.published_call(owner, moderator, title="Soon call", deadline=cast.in_days(3))
    closed = cast.published_call(owner, moderator, title="Closed call")
    CallForAction.objects.filter(pk=closed.pk).update(deadline=cast.in_days(-2))
    cast.draft_call(owner, title="Draft call")
    response = client.get("/calls/")
    assert [c.title for c in response.context["calls"]] == [soon.title, late.title, closed.title]
    assert "Draft call" not in response.content.decode()
    assert "Closed: the deadline was" in response.content.decode()


def test_the_list_filters_and_counts_with_the_other_filters_applied(client, owner, moderator):
    cast.published_call(owner, moderator, title="Funding call", kind="seeking-funding")
    cast.published_call(owner, moderator, title="Partners call", countries=[])
    response = client.get("/calls/", {"kind": "seeking-funding"})
    assert [c.title for c in response.context["calls"]] == ["Funding call"]
    facets = {f.key: {v.value: v.count for v in f.values} for f in response.context["facets"]}
    # The kind facet ignores the kind filter; the others count the filtered result.
    assert facets["kind"]["seeking-funding"] == 1
    assert facets["kind"]["seeking-partners"] == 1
    assert facets["country"] == {"GH": 1}
    response = client.get("/calls/", {"country": "GH", "status": "open", "theme": "remittances"})
    assert [c.title for c in response.context["calls"]] == ["Funding call"]


def test_the_list_searches(client, owner, moderator):
    cast.published_call(owner, moderator, title="Skills for returnees")
    cast.published_call(owner, moderator, title="Remittance costs")
    response = client.get("/calls/", {"q": "returnees"})
    assert [c.title for c in response.context["calls"]] == ["Skills for returnees"]


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "nonsense"},
        {"status": "maybe"},
        {"page": "x"},
        {"page": "999"},
        {"zzz": "1"},
        {"target": "99.9"},
        {"country": "??"},
    ],
)
def test_unknown_parameters_never_fail(client, call, params):
    response = client.get("/calls/", params)
    assert response.status_code == 200


def test_the_list_is_guarded_against_n_plus_1(
    client, owner, moderator, django_assert_max_num_queries
):
    for number in range(6):
        cast.published_call(owner, moderator, title=f"Call {number}")
    with django_assert_max_num_queries(12):
        client.get("/calls/")


def test_the_detail_shows_the_offer_count_not_who(client, call, partner, other_government):
    cast.make_offer(call, partner)
    cast.make_offer(call, other_government)
    response = client.get(call.get_absolute_url())
    html = response.content.decode()
    assert "2 offers received so far." in html
    assert partner.membership.organization.name not in html
    assert "Sign in to make an offer" in html


def test_the_detail_says_why_the_own_government_cannot_offer(client, call, colleague):
    client.force_login(colleague)
    assert "your own government" in client.get(call.get_absolute_url()).content.decode()


def test_a_closed_call_says_it_is_closed(client, call, partner):
    CallForAction.objects.filter(pk=call.pk).update(deadline=cast.in_days(-1))
    client.force_login(partner)
    html = client.get(call.get_absolute_url()).content.decode()
    assert "This call is closed" in html
    assert "Make an offer" not in html
    assert client.get(f"/calls/{call.slug}/offer/").status_code == 403


def test_a_partner_makes_an_offer_through_the_form(client, call, partner, owner):
    client.force_login(partner)
    response = client.post(f"/calls/{call.slug}/offer/", cast.offer_fields())
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.organization == partner.membership.organization
    assert offer.created_by == partner
    # The form now edits the same offer.
    client.post(
        f"/calls/{call.slug}/offer/",
        {**cast.offer_fields(message="Better."), "expected_version": 1},
    )
    assert Offer.objects.get().message == "Better."


def test_it_keeps_the_text_of_a_stale_offer_edit_on_screen(client, call, partner):
    """An offer changed meanwhile is not overwritten: the page says so with a 409 and keeps
    the text typed, now carrying the version saved meanwhile."""
    offer = cast.make_offer(call, partner)
    services.offer_update(
        offer=offer, actor=partner, expected_version=1, fields={"message": "A colleague's."}
    )
    client.force_login(partner)

    response = client.post(
        f"/calls/{call.slug}/offer/", {**cast.offer_fields(message="Mine."), "expected_version": 1}
    )

    assert response.status_code == 409
    assert "Someone else saved this offer while you were editing it" in response.text
    assert "Mine." in response.text
    assert 'name="expected_version" value="2"' in response.text
    assert Offer.objects.get().message == "A colleague's."


def test_offers_are_seen_only_by_their_author_the_government_and_moderators(
    client, call, partner, owner, other_government, admin_client
):
    offer = cast.make_offer(call, partner, message="Secret plan")
    client.force_login(partner)
    assert call.title in client.get("/my/calls/offers/").content.decode()
    client.force_login(owner)
    inbox = client.get(f"/my/calls/{call.pk}/offers/").content.decode()
    assert "Secret plan" in inbox and "ana@ngo.example.org" in inbox
    client.force_login(other_government)
    assert client.get(f"/my/calls/{call.pk}/offers/").status_code == 404
    assert call.title not in client.get("/my/calls/offers/").content.decode()
    assert "Secret plan" not in client.get(call.get_absolute_url()).content.decode()
    # Moderators read it in the admin, and cannot change it.
    page = admin_client.get(f"/admin/calls_for_action/offer/{offer.pk}/change/")
    assert page.status_code == 200 and "Secret plan" in page.content.decode()
    assert admin_client.post(f"/admin/calls_for_action/offer/{offer.pk}/change/").status_code == 403


def test_the_government_accepts_an_offer_and_the_offerer_is_emailed(
    client, call, partner, owner, django_capture_on_commit_callbacks
):
    offer = cast.make_offer(call, partner)
    mail.outbox.clear()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/my/calls/offers/{offer.pk}/accept/", {"message": "Welcome aboard."}
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert {m.to[0] for m in mail.outbox} == {"ana@ngo.example.org", partner.email}
    assert "accepted" in mail.outbox[0].subject
    assert "Welcome aboard." in mail.outbox[0].body


def test_the_calls_focal_points_are_emailed_each_new_offer(
    call, partner, owner, colleague, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cast.make_offer(call, partner)
    to_government = [m for m in mail.outbox if "New offer" in m.subject]
    assert sorted(m.to[0] for m in to_government) == sorted([owner.email, colleague.email])


def test_a_focal_point_may_choose_a_daily_digest(
    client, call, partner, other_government, owner, colleague, django_capture_on_commit_callbacks
):
    client.force_login(colleague)
    client.post("/my/calls/digest/", {"daily_digest": "on"})
    assert OfferEmailPreference.objects.get(user=colleague).daily_digest
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cast.make_offer(call, partner)
        cast.make_offer(call, other_government)
    assert [m.to for m in mail.outbox if "New offer" in m.subject] == [
        [owner.email],
        [owner.email],
    ]
    mail.outbox.clear()
    call_command("send_offer_digest", verbosity=0)
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert "2 new offers" in mail.outbox[0].subject
    # Each offer goes out in one digest only.
    mail.outbox.clear()
    call_command("send_offer_digest", verbosity=0)
    assert mail.outbox == []


def test_open_calls_closing_soonest(owner, moderator):
    a = cast.published_call(owner, moderator, title="A", deadline=cast.in_days(10))
    b = cast.published_call(owner, moderator, title="B", deadline=cast.in_days(2))
    c = cast.published_call(owner, moderator, title="C", deadline=cast.in_days(5))
    cast.published_call(owner, moderator, title="D", deadline=cast.in_days(1))
    closed = cast.published_call(owner, moderator, title="Closed")
    CallForAction.objects.filter(pk=closed.pk).update(deadline=cast.in_days(-1))
    cast.draft_call(owner, title="Draft")
    d = CallForAction.objects.get(title="D")
    services.call_mark_fulfilled(call=d, actor=owner)
    assert selectors.open_calls_closing_soonest() == [b, c, a]
    assert selectors.open_calls_closing_soonest(limit=1) == [b]


def test_open_calls_for_practice(owner, moderator):
    from tests.practices import workspace_cast

    practice = workspace_cast.published(owner, moderator, title="Fund")
    related = cast.published_call(owner, moderator, title="R", related_practices=[practice])
    cast.published_call(owner, moderator, title="Unrelated")
    cast.draft_call(owner, title="Draft", related_practices=[practice])
    closed = cast.published_call(owner, moderator, title="Closed", related_practices=[practice])
    CallForAction.objects.filter(pk=closed.pk).update(deadline=cast.in_days(-1))
    assert selectors.open_calls_for_practice(practice) == [related]


def test_the_call_form_creates_a_draft(client, owner, ghana):
    """The first section creates the draft; the others are saved onto it; the call is
    submitted from "check your answers", on its own."""
    client.force_login(owner)
    response = client.post("/my/calls/new/", {**cast.section_data("about"), "then": "tasks"})
    call = CallForAction.objects.get()
    assert response.status_code == 302
    assert response.url == f"/my/calls/{call.pk}/"
    assert call.government == ghana
    assert call.review_state == "draft"
    for key in ["sought", "frameworks", "deadline"]:
        assert cast.save_section(client, call, key).status_code == 302
    call.refresh_from_db()
    assert call.review_state == "draft"
    response = client.post(f"/my/calls/{call.pk}/submit/")
    assert response.url == f"/my/calls/{call.pk}/submitted/"
    call.refresh_from_db()
    assert call.review_state == "submitted"


def test_the_call_form_refuses_a_past_deadline(client, owner):
    client.force_login(owner)
    call = cast.draft_call(owner)
    response = cast.save_section(
        client, call, "deadline", **cast.date_data("deadline", cast.in_days(-1))
    )
    assert response.status_code == 200
    assert "The deadline must be today or in the future." in response.content.decode()
    call.refresh_from_db()
    assert call.deadline == cast.in_days(30)


def test_the_workspace_home_lists_calls_and_offers(client, call, partner, owner):
    cast.make_offer(call, partner)
    client.force_login(owner)
    html = client.get("/my/").content.decode()
    assert call.title in html and "1 offer" in html
    client.force_login(partner)
    html = client.get("/my/").content.decode()
    assert "My offers" in html and call.title in html
