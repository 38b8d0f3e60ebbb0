"""The call's FHIR Bundle carries its structured answers: a QuestionnaireResponse and coded Observations."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from orders.models import DischargeOrder
from tests.capture.helpers import completed_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered_call(catalog):
    order = DischargeOrder.objects.get(key="vm_compression")
    return completed_call(order=order, answers={"bandage_removed": "yes", "pain_score": "eight", "temperature": "99"})


def test_the_call_bundle_carries_the_answers_with_references_inside_the_bundle(read_api, answered_call):
    response = read_api.get(f"/api/v1/calls/{answered_call.pk}/fhir/")
    assert response.status_code == 200
    body = json.loads(response.content)
    Bundle.model_validate(body)  # the whole bundle validates
    by_type: dict[str, list[dict]] = {}
    for entry in body["entry"]:
        by_type.setdefault(entry["resource"]["resourceType"], []).append(entry["resource"])
    (response_resource,) = by_type["QuestionnaireResponse"]
    assert response_resource["status"] == "completed"
    codes = {o["code"]["coding"][0]["code"]: o for o in by_type["Observation"]}
    assert codes["72514-3"]["valueInteger"] == 8  # pain severity 0-10
    assert "8310-5" in codes  # body temperature
    full_urls = {entry["fullUrl"] for entry in body["entry"]}
    for resource in [response_resource, *by_type["Observation"]]:
        assert resource["subject"]["reference"] in full_urls  # no dangling Patient/<pk> reference
