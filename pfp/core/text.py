"""Rich text: practice and call texts are Markdown, sanitized with nh3 on the way out."""

import re
from html import unescape

import markdown
import nh3
from django.utils.safestring import mark_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}}


def render_markdown(text):
    """Markdown to HTML that is safe to show: no scripts, no styles, no event handlers.

    Headings start at h3 so that a text never breaks the page's heading order.
    """
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    for level in (2, 1):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just removed everything unsafe


_BLOCK_END = re.compile(r"</(p|h[1-6]|blockquote|pre|table|ul|ol)>", re.I)
_LINE_END = re.compile(r"(<br\s*/?>|</(li|tr)>)\s*", re.I)
_LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.I | re.S)


def markdown_to_text(text):
    """Markdown as plain text, for a mail's text part and a calendar file: no `**`, list items
    as "- ", a link as "its text (its address)"."""
    html = str(render_markdown(text))
    if not html:
        return ""

    def link(match):
        url, label = unescape(match.group(1)), match.group(2)
        return label if unescape(label) == url else f"{label} ({url})"

    html = _LINK.sub(link, html)
    html = re.sub(r"<li>", "- ", html, flags=re.I)
    html = _LINE_END.sub("\n", html)
    html = _BLOCK_END.sub("\n\n", html)
    plain = unescape(nh3.clean(html, tags=set()))
    lines = [line.strip() for line in plain.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
