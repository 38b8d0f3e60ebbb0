"""Transitional care: a nurse contact within 2 business days of discharge; an AI call never counts alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls import services
from calls.models import CallOutcome, CallStatus
from patients.contact import contact_deadline_for, discharge_contact_met, nurse_contact_record
from patients.models import ContactKind, Discharge, NurseContact
from patients.services import discharge_create
from tests.factories import CallRecordFactory, CallScheduleItemFactory, DischargeFactory, PatientFactory

NEW_YORK = ZoneInfo("America/New_York")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("discharged", "due_day"),
    [
        (at(2025, 6, 10, 15, 0), (2025, 6, 12)),  # Tuesday -> Thursday
        (at(2025, 6, 13, 15, 0), (2025, 6, 17)),  # Friday -> the weekend is skipped -> Tuesday
        (at(2025, 5, 23, 16, 0), (2025, 5, 28)),  # Friday before Memorial Day (Mon 26) -> Wednesday
        (at(2025, 12, 24, 11, 0), (2025, 12, 29)),  # Christmas Eve -> Fri 26, Mon 29
        (at(2025, 7, 5, 10, 0), (2025, 7, 8)),  # a Saturday -> Mon 7, Tue 8
    ],
)
def test_the_deadline_is_the_end_of_the_second_business_day(discharged, due_day):
    deadline = contact_deadline_for(discharged).astimezone(NEW_YORK)
    assert deadline.date() == datetime(*due_day).date()
    assert (deadline.hour, deadline.minute) == (23, 59)


def test_business_days_are_configurable(settings):
    settings.TCM_CONTACT_BUSINESS_DAYS = 1
    assert contact_deadline_for(at(2025, 5, 23, 16, 0)).astimezone(NEW_YORK).date().isoformat() == "2025-05-27"


@pytest.mark.django_db
def test_discharge_create_sets_the_deadline(settings):
    settings.CLINIC_TIME_ZONE = "America/New_York"
    patient = PatientFactory()
    discharged = timezone.now() - timedelta(hours=1)
    discharge = discharge_create(
        patient=patient, discharged_at=discharged, procedure="Sclerotherapy", order_keys=[], order_params={}
    )
    assert discharge.contact_deadline == contact_deadline_for(discharged)


@pytest.fixture
def discharge(db) -> Discharge:
    discharged = at(2025, 5, 23, 16, 0)
    return DischargeFactory(discharged_at=discharged, contact_deadline=contact_deadline_for(discharged))


def completed_ai_call(discharge: Discharge, *, summary: str = "Bandage off, no fever, pain 2/10."):
    call = CallScheduleItemFactory(
        patient=discharge.patient, discharge=discharge, status=CallStatus.IN_PROGRESS, attempts=1
    )
    record = CallRecordFactory(call=call, attempt=1, started_at=at(2025, 5, 24, 10, 0))
    services.call_finish(record=record, outcome=CallOutcome.COMPLETED, summary=summary, event_id="done")
    return record


def test_an_ai_call_that_reached_the_patient_creates_a_task_but_does_not_meet_the_deadline(discharge):
    record = completed_ai_call(discharge)
    services.call_finish(record=record, outcome=CallOutcome.COMPLETED, event_id="done")  # a replay: no second task

    task = NurseContact.objects.get()
    assert (task.kind, task.discharge, task.call_record) == (ContactKind.TASK, discharge, record)
    assert task.note == "Bandage off, no fever, pain 2/10."
    assert task.is_open_task
    assert not discharge_contact_met(discharge=discharge)


def test_voicemail_creates_no_task(discharge):
    call = CallScheduleItemFactory(
        patient=discharge.patient, discharge=discharge, status=CallStatus.IN_PROGRESS, attempts=1
    )
    record = CallRecordFactory(call=call, attempt=1)
    services.call_finish(record=record, outcome=CallOutcome.VOICEMAIL)
    assert not NurseContact.objects.exists()


def test_a_nurse_contact_in_time_meets_it_and_closes_the_task(discharge, nurse):
    completed_ai_call(discharge)
    nurse_contact_record(
        patient=discharge.patient,
        discharge=discharge,
        by=nurse,
        kind=ContactKind.ATTEMPT,
        method="phone",
        contacted_at=at(2025, 5, 27, 9, 0),
    )
    assert not discharge_contact_met(discharge=discharge)  # an attempt is not a contact

    nurse_contact_record(
        patient=discharge.patient,
        discharge=discharge,
        by=nurse,
        kind=ContactKind.CONTACT,
        method="phone",
        contacted_at=at(2025, 5, 28, 16, 0),
        note="Reviewed medicines; follow-up booked.",
    )

    assert discharge_contact_met(discharge=discharge)
    task = NurseContact.objects.get(kind=ContactKind.TASK)
    assert task.resolved_by == nurse and not task.is_open_task


def test_a_contact_after_the_deadline_does_not_meet_it(discharge, nurse):
    nurse_contact_record(
        patient=discharge.patient,
        discharge=discharge,
        by=nurse,
        kind=ContactKind.CONTACT,
        method="in_person",
        contacted_at=at(2025, 5, 29, 0, 5),
        note="Seen in clinic.",
    )
    assert not discharge_contact_met(discharge=discharge)


def test_a_contact_needs_a_note_and_a_past_time(discharge, nurse):
    with pytest.raises(ValidationError) as caught:
        nurse_contact_record(
            patient=discharge.patient,
            discharge=discharge,
            by=nurse,
            kind=ContactKind.CONTACT,
            method="phone",
            contacted_at=timezone.now() + timedelta(days=1),
        )
    assert set(caught.value.message_dict) == {"note", "contacted_at"}


def test_without_permission_nothing_is_recorded(discharge, stranger):
    with pytest.raises(ValidationError, match="permission"):
        nurse_contact_record(
            patient=discharge.patient,
            discharge=discharge,
            by=stranger,
            kind=ContactKind.CONTACT,
            method="phone",
            contacted_at=at(2025, 5, 27, 9, 0),
            note="x",
        )
    assert not NurseContact.objects.exists()


def test_the_utc_deadline_is_stored(discharge):
    assert discharge.contact_deadline == datetime(2025, 5, 29, 3, 59, 59, tzinfo=UTC)
