"""/insights/: the map and charts count what /practices/ counts, for the same query string."""

import html
import re

import pytest
from django.http import QueryDict

from pfp.moderation.models import ReviewState
from practices import insights, search
from practices.models import Practice
from practices.search import counts as facet_counts
from practices.search.index import holder
from tests.factories import make_practice


@pytest.fixture
def known(reference_data):
    """Four published practices and a draft, with lead and other countries."""
    return {
        "ghana": make_practice(
            title="Ghana remittances",
            themes=["remittances"],
            targets=["10.c"],
            countries=["GH"],
            other_countries=["KE"],
            start_year=2015,
        ),
        "kenya": make_practice(
            title="Kenya health workers",
            themes=["labour-migration"],
            targets=["3.c", "8.8"],
            countries=["KE"],
            start_year=2015,
        ),
        "philippines": make_practice(
            title="Philippines diaspora",
            themes=["remittances", "diaspora"],
            targets=["1.1"],
            countries=["PH"],
            start_year=2018,
        ),
        "tuvalu": make_practice(
            title="Tuvalu climate mobility",
            themes=["diaspora"],
            targets=["13.1"],
            countries=["TV"],
        ),
        "draft": make_practice(
            title="Draft from Ghana",
            state=ReviewState.DRAFT,
            themes=["remittances"],
            targets=["10.7"],
            countries=["GH"],
            start_year=2015,
        ),
    }


def page(query_string=""):
    return insights.insights_page(QueryDict(query_string))


def bars(context, facet):
    chart = next(chart for chart in context["charts"] if chart["facet"] == facet)
    return {bar["value"]: bar for bar in chart["bars"]}


def list_result(query_string):
    index = search.current_index()
    return search.run(search.parse(QueryDict(query_string), index), index)


def test_the_charts_count_what_the_practices_list_counts(known):
    """Every bar equals the count /practices/ shows beside that value, filtered or not."""
    for query_string in ("", "theme=remittances", "country=KE&theme=diaspora", "year_from=2016"):
        context = page(query_string)
        result = list_result(query_string)
        for chart in context["charts"]:
            for bar in chart["bars"]:
                assert bar["count"] == result.facet_counts[chart["facet"]].get(bar["value"], 0)
        assert context["total"] == result.total


def test_unfiltered_counts_equal_the_database(known):
    """The index's counts, which the figures show, equal a count straight from the database."""
    context = page()
    for facet in ("theme", "goal", "gcm", "region"):
        shown = {value: bar["count"] for value, bar in bars(context, facet).items() if bar["count"]}
        assert shown == facet_counts.orm_published_counts(facet), facet


def test_a_filter_applies_to_the_map(known):
    """`?theme=remittances` maps the remittance practices only."""
    rows = {row["code"]: row["count"] for row in page("theme=remittances")["map_rows"]}
    assert rows == {"GH": 1, "KE": 1, "PH": 1}


def test_the_map_switches_between_involved_and_lead_countries(known):
    involved = {row["code"]: row["count"] for row in page()["map_rows"]}
    lead = {row["code"]: row["count"] for row in page("map=lead")["map_rows"]}
    assert involved == {"GH": 1, "KE": 2, "PH": 1, "TV": 1}
    assert lead == {"GH": 1, "KE": 1, "PH": 1, "TV": 1}


def test_a_country_links_to_its_list_with_the_filters(known):
    """Each country's link is the list of exactly the practices it counts."""
    for view, facet in (("", "country"), ("lead", "lead")):
        context = page(f"theme=remittances&map={view}")
        ghana = next(row for row in context["map_rows"] if row["code"] == "GH")
        assert ghana["url"] == f"/practices/?theme=remittances&{facet}=GH"
        linked = list_result(ghana["url"].split("?", 1)[1])
        assert linked.total == ghana["count"] == 1


def test_a_bar_links_to_its_list_with_the_other_filters(known):
    context = page("country=PH&theme=remittances")
    diaspora = bars(context, "theme")["diaspora"]
    assert diaspora["url"] == "/practices/?country=PH&theme=diaspora"
    assert list_result("country=PH&theme=diaspora").total == diaspora["count"] == 1
    assert bars(context, "theme")["remittances"]["selected"]


def test_a_draft_is_never_counted(known):
    context = page()
    assert context["total"] == 4
    assert {row["code"]: row["count"] for row in context["map_rows"]}["GH"] == 1
    assert bars(context, "theme")["remittances"]["count"] == 2
    assert "10.7" not in {
        bar["value"] for bar in context["explicit"]["chart"]["bars"] if bar["count"]
    }


def test_an_unpublished_practice_leaves_the_lead_map(known):
    """The lead-government facet follows publication like every other facet."""
    holder.current()
    practice = Practice.objects.get(pk=known["ghana"].pk)
    practice.review_state = ReviewState.UNPUBLISHED
    practice.save()
    assert "GH" not in {row["code"] for row in page("map=lead")["map_rows"]}
    practice.review_state = ReviewState.PUBLISHED
    practice.save()
    assert {row["code"]: row["count"] for row in page("map=lead")["map_rows"]}["GH"] == 1


def test_the_lead_facet_filters_the_list_by_lead_governments_only(known):
    """`lead=KE` is Kenya's own practice; `country=KE` also the one it is involved in."""
    assert list_result("lead=KE").total == 1
    assert list_result("lead=ke").total == 1
    assert list_result("country=KE").total == 2
    index = search.current_index()
    assert {k: v for k, v in index.counts("lead", index.alive).items() if v} == (
        facet_counts.orm_published_counts("lead")
    )


def test_the_share_of_explicit_migration_targets(known):
    """Ghana's 10.c and Kenya's 3.c and 8.8 are explicit targets; 1.1 and 13.1 are not."""
    explicit = page()["explicit"]
    assert (explicit["tagged"], explicit["total"], explicit["percent"]) == (2, 4, 50)
    codes = [bar["value"] for bar in explicit["chart"]["bars"]]
    assert codes == ["3.c", "4.b", "5.2", "8.7", "8.8", "10.7", "10.c", "16.2", "16.9", "17.18"]
    linked = list_result(explicit["url"].split("?", 1)[1])
    assert linked.total == 2


def test_start_years(known):
    years = page()["years"]
    assert [(bar["label"], bar["count"]) for bar in years["bars"]] == [
        ("2015", 2),
        ("2016", 0),
        ("2017", 0),
        ("2018", 1),
    ]
    assert years["unknown"] == 1


def test_the_page_holds_the_numbers_in_tables(client, known):
    body = client.get("/insights/?theme=remittances").content.decode()
    assert body.count("<table") == 8  # the map and seven charts
    assert re.search(
        r'<a href="/practices/\?theme=remittances&amp;country=KE">Kenya</a></th>'
        r'<td class="numeric">1</td>',
        body,
    )
    assert "<caption>Practices by country (Countries involved)</caption>" in body


def test_each_chart_table_has_a_caption_that_names_what_it_counts(client, known):
    """The table of numbers under each chart is captioned with what it counts, acronyms
    kept in capitals, so that a screen reader user knows which table they are in."""
    body = client.get("/insights/").content.decode()
    for caption in (
        "Practices by thematic area",
        "Practices by SDG",
        "Practices by GCM objective",
        "Practices by region",
        "Practices by sub-region",
    ):
        assert f"<caption>{caption}</caption>" in body
    assert "<caption>Practices </caption>" not in body


def test_each_country_on_the_map_is_a_link_with_its_name_and_count(client, known):
    body = client.get("/insights/").content.decode()
    assert '<a href="/practices/?country=KE"><title>Kenya: 2 practices</title><path' in body
    # A country without practices is drawn, named, and no link.
    assert '<g class="map-none"><title>Namibia: 0 practices</title><path' in body


def test_a_small_state_is_a_dot(client, known):
    """Tuvalu is too small to draw at this scale: it is a dot, a link like the others."""
    body = client.get("/insights/").content.decode()
    tuvalu = re.search(
        r'<a href="/practices/\?country=TV"><title>Tuvalu: 1 practice</title>(.*?)</a>', body
    )
    assert tuvalu and tuvalu.group(1).startswith('<circle class="map-dot map-c')
    assert re.search(r"<title>Malta: 0 practices</title><circle", body)


def test_an_unknown_value_gives_a_notice_not_an_error(client, known):
    response = client.get("/insights/?theme=nope&map=sideways&year_from=abc&country=%00")
    body = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "No thematic area “nope” is known; that filter was ignored." in body
    assert "Unknown map “sideways”; showing the countries involved." in body
    assert "“abc” is not a year; the from year filter was ignored." in body


def test_a_huge_query_string_is_answered(client, known):
    response = client.get("/insights/?" + "&".join(f"country=X{n}" for n in range(500)))
    assert response.status_code == 200


def test_the_chips_remove_a_filter_and_keep_the_map_view(client, known):
    context = page("theme=remittances&country=KE&map=lead")
    urls = {chip["label"]: chip["url"] for chip in context["chips"]}
    assert urls["Thematic area: Remittances"] == "?country=KE&map=lead"
    assert context["list_url"] == "/practices/?theme=remittances&country=KE"


def test_it_is_linked_from_the_home_page_and_the_navigation(client, known):
    body = client.get("/").content.decode()
    assert body.count('href="/insights/"') == 2


def test_the_number_of_queries_does_not_grow_with_the_practices(
    client, known, django_assert_max_num_queries
):
    client.get("/insights/")  # the index is built
    with django_assert_max_num_queries(6):
        client.get("/insights/?theme=remittances")
    for number in range(20):
        make_practice(title=f"More {number}", countries=["GH"], other_countries=["KE", "PH"])
    client.get("/insights/")
    with django_assert_max_num_queries(6):
        client.get("/insights/?theme=diaspora&map=lead")


def test_the_class_bounds_cover_every_count():
    assert insights.class_bounds(0) == []
    assert insights.class_bounds(3) == [(1, 1), (2, 2), (3, 3)]
    bounds = insights.class_bounds(10_000)
    assert bounds[0][0] == 1 and bounds[-1][1] == 10_000
    assert all(low <= high for low, high in bounds)
    assert all(b[0] == a[1] + 1 for a, b in zip(bounds, bounds[1:], strict=False))


def test_the_map_holds_every_state():
    """Every UN member and observer state is on the map, as a shape or a dot."""
    import csv
    from pathlib import Path

    from django.conf import settings

    fixtures = Path(settings.BASE_DIR) / "pfp" / "fixtures"
    with (fixtures / "countries_m49.csv").open(encoding="utf-8") as file:
        states = {row["iso2"] for row in csv.DictReader(file) if row["un_member"] == "yes"}
    countries = insights.world_map()["countries"]
    assert states | {"VA", "PS"} <= set(countries)
    assert all("d" in countries[code] or "dot" in countries[code] for code in states)


def test_the_sitemap_lists_it(client, reference_data):
    body = client.get("/sitemap-pages.xml").content.decode()
    assert "/insights/</loc>" in body
