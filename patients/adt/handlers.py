"""One function per ADT event. Each runs inside the message's transaction and either returns what it
did or raises AdtError (AE: nothing written). They call the patients' and calls' services."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import hl7
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls.holds.services import call_hold_waiting, call_release_hold
from calls.models import CallRecord, CallScheduleItem, CallStatus, Escalation
from calls.services import CallActionError, call_cancel
from patients.adt.models import (
    AdtMessage,
    CallHold,
    HoldStatus,
    HospitalEncounter,
    OrderSetRule,
    PatientMerge,
    RuleCodeKind,
    SetupStatus,
)
from patients.adt.parsing import (
    ERR_DATA_TYPE,
    ERR_REQUIRED_FIELD_MISSING,
    ERR_UNKNOWN_KEY,
    AdtError,
    Header,
    PatientData,
    VisitData,
    event_time,
    read_patient,
    read_prior_mrn,
    read_visit,
)
from patients.models import Discharge, NurseContact, Patient, normalize_phone
from patients.services import discharge_create, patient_language_calls_flag, patient_upsert

logger = logging.getLogger("patients.adt")

HOLD_EVENTS = {
    "A01": "readmitted to the hospital (A01 admission)",
    "A04": "registered at the hospital (A04 emergency or outpatient visit)",
    "A06": "changed to an inpatient stay (A06)",
}
CANCEL_EVENTS = {
    "A11": "The hospital cancelled the admission (A11)",
    "A13": "The hospital cancelled the discharge (A13)",
}


class CollisionError(Exception):
    """Another message created the same patient a moment ago: the whole message is tried again."""


@dataclass
class Applied:
    text: str
    ignored: bool = False
    patient: Patient | None = None
    discharge: Discharge | None = None


# --- helpers -------------------------------------------------------------------------------------


def find_patient(mrn: str) -> Patient | None:
    """The patient with this MRN, locked; a merged-away record leads to the one it was merged into."""
    patient = Patient.objects.select_for_update().filter(external_id=mrn).first()
    if patient is None:
        return None
    merge = PatientMerge.objects.filter(merged=patient).select_related("survivor").first()
    while merge is not None:
        patient = Patient.objects.select_for_update().get(pk=merge.survivor_id)
        merge = PatientMerge.objects.filter(merged=patient).first()
    return patient


def _require_patient(mrn: str) -> Patient:
    patient = find_patient(mrn)
    if patient is None:
        raise AdtError(
            "No patient with the PID-3 identifier is on file; send the discharge (A03) first.",
            error_code=ERR_UNKNOWN_KEY,
            location="PID^1^3",
        )
    return patient


def _first_valid_phone(data: PatientData) -> str | None:
    """The first PID-13 number that is a real phone number, in E.164; AE when numbers are all invalid."""
    if not data.phones:
        return None
    for raw in data.phones:
        try:
            return normalize_phone(raw)
        except ValidationError:
            continue
    raise AdtError(
        "PID-13 has no valid phone number (check the digits and the country code).",
        error_code=ERR_DATA_TYPE,
        location="PID^1^13",
    )


def _validation_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
    return " ".join(exc.messages)


def _upsert_patient(data: PatientData, *, existing: Patient | None) -> Patient:
    phone = _first_valid_phone(data) or (existing.phone if existing else None)
    if not phone:
        raise AdtError(
            "PID-13 needs the patient's phone number: PostOp AI calls the patient.",
            error_code=ERR_REQUIRED_FIELD_MISSING,
            location="PID^1^13",
        )
    optional: dict[str, Any] = {}
    if data.date_of_birth is not None:
        optional["date_of_birth"] = data.date_of_birth
    if data.language is not None:
        optional["preferred_language"] = data.language
    try:
        return patient_upsert(
            external_id=existing.external_id if existing else data.mrn,
            first_name=data.first_name,
            last_name=data.last_name,
            phone=phone,
            **optional,
        )
    except ValidationError as exc:
        if existing is None and "external_id" in getattr(exc, "error_dict", {}):
            raise CollisionError from None
        raise AdtError(f"The patient could not be saved: {_validation_text(exc)}"[:280]) from None


def _procedure_text(visit: VisitData) -> str:
    for code, text in visit.procedures:
        if text or code:
            return (text or f"Procedure {code}")[:200]
    if visit.hospital_service:
        return f"Hospital service {visit.hospital_service}"
    return "Hospital stay"


def matching_rules(visit: VisitData) -> list[OrderSetRule]:
    """Procedure rules win over service rules: the procedure says more about the follow-up needed."""
    codes = [code for code, _ in visit.procedures if code]
    active = OrderSetRule.objects.filter(active=True).prefetch_related("orders")
    if codes:
        by_procedure = list(active.filter(kind=RuleCodeKind.PROCEDURE, code__in=codes).order_by("id"))
        if by_procedure:
            return by_procedure
    if visit.hospital_service:
        return list(active.filter(kind=RuleCodeKind.SERVICE, code=visit.hospital_service).order_by("id"))
    return []


# --- A03 discharge ---------------------------------------------------------------------------------


def handle_discharge(message: hl7.Message, header: Header, record: AdtMessage) -> Applied:
    data = read_patient(message, require_name=True)
    visit = read_visit(message)
    discharged_at = visit.discharged_at or event_time(message) or timezone.now()
    existing = find_patient(data.mrn)
    patient = _upsert_patient(data, existing=existing)

    encounter = None
    if visit.visit_number:
        encounter = (
            HospitalEncounter.objects.select_for_update()
            .filter(sending_facility=header.sending_facility, visit_number=visit.visit_number)
            .select_related("discharge")
            .first()
        )
    if encounter is not None:
        return _update_discharge(encounter, patient=patient, visit=visit, discharged_at=discharged_at)

    procedure = _procedure_text(visit)
    rules = matching_rules(visit)
    order_keys: list[str] = []
    params: dict[str, Any] = {}
    for rule in rules:
        for order in rule.orders.all():
            if order.key not in order_keys:
                order_keys.append(order.key)
        params.update(rule.order_params or {})
    note = ""
    try:
        discharge = discharge_create(
            patient=patient,
            discharged_at=discharged_at,
            procedure=procedure,
            order_keys=order_keys,
            order_params=params,
        )
    except ValidationError as exc:
        problems = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        if not order_keys or set(problems) - {"orders", "order_params", *order_keys}:
            raise AdtError(f"The discharge could not be recorded: {_validation_text(exc)}"[:280]) from None
        # The rule's orders cannot be scheduled as configured: record the discharge for a nurse instead.
        note = f"Rule '{rules[0].name}' could not schedule: {_validation_text(exc)}"[:500]
        discharge = discharge_create(
            patient=patient, discharged_at=discharged_at, procedure=procedure, order_keys=[], order_params={}
        )
        rules = []
    calls = discharge.calls.count()
    if rules and calls:
        # The plan's warnings (an interpreter to arrange, an order that made no call) stay beside the rule's name.
        note = " ".join([f"Scheduled by rule '{rules[0].name}'.", *discharge.warnings])
        status, note = SetupStatus.AUTO_SCHEDULED, note[:500]
    elif rules:
        status = SetupStatus.TO_SET_UP
        note = (
            "The patient is on do-not-call; no calls were scheduled."
            if patient.do_not_call
            else f"Rule '{rules[0].name}' made no calls (their times fall before the discharge)."
        )[:500]
    else:
        status = SetupStatus.TO_SET_UP
    HospitalEncounter.objects.create(
        discharge=discharge,
        patient=patient,
        sending_facility=header.sending_facility,
        visit_number=visit.visit_number,
        patient_class=visit.patient_class,
        location=visit.location,
        attending=visit.attending,
        hospital_service=visit.hospital_service,
        procedure_codes=[code for code, _ in visit.procedures if code],
        admitted_at=visit.admitted_at,
        setup_status=status,
        setup_note=note,
        rule=rules[0] if rules else None,
    )
    text = f"Discharge {discharge.pk} recorded; {calls} calls scheduled." if calls else f"Discharge {discharge.pk} "
    if not calls:
        text += "recorded; waiting for a nurse to pick the orders."
    return Applied(text=text, patient=patient, discharge=discharge)


def _update_discharge(
    encounter: HospitalEncounter, *, patient: Patient, visit: VisitData, discharged_at: datetime
) -> Applied:
    """A repeated or corrected A03 for a visit on file: update the details, never a second discharge."""
    discharge = encounter.discharge
    if discharge.patient_id != patient.pk:
        raise AdtError("PV1-19 visit number belongs to another patient's discharge.", location="PV1^1^19")
    if discharge.discharged_at != discharged_at and not discharge.calls.exists():
        discharge.discharged_at = discharged_at
        discharge.save(update_fields=["discharged_at"])  # audited by django-auditlog
    encounter.location = visit.location or encounter.location
    encounter.attending = visit.attending or encounter.attending
    encounter.hospital_service = visit.hospital_service or encounter.hospital_service
    encounter.admitted_at = visit.admitted_at or encounter.admitted_at
    if encounter.setup_status == SetupStatus.CANCELLED:
        encounter.setup_status = SetupStatus.TO_SET_UP
        encounter.setup_note = "Discharged again after the hospital had cancelled this discharge."
    encounter.save()
    return Applied(text=f"Discharge {discharge.pk} updated.", patient=patient, discharge=discharge)


# --- A01 / A04 / A06: back in hospital -----------------------------------------------------------


def handle_readmission(message: hl7.Message, header: Header, record: AdtMessage) -> Applied:
    data = read_patient(message, require_name=False)
    patient = find_patient(data.mrn)
    if patient is None:
        return Applied(text="Patient not followed by PostOp AI; nothing to hold.", ignored=True)
    visit = read_visit(message)
    when = visit.admitted_at or event_time(message) or timezone.now()
    local = timezone.localtime(when, patient.zone)
    reason = f"On hold: {HOLD_EVENTS[header.event]} on {local:%d %b %Y %H:%M}."
    held = call_hold_waiting(patient_id=patient.pk, reason=reason)
    if not held:
        return Applied(text="No calls waiting; nothing held.", patient=patient)
    hold = CallHold.objects.create(
        patient=patient,
        event=header.event,
        reason=reason[:300],
        message=record,
        visit_number=visit.visit_number,
    )
    hold.calls.set(held)
    return Applied(text=f"{len(held)} calls put on hold.", patient=patient)


# --- A08: demographics ---------------------------------------------------------------------------


def handle_update(message: hl7.Message, header: Header, record: AdtMessage) -> Applied:
    data = read_patient(message, require_name=False)
    patient = _require_patient(data.mrn)
    before = Patient.objects.get(pk=patient.pk)
    phone = _first_valid_phone(data)
    if phone:
        patient.phone = phone
    if data.first_name:
        patient.first_name = data.first_name
    if data.last_name:
        patient.last_name = data.last_name
    if data.date_of_birth is not None:
        patient.date_of_birth = data.date_of_birth
    if data.language is not None:
        patient.preferred_language = data.language
    try:
        patient.full_clean()
    except ValidationError as exc:
        raise AdtError(f"The update cannot be applied: {_validation_text(exc)}"[:280]) from None
    changed = [
        name
        for name in ("phone", "first_name", "last_name", "date_of_birth", "preferred_language")
        if getattr(before, name) != getattr(patient, name)
    ]
    if not changed:
        return Applied(text="Nothing changed.", patient=patient)
    patient.save()  # django-auditlog records the change (who: the ADT feed)
    if "preferred_language" in changed:
        patient_language_calls_flag(patient=patient)  # waiting calls planned for the old language
    return Applied(text=f"Updated: {', '.join(changed)}.", patient=patient)


# --- A11 / A13: cancellations --------------------------------------------------------------------


def handle_cancel(message: hl7.Message, header: Header, record: AdtMessage) -> Applied:
    data = read_patient(message, require_name=False)
    patient = _require_patient(data.mrn)
    visit = read_visit(message)
    reason = CANCEL_EVENTS[header.event]
    if header.event == "A11" and visit.visit_number:
        hold = CallHold.objects.filter(patient=patient, visit_number=visit.visit_number, status=HoldStatus.HELD).first()
        if hold is not None:
            # The admission that held the calls never happened: the calls go ahead.
            released = call_release_hold(calls=hold.calls.all())
            hold.status, hold.resolved_at = HoldStatus.RESUMED, timezone.now()
            hold.save(update_fields=["status", "resolved_at"])
            return Applied(text=f"Admission cancelled; {len(released)} held calls resumed.", patient=patient)
    encounters = (
        HospitalEncounter.objects.select_for_update()
        .filter(patient=patient)
        .exclude(setup_status=SetupStatus.CANCELLED)
    )
    if visit.visit_number:
        encounters = encounters.filter(sending_facility=header.sending_facility, visit_number=visit.visit_number)
    encounter = encounters.order_by("-created_at", "-id").select_related("discharge").first()
    if encounter is None:
        raise AdtError(
            "No discharge on file for this patient and visit number (PV1-19).",
            error_code=ERR_UNKNOWN_KEY,
            location="PV1^1^19",
        )
    waiting = CallScheduleItem.objects.filter(
        discharge=encounter.discharge, status__in=[CallStatus.PENDING, CallStatus.QUEUED, CallStatus.ON_HOLD]
    )
    cancelled = 0
    for call in waiting:
        try:
            call_cancel(call=call, reason=reason)
        except CallActionError:
            continue  # dialled meanwhile: it finishes; nothing else is scheduled for it
        cancelled += 1
    encounter.setup_status = SetupStatus.CANCELLED
    encounter.cancelled_reason = reason
    encounter.save(update_fields=["setup_status", "cancelled_reason", "updated_at"])
    return Applied(
        text=f"Discharge {encounter.discharge_id} cancelled; {cancelled} calls cancelled.",
        patient=patient,
        discharge=encounter.discharge,
    )


# --- A40: merge ----------------------------------------------------------------------------------


def handle_merge(message: hl7.Message, header: Header, record: AdtMessage) -> Applied:
    data = read_patient(message, require_name=False)
    prior_mrn = read_prior_mrn(message)
    merged = find_patient(prior_mrn)
    if merged is None:
        raise AdtError(
            "No patient with the MRG-1 prior identifier is on file.", error_code=ERR_UNKNOWN_KEY, location="MRG^1^1"
        )
    survivor = find_patient(data.mrn)
    if survivor is None:
        # Only the retired identifier is on file: the record simply takes the surviving one.
        merged.external_id = data.mrn
        merged.save(update_fields=["external_id", "updated_at"])  # audited by django-auditlog
        return Applied(text="Patient identifier changed; no second record on file.", patient=merged)
    if survivor.pk == merged.pk:
        return Applied(text="Already merged; nothing changed.", ignored=True, patient=survivor)
    moved = merge_patients(survivor=survivor, merged=merged)
    PatientMerge.objects.create(survivor=survivor, merged=merged, prior_mrn=prior_mrn, moved=moved, message=record)
    total = sum(moved.values())
    return Applied(text=f"Merged: {total} records moved to the surviving patient.", patient=survivor)


def merge_patients(*, survivor: Patient, merged: Patient) -> dict[str, int]:
    """Move everything that hangs off `merged` onto `survivor`; audit logs and access events stay as they were."""
    moved: dict[str, int] = {}
    for label, queryset in (
        ("discharges", Discharge.objects.filter(patient=merged)),
        ("calls", CallScheduleItem.objects.filter(patient=merged)),
    ):
        count = 0
        for row in queryset.select_for_update():
            row.patient = survivor
            row.save(update_fields=["patient"])  # one audit entry per moved row (django-auditlog)
            count += 1
        moved[label] = count
    # The attempts carry their call's patient (the calling-frequency rules count them by patient).
    CallRecord.objects.filter(patient=merged).update(patient=survivor)
    moved["nurse_contacts"] = NurseContact.objects.filter(patient=merged).update(patient=survivor)
    moved["escalations"] = Escalation.objects.filter(patient=merged).update(
        patient=survivor, clinic_id=survivor.clinic_id
    )
    moved["encounters"] = HospitalEncounter.objects.filter(patient=merged).update(patient=survivor)
    moved["holds"] = CallHold.objects.filter(patient=merged).update(patient=survivor)
    moved["adt_messages"] = AdtMessage.objects.filter(patient=merged).update(patient=survivor)
    if merged.do_not_call and not survivor.do_not_call:
        # An opt-out is the person's, whichever record it was made on.
        survivor.do_not_call = True
        survivor.do_not_call_reason = merged.do_not_call_reason or "Opted out (carried over from a merged record)."
        survivor.do_not_call_at = merged.do_not_call_at or timezone.now()
        survivor.save(update_fields=["do_not_call", "do_not_call_reason", "do_not_call_at", "updated_at"])
    return moved


HANDLERS = {
    "A03": handle_discharge,
    "A01": handle_readmission,
    "A04": handle_readmission,
    "A06": handle_readmission,
    "A08": handle_update,
    "A11": handle_cancel,
    "A13": handle_cancel,
    "A40": handle_merge,
}
