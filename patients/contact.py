"""Transitional care contact (Medicare TCM): interactive contact by clinical staff within N business days.

Every discharge gets a contact deadline: the end of the TCM_CONTACT_BUSINESS_DAYS-th business day
after the discharge day, in the clinic's time zone (weekends and the clinic's public holidays,
CLINIC_COUNTRY / CLINIC_SUBDIVISION, are skipped). Only a nurse's recorded interactive contact
(kind=contact, by phone or in person) made by the deadline meets it: an AI call that reached the
patient creates a follow-up task for a nurse, and never satisfies the deadline on its own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from calls.timing import next_business_day
from patients.models import ContactKind, ContactMethod, Discharge, NurseContact, Patient
from postop.clock import clinic_zone

logger = logging.getLogger(__name__)

# The TCM service period: after 30 days a missed contact can no longer be made good.
TCM_PERIOD = timedelta(days=30)
NEAR = timedelta(days=1)
SHARE_PERIODS = (7, 30, 90)


def contact_deadline_for(discharged_at: datetime, *, business_days: int | None = None) -> datetime:
    """The end (23:59:59, clinic time) of the N-th business day after the discharge day, as aware UTC."""
    days = business_days if business_days is not None else settings.TCM_CONTACT_BUSINESS_DAYS
    zone = clinic_zone()
    day = discharged_at.astimezone(zone).date()
    for _ in range(days):
        day = next_business_day(day)
    return datetime.combine(day, time(23, 59, 59), tzinfo=zone).astimezone(UTC)


def met_in_time() -> Exists:
    """An interactive nurse contact for the discharge, made after discharge and by its deadline."""
    return Exists(
        NurseContact.objects.filter(
            discharge=OuterRef("pk"),
            kind=ContactKind.CONTACT,
            contacted_at__gte=OuterRef("discharged_at"),
            contacted_at__lte=OuterRef("contact_deadline"),
        )
    )


def _any_contact() -> Exists:
    return Exists(NurseContact.objects.filter(discharge=OuterRef("pk"), kind=ContactKind.CONTACT))


def discharge_contact_met(*, discharge: Discharge) -> bool:
    if discharge.contact_deadline is None:
        return False
    return discharge.nurse_contacts.filter(
        kind=ContactKind.CONTACT,
        contacted_at__gte=discharge.discharged_at,
        contacted_at__lte=discharge.contact_deadline,
    ).exists()


# --- the AI call's follow-up task -------------------------------------------------------------


def followup_task_from_call(*, record: Any) -> NurseContact | None:
    """An AI call reached the patient: a follow-up task with its summary for a nurse. Once per attempt.

    Called by calls.services.call_finish inside its transaction when an attempt completes.
    """
    call = record.call
    if NurseContact.objects.filter(call_record=record).exists():
        return None
    task = NurseContact.objects.create(
        patient_id=call.patient_id,
        discharge_id=call.discharge_id,
        kind=ContactKind.TASK,
        contacted_at=record.ended_at or timezone.now(),
        note=record.summary or "The AI call reached the patient; no summary was recorded. See the transcript.",
        call_record=record,
    )
    logger.info(
        "nurse follow-up task created task=%s call=%s patient=%s", task.pk, call.ref, f"patient-{call.patient_id}"
    )
    return task


# --- a nurse's contact or attempt ---------------------------------------------------------------


def nurse_contact_record(
    *,
    patient: Patient,
    discharge: Discharge | None,
    by: Any,
    staff: Any | None = None,
    kind: str,
    method: str,
    contacted_at: datetime,
    note: str = "",
) -> NurseContact:
    """Record an interactive contact (kind=contact) or an unsuccessful attempt (kind=attempt).

    A contact resolves the patient's open follow-up tasks. Raises ValidationError with what to fix.
    """
    errors: dict[str, list[str]] = {}
    if not by.has_perm("patients.add_nursecontact"):
        raise ValidationError("You do not have permission to record patient contacts.", code="permission")
    if kind not in (ContactKind.CONTACT, ContactKind.ATTEMPT):
        errors.setdefault("kind", []).append("Choose whether the patient was reached or this was an attempt.")
    if method not in ContactMethod.values:
        errors.setdefault("method", []).append("Choose phone or in person.")
    if discharge is not None and discharge.patient_id != patient.pk:
        errors.setdefault("discharge", []).append("This discharge belongs to another patient.")
    now = timezone.now()
    if timezone.is_naive(contacted_at):
        contacted_at = contacted_at.replace(tzinfo=clinic_zone())
    if contacted_at > now + timedelta(minutes=5):
        errors.setdefault("contacted_at", []).append("The contact time is in the future; check the date and time.")
    if discharge is not None and contacted_at < discharge.discharged_at - timedelta(minutes=5):
        errors.setdefault("contacted_at", []).append("The contact time is before the discharge; check the date.")
    if kind == ContactKind.CONTACT and not (note or "").strip():
        errors.setdefault("note", []).append("Write a short note of what was discussed.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = NurseContact.objects.create(
            patient=patient,
            discharge=discharge,
            kind=kind,
            method=method,
            staff=staff or by,
            contacted_at=contacted_at,
            note=(note or "").strip(),
            created_by=by,
        )
        if kind == ContactKind.CONTACT:
            open_tasks = NurseContact.objects.filter(patient=patient, kind=ContactKind.TASK, resolved_at__isnull=True)
            for task in open_tasks:  # one by one, so auditlog records each change
                task.resolved_at = now
                task.resolved_by = by
                task.save(update_fields=["resolved_at", "resolved_by"])
    logger.info("nurse contact recorded contact=%s kind=%s patient=%s", contact.pk, kind, patient.ref)
    return contact


# --- the dashboard ------------------------------------------------------------------------------


def tcm_worklist(*, now: datetime) -> QuerySet[Discharge]:
    """Discharges in the TCM period whose deadline is within a day or past, with no nurse contact yet."""
    return (
        Discharge.objects.filter(
            contact_deadline__isnull=False,
            contact_deadline__lt=now + NEAR,
            discharged_at__gte=now - TCM_PERIOD,
        )
        .filter(~_any_contact())
        .select_related("patient")
        .annotate(
            attempts=Count("nurse_contacts", filter=Q(nurse_contacts__kind=ContactKind.ATTEMPT), distinct=True),
            open_tasks=Count(
                "nurse_contacts",
                filter=Q(nurse_contacts__kind=ContactKind.TASK, nurse_contacts__resolved_at__isnull=True),
                distinct=True,
            ),
        )
        .order_by("contact_deadline", "id")
    )


@dataclass(frozen=True)
class ContactShare:
    days: int
    due: int
    in_time: int

    @property
    def percent(self) -> int | None:
        return None if not self.due else round(100 * self.in_time / self.due)


def tcm_share(*, now: datetime, days: int) -> ContactShare:
    """Of the discharges whose deadline fell in the last `days` days, how many had a nurse contact in time."""
    if days not in SHARE_PERIODS:
        days = 30
    totals = Discharge.objects.filter(
        contact_deadline__gte=now - timedelta(days=days), contact_deadline__lt=now
    ).aggregate(due=Count("id"), in_time=Count("id", filter=met_in_time()))
    return ContactShare(days=days, due=totals["due"], in_time=totals["in_time"])
