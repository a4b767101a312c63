"""A property-based run of the open API's own OpenAPI schema against the API (schemathesis):
whatever parameters the schema allows, and values it does not know, no answer is a server
error, every answer matches the schema, and a bad filter value answers 400 with its problems.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance


def problems_are_listed(ctx, response, case):
    """A 400 names each parameter at fault, as the practice exports do."""
    if response.status_code == 400:
        errors = response.json()["errors"]
        assert errors, "a 400 without its problems"
        assert all(error["parameter"] and error["message"] for error in errors)


@pytest.fixture
def api_schema(report_practices, settings):
    """The schema, called through the WSGI application inside the test's transaction.

    Django closes the database connection at the end of every WSGI request; Django's test
    client stops that for its requests, and so must this one, or PostgreSQL would lose the
    test's transaction after the first call.
    """
    settings.PFP_RATE_API = "1000000/m"
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case):
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, problems_are_listed]
    )
