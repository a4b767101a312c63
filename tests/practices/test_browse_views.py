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
