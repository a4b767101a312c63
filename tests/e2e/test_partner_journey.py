"""The partner's journey in a real browser, at desktop width and on a 390 px phone: find a call,
make an offer (a first try with errors: the error summary takes focus and leads to the field),
the call's government accepts it through the page that says what accepting does, and the
partner sees the decision. Every page on the way is audited by axe-core (the `browse` harness).
"""

import pytest

from calls_for_action.models import Offer
from tests.calls_for_action import cast
from tests.e2e.test_calls import send_offer, sign_in
from tests.moderation import cast as moderation_cast

TITLE = "Mentors for young returnees"


@pytest.fixture
def people(reference_data):
    focal_point = cast.focal_point(cast.government("GH"), "kwame@gh.example.org")
    moderator = moderation_cast.moderator("ama@gfmd.example.org", password=cast.PASSWORD)
    cast.published_call(focal_point, moderator, title=TITLE)
    return {"focal_point": focal_point, "partner": cast.partner("ana@ngo.example.org")}


def fits_the_width(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def focused_element(page):
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e.id || e.getAttribute('data-error-summary') !== null && 'summary'; })()"
    )


@pytest.mark.parametrize("width", [1366, 390])
def test_a_partner_finds_a_call_makes_an_offer_and_hears_the_decision(browse, people, width):
    page = browse.page
    page.set_viewport_size({"width": width, "height": 900})

    # 1. The partner finds the call and opens the offer form.
    sign_in(browse, people["partner"], path="/calls/")
    browse.follow(page.get_by_role("link", name=TITLE, exact=True))
    assert "Open until" in page.locator("main").inner_text()
    browse.follow(page.get_by_role("link", name="Make an offer"))
    assert page.locator("input[name=kind]:checked").count() == 0
    assert "---------" not in page.locator("main").inner_text()

    # 2. Sent with nothing chosen: the error summary takes focus and leads to the radios.
    with browse.navigation():
        page.get_by_role("button", name="Send your offer").click()
    summary = page.locator("[data-error-summary]")
    assert focused_element(page) == "summary"
    assert "Select the kind of offer your organization makes." in summary.inner_text()
    assert "Enter your message to the call's government." in summary.inner_text()
    assert page.locator("#id_kind_error").is_visible()
    assert fits_the_width(page)
    summary.get_by_role("link", name="Kind of offer: Select the kind of offer").click()
    assert focused_element(page) == "id_kind_0"
    assert not Offer.objects.exists()

    # 3. Corrected, it is sent; the contact was filled in from the account.
    offer = send_offer(browse, "Share expertise", "We mentor returnees in Accra and Kumasi.")
    assert (offer.kind, offer.contact_email) == ("expertise", "ana@ngo.example.org")
    assert "Open until" in page.locator("main").inner_text()

    # 4. The call's government accepts it, through the page that says what will happen.
    sign_in(browse, people["focal_point"], path="/my/calls/")
    browse.follow(page.get_by_role("link", name=f"1 offer (1 new) — {TITLE}"))
    browse.follow(page.get_by_role("link", name=f"Accept… — {offer.organization.name}"))
    consequences = page.get_by_role("region", name="What will happen").inner_text()
    assert "that your government accepts its offer" in consequences
    assert "this cannot be undone" in consequences
    assert fits_the_width(page)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.NEW
    page.get_by_label("Message to the organization (optional)").fill("Welcome: we write soon.")
    with browse.navigation():
        page.get_by_role("button", name="Accept the offer").click()
    assert "You accepted the offer of" in page.locator(".messages").inner_text()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED

    # 5. The partner sees the decision and the government's message.
    sign_in(browse, people["partner"], path="/my/calls/offers/")
    decision = page.get_by_role("region", name=TITLE).inner_text()
    assert "Accepted" in decision
    assert "Welcome: we write soon." in decision
    assert fits_the_width(page)
