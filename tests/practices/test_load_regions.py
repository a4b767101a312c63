"""`load_pfp_data` loads the UN M49 hierarchy and places every country in it."""

import csv
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command

from pfp.taxonomy.models import Country, Region
from practices.models import Practice
from practices.search.document import refresh_search_columns
from tests.practices import workspace_cast as cast

GHANA_POLICY = "National Migration Policy (Ghana)"


def load():
    output = io.StringIO()
    call_command("load_pfp_data", stdout=output, stderr=io.StringIO())
    return output.getvalue()


def regions_file():
    with (settings.PFP_FIXTURES_DIR / "m49_regions.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def place(code):
    country = Country.objects.select_related(
        "m49_subregion__parent", "m49_intermediate_region"
    ).get(code=code)
    intermediate = country.m49_intermediate_region
    return (
        country.m49_subregion.parent.slug,
        country.m49_subregion.slug,
        intermediate.slug if intermediate else None,
    )


def test_it_loads_the_m49_hierarchy(reference_data):
    """Five regions; sub-regions under them; intermediate regions under their sub-region."""
    assert Region.objects.count() == len(regions_file())
    regions = Region.objects.filter(level=Region.Level.REGION)
    assert list(regions.values_list("slug", flat=True)) == [
        "africa",
        "americas",
        "asia",
        "europe",
        "oceania",
    ]
    assert not regions.exclude(parent=None).exists()
    western = Region.objects.get(slug="western-africa")
    assert (western.m49, western.level) == (11, Region.Level.INTERMEDIATE)
    assert western.parent.slug == "sub-saharan-africa"
    assert western.parent.level == Region.Level.SUBREGION
    assert western.parent.parent.slug == "africa"
    assert western.alias_list == ["West Africa"]
    assert Region.objects.get(slug="south-eastern-asia").alias_list == [
        "Southeast Asia",
        "South-East Asia",
    ]
    latin = Region.objects.get(slug="latin-america-and-the-caribbean")
    assert list(latin.parts.values_list("slug", flat=True)) == [
        "caribbean",
        "central-america",
        "south-america",
    ]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("SN", ("africa", "sub-saharan-africa", "western-africa")),
        ("MA", ("africa", "northern-africa", None)),
        ("MX", ("americas", "latin-america-and-the-caribbean", "central-america")),
        ("US", ("americas", "northern-america", None)),
        ("ES", ("europe", "southern-europe", None)),
        ("PH", ("asia", "south-eastern-asia", None)),
    ],
)
def test_it_places_each_country_at_every_level(reference_data, code, expected):
    """The table's finest area (Western Africa) gives the sub-region above it too."""
    assert place(code) == expected


def test_it_places_no_country_in_an_area_m49_does_not_have(reference_data):
    """Antarctica's row names "Antarctica" as its sub-region: M49 has no such area."""
    antarctica = Country.objects.get(code="AQ")
    assert antarctica.m49_subregion is None
    assert antarctica.m49_intermediate_region is None
    assert Country.objects.filter(m49_subregion=None).count() == 1


def test_a_second_run_creates_nothing_and_keeps_staff_edits(report_practices):
    """Renamed areas and a country staff moved stay as staff left them."""
    Region.objects.filter(slug="western-africa").update(name="West African States")
    southern = Region.objects.get(slug="southern-europe")
    Country.objects.filter(code="PT").update(m49_subregion=southern, m49_intermediate_region=None)
    Country.objects.filter(code="FR").update(m49_subregion=southern)
    assert load().strip() == "nothing to create"
    assert Region.objects.count() == len(regions_file())
    assert Region.objects.get(slug="western-africa").name == "West African States"
    assert place("FR") == ("europe", "southern-europe", None)
    assert place("SN") == ("africa", "sub-saharan-africa", "western-africa")


def test_it_fills_a_database_loaded_before_the_hierarchy(report_practices):
    """A database of the previous version gets the areas, its countries placed in them, and
    its practices' search documents the names of their regions."""
    Country.objects.update(m49_subregion=None, m49_intermediate_region=None)
    Region.objects.filter(level=Region.Level.INTERMEDIATE).delete()
    Region.objects.filter(level=Region.Level.SUBREGION).delete()
    Region.objects.all().delete()
    ghana_policy = Practice.objects.get(title=GHANA_POLICY)
    refresh_search_columns([ghana_policy.pk])
    ghana_policy.refresh_from_db()
    assert "west africa" not in ghana_policy.search_document

    output = load()

    assert f"{len(regions_file())} M49 regions" in output
    assert f"{Country.objects.count() - 1} countries placed in M49 sub-regions" in output
    assert place("GH") == ("africa", "sub-saharan-africa", "western-africa")
    ghana_policy.refresh_from_db()
    assert "western africa west africa" in ghana_policy.search_document


def test_an_area_must_be_part_of_the_level_above(reference_data):
    """Staff are told, in the admin's form validation, where an area belongs."""
    africa = Region.objects.get(slug="africa")
    wrong = Region(m49=999, name="Sahel", slug="sahel", level="intermediate-region", parent=africa)
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert error.value.error_dict["parent"][0].code == "wrong_parent_level"
    wrong.parent = Region.objects.get(slug="sub-saharan-africa")
    wrong.full_clean()
    wrong.level, wrong.parent = Region.Level.REGION, africa
    with pytest.raises(ValidationError):
        wrong.full_clean()


def test_a_country_intermediate_region_lies_in_its_subregion(reference_data):
    senegal = Country.objects.get(code="SN")
    senegal.m49_subregion = Region.objects.get(slug="northern-africa")
    with pytest.raises(ValidationError) as error:
        senegal.full_clean()
    assert error.value.error_dict["m49_intermediate_region"][0].code == (
        "intermediate_region_outside_subregion"
    )
    senegal.m49_subregion = Region.objects.get(slug="sub-saharan-africa")
    senegal.full_clean()


def test_moderators_manage_the_areas_in_the_admin(client, reference_data, settings):
    settings.PFP_REQUIRE_2FA_FOR_STAFF = False
    client.force_login(cast.moderator("moderator@gfmd.example.org"))
    response = client.get("/admin/taxonomy/region/?level=intermediate-region")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Western Africa" in body
    assert "Southern Europe" not in body
