"""The open API's documentation page in a real browser, on a laptop and on a phone: it
renders every endpoint, passes axe-core, and its links lead to the schema and to answers."""

import json

import pytest

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366px", "390px"])
def test_a_developer_reads_the_docs_and_opens_the_schema(browse, reference_data, viewport):
    page = browse.page
    page.set_viewport_size(viewport)
    browse("/api/v1/docs")
    assert page.locator("h1").inner_text() == "Open API"
    assert page.get_by_role("heading", name="GET /api/v1/practices/", exact=True).is_visible()
    assert page.get_by_role("table", name="Parameters").first.is_visible()
    page.get_by_role("link", name="GET /api/v1/summits/", exact=True).click()
    assert page.url.endswith("#portal_api_views_summit_list")
    browse.check()
    schema_url = page.get_by_role("link", name="/api/v1/openapi.json").get_attribute("href")
    response = page.request.get(browse.base_url + schema_url.lstrip("/"))
    assert response.status == 200
    assert "/api/v1/practices/" in json.loads(response.text())["paths"]
