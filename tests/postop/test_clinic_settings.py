"""Per-clinic settings: the patient's clinic's calling window, caller name, callback number and
clock; blank settings fall back to the environment; the dispatcher honours the clinic's window."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.utils import timezone

from calls.models import CallStatus
from calls.selectors import call_agent_context
from calls.services import REASON_WAITING_FOR_WINDOW, call_dispatch_due
from postop import clock
from postop.clinics import clinic_scope, default_clinic
from postop.models import Clinic
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def west():
    return Clinic.objects.create(
        name="West",
        slug="west",
        time_zone="America/Los_Angeles",
        calling_window_start=time(10, 0),
        calling_window_end=time(12, 0),
        caller_name="West Surgery",
        callback_number="+14155550100",
    )


def test_blank_settings_follow_the_environment(settings):
    clinic = default_clinic()
    assert clinic.zone_name == settings.CLINIC_TIME_ZONE
    assert clinic.calling_window == settings.CALLING_WINDOW
    assert clinic.caller == settings.CLINIC_NAME
    assert clinic.callback == settings.CLINIC_CALLBACK_NUMBER


def test_the_patients_window_is_their_clinics(west, settings):
    settings.CALLING_WINDOW = (time(9, 0), time(19, 0))
    assert PatientFactory(clinic=west).calling_window() == (time(10, 0), time(12, 0))
    assert PatientFactory().calling_window() == (time(9, 0), time(19, 0))


def test_the_agent_hears_the_patients_clinic(west):
    record = CallRecordFactory(call__patient=PatientFactory(clinic=west, time_zone="America/Los_Angeles"))
    assert call_agent_context(record=record)["clinic"] == {"name": "West Surgery", "callback_number": "+14155550100"}


def test_a_new_patient_takes_the_clinics_zone(west):
    from patients.models import Patient

    with clinic_scope([west]):
        patient = Patient(first_name="A", last_name="B")
        assert patient.time_zone == "America/Los_Angeles"
        assert patient.clinic_settings == west


def test_clinic_time_uses_the_request_clinic_and_call_time_the_patients_clinic(west):
    moment = datetime(2026, 1, 5, 18, 0, tzinfo=UTC)
    with clinic_scope([west]):
        assert clock.clinic_time(moment, "time") == "10:00 PST"
    assert clock.clinic_time(moment, "time") == "13:00 EST"  # no request: CLINIC_TIME_ZONE
    patient = PatientFactory(clinic=west, time_zone="America/Los_Angeles")
    assert clock.call_time(moment, patient, "time") == "10:00 PST"


def test_the_dispatcher_waits_for_the_clinics_window(west, settings):
    settings.CALLING_WINDOW = (time(8, 0), time(21, 0))
    now = timezone.now()
    local_hour = now.astimezone(clock.zone_of("America/Los_Angeles")).hour
    if 10 <= local_hour < 12:
        west.calling_window_start, west.calling_window_end = time(19, 0), time(20, 0)
        west.save()
    call = CallScheduleItemFactory(patient=PatientFactory(clinic=west, time_zone="America/Los_Angeles"))
    call_dispatch_due(now=now)
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING
    assert call.status_reason == REASON_WAITING_FOR_WINDOW
    local = call.next_attempt_at.astimezone(clock.zone_of("America/Los_Angeles")).time()
    assert local == west.calling_window_start
