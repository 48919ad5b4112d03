"""Hole 8: schemathesis over /api/schema/ against the running test server.

Every operation of the public OpenAPI document is called with generated valid
(positive) and invalid (negative) inputs; no answer may be a 5xx and every answer
must match the document (status code, content type, body schema). The loop is ours
rather than schemathesis' pytest plugin, which does not support pytest 9 yet.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

# On PostgreSQL (the integration pass), which refuses NUL characters and 64-bit overflows
# where SQLite does not.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

EXAMPLES = 15
# Not checked: whether the server is as strict or as lenient as the document about the
# *request* (a page past the last one is schema-valid and answers 404; an empty `limit`
# falls back to the default). Every *response* is checked: no 5xx, documented status
# code, content type, headers and body.
LENIENCY_CHECKS = [positive_data_acceptance, negative_data_rejection]


@pytest.fixture
def api_data(db):
    from catalog.factories import DemandListingFactory, SupplyListingFactory

    SupplyListingFactory.create_batch(2)
    DemandListingFactory.create_batch(2)


def _fuzz(operation, mode, base_url) -> list[str]:
    failures = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        if len(failures) >= 2:
            return
        try:
            case.call_and_validate(base_url=base_url, excluded_checks=LENIENCY_CHECKS)
        except BaseExceptionGroup as failure:  # schemathesis: a FailureGroup of its checks
            failures.append(f"{operation.label} [{mode.value}]: {failure}"[:1500])

    try:
        run()
    except BaseExceptionGroup as failure:  # a failure group hypothesis re-raised
        failures.append(f"{operation.label} [{mode.value}]: {failure}"[:1500])
    return failures[:1]


def test_the_public_api_answers_every_generated_request_within_its_schema(live_server, api_data):
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    failures = []
    for operation in operations:
        for mode in GenerationMode:
            failures += _fuzz(operation, mode, live_server.url)
    assert not failures, "\n\n".join(failures)
