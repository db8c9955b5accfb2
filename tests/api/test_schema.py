"""Schemathesis against the live schema of the running Django app (WSGI, in-process): generated
requests for every operation with valid keys; no 500s, and every answer conforms to the schema
(status codes, content types, bodies — the problem+json errors included). Kept small (a few examples
per operation) so that it runs in `make test` within seconds."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings

from tests.factories.declaraties import concept

FINANCE_PATHS = ("/api/v1/grootboek/", "/api/v1/betalingen/", "/api/v1/beschikkingen/")


@pytest.fixture
def keys(db, regels, beschikking, partner, partner_organisatie, gemeente, sleutel):
    """A partner key (declare, read) and a gemeente key (read, ledger-export), with data to find."""
    concept(partner, regels[2025])
    return {
        "partner": sleutel(partner_organisatie, "declare", "read")[1],
        "gemeente": sleutel(gemeente, "read", "ledger-export")[1],
    }


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Like Django's test client, the WSGI app keeps the test's database connection open between
    requests (Django closes it at the end of each request)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# The schema as the app serves it (generating it needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())


@schema.parametrize()
@settings(
    max_examples=3,
    deadline=None,
    database=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_within_its_schema(case, keys):
    key = keys["gemeente"] if case.path.startswith(FINANCE_PATHS) else keys["partner"]
    # Business rules (budget, ceiling, an unknown budget line) refuse some schema-valid input by design.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {key}"}, excluded_checks=[schemathesis.checks.positive_data_acceptance]
    )
