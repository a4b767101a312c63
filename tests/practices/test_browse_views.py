"""The browse-by pages show reference data with the number of published practices."""

import pytest


@pytest.fixture
def data(report_practices):
    pass


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/sdgs/", "Reduced inequalities"),
        ("/sdgs/10/", "names migration"),
        ("/sdgs/targets/10.c/", "remittance"),
        ("/themes/", "Remittances"),
        ("/themes/diaspora/", "Diaspora Business Center"),
        ("/gcm/", "Data"),
        ("/gcm/23/", "National Migration Policy (Ghana)"),
        ("/summits/", "Roundtables by thematic area"),
        ("/summits/2017/", "Berlin"),
    ],
)
def test_it_shows_the_page(client, data, url, text):
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_goal_tiles_count_practices(client, data):
    body = client.get("/sdgs/").content.decode()
    # Ten practices of the report serve a target of goal 8.
    from practices.search.counts import orm_published_counts

    assert f"{orm_published_counts('goal')['8']} practices" in body


@pytest.mark.parametrize(
    "url", ["/sdgs/99/", "/sdgs/targets/99.z/", "/themes/nope/", "/gcm/0/", "/summits/1900/"]
)
def test_unknown_values_give_404(client, data, url):
    assert client.get(url).status_code == 404


def test_landing_pages_use_few_queries(client, data, django_assert_max_num_queries):
    client.get("/sdgs/")
    for url in ["/sdgs/", "/sdgs/10/", "/themes/", "/summits/", "/gcm/", "/"]:
        with django_assert_max_num_queries(15):
            client.get(url)


def test_the_gcm_objectives_are_in_the_navigation_and_on_the_home_page(client, data):
    for url in ["/", "/practices/"]:
        body = client.get(url).content.decode()
        nav = body[body.index('id="main-nav"') : body.index("</nav>", body.index('id="main-nav"'))]
        assert '<a href="/gcm/">GCM objectives</a>' in nav
    home = client.get("/").content.decode()
    assert 'href="/gcm/">See the 23 GCM objectives</a>' in home
    assert 'href="/gcm/" aria-current="page"' in client.get("/gcm/").content.decode()


def test_roundtables_link_to_their_practices(client, reference_data):
    from pfp.taxonomy.models import Roundtable
    from tests.factories import make_practice

    make_practice(title="Presented in Berlin", roundtables=["2017-2.2"])
    roundtable = Roundtable.objects.get(identifier="2017-2.2")
    for url in ["/summits/", "/summits/2017/"]:
        body = client.get(url).content.decode()
        start = body.index('<a href="/practices/?roundtable=2017-2.2">')
        link = body[start : body.index("</a>", start)]
        assert "Roundtable session 2.2" in link
        assert roundtable.title in link


def test_the_roundtable_by_theme_table_names_each_roundtable_by_its_title(client, reference_data):
    from pfp.taxonomy.models import Roundtable
    from tests.factories import make_practice

    make_practice(title="Presented in Berlin", roundtables=["2017-2.2"], themes=["diaspora"])
    roundtable = Roundtable.objects.get(identifier="2017-2.2")
    body = client.get("/summits/").content.decode()
    row = body[body.index('<th scope="row">') : body.index("</th>", body.index('<th scope="row">'))]
    assert "2017 · Roundtable session 2.2" in row
    assert roundtable.title in row
