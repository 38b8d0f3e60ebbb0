"""Shared builders for the calling-rules and transitional-care tests."""

from __future__ import annotations

from datetime import UTC, datetime

from calls.models import CallRecord, CallScheduleItem, CallStatus, CreatedBy
from patients.models import Patient
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

# A Tuesday in June: 16:00 UTC is 12:00 in New York, 09:00 in Los Angeles, 06:00 in Honolulu.
NOW = datetime(2025, 6, 10, 16, 0, tzinfo=UTC)


def due_call(patient: Patient, *, at: datetime = NOW, **fields: object) -> CallScheduleItem:
    return CallScheduleItemFactory(patient=patient, scheduled_for=at, next_attempt_at=at, **fields)


def dialled(patient: Patient, started_at: datetime, **fields: object) -> CallRecord:
    """An earlier call to `patient` that was dialled at `started_at` (no answer: it still counts)."""
    call = CallScheduleItemFactory(
        patient=patient, status=CallStatus.FAILED, scheduled_for=started_at, next_attempt_at=started_at, attempts=1
    )
    record_fields = {"outcome": "no_answer", "ended_at": started_at, **fields}
    return CallRecordFactory(call=call, attempt=1, started_at=started_at, **record_fields)


def patient_in(zone: str, **fields: object) -> Patient:
    return PatientFactory(time_zone=zone, **fields)


def reminder_for(record: CallRecord, *, at: datetime) -> CallScheduleItem:
    """A call the patient asked for during `record` (what calls.agent_api.services.reminder_schedule creates)."""
    return CallScheduleItemFactory(
        patient=record.call.patient,
        call_type="patient_requested",
        created_by=CreatedBy.AGENT,
        parent_record=record,
        scheduled_for=at,
        next_attempt_at=at,
    )
