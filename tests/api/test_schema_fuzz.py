"""schemathesis fuzzes every operation of the read API's OpenAPI schema against the app:
no input gives a 5xx, and every answer matches the schema (status, content type, body).

It runs the Django app in-process (WSGI) on the test database with a little of everything in
it: an answered issue with a commitment, a thread with a hidden comment, a moderation act.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db(transaction=False)

EXAMPLES_PER_OPERATION = 25
# No 5xx, and nothing outside the schema. (Not "every schema-valid input is accepted": a
# bounding box whose west lies east of its east is well-formed and still refused with a 400
# that the schema documents.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_between_requests():
    """As Django's test client does: the app must not close the test's database connection
    after each request (on PostgreSQL that would end the test's transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_survives_fuzzing_and_keeps_to_its_schema(
    answered_street, hidden_comment, water_agency, connection_kept_between_requests
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14

    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def fuzz(case):
            case.call_and_validate(checks=CHECKS)

        try:
            fuzz()
        except Exception as failure:  # noqa: BLE001 - collected so every operation is reported at once
            failures.append(f"{operation.label}: {failure}")
    assert not failures, "\n\n".join(failures)
