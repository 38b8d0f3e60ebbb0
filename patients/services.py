from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.scheduler import plan_calls, save_planned_calls
from orders.models import DischargeOrder
from patients.contact import contact_deadline_for
from patients.models import Discharge, Patient
from postop.datetimes import MAX_FUTURE_DISCHARGE, check_instant
from postop.models import Clinic

logger = logging.getLogger(__name__)


_UNSET: Any = object()


def patient_upsert(
    *,
    external_id: str | None,
    first_name: str,
    last_name: str,
    phone: str,
    date_of_birth: date | None = _UNSET,
    time_zone: str | None = _UNSET,
    preferred_language: str | None = _UNSET,
    calling_window_start: time | None = _UNSET,
    calling_window_end: time | None = _UNSET,
    clinic: Clinic | None = None,
) -> Patient:
    """Create the patient, or update the one with this external id (MRN). Validates everything first.

    Optional fields left out keep their stored value; do-not-call is never changed here.
    """
    external_id = (external_id or "").strip() or None
    with transaction.atomic():
        patient = None
        if external_id:
            patient = Patient.objects.select_for_update().filter(external_id=external_id).first()
        if patient is None:
            # A new patient belongs to `clinic`, else to the request's clinic (Patient.save).
            patient = Patient(external_id=external_id, clinic=clinic) if clinic else Patient(external_id=external_id)
        patient.first_name = " ".join(str(first_name or "").split())
        patient.last_name = " ".join(str(last_name or "").split())
        patient.phone = phone
        language_before = patient.preferred_language if patient.pk else None
        optional = {
            "date_of_birth": date_of_birth,
            "time_zone": time_zone,
            "preferred_language": preferred_language,
            "calling_window_start": calling_window_start,
            "calling_window_end": calling_window_end,
        }
        for name, value in optional.items():
            # A blank zone or language means "the default", never "clear it".
            if value is not _UNSET and (value not in (None, "") or name not in ("time_zone", "preferred_language")):
                setattr(patient, name, value)
        patient.full_clean()
        try:
            with transaction.atomic():
                patient.save()
        except IntegrityError:
            # Created concurrently under the same MRN: the full_clean above saw no duplicate.
            raise ValidationError(
                {"external_id": ["A patient with this MRN was just created; reload and try again."]}
            ) from None
        if language_before is not None and language_before != patient.preferred_language:
            patient_language_calls_flag(patient=patient)
    return patient


def patient_language_calls_flag(*, patient: Patient) -> int:
    """The patient's language changed: review each waiting call planned for the old language.

    A call whose order has no reviewed text in a language PostOp AI speaks (Spanish) is put on hold
    instead of being dialled, never read in English to a Spanish-speaking patient; a nurse chooses
    English for it, arranges an interpreter, or cancels it (calls/holds/language.py). A call that can
    be made in the new language again has its hold lifted. For a patient whose language PostOp AI has
    no content for, the calls stay in English (they carry the safety net) and are flagged for a nurse
    to arrange a qualified interpreter. Returns how many calls were held or flagged.
    """
    from calls.holds.language import patient_calls_language_review
    from calls.language import interpreter_note
    from calls.models import CallScheduleItem, CallStatus

    held = patient_calls_language_review(patient=patient)["held"]
    interpreter = interpreter_note(patient)
    flagged = []
    if interpreter:
        label = patient.get_preferred_language_display()
        reason = f"The patient's language is now {label}: the calls are in English; arrange a qualified interpreter."
        waiting = CallScheduleItem.objects.filter(
            patient=patient, status__in=(CallStatus.PENDING, CallStatus.ON_HOLD), language_hold=False
        )
        for call in waiting:
            flagged.append(call.pk)
            CallScheduleItem.objects.filter(pk=call.pk).update(needs_attention=True, status_reason=reason[:300])
    if held or flagged:
        logger.info("language changed %s: %d calls held, %d flagged", patient.ref, len(held), len(flagged))
    return len(held) + len(flagged)


def discharge_submission_claim(submission_key: str) -> Discharge | None:
    """Inside a transaction: serialise everyone using this submission key until commit, then return
    the discharge already recorded with it (None: the caller is first and goes on to record it).

    A form submitted six times at once must make one patient and one discharge. The patient is
    created before the discharge, so Discharge.submission_key's unique constraint alone would
    catch the discharge but leave a patient behind per submit; the lock covers both. PostgreSQL:
    a transaction-scoped advisory lock on the key's hash. SQLite: transactions start with
    BEGIN IMMEDIATE (settings), so writers are serialised already.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("discharge_submission_claim must run inside transaction.atomic()")
    connection = transaction.get_connection()
    if connection.vendor == "postgresql":
        digest = hashlib.sha256(f"discharge-submission:{submission_key}".encode()).digest()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)])
    return Discharge.objects.filter(submission_key=submission_key).select_related("patient").first()


def discharge_create(
    *,
    patient: Patient,
    discharged_at: datetime,
    procedure: str,
    order_keys: Iterable[str | DischargeOrder],
    order_params: Mapping[str, Any] | None,
    by: AbstractBaseUser | None = None,
    notes: str = "",
    submission_key: str | None = None,
) -> Discharge:
    """Record a discharge and schedule its calls, all or nothing.

    A repeated `submission_key` (double-submitted form, retried API request) returns the first discharge.
    """
    submission_key = (submission_key or "").strip() or None
    if submission_key:
        existing = Discharge.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing

    errors: dict[str, list[str]] = {}
    procedure = " ".join(str(procedure or "").split())
    if not procedure:
        errors["procedure"] = ["Enter the procedure, e.g. 'Sclerotherapy of a venous malformation'."]
    if isinstance(discharged_at, datetime):
        try:
            if timezone.is_naive(discharged_at):
                discharged_at = discharged_at.replace(tzinfo=patient.zone)
            # Bounded here (year, offset) so the timing arithmetic cannot overflow; how far back a
            # discharge may be (DISCHARGE_MAX_PAST_DAYS) is the portal form's and the REST API's rule.
            discharged_at = check_instant(discharged_at, what="The discharge time")
            if discharged_at > timezone.now() + MAX_FUTURE_DISCHARGE:
                errors["discharged_at"] = ["The discharge time is in the future; check the date."]
        except ValidationError as exc:
            errors["discharged_at"] = exc.messages
    if patient.pk is None:
        errors["patient"] = ["Save the patient before recording a discharge."]
    else:
        from patients.adt.models import PatientMerge

        merge = PatientMerge.objects.filter(merged_id=patient.pk).first()
        if merge is not None:
            # The hospital merged this record into another (HL7 A40); its calls and history live there.
            errors["patient"] = [
                f"This record was merged into patient-{merge.survivor_id} by the hospital; discharge that patient."
            ]
    plan = None
    if "discharged_at" not in errors:  # a year-9999 discharge would overflow the timing arithmetic
        try:
            plan = plan_calls(
                patient=patient,
                discharged_at=discharged_at,
                orders=list(order_keys or []),
                order_params=order_params,
                procedure=procedure,
                now=timezone.now(),
            )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    if errors or plan is None:
        raise ValidationError(errors)

    try:
        with transaction.atomic():
            discharge = Discharge.objects.create(
                patient=patient,
                discharged_at=discharged_at,
                procedure=procedure,
                order_params=plan.order_params,
                discharged_by=by,
                notes=notes or "",
                # Orders that made no call and why (a return date that has passed), for the nurse and the EHR.
                warnings=list(plan.notes),
                submission_key=submission_key,
                # Transitional care: interactive nurse contact due within N business days.
                contact_deadline=contact_deadline_for(discharged_at),
            )
            discharge.orders.set(plan.orders)
            calls = save_planned_calls(discharge=discharge, calls=list(plan)) if plan else []
    except IntegrityError:
        if submission_key:
            existing = Discharge.objects.filter(submission_key=submission_key).first()
            if existing is not None:
                return existing
        raise
    logger.info("Discharge %s recorded for %s with %d calls", discharge.pk, patient.ref, len(calls))
    return discharge


# --- opt-out (do not call) ---------------------------------------------------------------------


def patient_opt_out(*, patient: Patient, reason: str, by: AbstractBaseUser | None = None) -> int:
    """The patient asked not to be called: do-not-call now, and every pending call cancelled with the reason.

    Returns how many calls were cancelled. A call on the line right now is left to finish.
    Repeating it is harmless (the flag stays, nothing is left to cancel).
    """
    from calls.models import CallScheduleItem, CallStatus
    from calls.services import CallActionError, call_cancel

    reason = (reason or "").strip() or "The patient asked not to be called."
    now = timezone.now()
    with transaction.atomic():
        current = Patient.objects.select_for_update().get(pk=patient.pk)
        if not current.do_not_call:
            current.do_not_call = True
            current.do_not_call_reason = reason[:1000]
            current.do_not_call_at = now
            current.save(update_fields=["do_not_call", "do_not_call_reason", "do_not_call_at", "updated_at"])
    cancelled = 0
    waiting = CallScheduleItem.objects.filter(
        patient_id=patient.pk, status__in=[CallStatus.PENDING, CallStatus.QUEUED, CallStatus.ON_HOLD]
    )
    for call in waiting:
        try:
            call_cancel(call=call, by=by, reason=f"Do not call: {reason}")
        except CallActionError:
            continue  # it started meanwhile; the dispatcher re-checks do-not-call before dialling
        cancelled += 1
    patient.refresh_from_db()
    logger.info("patient opted out patient=%s cancelled=%d", patient.ref, cancelled)
    return cancelled


def patient_lift_opt_out(*, patient: Patient, by: AbstractBaseUser, note: str) -> Patient:
    """A nurse lifts do-not-call after the patient agreed to calls again. The note is required and kept."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "Write why calls may resume (for example when and how the patient agreed)."})
    if not by.has_perm("patients.change_patient"):
        raise ValidationError("Only a nurse may lift do-not-call.", code="permission")
    with transaction.atomic():
        current = Patient.objects.select_for_update().get(pk=patient.pk)
        if not current.do_not_call:
            raise ValidationError("This patient is not on do-not-call.", code="not_dnc")
        who = by.get_full_name() or by.get_username()
        stamp = timezone.localtime(timezone.now()).strftime("%d %b %Y %H:%M")
        current.do_not_call = False
        current.do_not_call_reason = f"Lifted by {who} on {stamp}: {note}"[:1000]
        current.do_not_call_at = None
        current.save(update_fields=["do_not_call", "do_not_call_reason", "do_not_call_at", "updated_at"])
    logger.info("do-not-call lifted patient=%s", patient.ref)
    patient.refresh_from_db()
    return patient


CONTACT_FIELDS = (
    "phone",
    "time_zone",
    "preferred_language",
    "calling_window_start",
    "calling_window_end",
    "caregiver_name",
    "caregiver_relationship",
    "caregiver_phone",
)


def patient_contact_update(*, patient: Patient, by: AbstractBaseUser | None, reason: str, **changes: Any) -> list[str]:
    """Change a patient's contact details (CONTACT_FIELDS), validated, audited with the nurse's reason.

    Returns the names of the fields that changed (none: nothing is saved or logged).
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Say why the details change (e.g. “patient gave a new mobile number”)."})
    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise ValueError(f"not contact fields: {sorted(unknown)}")
    with transaction.atomic():
        current = Patient.objects.select_for_update().get(pk=patient.pk)
        for name, value in changes.items():
            setattr(current, name, value if value is not None or name.startswith("calling_window") else "")
        current.full_clean()
        original = Patient.objects.get(pk=patient.pk)
        changed = [name for name in CONTACT_FIELDS if getattr(original, name) != getattr(current, name)]
        if not changed:
            return []
        # django-auditlog stores this with the change (LogEntry.additional_data): who, why, what.
        current.get_additional_data = lambda: {"reason": reason[:500], "change": "contact details"}  # type: ignore[attr-defined]
        current.save(update_fields=[*changed, "updated_at"])
        if "preferred_language" in changed:
            patient_language_calls_flag(patient=current)
    logger.info("patient contact details changed %s fields=%s", patient.ref, ",".join(changed))
    patient.refresh_from_db()
    return changed
