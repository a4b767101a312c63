"""`manage.py load_pfp_data`: the reference data and the practices of the GFMD report."""

import csv
import io

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from pfp.accounts.models import Organization
from pfp.moderation.models import ReviewState
from pfp.taxonomy.loading import country_rows_to_load, fixtures_dir
from pfp.taxonomy.models import (
    Country,
    GCMObjective,
    PartnerType,
    Roundtable,
    SDGGoal,
    SDGTarget,
    Summit,
    ThematicArea,
)
from practices.models import Practice

NATIONAL_MIGRATION_POLICY = "National Migration Policy (Ghana)"


def load(*args):
    output = io.StringIO()
    call_command("load_pfp_data", *args, stdout=output, stderr=io.StringIO())
    return output.getvalue()


def fixture_rows(name):
    with (settings.PFP_FIXTURES_DIR / f"{name}.csv").open(encoding="utf-8") as file:
        return list(csv.DictReader(file))


def row_counts():
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_it_loads_the_sdgs_and_all_their_targets(reference_data):
    """The 17 goals with their colours, and all 169 targets with the ten on migration flagged."""
    assert SDGGoal.objects.count() == 17
    goal = SDGGoal.objects.get(number=10)
    assert goal.short_title == "Reduced inequalities"
    assert goal.color.upper() == "#DD1367"
    assert SDGTarget.objects.count() == 169
    assert SDGTarget.objects.filter(is_explicit_migration=True).count() == 10
    target = SDGTarget.objects.get(code="10.7")
    assert target.goal == goal
    assert target.migration_topic == "Orderly, safe, regular and responsible migration"
    assert not SDGTarget.objects.get(code="10.1").is_explicit_migration
    codes = list(goal.targets.values_list("code", flat=True))
    assert codes[-4:] == ["10.7", "10.a", "10.b", "10.c"]


def test_it_loads_gcm_objectives_themes_and_partner_types_in_file_order(reference_data):
    """23 GCM objectives; the 6 themes and 7 partner types keep the order of their files."""
    assert GCMObjective.objects.count() == 23
    themes = [row["slug"] for row in fixture_rows("thematic_areas")]
    assert list(ThematicArea.objects.values_list("slug", flat=True)) == themes
    assert len(themes) == 6
    partner_types = [row["slug"] for row in fixture_rows("partner_types")]
    assert list(PartnerType.objects.values_list("slug", flat=True)) == partner_types
    assert len(partner_types) == 7


def test_it_loads_every_country_with_its_m49_region(reference_data):
    """Each country of the file django-countries knows, with region and sub-region."""
    assert Country.objects.count() == country_rows_to_load(fixtures_dir())
    # The source writes some codes as patterns, and has a few rows that are not ISO countries.
    assert Country.objects.count() == len(fixture_rows("countries_m49")) - 4
    ghana = Country.objects.get(code="GH")
    assert (ghana.iso3, ghana.m49, ghana.un_member) == ("GHA", 288, True)
    assert (ghana.region, ghana.subregion) == ("Africa", "Western Africa")
    assert (ghana.region_slug, ghana.subregion_slug) == ("africa", "western-africa")
    assert Country.objects.get(iso3="GBR").code == "GB"
    assert Country.objects.get(iso3="GRC").code == "GR"
    assert not Country.objects.filter(iso3__in=["XKX", "SUN", "ANT", "BA1"]).exists()


def test_it_loads_the_summits(reference_data):
    """Summits are known by chairmanship year, with chair, format and whether verified."""
    assert Summit.objects.count() == 15
    berlin = Summit.objects.get(year=2017)
    assert berlin.chair_country.code == "DE"
    assert berlin.chair_label == "Germany (co-chair with Morocco)"
    assert (berlin.city, berlin.number, berlin.verified) == ("Berlin", 10, True)
    assert Summit.objects.get(year=2020).format == Summit.Format.VIRTUAL
    assert Summit.objects.get(year=2019).format == Summit.Format.IN_PERSON
    assert not Summit.objects.get(year=2023).verified
    assert "Chairmanship: 2013-2014" in Summit.objects.get(year=2014).notes


def test_it_gives_roundtables_stable_identifiers_and_parents(reference_data):
    """Every roundtable gets a public identifier; a session hangs under its roundtable."""
    assert Roundtable.objects.count() == len(fixture_rows("gfmd_roundtables"))
    session = Roundtable.objects.get(identifier="2017-2.1")
    assert session.level == Roundtable.Level.SESSION
    assert session.parent.identifier == "2017-2"
    assert session.parent.parent is None
    assert Roundtable.objects.get(identifier="2012-1.a").parent.identifier == "2012-1"
    assert Roundtable.objects.get(identifier="2011-cluster-i").level == Roundtable.Level.CLUSTER
    unnumbered = Roundtable.objects.filter(summit__year=2007).order_by("position")
    assert [rt.identifier for rt in unnumbered] == ["2007-rt1", "2007-rt2", "2007-rt3"]
    assert Roundtable.objects.get(identifier="2009-s1").parent is None


def test_it_loads_no_practice_with_reference_only(reference_data):
    """--reference-only leaves the practices and organizations out."""
    assert not Practice.objects.exists()
    assert not Organization.objects.exists()


def test_it_publishes_the_practices_of_the_report(report_practices):
    """The 32 practices of the report are published, reviewed now, with their source."""
    assert Practice.objects.count() == 32
    assert Practice.objects.published().count() == 32
    practice = Practice.objects.get(title=NATIONAL_MIGRATION_POLICY)
    assert practice.review_state == ReviewState.PUBLISHED
    assert practice.published_at is not None
    assert practice.last_reviewed_at is not None
    assert not practice.needs_review
    assert practice.source_note == "Report box 6"
    assert practice.slug == "national-migration-policy-ghana"
    assert practice.summary.startswith("A national policy to manage")


def test_it_links_a_practice_to_its_government_and_the_taxonomy(report_practices):
    """A practice is owned by its first lead country's government and carries its tags."""
    practice = Practice.objects.get(title=NATIONAL_MIGRATION_POLICY)
    assert practice.government.is_national_government
    assert practice.government.country.code == "GH"
    assert practice.government.verified
    assert [str(c.code) for c in practice.lead_countries.all()] == ["GH"]
    assert list(practice.sdg_targets.values_list("code", flat=True)) == ["10.7"]
    assert list(practice.gcm_objectives.values_list("number", flat=True)) == [23]
    assert list(practice.thematic_areas.values_list("slug", flat=True)) == [
        "migration-policy-mainstreaming"
    ]
    assert practice.practice_type == Practice.Type.POLICY


def test_it_links_partner_countries_and_organizations(report_practices):
    """Partner countries, organizations and partner types come from the row."""
    practice = Practice.objects.get(
        title="Incorporating the WHO Global Code of Practice into national law (Kenya)"
    )
    assert practice.government.country.code == "KE"
    assert sorted(str(c.code) for c in practice.other_countries.all()) == ["LS", "NA", "RW"]
    assert [o.name for o in practice.partner_organizations.all()] == [
        "World Health Organization (WHO)"
    ]
    assert list(practice.partner_types.values_list("slug", flat=True)) == ["national-government"]
    assert set(practice.thematic_areas.values_list("slug", flat=True)) == {
        "labour-migration",
        "return-and-reintegration",
    }
    assert practice.practice_type == Practice.Type.LEGISLATION


def test_it_creates_each_partner_organization_once(report_practices):
    """An organization named by several practices is one verified organization."""
    ilo = Organization.objects.get(name="International Labour Organization (ILO)")
    assert ilo.partner_practices.count() == 3
    assert ilo.partner_type.slug == "international-organization"
    assert ilo.country is None
    assert ilo.verified
    assert Organization.objects.filter(is_national_government=True, country__code="GH").count() == 1


def test_it_leaves_a_practice_without_lead_country_without_government(report_practices):
    """A practice led by no country (an ILO agenda) has no owning government."""
    practice = Practice.objects.get(title="ILO Fair Migration Agenda")
    assert practice.government is None
    assert practice.start_year == 2014
    assert practice.end_year is None


def test_it_records_one_history_entry_per_practice_with_its_relations(report_practices):
    """Each imported practice has one "created" history entry that holds its relations."""
    practice = Practice.objects.get(title=NATIONAL_MIGRATION_POLICY)
    entries = list(practice.history.all())
    assert len(entries) == 1
    assert entries[0].history_type == "+"
    assert [row.thematicarea.slug for row in entries[0].thematic_areas.all()] == [
        "migration-policy-mainstreaming"
    ]


def test_it_reports_what_it_created(db):
    """The first run says what it created, the second that there was nothing to create."""
    first = load()
    assert "created 17 goals, 169 targets" in first
    assert "32 practices" in first
    assert load().strip() == "nothing to create"


def test_it_changes_nothing_when_run_twice(report_practices):
    """A second run creates no row in any table, history and tags included."""
    before = row_counts()
    load()
    assert row_counts() == before
    assert before["practices.HistoricalPractice"] == 32


def test_it_adds_the_practices_after_a_reference_only_load(reference_data):
    """A full load after a reference-only one adds the practices and nothing else twice."""
    references = Country.objects.count(), Roundtable.objects.count()
    load()
    assert Practice.objects.count() == 32
    assert (Country.objects.count(), Roundtable.objects.count()) == references


def test_it_keeps_staff_edits(report_practices):
    """Renamed themes, retitled practices and changed colours survive a reload."""
    ThematicArea.objects.filter(slug="diaspora").update(name="Diaspora engagement")
    SDGGoal.objects.filter(number=10).update(color="#000000")
    practice = Practice.objects.get(title=NATIONAL_MIGRATION_POLICY)
    practice.title = "Ghana's National Migration Policy"
    practice.save()
    before = row_counts()

    load()

    assert ThematicArea.objects.get(slug="diaspora").name == "Diaspora engagement"
    assert SDGGoal.objects.get(number=10).color == "#000000"
    practice.refresh_from_db()
    assert practice.title == "Ghana's National Migration Policy"
    assert not Practice.objects.filter(title=NATIONAL_MIGRATION_POLICY).exists()
    assert row_counts() == before


def test_it_recognises_a_practice_whose_slug_staff_changed(report_practices):
    """A practice whose address staff changed is still recognised by its title."""
    Practice.objects.filter(title=NATIONAL_MIGRATION_POLICY).update(slug="ghana-migration-policy")
    load()
    assert Practice.objects.count() == 32
