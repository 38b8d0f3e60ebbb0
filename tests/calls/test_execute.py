"""call_execute: one attempt of a queued call, against a scripted phone network."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from calls import services
from calls.models import CallOutcome, CallRecord, CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_call():
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))
    call = CallScheduleItemFactory(patient=patient)
    assert services.call_dispatch_due() == [call.pk]
    call.refresh_from_db()
    return call


def test_answered_and_completed_by_the_agent(queued_call, monkeypatch, settings):
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    services.call_execute(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    record = CallRecord.objects.get(call=queued_call)
    assert queued_call.status == CallStatus.COMPLETED
    assert queued_call.attempts == 1
    assert queued_call.lease_expires_at is None
    assert record.attempt == 1
    assert record.backend == settings.DIALER_BACKEND
    assert record.outcome == CallOutcome.COMPLETED
    assert record.answered_at is not None and record.ended_at is not None
    assert record.room_name == f"call-{queued_call.pk}-a1"
    assert record.dispatch_id == "AD_test"
    assert dialer.placed == [(queued_call.pk, 1)]


def test_answered_call_stays_in_progress_with_a_longer_lease(queued_call, monkeypatch, settings):
    scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED_OPEN])
    services.call_execute(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    record = CallRecord.objects.get(call=queued_call)
    assert queued_call.status == CallStatus.IN_PROGRESS
    assert queued_call.lease_expires_at > timezone.now() + timedelta(minutes=settings.CALL_LEASE_MINUTES - 1)
    assert record.is_open and record.answered_at is not None and record.room_name

    # The agent's completion arrives later; a repeated completion changes nothing.
    services.call_finish(record=record, outcome=CallOutcome.VOICEMAIL, event_id="evt-1")
    services.call_finish(record=record, outcome=CallOutcome.COMPLETED, event_id="evt-2")
    queued_call.refresh_from_db()
    record.refresh_from_db()
    assert queued_call.status == CallStatus.VOICEMAIL
    assert record.outcome == CallOutcome.VOICEMAIL and record.completion_event_id == "evt-1"


def test_a_second_execution_of_the_same_call_does_nothing(queued_call, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED_OPEN])
    services.call_execute(call_id=queued_call.pk)
    services.call_execute(call_id=queued_call.pk)
    assert dialer.placed == [(queued_call.pk, 1)]
    assert CallRecord.objects.filter(call=queued_call).count() == 1


def test_a_dialer_crash_is_recorded_and_retried(queued_call, monkeypatch):
    scripted_dialer.install(monkeypatch, [ConnectionError("livekit unreachable")])
    services.call_execute(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    record = CallRecord.objects.get(call=queued_call)
    assert record.outcome == CallOutcome.FAILED
    assert "ConnectionError" in record.error and record.ended_at is not None
    assert queued_call.status == CallStatus.PENDING
    assert queued_call.attempts == 1
    assert queued_call.next_attempt_at > timezone.now() + timedelta(minutes=9)


def test_do_not_call_set_after_dispatch_cancels_at_dial_time(queued_call, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [])
    queued_call.patient.do_not_call = True
    queued_call.patient.save()
    services.call_execute(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    assert queued_call.status == CallStatus.CANCELLED
    assert queued_call.attempts == 0
    assert dialer.placed == []
    assert not CallRecord.objects.exists()


def test_window_closed_at_dial_time_puts_the_call_back(queued_call, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [])
    queued_call.patient.calling_window_end = time(11, 0)  # it is about 12:00 for the patient
    queued_call.patient.save()
    services.call_execute(call_id=queued_call.pk)

    queued_call.refresh_from_db()
    assert queued_call.status == CallStatus.PENDING
    assert queued_call.attempts == 0
    assert queued_call.next_attempt_at > timezone.now() + timedelta(hours=18)  # tomorrow's window
    assert dialer.placed == []


def test_a_call_that_is_no_longer_queued_is_not_dialled(monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [])
    pending = CallScheduleItemFactory()
    services.call_execute(call_id=pending.pk)
    services.call_execute(call_id=999_999)
    assert dialer.placed == []
    pending.refresh_from_db()
    assert pending.status == CallStatus.PENDING
