"""The quality of the search variants that come with the portal (fixtures/search_variants.csv)."""

import re
from collections import defaultdict

import pytest

from pfp.core.folding import fold_term
from pfp.taxonomy.loading import country_code, fixtures_dir, read_rows, split_list
from pfp.taxonomy.models import Country, SearchVariant

K = SearchVariant.Kind
ROWS = read_rows(fixtures_dir(), "search_variants")


def groups(kind=None):
    """(kind, terms, also_finds) of each row of the file, of one kind or all."""
    return [
        (row["kind"], split_list(row["terms"]), split_list(row["also_finds"]))
        for row in ROWS
        if kind is None or row["kind"] == kind
    ]


def terms_of(kind):
    return {fold_term(term) for _kind, terms, _also in groups(kind) for term in terms}


def group_of(kind, term):
    folded = fold_term(term)
    matches = [
        (terms, also) for _kind, terms, also in groups(kind) if folded in map(fold_term, terms)
    ]
    assert len(matches) == 1, f"{term!r} is in {len(matches)} {kind} groups"
    return matches[0]


def test_every_group_is_one_staff_could_enter():
    """Each row passes the checks of the admin form, kind included."""
    for kind, terms, also_finds in groups():
        assert kind in K.values
        SearchVariant(
            kind=kind, terms="\n".join(terms), also_finds="\n".join(also_finds)
        ).check_terms()


def test_every_term_folds_to_something():
    for _kind, terms, also_finds in groups():
        for term in terms + also_finds:
            assert fold_term(term), term


def test_no_term_is_in_two_groups_of_a_kind():
    seen = defaultdict(list)
    for number, (kind, terms, _also) in enumerate(groups()):
        for term in terms:
            seen[kind, fold_term(term)].append(number)
    assert {key: rows for key, rows in seen.items() if len(rows) > 1} == {}


def test_no_country_a_demonym_finds_is_itself_a_demonym():
    """A country name in a demonym group would make that country find another country."""
    demonyms = terms_of(K.DEMONYM)
    countries = {fold_term(term) for _kind, _terms, also in groups(K.DEMONYM) for term in also}
    assert countries & demonyms == set()


@pytest.mark.django_db
def test_every_demonym_finds_its_country_first_as_the_countries_table_names_it(reference_data):
    names = set(Country.objects.values_list("name", flat=True))
    unknown = [also[0] for _kind, _terms, also in groups(K.DEMONYM) if also[0] not in names]
    assert unknown == []


def test_every_country_with_pfp_activity_has_its_demonyms():
    """Every country that leads or partners in a practice of the report, or chaired a
    summit, is found by its demonym."""
    codes = set()
    for row in read_rows(fixtures_dir(), "practices_from_report"):
        codes.update(split_list(row["lead_countries"]) + split_list(row["partner_countries"]))
    countries = read_rows(fixtures_dir(), "countries_m49")
    iso2 = {row["iso3"]: country_code(row["iso2"]) for row in countries}
    names = {country_code(row["iso2"]): row["name"] for row in countries}
    for row in read_rows(fixtures_dir(), "gfmd_summits"):
        codes.add(iso2[row["chair_country_iso3"]])
    found = {also[0] for _kind, _terms, also in groups(K.DEMONYM)}
    assert sorted(names[code] for code in codes if names[code] not in found) == []


def test_the_list_has_what_migration_texts_need():
    assert len(groups(K.DEMONYM)) >= 100
    assert len(groups(K.SPELLING)) >= 40
    for demonym, country in [
        ("Filipino", "Philippines"),
        ("Filipinas", "Philippines"),
        ("Salvadoran", "El Salvador"),
        ("Moroccan", "Morocco"),
        ("Mexican", "Mexico"),
        ("Indian", "India"),
        ("Bangladeshi", "Bangladesh"),
        ("Nepali", "Nepal"),
        ("Nepalese", "Nepal"),
        ("Senegalese", "Senegal"),
        ("Malian", "Mali"),
        ("Ghanaian", "Ghana"),
        ("Nigerian", "Nigeria"),
        ("Ethiopian", "Ethiopia"),
        ("Somali", "Somalia"),
        ("Kenyan", "Kenya"),
        ("Ugandan", "Uganda"),
        ("Sri Lankan", "Sri Lanka"),
        ("Indonesian", "Indonesia"),
        ("Vietnamese", "Vietnam"),
        ("Guatemalan", "Guatemala"),
        ("Honduran", "Honduras"),
        ("Ecuadorian", "Ecuador"),
        ("Colombian", "Colombia"),
        ("Venezuelan", "Venezuela"),
        ("Haitian", "Haiti"),
        ("Syrian", "Syria"),
        ("Afghan", "Afghanistan"),
        ("Turkish", "Türkiye"),
        ("Moldovan", "Moldova"),
        ("Ukrainian", "Ukraine"),
    ]:
        assert country in group_of(K.DEMONYM, demonym)[1], demonym
    for british, american in [
        ("labour", "labor"),
        ("programme", "program"),
        ("organisation", "organization"),
        ("centre", "center"),
        ("harmonise", "harmonize"),
        ("mobilise", "mobilize"),
        ("prioritise", "prioritize"),
        ("favour", "favor"),
        ("behaviour", "behavior"),
        ("licence", "license"),
        ("defence", "defense"),
        ("catalogue", "catalog"),
        ("analyse", "analyze"),
        ("ageing", "aging"),
        ("enrol", "enroll"),
        ("counselling", "counseling"),
        ("travelling", "traveling"),
        ("modelling", "modeling"),
        ("fulfil", "fulfill"),
    ]:
        assert american in group_of(K.SPELLING, british)[0]
    for one, other in [
        ("healthcare", "health care"),
        ("childcare", "child care"),
        ("workforce", "work force"),
        ("policymaking", "policy making"),
        ("crossborder", "cross-border"),
        ("egovernment", "e-government"),
        ("online", "on line"),
    ]:
        assert other in group_of(K.COMPOUND, one)[0]
    acronyms = {fold_term(term) for term in terms_of(K.ACRONYM)}
    for acronym in [
        "ILO", "IOM", "WHO", "GCM", "SDG", "SDGs", "UNHCR", "UNDP", "UNICEF", "UN DESA", "OECD",
        "EU", "AU", "ECOWAS", "ASEAN", "IGAD", "SADC", "CARICOM", "MERCOSUR", "GFMD", "PfP",
        "KNOMAD", "ITUC", "ICMPD", "NGO", "CSO", "UN Women", "UNODC", "OHCHR", "World Bank",
        "IFAD",
    ]:  # fmt: skip
        assert fold_term(acronym) in acronyms, acronym


def test_the_full_names_are_written_as_the_report_writes_them():
    """ "International Labour Organization (ILO)" in the report: the ILO's group holds it."""
    named = set()
    for row in read_rows(fixtures_dir(), "practices_from_report"):
        named.update(split_list(row["partner_organizations"]))
    named.update(row["name"] for row in read_rows(fixtures_dir(), "report_organizations"))
    pairs = {match.groups() for name in named if (match := re.fullmatch(r"(.+) \((\w+)\)", name))}
    assert ("International Labour Organization", "ILO") in pairs
    for full_name, acronym in pairs:
        terms, also_finds = group_of(K.ACRONYM, acronym)
        assert full_name in terms + also_finds, acronym
