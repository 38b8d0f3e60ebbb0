"""What the voice agent may do to its own call: post events, ask for reminders, finish, look things up.

The agent API's views (calls/agent_api/views.py) validate and call these; everything that
touches the database for the agent lives here.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from calls.identity import identity_method
from calls.models import (
    AgentEvent,
    AnsweredBy,
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
UNANSWERED_QUESTION = "Question the care guide could not answer"
MAX_TURN_TEXT = 4000


class AgentAccessError(Exception):
    """The token is valid but does not open this call, or no longer does (-> 403)."""


class CompletionConflictError(Exception):
    """The attempt was already completed with another event (-> 409)."""


class EventIdConflictError(Exception):
    """The event id was already used on this attempt for another kind of event (-> 409)."""


# What a request needs from the attempt its token names:
# LIVE: the attempt is still open (context, identity, lookups, reminders, opt-out, escalations).
# FINAL: open, or ended less than AGENT_TOKEN_GRACE_SECONDS ago (the last transcript events and
# the completion, which the agent's queue may deliver just after the line closed).
LIVE = "live"
FINAL = "final"


def record_for_grant(
    *, grant: AgentGrant, call_id: int | None = None, access: str = LIVE, now: datetime | None = None
) -> CallRecord:
    """The attempt the token names, if the token still opens it for `access`; else AgentAccessError.

    A token names one call and one attempt: it never opens another call, nor a later attempt of
    its own call, and once its attempt has ended it opens nothing that reads the patient's
    context or changes the patient's calls.
    """
    if call_id is not None and grant.call_id != call_id:
        raise AgentAccessError("This token belongs to another call.")
    record = (
        # The order and the discharge too: the lookups and the triage read them (procedure groups, order sets);
        # the patient's clinic scopes the request (its callback number, time zone and calling window).
        CallRecord.objects.select_related(
            "call", "call__patient", "call__patient__clinic", "call__order", "call__discharge"
        )
        .filter(call_id=grant.call_id, attempt=grant.attempt)
        .first()
    )
    if record is None:
        raise AgentAccessError("This token names a call attempt that does not exist.")
    if record.attempt < record.call.attempts:
        raise AgentAccessError(
            f"This token is for attempt {record.attempt} of this call, which has moved on to attempt "
            f"{record.call.attempts}; the token opens nothing any more."
        )
    check_access(record=record, access=access, now=now)
    return record


def check_access(*, record: CallRecord, access: str, now: datetime | None = None) -> None:
    """AgentAccessError unless the attempt is open, or (for FINAL posts) ended within the grace period."""
    if record.ended_at is None:
        return
    grace = settings.AGENT_TOKEN_GRACE_SECONDS
    if access == FINAL:
        if (now or timezone.now()) - record.ended_at <= timedelta(seconds=grace):
            return
        raise AgentAccessError(
            f"This call attempt ended more than {grace} seconds ago; its token can no longer post to it."
        )
    raise AgentAccessError(
        "This call attempt has ended: its token no longer reads the call or changes the patient's calls. "
        f"Only the last transcript events and the completion are accepted, for {grace} seconds after the end."
    )


def _claim_event(*, record: CallRecord, event_id: str, kind: str) -> AgentEvent | None:
    """Inside the caller's transaction, with the attempt's row locked: None when the id is new
    (it is now taken for `kind`), the earlier event when this is a replay of it.

    EventIdConflictError when the id already named another kind of event on this attempt.
    """
    existing = AgentEvent.objects.filter(record=record, event_id=event_id).first()
    if existing is None:
        AgentEvent.objects.create(record=record, event_id=event_id, kind=kind)
        return None
    if existing.kind != kind:
        raise EventIdConflictError(
            f"The event id {event_id!r} was already used for a {existing.kind} event on this call attempt; "
            "every event needs its own id."
        )
    return existing


def agent_action_once(
    *, record: CallRecord, event_id: str | None, kind: str, action: Callable[[], dict[str, Any]]
) -> tuple[dict[str, Any], bool]:
    """Run one of the agent's actions (reminder, escalation, opt-out) once per event id.

    Returns (answer, created): a replay of an id answers what the first post answered and acts
    no second time. Without an event id the action runs (each action also de-duplicates itself).
    """
    with transaction.atomic():
        # Under the attempt's row lock: an attempt that ended since the view looked opens nothing.
        locked = CallRecord.objects.select_for_update().get(pk=record.pk)
        check_access(record=locked, access=LIVE)
        if not event_id:
            return action(), True
        earlier = _claim_event(record=record, event_id=event_id, kind=kind)
        if earlier is not None:
            return dict(earlier.response), False
        answer = action()
        AgentEvent.objects.filter(record=record, event_id=event_id).update(response=answer)
    return answer, True


def _touch(record: CallRecord, now: datetime) -> None:
    """Progress on the line: keep the call's lease alive so recovery leaves a long call alone."""
    CallRecord.objects.filter(pk=record.pk).update(last_activity_at=now)
    lease = timedelta(minutes=settings.CALL_LEASE_MINUTES)
    CallScheduleItem.objects.filter(pk=record.call_id, status=CallStatus.IN_PROGRESS, attempts=record.attempt).update(
        lease_expires_at=now + lease
    )


def _at(value: datetime | None, now: datetime) -> datetime:
    return value if value is not None and value <= now + timedelta(minutes=1) else now


@dataclass(frozen=True)
class StoredEvent:
    row: Any  # TranscriptTurn | PatientResponse | CallRecord (a language switch)
    created: bool
    # The red-flag rules' reading of a patient's turn (most serious first); None for any other event.
    red_flags: list[Any] | None = None
    bystanders: list[Any] | None = None  # emergencies the turn named of someone else (bystander_emergencies)


def agent_event_record(**event: Any) -> tuple[TranscriptTurn | PatientResponse, bool]:
    """Store one agent event once (by event id). Returns (row, created)."""
    stored = agent_event_store(**event)
    return stored.row, stored.created


def agent_event_store(
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
    severity: str = "",
    at: datetime | None = None,
) -> StoredEvent:
    """Store one agent event once (by event id); a patient's turn or response is triaged and its escalations raised.

    A replayed patient turn (its id stored before) is read by the rules again, without raising
    anything, so the agent hears the same reading whichever answer reached it.
    """
    now = timezone.now()
    red_flags: list[Any] | None = None
    when = _at(at, now)
    with transaction.atomic():
        # Serialises the attempt's writers so sequences stay gap-free and ordered.
        CallRecord.objects.select_for_update().filter(pk=record.pk).first()
        replay = _claim_event(record=record, event_id=event_id, kind=kind)
        if kind == "language":
            # The patient asked for the other language: the rest of the attempt (its answers, its triage and
            # the times read back) is in it. The transcript shows the switch_language tool call in its place.
            CallRecord.objects.filter(pk=record.pk).update(language=text.strip())
            record.language = text.strip()
            _touch(record, now)
            return StoredEvent(record, replay is None)
        if kind in ("turn", "tool"):
            existing = TranscriptTurn.objects.filter(record=record, event_id=event_id).first()
            if existing is not None:
                bystanders: list[Any] = []
                if kind == "turn" and existing.speaker == Speaker.PATIENT:
                    from calls.triage.escalations import triage_options
                    from calls.triage.rules import bystander_emergencies, evaluate_rules

                    options = triage_options(record.call)
                    red_flags = evaluate_rules(existing.text, **options)
                    bystanders = bystander_emergencies(existing.text, **options)
                return StoredEvent(existing, False, red_flags, bystanders)
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
                return StoredEvent(existing_response, False)
            if kind == "escalation":
                question, response = ESCALATION_QUESTION, text
            elif kind == "message":
                question, response = NURSE_MESSAGE_QUESTION, text
            row = PatientResponse.objects.create(
                record=record, question=question, response=response, event_id=event_id, recorded_at=when
            )
            if kind == "escalation":
                # The old escalate_to_care_team event: an agent escalation, urgent unless it says otherwise.
                from calls.triage import escalation_raise

                escalation_raise(
                    record=record,
                    tier=severity or "urgent",
                    reason="The agent reported a warning sign",
                    source="agent_tool",
                    patient_words=text,
                    now=now,
                )
            if kind in ("escalation", "message"):
                reason = (
                    "The patient reported a warning sign on the call; see the call's responses."
                    if kind == "escalation"
                    else "The patient left a message for the nurse; see the call's responses."
                )
                CallScheduleItem.objects.filter(pk=record.call_id).update(needs_attention=True, status_reason=reason)
        said = text if kind == "turn" and speaker == Speaker.PATIENT else response if kind == "response" else ""
        if said.strip():
            # Fixed red-flag rules over what the patient said: the tier never rests on the model alone.
            from calls.triage.escalations import note_bystanders, triage_turn

            red_flags, _ = triage_turn(record=record, text=said, now=now)
            # Someone else's emergency ("my mom has chest pain"): no escalation, a note for the nurse.
            noted = note_bystanders(record=record, text=said, now=now)
        _touch(record, now)
    logger.info("agent event stored call=call-%s attempt=%s kind=%s", record.call_id, record.attempt, kind)
    if kind != "turn":
        return StoredEvent(row, True)
    return StoredEvent(row, True, red_flags, noted if said.strip() else [])


@dataclass(frozen=True)
class ReminderResult:
    call: CallScheduleItem
    local_time: str
    created: bool
    note: str = ""


def speakable_local_time(when: datetime, zone: Any, language: str = "en") -> str:
    from calls.language import spoken_time

    return spoken_time(when.astimezone(zone), language)


def _reminder_refused(english: str, spanish: str, language: str) -> ValidationError:
    """Why a reminder cannot be booked: `when` in English for the nurse's record, and on a Spanish call `say`,
    the reviewed Spanish words the patient hears (the agent never translates a reason on the fly)."""
    errors = {"when": english}
    if language == "es":
        errors["say"] = spanish
    return ValidationError(errors)


def reminder_schedule(*, record: CallRecord, when: str, purpose: str, now: datetime | None = None) -> ReminderResult:
    """The patient asked to be called again: a patient_requested call after this one.

    Raises ValidationError({"when": ...}) with what the agent should tell the patient.
    """
    from calls.language import record_language

    now = now or timezone.now()
    call = record.call
    patient = call.patient
    spoken = record_language(record)  # the time read back to the patient is said in the call's language
    if patient.do_not_call:
        raise _reminder_refused(
            "This patient asked not to be called; the care team will follow up instead.",
            "Usted pidió que no le llamemos, así que no puedo programar otra llamada; su equipo de atención le dará "
            "seguimiento.",
            spoken,
        )
    window = patient.calling_window()
    try:
        scheduled = parse_when(when, now, tz=patient.time_zone, window=window)
        asked = parse_when(when, now, tz=patient.time_zone, window=(time(0, 0), time(23, 59, 59)))
    except TimingSpecError as exc:
        raise _reminder_refused(
            str(exc),
            "No entendí para cuándo. Dígame un día y una hora, por ejemplo: mañana a las 10 de la mañana.",
            spoken,
        ) from None
    if scheduled - asked > WINDOW_SLACK:
        start, end = window
        asked_es = speakable_local_time(asked, patient.zone, "es")
        raise _reminder_refused(
            f"{speakable_local_time(asked, patient.zone)} is outside the calling hours "
            f"({start:%H:%M}-{end:%H:%M}); the earliest is {speakable_local_time(scheduled, patient.zone)}.",
            f"{asked_es[:1].upper()}{asked_es[1:]} está fuera del horario de llamadas, de {start:%H:%M} a "
            f"{end:%H:%M}; lo más temprano es el {speakable_local_time(scheduled, patient.zone, 'es')}.",
            spoken,
        )
    # The patient's request counts toward the calling limits (one a day, three a week): if the
    # time asked for would break them, book the first allowed time and say so, so the time the
    # agent reads back is the time the phone rings.
    from calls import rules

    usage = rules.usage_for_patients(
        patient_ids=[patient.pk], zones=[patient.time_zone], now=scheduled, include_queued=False
    ).get(patient.pk)
    deferral = rules.deferral_for(usage, zone_name=patient.time_zone, window=window, now=scheduled)
    note = ""
    if deferral is not None:
        per_day, per_week = rules.limits()
        if spoken == "es":  # the model may read the note out: in the call's language, from reviewed words
            note = (
                f"Llamamos como máximo {per_day} {'vez' if per_day == 1 else 'veces'} al día y {per_week} veces "
                f"a la semana, así que lo más pronto que podemos llamar es el "
                f"{speakable_local_time(deferral.until, patient.zone, 'es')}."
            )
        else:
            note = (
                f"We call at most {per_day} time a day and {per_week} times a week, "
                f"so the earliest we can call is {speakable_local_time(deferral.until, patient.zone)}."
            )
        scheduled = deferral.until
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
            return ReminderResult(
                existing, speakable_local_time(existing.scheduled_for, patient.zone, spoken), False, note
            )
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
            language=call.language,  # a nurse's choice of English for this order's call holds for its reminder
        )
        _touch(record, now)
    logger.info("agent scheduled reminder call=call-%s parent=call-%s", reminder.pk, call.pk)
    return ReminderResult(reminder, speakable_local_time(scheduled, patient.zone, spoken), True, note)


AGENT_OUTCOMES = (
    CallOutcome.COMPLETED,
    CallOutcome.VOICEMAIL,
    CallOutcome.NO_ANSWER,
    CallOutcome.DECLINED,
    CallOutcome.WRONG_NUMBER,
    CallOutcome.FAILED,
)


def agent_call_complete(*, record: CallRecord, outcome: str, summary: str, event_id: str) -> CallScheduleItem:
    """The agent's last word on its attempt, accepted once (a replay of the same event is fine).

    The attempt's row is locked first, so of several completions racing with different event
    ids exactly one closes the attempt and the others get CompletionConflictError.
    """
    from calls.services import call_finish

    with transaction.atomic():
        locked = CallRecord.objects.select_for_update().select_related("call").get(pk=record.pk)
        if locked.ended_at is not None:
            if locked.completion_event_id == event_id:
                return locked.call
            raise CompletionConflictError("This call attempt has already ended.")
        _claim_event(record=locked, event_id=event_id, kind="complete")
        call = call_finish(record=locked, outcome=outcome, summary=summary, event_id=event_id)
    record.refresh_from_db()
    if record.identity_verified_at is None and record.identity_attempts >= settings.IDENTITY_MAX_ATTEMPTS:
        # call_finish wrote its own reason; the nurse needs to know why nothing was discussed.
        CallScheduleItem.objects.filter(pk=call.pk).update(needs_attention=True, status_reason=IDENTITY_FAILED_REASON)
        call.refresh_from_db()
    return call


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
            patient_id=call.patient_id,
            attempt=1,
            backend=DialerBackend.LIVEKIT,
            started_at=now,
            answered_at=now,
            room_name=room_name[:128],
            last_activity_at=now,
        )
    logger.info("inbound call opened call=call-%s patient=%s", call.pk, patient.ref)
    return record


def call_procedure_groups(call: CallScheduleItem) -> list[str]:
    """The procedure groups of the call's discharge (the patient's latest one for a call without it)."""
    discharge = call.discharge or call.patient.discharges.order_by("-discharged_at", "-pk").first()
    if discharge is None:
        return []
    return sorted(set(discharge.orders.values_list("procedure_group", flat=True)))


def knowledge_lookup(*, topic: str, record: CallRecord | None = None, **params: str) -> dict[str, Any]:
    """knowledge.rag's lookup for one topic, as the speakable dict the agent reads.

    Symptoms are safety-first (calls.triage.answers): the red-flag triage runs on the patient's
    words before retrieval; a red flag opens the answer with its instruction and raises its
    escalation, and the guide's words follow only when they do not contradict it.
    """
    from knowledge import rag

    functions = {
        "procedure": rag.lookup_procedure_info,
        "medication": rag.lookup_medication_info,
        "symptom": rag.lookup_symptom_guidance,
        "recovery": rag.lookup_recovery_timeline,
    }
    from calls.language import call_language
    from knowledge.models import knowledge_language

    # Scoped to the patient's procedures: a gallbladder patient is never read venous-malformation advice.
    groups = call_procedure_groups(record.call) if record is not None else None
    # In the language the call is in (the patient's, or the one they asked for on this call, as the portal
    # recorded it; never the agent's say-so): that language's documents only. The red-flag triage reads the
    # words in the same language, so its reassurance filter and its instruction match the guide's text.
    language = knowledge_language(call_language(record.call)) if record is not None else "en"
    answer = functions[topic](**params, procedure_groups=groups, language=language)
    result = {
        "escalation": None,
        "found": answer.found,
        "answer": answer.answer,
        "urgency": answer.urgency,
        "sources": list(answer.sources),
        "document_ids": list(answer.document_ids),
        "language": answer.language,
    }
    if not answer.found and language != "en":
        result["nurse_note"] = rag.english_fallback_note(topic, params, procedure_groups=groups)
    if topic == "symptom":
        from calls.triage.answers import symptom_result

        result.update(symptom_result(record=record, words=params.get("symptom", ""), answer=answer))
    if record is not None and not result["found"]:
        _note_unanswered(record=record, topic=topic, params=params, language=language, note=result.get("nurse_note"))
    return result


def _note_unanswered(
    *, record: CallRecord, topic: str, params: dict[str, str], language: str, note: str | None
) -> None:
    """Keep the promise the decline makes ("I'll make a note so a nurse can follow up"): the question goes
    on the call's responses, in the patient's words, and the call is flagged for a nurse. The agent never
    passes the portal's English note on (it is not for the patient), so it is kept here for the call page.
    """
    from calls.language import NAMES

    asked = " / ".join(v.strip() for v in params.values() if v and v.strip())[:500] or topic
    text = f"{topic.capitalize()}: {asked}"
    if language != "en":
        text += f" (asked in {NAMES.get(language, language)}). {note or ''}".rstrip()
    digest = hashlib.sha256(text.encode()).hexdigest()[:24]
    _, created = PatientResponse.objects.get_or_create(
        record=record,
        event_id=f"unanswered-{digest}",
        defaults={"question": UNANSWERED_QUESTION, "response": text, "recorded_at": timezone.now()},
    )
    if created:
        where = f" in {NAMES[language]}" if language in NAMES and language != "en" else ""
        CallScheduleItem.objects.filter(pk=record.call_id).update(
            needs_attention=True,
            status_reason=f"The patient asked a question the care guide could not answer; follow up{where}.",
        )


def agent_triage_turn(*, record: CallRecord, text: str) -> dict[str, Any]:
    """The patient's words, checked as soon as the agent hears them: what to say first, if anything."""
    from calls.triage.answers import turn_result

    result = turn_result(record=record, text=text[:MAX_TURN_TEXT])
    _touch(record, timezone.now())
    return result


# --- clinical safety: escalation, opt-out, identity ------------------------------------------------


def escalation_summary(escalation: Any, language: str = "en") -> dict[str, Any]:
    """What the agent may tell the patient about an escalation: its tier and when a nurse calls back."""
    from calls.triage.answers import escalation_summary as summary

    return summary(escalation, language)


def agent_escalate(*, record: CallRecord, reason: str, severity: str, patient_words: str = "") -> dict[str, Any]:
    """The agent's escalate_to_nurse tool, through the red-flag triage.

    The patient's words (or the agent's reason) go through evaluate_rules: each red flag found is
    raised as its concept (one per call, titled with the concept) at the catalogue's tier, whatever
    tier the agent chose. A concern with no red flag behind it is kept at the agent's tier: the
    model may have heard something the rules do not know, and a nurse should see it.
    """
    from calls.models import EscalationSource
    from calls.triage import escalation_raise, escalations_for_matches, evaluate_rules
    from calls.triage.answers import instruction
    from calls.triage.escalations import note_bystanders, triage_options

    options = triage_options(record.call)
    language = options["language"]
    matches = evaluate_rules(patient_words or reason, **options)
    # The caller's words name someone else's emergency ("my mom has chest pain"): the agent's reason for it
    # ("Mother has chest pain") is not read as the patient's.
    bystanders = [] if matches else note_bystanders(record=record, text=patient_words or reason)
    if not matches and patient_words and not bystanders:
        matches = evaluate_rules(reason, **options)
    if matches:
        raised = escalations_for_matches(record=record, matches=matches, source=EscalationSource.AGENT_TOOL)
        escalation, created = raised[0]
        created = any(c for _, c in raised)
        say = instruction(matches[0])
    else:
        if bystanders and severity != "routine":
            # Someone else's emergency, not the patient's: the nurse hears of it on the next business day
            # (the caller was told to call 911 for them); an emergent escalation would say the patient was.
            severity = "routine"
        escalation, created = escalation_raise(
            record=record,
            tier=severity,
            reason=reason,
            source=EscalationSource.AGENT_TOOL,
            patient_words=patient_words or reason,
        )
        say = bystanders[0].instruction if bystanders else ""
    _touch(record, timezone.now())
    summary = escalation_summary(escalation, language)
    if say:
        summary["instruction"] = say
    return {**summary, "created": created}


def agent_opt_out(*, record: CallRecord, reason: str = "") -> dict[str, Any]:
    """The patient asked not to be called again: do-not-call now and every waiting call cancelled."""
    from patients.services import patient_opt_out

    call = record.call
    verified = record.identity_verified_at is not None
    text = (reason or "").strip() or "The patient asked not to be called again"
    text = f"{text} (said on call {call.pk}{'' if verified else ', before identity was confirmed'})."
    cancelled = patient_opt_out(patient=call.patient, reason=text)
    CallScheduleItem.objects.filter(pk=call.pk).update(
        needs_attention=True, status_reason="The patient asked not to be called again (do not call is set)."
    )
    _touch(record, timezone.now())
    return {"do_not_call": True, "cancelled_calls": cancelled}


SPEAKING_WITH_CHOICES = 'speaking_with must be "patient" or "caregiver" (or left out when the person did not say).'
IDENTITY_FAILED_REASON = (
    "The person who answered could not confirm the patient's identity; nothing was discussed. "
    "Call the patient yourself."
)
_DIGIT_WORDS = {
    "zero": "0", "oh": "0", "o": "0", "one": "1", "two": "2", "three": "3", "four": "4", "for": "4",
    "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
}  # fmt: skip


def _spoken_digits(text: str) -> str:
    words = [_DIGIT_WORDS.get(w, w) for w in text.lower().replace("-", " ").split()]
    return "".join(ch for ch in " ".join(words) if ch.isdigit())


def _parse_birth_date(text: str) -> Any:
    import dateparser

    options = {"DATE_ORDER": "MDY", "REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(text, languages=["en", "es", "fr"], settings=options)
    if parsed is None:
        # Said in Spanish words: "cuatro de marzo del dos mil quince", "el primero de enero de 1990".
        from text_to_num import alpha2digit

        spanish = re.sub(r"^\s*(?:el|es el)\s+", "", re.sub(r"\bprimero\b", "1", text, flags=re.I), flags=re.I)
        spanish = alpha2digit(spanish, "es")
        parsed = dateparser.parse(spanish, languages=["es"], settings=options)
    return parsed.date() if parsed is not None else None


def _identifier_matches(patient: Any, method: str, identifier: str) -> bool:
    if method == "dob":
        return _parse_birth_date(identifier) == patient.date_of_birth
    digits = _spoken_digits(identifier)
    return len(digits) >= 4 and hmac.compare_digest(digits[-4:], patient.phone[-4:])


def agent_verify_identity(
    *, record: CallRecord, first_name: str, identifier: str, speaking_with: str = ""
) -> dict[str, Any]:
    """Compare what the person on the line said with the record; the agent never sees the record's values.

    At most IDENTITY_MAX_ATTEMPTS tries per attempt; after the last failure the call is flagged
    for a nurse and the agent must end the call without disclosing anything. `speaking_with`
    ("patient" | "caregiver", as the person said) is kept on the attempt once the identity is
    verified (a later check on a verified attempt may correct it): the red-flag triage hears a
    caregiver's "my husband's face is drooping" as the patient's. A verified answer's `speaker` is who
    the triage hears from now on (calls.triage.escalations.speaker_for), for the agent's own reading.
    """
    from calls.triage.escalations import speaker_for

    if speaking_with and speaking_with not in AnsweredBy.values:
        raise ValidationError({"speaking_with": SPEAKING_WITH_CHOICES})
    limit = settings.IDENTITY_MAX_ATTEMPTS
    now = timezone.now()
    with transaction.atomic():
        current = CallRecord.objects.select_for_update().select_related("call__patient").get(pk=record.pk)
        patient = current.call.patient
        method = identity_method(patient)
        if current.identity_verified_at is not None:
            if speaking_with and speaking_with != current.answered_by:
                current.answered_by = speaking_with
                current.save(update_fields=["answered_by"])
            result = {"verified": True, "attempts_left": limit - current.identity_attempts, "method": method}
            return {**result, "speaker": speaker_for(current.call)}
        if current.identity_attempts >= limit:
            return {"verified": False, "attempts_left": 0, "method": method, "end_call": True}
        name_ok = first_name.strip().casefold() == patient.first_name.strip().casefold()
        verified = name_ok and _identifier_matches(patient, method, identifier)
        current.identity_attempts += 1
        fields = ["identity_attempts"]
        if verified:
            current.identity_verified_at = now
            fields.append("identity_verified_at")
            if speaking_with:
                current.answered_by = speaking_with
                fields.append("answered_by")
        current.save(update_fields=fields)
        left = max(limit - current.identity_attempts, 0)
        if not verified and left == 0:
            CallScheduleItem.objects.filter(pk=current.call_id).update(
                needs_attention=True, status_reason=IDENTITY_FAILED_REASON
            )
    record.answered_by = current.answered_by
    _touch(record, now)
    logger.info(
        "identity check call=call-%s attempt=%s verified=%s left=%s answered_by=%s",
        record.call_id,
        record.attempt,
        verified,
        left,
        current.answered_by or "unknown",
    )
    result: dict[str, Any] = {"verified": verified, "attempts_left": left, "method": method}
    if not verified and left == 0:
        result["end_call"] = True
    if verified:
        result["speaker"] = speaker_for(current.call)
    return result
