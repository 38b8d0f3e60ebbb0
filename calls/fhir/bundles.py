"""FHIR R4 Bundles of a discharge or of one call, validated with fhir.resources before they leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from calls.fhir.resources import communication_request_resource, communication_resource
from calls.models import CallScheduleItem
from patients.fhir import encounter_resource, full_url, patient_resource
from patients.models import Discharge


def call_request(call: CallScheduleItem) -> list[dict[str, Any]]:
    return [communication_request_resource(call)]


def call_attempts(call: CallScheduleItem) -> list[dict[str, Any]]:
    return [communication_resource(record) for record in call.records.all()]


# What each call contributes to a bundle, in order. Structured capture (issue 18) appends its
# QuestionnaireResponse and Observation builders here; each takes the call, returns resources.
CALL_RESOURCE_BUILDERS: list[Callable[[CallScheduleItem], list[dict[str, Any]]]] = [call_request, call_attempts]


def _bundle(resources: list[dict[str, Any]]) -> Bundle:
    """Validate every resource (pydantic models of fhir.resources) inside one collection Bundle."""
    return Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": [
                {"fullUrl": full_url(resource["resourceType"], resource["id"]), "resource": resource}
                for resource in resources
            ],
        }
    )


def _call_resources(call: CallScheduleItem) -> list[dict[str, Any]]:
    return [resource for builder in CALL_RESOURCE_BUILDERS for resource in builder(call)]


def discharge_bundle(discharge: Discharge) -> Bundle:
    """Patient, Encounter (the discharge), and every call of the discharge with its attempts."""
    resources = [patient_resource(discharge.patient), encounter_resource(discharge)]
    calls = discharge.calls.select_related("patient", "discharge").prefetch_related("records").order_by("id")
    for call in calls:
        resources.extend(_call_resources(call))
    return _bundle(resources)


def call_bundle(call: CallScheduleItem) -> Bundle:
    """Patient, the discharge's Encounter (when the call came from one), the call and its attempts."""
    resources = [patient_resource(call.patient)]
    if call.discharge_id is not None:
        resources.append(encounter_resource(call.discharge))
    resources.extend(_call_resources(call))
    return _bundle(resources)
