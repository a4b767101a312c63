"""What a call's government reads of a call before it is public: "not public yet" rather than
"open until", and a preview of the public page, for its government only."""

import pytest

from calls_for_action import services
from calls_for_action.models import CallForAction
from pfp.moderation import workflow
from tests.calls_for_action import cast


@pytest.mark.parametrize(
    ("state", "reads"),
    [
        ("draft", "Not public yet"),
        ("submitted", "Under review — not public yet"),
        ("withdrawn", "Not public"),
    ],
)
def test_a_call_not_published_never_reads_open(client, owner, state, reads):
    call = cast.draft_call(owner, deadline=cast.in_days(30))
    if state == "submitted":
        services.call_submit(call=call, actor=owner)
    elif state == "withdrawn":
        services.call_withdraw(call=call, actor=owner)
    client.force_login(owner)
    for url in ["/my/calls/", f"/my/calls/{call.pk}/", f"/my/calls/{call.pk}/preview/"]:
        html = client.get(url).content.decode()
        assert f'<span class="call-status call-status-not-public">{reads}</span>' in html, url
        assert "Open until" not in html, url


def test_a_published_call_reads_open_until_its_deadline(client, call, owner):
    client.force_login(owner)
    assert "Open until" in client.get("/my/calls/").content.decode()


def test_my_offers_says_when_a_call_is_no_longer_public(client, call, partner, moderator):
    cast.make_offer(call, partner)
    workflow.perform(item=call, action_name="unpublish", actor=moderator)
    client.force_login(partner)
    html = client.get("/my/calls/offers/").content.decode()
    assert '<span class="call-status call-status-not-public">Not public</span>' in html
    assert "Open until" not in html


def test_the_preview_shows_the_call_as_the_public_will(client, owner):
    call = cast.draft_call(owner, title="A call in the making")
    client.force_login(owner)
    html = client.get(f"/my/calls/{call.pk}/preview/").content.decode()
    assert "Preview — not public." in html
    assert "<h1>A call in the making</h1>" in html
    assert "Ghana <strong>seeks</strong> partners." in html
    assert "noindex" in html
    # No offer can be made on a call that is not published.
    assert "Make an offer</a>" not in html
    # Submitted from "check your answers" only: the preview leads there.
    assert f'action="/my/calls/{call.pk}/submit/"' not in html
    assert f'href="/my/calls/{call.pk}/check/">Check your answers and submit</a>' in html
    assert f'href="/my/calls/{call.pk}/preview/"' in client.get(f"/my/calls/{call.pk}/").text


def test_the_preview_is_for_the_calls_government_only(client, owner, partner, other_government):
    call = cast.draft_call(owner)
    url = f"/my/calls/{call.pk}/preview/"
    client.force_login(other_government)
    assert client.get(url).status_code == 404
    client.force_login(partner)
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(f"/calls/{call.slug}/").status_code == 404


def test_a_submitted_call_is_previewed_without_a_submit_button(client, owner):
    call = services.call_submit(call=cast.draft_call(owner), actor=owner)
    client.force_login(owner)
    html = client.get(f"/my/calls/{call.pk}/preview/").content.decode()
    assert "Under review — not public yet" in html
    assert f'action="/my/calls/{call.pk}/submit/"' not in html
    assert f'href="/my/calls/{call.pk}/check/"' not in html
    assert CallForAction.objects.get().review_state == "submitted"


def test_the_preview_of_a_draft_without_a_deadline_says_so(client, owner):
    """A draft may have no deadline yet: the preview says so rather than showing nothing."""
    call = services.call_create(actor=owner, fields={"title": "Early", "kind": "seeking-funding"})
    client.force_login(owner)
    html = client.get(f"/my/calls/{call.pk}/preview/").content.decode()
    assert "<dt>Deadline</dt><dd>Not given yet</dd>" in html
    assert '<span class="call-status call-status-not-public">Not public yet</span>' in html
