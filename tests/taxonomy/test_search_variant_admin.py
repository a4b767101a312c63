"""Search variants in the admin: the list, the edit form, who may use them."""

import pytest
from django.urls import reverse

from pfp.taxonomy.models import SearchVariant
from tests.admin_forms import admin_form_values
from tests.moderation import cast

K = SearchVariant.Kind
CHANGELIST = reverse("admin:taxonomy_searchvariant_changelist")
ADD = reverse("admin:taxonomy_searchvariant_add")


def change_url(variant):
    return reverse("admin:taxonomy_searchvariant_change", args=[variant.pk])


def delete_url(variant):
    return reverse("admin:taxonomy_searchvariant_delete", args=[variant.pk])


def new_variant(kind="spelling", terms="", also_finds="", note="", is_active="on"):
    """What a moderator posts from the empty add form."""
    data = {"kind": kind, "terms": terms, "also_finds": also_finds, "note": note}
    if is_active:
        data["is_active"] = is_active
    return data


def form_values(client, variant):
    """What a browser posts from the change form."""
    values = admin_form_values(client, change_url(variant))
    # HTML drops the line break that opens a text area's content.
    for name in ("terms", "also_finds", "note"):
        values[name] = [value.removeprefix("\n") for value in values[name]]
    # A ticked checkbox without a value attribute is sent as "on".
    if "is_active" in values:
        values["is_active"] = ["on"]
    return values


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False


@pytest.fixture
def moderator_client(client, db):
    client.force_login(cast.moderator("moderator@gfmd.example.org"))
    return client


@pytest.fixture
def labour(db):
    return SearchVariant.objects.create(kind=K.SPELLING, terms="labour\nlabor")


@pytest.fixture
def filipino(db):
    return SearchVariant.objects.create(
        kind=K.DEMONYM, terms="Filipino\nFilipina", also_finds="Philippines"
    )


def listed(client, query=None):
    response = client.get(CHANGELIST, query or {})
    assert response.status_code == 200
    return set(response.context["cl"].result_list)


def test_the_list_shows_terms_kind_and_direction(moderator_client, labour, filipino):
    page = moderator_client.get(CHANGELIST).text
    assert "labour, labor" in page
    assert "Filipino, Filipina" in page
    assert "Philippines" in page
    assert "both ways" in page
    assert "one way" in page


def test_the_list_searches_terms_and_filters_by_kind(moderator_client, labour, filipino):
    assert listed(moderator_client, {"q": "labor"}) == {labour}
    assert listed(moderator_client, {"q": "philippines"}) == {filipino}
    assert listed(moderator_client, {"kind__exact": "demonym"}) == {filipino}
    assert listed(moderator_client, {"kind__exact": "spelling"}) == {labour}


def test_a_moderator_adds_a_group_typed_on_one_line(moderator_client):
    response = moderator_client.post(ADD, new_variant(terms="centre, center , centres"))

    assert response.status_code == 302
    variant = SearchVariant.objects.get()
    assert variant.terms == "centre\ncenter\ncentres"
    assert variant.is_active


def test_a_moderator_adds_a_demonym_typed_one_per_line(moderator_client):
    data = new_variant(kind="demonym", terms="Moroccan\r\nMoroccans\r\n", also_finds="Morocco")

    response = moderator_client.post(ADD, data)

    assert response.status_code == 302
    variant = SearchVariant.objects.get()
    assert (variant.term_list, variant.also_finds_list) == (["Moroccan", "Moroccans"], ["Morocco"])


def test_the_form_shows_what_is_wrong_and_saves_nothing(moderator_client, labour):
    """A term already in another group of the kind, and a term equal to another of its group:
    the form comes back with both messages."""
    response = moderator_client.post(ADD, new_variant(terms="Labour, labourer, LABOURER"))

    assert response.status_code == 200
    page = response.text
    assert "is already in another group of this kind" in page
    assert "“LABOURER” and “labourer” are the same term for search" in page
    assert SearchVariant.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (new_variant(terms="labour"), "A group needs at least two terms"),
        (new_variant(terms="labour, ---"), "has no letters or digits"),
        (new_variant(terms="   "), "Enter at least one term."),
        (new_variant(kind="demonym", terms="Filipino, Filipina"), "A demonym finds its country"),
        (new_variant(terms="labour, " + "a" * 101), "is longer than 100 characters"),
        (new_variant(terms="a, " + " ".join(["word"] * 9)), "has more than 8 words"),
        (new_variant(terms="x, " * 2000), "Ensure this value has at most"),
        (new_variant(kind="nonsense", terms="a, b"), "Select a valid choice"),
    ],
)
def test_bad_input_is_a_message_never_an_error_page(moderator_client, data, message):
    response = moderator_client.post(ADD, data)

    assert response.status_code == 200
    assert message in response.text
    assert not SearchVariant.objects.exists()


def test_a_moderator_edits_a_group_and_a_term_with_a_comma_stays_whole(moderator_client, db):
    """A saved single term that holds a comma is shown on its own line, so saving the form
    again keeps it whole."""
    variant = SearchVariant.objects.create(
        kind=K.ACRONYM,
        terms="GCM",
        also_finds="Global Compact for Safe, Orderly and Regular Migration",
    )
    values = form_values(moderator_client, variant)
    values["note"] = ["The compact's full title."]

    response = moderator_client.post(change_url(variant), values)

    assert response.status_code == 302
    variant.refresh_from_db()
    assert variant.also_finds_list == ["Global Compact for Safe, Orderly and Regular Migration"]
    assert variant.note == "The compact's full title."


def test_a_group_is_switched_off_rather_than_deleted(moderator_client, labour):
    """Moderators keep the groups' history: they untick "in use"; they have no delete."""
    values = form_values(moderator_client, labour)
    del values["is_active"]

    response = moderator_client.post(change_url(labour), values)

    assert response.status_code == 302
    labour.refresh_from_db()
    assert not labour.is_active
    assert moderator_client.get(delete_url(labour)).status_code == 403
    assert SearchVariant.objects.filter(pk=labour.pk).exists()


def test_staff_outside_the_moderators_group_are_refused(client, labour):
    client.force_login(cast.make_user(is_staff=True))
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(change_url(labour)).status_code == 403
    assert client.post(ADD, new_variant(terms="centre, center")).status_code == 403
    assert SearchVariant.objects.count() == 1


def test_a_focal_point_is_sent_to_the_admin_sign_in(client, reference_data, labour):
    client.force_login(cast.focal_point(cast.government("GH")))
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
