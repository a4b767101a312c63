"""Staff edits of the M49 areas reach the facet panel and the search documents once committed.

These tests commit for real (`transactional_db`), as an admin request in production does.
"""

from urllib.parse import urlencode

from django.http import QueryDict

from pfp.taxonomy.models import Country, Region
from practices import search
from practices.models import Practice
from practices.search.index import current_index
from tests.factories import make_practice


def document_of(practice):
    return Practice.objects.get(pk=practice.pk).search_document


def titles_for(text):
    index = current_index()
    result = search.run(search.parse(QueryDict(urlencode({"q": text})), index), index)
    by_id = dict(Practice.objects.values_list("id", "title"))
    return [by_id[int(i)] for i in result.ordered_ids]


def test_a_new_informal_name_is_in_the_documents_of_the_areas_practices(
    transactional_db, reference_data
):
    ghana = make_practice(title="Ghana diaspora desk", countries=["GH"])
    kenya = make_practice(title="Kenya diaspora desk", countries=["KE"])
    western = Region.objects.get(slug="western-africa")
    western.aliases = "West Africa; Gulf of Guinea coast"
    western.save()
    assert "gulf of guinea coast" in document_of(ghana)
    assert "gulf of guinea coast" not in document_of(kenya)
    assert titles_for("Guinea coast") == ["Ghana diaspora desk"]


def test_a_renamed_region_is_in_the_documents_of_its_countries_practices(
    transactional_db, reference_data
):
    """A region's name reaches the practices of every country below it."""
    senegal = make_practice(title="Senegal diaspora desk", countries=["SN"])
    africa = Region.objects.get(slug="africa")
    africa.name = "African continent"
    africa.save()
    assert "african continent" in document_of(senegal)


def test_a_country_moved_to_another_area_is_counted_and_named_there(
    transactional_db, reference_data
):
    practice = make_practice(title="Cabo Verde diaspora desk", countries=["CV"])
    assert current_index().counts("subregion", current_index().alive)["western-africa"] == 1
    cabo_verde = Country.objects.get(code="CV")
    cabo_verde.m49_intermediate_region = Region.objects.get(slug="middle-africa")
    cabo_verde.save()
    counts = current_index().counts("subregion", current_index().alive)
    assert (counts["western-africa"], counts["middle-africa"]) == (0, 1)
    assert "middle africa" in document_of(practice)


def test_a_renamed_area_is_labelled_anew_in_the_facet_panel(transactional_db, reference_data):
    make_practice(countries=["SN"])
    assert current_index().values["subregion"]["western-africa"].label == "Western Africa"
    western = Region.objects.get(slug="western-africa")
    western.name = "West African States"
    western.save()
    assert current_index().values["subregion"]["western-africa"].label == "West African States"
