"""What the voice agent may do to its own call: post events, ask for reminders, finish, look things up.

The agent API's views (calls/agent_apis.py) validate and call these; everything that
touches the database for the agent lives here.
"""

from __future__ import annotations

import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from calls.models import (
    CallOutcome,
    CallRecord,
    CallScheduleItem,
    CallStatus,
    CallType,
    CreatedBy,
    DialerBackend,
    PatientResponse,
    Speaker,
    TranscriptTurn,
)
from calls.timing import TimingSpecError, parse_when
from calls.tokens import AgentGrant

logger = logging.getLogger(__name__)

# A reminder whose spoken time fell outside the calling hours by more than this is refused
# with the reason (the patient should pick another time), not silently moved to tomorrow.
WINDOW_SLACK = timedelta(hours=3)
# Two reminders for the same purpose this close together are one request said twice (or a retry).
REMINDER_DEDUP = timedelta(minutes=10)
ESCALATION_QUESTION = "Warning sign reported during the call"
NURSE_MESSAGE_QUESTION = "Message for the nurse"
MAX_TURN_TEXT = 4000


class AgentAccessError(Exception):
    """The token is valid but does not open this call (-> 403)."""


class CompletionConflictError(Exception):
    """The attempt was already completed with another event (-> 409)."""


def record_for_grant(*, grant: AgentGrant, call_id: int | None = None) -> CallRecord:
    """The attempt the token names; AgentAccessError when it names another call or none."""
    if call_id is not None and grant.call_id != call_id:
        raise AgentAccessError("This token belongs to another call.")
    record = (
        CallRecord.objects.select_related("call", "call__patient")
        .filter(call_id=grant.call_id, attempt=grant.attempt)
        .first()
    )
    if record is None:
        raise AgentAccessError("This token names a call attempt that does not exist.")
    return record


def _touch(record: CallRecord, now: datetime) -> None:
    """Progress on the line: keep the call's lease alive so recovery leaves a long call alone."""
    CallRecord.objects.filter(pk=record.pk).update(last_activity_at=now)
    lease = timedelta(minutes=settings.CALL_LEASE_MINUTES)
    CallScheduleItem.objects.filter(pk=record.call_id, status=CallStatus.IN_PROGRESS, attempts=record.attempt).update(
        lease_expires_at=now + lease
    )


def _at(value: datetime | None, now: datetime) -> datetime:
    return value if value is not None and value <= now + timedelta(minutes=1) else now


def agent_event_record(
    *,
    record: CallRecord,
    event_id: str,
    kind: str,
    speaker: str = "",
    text: str = "",
    name: str = "",
    arguments: str = "",
    output: str = "",
    question: str = "",
    response: str = "",
    at: datetime | None = None,
) -> tuple[TranscriptTurn | PatientResponse, bool]:
    """Store one agent event once (by event id). Returns (row, created)."""
    now = timezone.now()
    when = _at(at, now)
    with transaction.atomic():
        # Serialises the attempt's writers so sequences stay gap-free and ordered.
        CallRecord.objects.select_for_update().filter(pk=record.pk).first()
        if kind in ("turn", "tool"):
            existing = TranscriptTurn.objects.filter(record=record, event_id=event_id).first()
            if existing is not None:
                return existing, False
            if kind == "tool":
                speaker = Speaker.TOOL
                text = f"{name}({arguments}) -> {output}"
            last = TranscriptTurn.objects.filter(record=record).aggregate(m=Max("sequence"))["m"]
            row: TranscriptTurn | PatientResponse = TranscriptTurn.objects.create(
                record=record,
                sequence=(last or 0) + 1,
                speaker=speaker,
                text=text[:MAX_TURN_TEXT],
                event_id=event_id,
                spoken_at=when,
            )
        else:
            existing_response = PatientResponse.objects.filter(record=record, event_id=event_id).first()
            if existing_response is not None:
                return existing_response, False
            if kind == "escalation":
                question, response = ESCALATION_QUESTION, text
            elif kind == "message":
                question, response = NURSE_MESSAGE_QUESTION, text
            row = PatientResponse.objects.create(
                record=record, question=question, response=response, event_id=event_id, recorded_at=when
            )
            if kind in ("escalation", "message"):
                reason = (
                    "The patient reported a warning sign on the call; see the call's responses."
                    if kind == "escalation"
                    else "The patient left a message for the nurse; see the call's responses."
                )
                CallScheduleItem.objects.filter(pk=record.call_id).update(needs_attention=True, status_reason=reason)
        _touch(record, now)
    logger.info("agent event stored call=call-%s attempt=%s kind=%s", record.call_id, record.attempt, kind)
    return row, True


@dataclass(frozen=True)
class ReminderResult:
    call: CallScheduleItem
    local_time: str
    created: bool


def speakable_local_time(when: datetime, zone: Any) -> str:
    local = when.astimezone(zone)
    hour = local.strftime("%I").lstrip("0")
    return f"{local:%A}, {local:%B} {local.day} at {hour}:{local:%M} {local:%p}"


def reminder_schedule(*, record: CallRecord, when: str, purpose: str, now: datetime | None = None) -> ReminderResult:
    """The patient asked to be called again: a patient_requested call after this one.

    Raises ValidationError({"when": ...}) with what the agent should tell the patient.
    """
    now = now or timezone.now()
    call = record.call
    patient = call.patient
    if patient.do_not_call:
        raise ValidationError({"when": "This patient asked not to be called; the care team will follow up instead."})
    window = patient.calling_window()
    try:
        scheduled = parse_when(when, now, tz=patient.time_zone, window=window)
        asked = parse_when(when, now, tz=patient.time_zone, window=(time(0, 0), time(23, 59, 59)))
    except TimingSpecError as exc:
        raise ValidationError({"when": str(exc)}) from None
    if scheduled - asked > WINDOW_SLACK:
        start, end = window
        raise ValidationError(
            {
                "when": (
                    f"{speakable_local_time(asked, patient.zone)} is outside the calling hours "
                    f"({start:%H:%M}-{end:%H:%M}); the earliest is {speakable_local_time(scheduled, patient.zone)}."
                )
            }
        )
    purpose = (purpose or "A reminder the patient asked for").strip()[:300]
    with transaction.atomic():
        existing = CallScheduleItem.objects.filter(
            parent_record=record,
            created_by=CreatedBy.AGENT,
            purpose=purpose,
            scheduled_for__gte=scheduled - REMINDER_DEDUP,
            scheduled_for__lte=scheduled + REMINDER_DEDUP,
        ).first()
        if existing is not None:
            return ReminderResult(existing, speakable_local_time(existing.scheduled_for, patient.zone), False)
        order = call.order
        about = f" about {order.title}" if order is not None else ""
        prompt = (
            f"You are calling {patient.first_name} back because they asked for a reminder call{about}. "
            f"Purpose: {purpose}. Remind them, ask whether they have any questions, and record their answer."
        )
        if order is not None and order.instructions:
            prompt += f" The order's instructions: {order.instructions}"
        reminder = CallScheduleItem.objects.create(
            patient=patient,
            discharge=call.discharge,
            order=order,
            call_type=CallType.PATIENT_REQUESTED,
            priority=call.priority,
            llm_prompt=prompt,
            purpose=purpose,
            scheduled_for=scheduled,
            next_attempt_at=scheduled,
            max_attempts=settings.CALL_MAX_ATTEMPTS,
            created_by=CreatedBy.AGENT,
            parent_record=record,
        )
        _touch(record, now)
    logger.info("agent scheduled reminder call=call-%s parent=call-%s", reminder.pk, call.pk)
    return ReminderResult(reminder, speakable_local_time(scheduled, patient.zone), True)


AGENT_OUTCOMES = (
    CallOutcome.COMPLETED,
    CallOutcome.VOICEMAIL,
    CallOutcome.NO_ANSWER,
    CallOutcome.DECLINED,
    CallOutcome.WRONG_NUMBER,
    CallOutcome.FAILED,
)


def agent_call_complete(*, record: CallRecord, outcome: str, summary: str, event_id: str) -> CallScheduleItem:
    """The agent's last word on its attempt, accepted once (a replay of the same event is fine)."""
    from calls.services import call_finish

    record.refresh_from_db()
    if record.ended_at is not None:
        if record.completion_event_id == event_id:
            return record.call
        raise CompletionConflictError("This call attempt has already ended.")
    return call_finish(record=record, outcome=outcome, summary=summary, event_id=event_id)


def service_key_valid(key: str) -> bool:
    expected = settings.AGENT_SERVICE_KEY
    return bool(expected) and bool(key) and hmac.compare_digest(expected.encode(), key.encode())


def inbound_call_open(*, caller_number: str, room_name: str = "") -> CallRecord | None:
    """A patient called the clinic: open an inbound call + attempt for the callback agent.

    None when the number matches no patient (the agent then reveals nothing). A shared family
    phone matches the patient discharged most recently; the agent confirms who is calling.
    """
    from patients.models import Patient, normalize_phone

    try:
        phone = normalize_phone(caller_number)
    except ValidationError:
        return None
    patient = (
        Patient.objects.filter(phone=phone)
        .annotate(last_discharge=Max("discharges__discharged_at"))
        .order_by("-last_discharge", "-pk")
        .first()
    )
    if patient is None:
        return None
    now = timezone.now()
    discharge = patient.discharges.order_by("-discharged_at").first()
    with transaction.atomic():
        call = CallScheduleItem.objects.create(
            patient=patient,
            discharge=discharge,
            call_type=CallType.PATIENT_REQUESTED,
            priority=1,
            llm_prompt=(
                f"{patient.first_name} (or their parent or guardian) called the clinic. Answer their questions "
                "from the care guide, schedule a call back if they ask, or take a message for the nurse."
            ),
            purpose="Inbound call from the patient",
            scheduled_for=now,
            next_attempt_at=now,
            status=CallStatus.IN_PROGRESS,
            attempts=1,
            # One attempt: an abandoned inbound record fails for a nurse to see; it is never re-dialled.
            max_attempts=1,
            created_by=CreatedBy.AGENT,
            claimed_at=now,
            lease_expires_at=now + timedelta(minutes=settings.CALL_LEASE_MINUTES),
        )
        record = CallRecord.objects.create(
            call=call,
            attempt=1,
            backend=DialerBackend.LIVEKIT,
            started_at=now,
            answered_at=now,
            room_name=room_name[:128],
            last_activity_at=now,
        )
    logger.info("inbound call opened call=call-%s patient=%s", call.pk, patient.ref)
    return record


def knowledge_lookup(*, topic: str, **params: str) -> dict[str, Any]:
    """knowledge.rag's lookup for one topic, as the speakable dict the agent reads."""
    from knowledge import rag

    functions = {
        "procedure": rag.lookup_procedure_info,
        "medication": rag.lookup_medication_info,
        "symptom": rag.lookup_symptom_guidance,
        "recovery": rag.lookup_recovery_timeline,
    }
    answer = functions[topic](**params)
    return {
        "found": answer.found,
        "answer": answer.answer,
        "urgency": answer.urgency,
        "sources": list(answer.sources),
        "document_ids": list(answer.document_ids),
    }
