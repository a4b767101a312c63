"""What a browser would post from an admin change form, read from the page itself."""

from html.parser import HTMLParser


class _FormValues(HTMLParser):
    """The values a browser would send for the admin's change form."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea = {}, None, None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and str(attrs.get("id", "")).endswith("_form"):
            self._in_form = True
        if not self._in_form or "name" not in attrs and tag != "option":
            return
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.values.setdefault(attrs["name"], []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.values[self._textarea] = [""]
        elif tag == "select":
            self._select = attrs["name"]
            self.values.setdefault(self._select, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self.values[self._select].append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][0] += data


def admin_form_values(client, url):
    """The values of the change form at `url`, as {name: [values]}."""
    parser = _FormValues()
    parser.feed(client.get(url).text)
    return parser.values
