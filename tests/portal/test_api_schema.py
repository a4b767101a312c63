"""A property-based run of the open API's own OpenAPI schema against the API (schemathesis):
whatever parameters the schema allows, and values it does not know, no answer is a server
error, every answer matches the schema, and a bad filter value answers 400 with its problems.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
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
    settings.PFP_RATE_API = "1000000/m"
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case):
    case.call_and_validate(
        checks=[not_a_server_error, response_schema_conformance, problems_are_listed]
    )
