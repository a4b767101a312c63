"""What every mail of the portal has, checked the same way for each (tests/*/test_emails.py)."""

import re

from pfp.core.emails import SUBJECT_PREFIX

SIGN_OFF = "The GFMD Platform for Partnerships team"


def html_part(message):
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def assert_house_style(message, *, link=None):
    """The subject prefix, the greeting, the sign-off, an HTML part, and no raw Markdown."""
    assert message.subject.startswith(SUBJECT_PREFIX)
    assert message.body.startswith("Hello")
    assert SIGN_OFF in message.body
    assert "**" not in message.body
    html = html_part(message)
    assert SIGN_OFF in html and "**" not in html
    if link is not None:
        assert link in message.body
        assert re.search(rf'<a href="https?://[^"]*{re.escape(link)}[^"]*"', html)
    return html
