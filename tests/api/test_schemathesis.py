"""schemathesis against the published schema on a live server, authenticated with an API key.

Every operation gets a bounded, seeded run: no response may be a 5xx, and every response must
match the schema (status code, content type, body). Semantic checks that expect any schema-valid
body to succeed are left out: a well-formed phone number that does not exist is rightly a 400.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests
import schemathesis
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from postop.services import api_key_create
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    DischargeOrderFactory,
    PatientFactory,
    TranscriptTurnFactory,
)

# serial: schemathesis gives every operation the same node id; xdist would run only one of them.
pytestmark = [pytest.mark.integration, pytest.mark.serial]

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20250621,
        "generation": {"max-examples": 12, "database": "none"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def auth_header(transactional_db) -> dict[str, str]:
    _key, raw = api_key_create(name="schemathesis", write=True, throttle_rate="100000/min")
    return {"Authorization": f"Api-Key {raw}"}


@pytest.fixture
def seeded(transactional_db) -> None:
    # A little of everything, so ids 1..n resolve and detail views serialize real rows.
    DischargeOrderFactory(key="bandage")
    for _ in range(3):
        call = CallScheduleItemFactory(scheduled_for=timezone.now() + timedelta(days=1))
        record = CallRecordFactory(call=call, outcome="completed", summary="Fine.")
        TranscriptTurnFactory(record=record)
    PatientFactory.create_batch(2)
    # A call with typed answers (one abnormal, one unanswered), so answers, review and FHIR serialize real rows.
    from django.core.management import call_command

    from orders.models import DischargeOrder
    from tests.capture.helpers import completed_call

    call_command("load_order_catalog", verbosity=0)
    completed_call(order=DischargeOrder.objects.get(key="vm_warning_signs"), answers={"pain_score": "8"})


def generated_schema() -> dict:
    """The document /api/v1/schema/ serves, built in-process so pytest can collect one test per operation."""
    generator = SchemaGenerator()
    return json.loads(json.dumps(generator.get_schema(request=None, public=True), default=str))


schema = schemathesis.openapi.from_dict(generated_schema(), config=CONFIG).exclude(
    # The agent's endpoints have their own per-call token auth and their own tests.
    path_regex=r"^/api/v1/agent/"
)


def test_the_served_schema_is_the_one_under_test(live_server, auth_header):
    served = requests.get(f"{live_server.url}/api/v1/schema/?format=json", headers=auth_header, timeout=30)
    assert served.status_code == 200
    assert served.json() == generated_schema()


@schema.parametrize()
# One database and key per operation, shared by its examples on purpose: rows they create just accumulate.
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_conforms_to_its_schema(case, live_server, auth_header, seeded):
    case.call_and_validate(base_url=live_server.url, headers=auth_header, checks=CHECKS)
