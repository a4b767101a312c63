"""HEAD is answered wherever GET is, with the same status and headers and no body."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/practices/", "/healthz", "/readyz", "/sdgs/"])
def test_head_answers_like_get(client, report_practices, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
    assert head.content == b""


def test_head_keeps_the_length_of_the_page(client, report_practices):
    """A HEAD tells the size of what a GET would send."""
    assert int(client.head("/practices/")["Content-Length"]) == len(
        client.get("/practices/").content
    )


def test_head_still_refuses_what_get_refuses(client, reference_data):
    assert client.head("/no-such-page/").status_code == 404


def test_post_is_still_refused_where_only_get_is_allowed(client):
    assert client.post("/healthz").status_code == 405
