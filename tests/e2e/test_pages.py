"""Every public landing page loads without error and passes the accessibility audit."""

import re

import pytest


def _expect(path, status, heading):
    """One case, named by its path."""
    return pytest.param(path, status, heading, id=path)


@pytest.mark.parametrize(
    ("path", "status", "heading"),
    [
        _expect("/sdgs/", 200, "Practices by Sustainable Development Goal"),
        _expect("/sdgs/10/", 200, "Goal 10: "),
        _expect("/sdgs/targets/10.7/", 200, "Target 10.7"),
        _expect("/themes/", 200, "Practices by migration and development theme"),
        _expect("/themes/remittances/", 200, "Remittances"),
        _expect("/gcm/", 200, "Practices by objective of the Global Compact for Migration"),
        _expect("/gcm/23/", 200, "Objective 23: "),
        _expect("/summits/", 200, "GFMD summits and their roundtables"),
        _expect("/summits/2017/", 200, "2017"),
        _expect("/about/", 200, "About the Platform for Partnerships"),
        # DEBUG is off under tests, so this is the portal's own 404 page, not Django's.
        _expect("/no-such-page/", 404, "Page not found"),
    ],
)
def test_the_page_is_accessible(browse, report_practices, path, status, heading):
    """The page answers as expected under its one h1, and axe finds no violation."""
    browse(path, status=status)
    h1 = browse.page.get_by_role("heading", level=1)
    assert h1.count() == 1
    assert re.search(re.escape(heading), h1.inner_text(), re.IGNORECASE)
