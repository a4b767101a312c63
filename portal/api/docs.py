"""The open API's documentation page, read from its own OpenAPI schema.

The page is rendered on the server from `api.get_openapi_schema()`, so it always says what the
API does: each endpoint with its parameters and answers, grouped as the schema's tags. It
needs no script, so it works under the Content Security Policy and is accessible as every
page of the site is; the schema itself is linked for tools.
"""

import re

from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from ninja.openapi.docs import DocsBase

CODE_RE = re.compile(r"`([^`]+)`")


def _inline(text):
    """A description's `code` spans as <code>, everything else escaped."""
    return mark_safe(CODE_RE.sub(r"<code>\1</code>", escape(text)))  # noqa: S308 - escaped


def _type(schema):
    """A parameter's type as a person reads it: "integer, 1–100, default 20"."""
    options = [option for option in schema.get("anyOf", [schema]) if option.get("type") != "null"]
    kind = options[0] if options else schema
    name = kind.get("type", "string")
    if name == "array":
        name = f"{kind.get('items', {}).get('type', 'string')}, repeatable"
    parts = [name]
    if "minimum" in schema and "maximum" in schema:
        parts.append(f"{schema['minimum']}–{schema['maximum']}")
    if schema.get("default") not in (None, []):
        parts.append(f"default {schema['default']}")
    return ", ".join(parts)


def reference(schema):
    """[{tag, operations: [{method, path, summary, description, parameters, responses}]}]."""
    groups = {}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            tag = (operation.get("tags") or [""])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": operation.get("operationId", path),
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": _inline(operation.get("description", "")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "where": parameter["in"],
                            "type": _type(parameter.get("schema", {})),
                            "description": _inline(parameter.get("description", "")),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "responses": [
                        {"status": status, "description": answer.get("description", "")}
                        for status, answer in operation.get("responses", {}).items()
                    ],
                }
            )
    return [{"tag": tag, "operations": operations} for tag, operations in groups.items()]


class Docs(DocsBase):
    def render_page(self, request, api, **kwargs):
        openapi_url = self.get_openapi_url(api, kwargs)
        return render(
            request,
            "portal/api_docs.html",
            {
                "openapi_url": openapi_url,
                "groups": reference(api.get_openapi_schema(path_params=kwargs)),
            },
        )
