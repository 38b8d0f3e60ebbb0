"""One builder per FHIR resource type that calls/ describes."""

from __future__ import annotations

from typing import Any

from calls.models import CallOutcome, CallRecord, CallScheduleItem, CallStatus
from patients.fhir import discharge_id, fhir_datetime, patient_id, reference, system

PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode"
PHONE_MEDIUM = {"coding": [{"system": PARTICIPATION_MODE, "code": "PHONE", "display": "telephone"}]}

REQUEST_STATUS = {
    CallStatus.PENDING: "active",
    CallStatus.QUEUED: "active",
    CallStatus.IN_PROGRESS: "active",
    CallStatus.ON_HOLD: "on-hold",
    CallStatus.COMPLETED: "completed",
    CallStatus.VOICEMAIL: "completed",
    CallStatus.FAILED: "revoked",
    CallStatus.CANCELLED: "revoked",
}


def call_id(call: CallScheduleItem) -> str:
    return f"call-{call.pk}"


def attempt_id(record: CallRecord) -> str:
    return f"call-{record.call_id}-attempt-{record.attempt}"


def communication_request_resource(call: CallScheduleItem) -> dict[str, Any]:
    """The scheduled call. The payload is its purpose only: the agent's prompt stays in the portal."""
    resource: dict[str, Any] = {
        "resourceType": "CommunicationRequest",
        "id": call_id(call),
        "identifier": [{"system": system("call"), "value": str(call.pk)}],
        "status": REQUEST_STATUS[CallStatus(call.status)],
        "category": [{"text": call.get_call_type_display()}],
        "priority": "urgent" if call.priority <= 1 else "routine",
        "medium": [PHONE_MEDIUM],
        "subject": reference("Patient", patient_id(call.patient)),
        "recipient": [reference("Patient", patient_id(call.patient))],
        "occurrenceDateTime": fhir_datetime(call.scheduled_for),
        "authoredOn": fhir_datetime(call.created_at),
    }
    if call.discharge_id is not None:
        resource["encounter"] = reference("Encounter", discharge_id(call.discharge))
    if call.purpose:
        resource["payload"] = [{"contentString": call.purpose}]
    if call.status_reason:
        resource["statusReason"] = {"text": call.status_reason}
    return resource


def communication_resource(record: CallRecord) -> dict[str, Any]:
    """One attempt: when it started, was answered and ended, and how it ended."""
    call = record.call
    if record.ended_at is None:
        status = "in-progress"
    elif record.outcome in (CallOutcome.COMPLETED, CallOutcome.VOICEMAIL):
        status = "completed"
    else:
        status = "not-done"
    resource: dict[str, Any] = {
        "resourceType": "Communication",
        "id": attempt_id(record),
        "identifier": [{"system": system("call-attempt"), "value": f"{record.call_id}-{record.attempt}"}],
        "basedOn": [reference("CommunicationRequest", call_id(call))],
        "status": status,
        "medium": [PHONE_MEDIUM],
        "subject": reference("Patient", patient_id(call.patient)),
        "recipient": [reference("Patient", patient_id(call.patient))],
        "sent": fhir_datetime(record.started_at),
    }
    if record.outcome:
        resource["statusReason"] = {
            "coding": [
                {"system": system("call-outcome"), "code": record.outcome, "display": record.get_outcome_display()}
            ]
        }
    if record.answered_at is not None:
        resource["received"] = fhir_datetime(record.answered_at)
    if call.discharge_id is not None:
        resource["encounter"] = reference("Encounter", discharge_id(call.discharge))
    notes = []
    if record.ended_at is not None:
        notes.append({"time": fhir_datetime(record.ended_at), "text": f"Call ended ({record.get_outcome_display()})."})
    if notes:
        resource["note"] = notes
    if record.summary:
        resource["payload"] = [{"contentString": record.summary}]
    return resource
