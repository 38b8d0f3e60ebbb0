"""FHIR R4 Bundles of a discharge or of one call, validated with fhir.resources before they leave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from calls.fhir.resources import communication_request_resource, communication_resource
from calls.models import CallScheduleItem
from patients.fhir import encounter_resource, full_url, patient_id, patient_resource, reference
from patients.models import Discharge


def call_request(call: CallScheduleItem) -> list[dict[str, Any]]:
    return [communication_request_resource(call)]


def call_attempts(call: CallScheduleItem) -> list[dict[str, Any]]:
    return [communication_resource(record) for record in call.records.all()]


def call_answers(call: CallScheduleItem) -> list[dict[str, Any]]:
    """The call's structured answers (calls/capture): a QuestionnaireResponse and an Observation per coded
    answer, with their Patient references pointed at this bundle's Patient entry."""
    from calls.capture.fhir import observations_for, questionnaire_response_for

    models = [questionnaire_response_for(call=call), *observations_for(call=call)]
    patient = reference("Patient", patient_id(call.patient))
    resources = []
    for model in models:
        if model is None:
            continue
        resource = model.model_dump(mode="json", by_alias=True, exclude_none=True)
        for field in ("subject", "source"):
            if field in resource:
                resource[field] = patient
        resources.append(resource)
    return resources


# What each call contributes to a bundle, in order; each builder takes the call and returns resources.
CALL_RESOURCE_BUILDERS: list[Callable[[CallScheduleItem], list[dict[str, Any]]]] = [
    call_request,
    call_attempts,
    call_answers,
]


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
