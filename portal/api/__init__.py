"""The open read API, `/api/v1/`: published practices, calls for action and meetings, and the
reference data, for anyone, read-only (django-ninja).

- `views`: the endpoints and the `NinjaAPI` (its OpenAPI 3 schema at `/api/v1/openapi.json`).
- `docs`: the documentation page at `/api/v1/docs`, rendered on the server from that schema.
- `schemas`: what each endpoint answers, as pydantic schemas; the schema is built from them.
- `http`: what every answer under `/api/` shares: the rate limit per client, and ETag and
  Last-Modified with 304 answers, keyed on the public generation (`pfp.core.generation`).

Practices go through the same machinery as `/practices/?format=json`: the same parser and
its problems (`practices.search.parse`), the same facet and text indexes (`run`) and the same
record builder (`practices.search.exports.records`), so the API and the export give the same
records for the same query. CORS for GET is django-cors-headers, limited to `/api/`.
"""
