"""recover_stale_calls: a worker that died mid-call loses nothing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls import services, tasks
from calls.models import CallOutcome, CallRecord, CallScheduleItem, CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient():
    return PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))


def crashed_call(patient, *, attempts: int = 1, max_attempts: int = 3, activity_minutes_ago: int = 30):
    """A call the worker left in progress: its lease ran out and its attempt is still open."""
    now = timezone.now()
    call = CallScheduleItemFactory(
        patient=patient,
        status=CallStatus.IN_PROGRESS,
        attempts=attempts,
        max_attempts=max_attempts,
        claimed_at=now - timedelta(minutes=40),
        lease_expires_at=now - timedelta(minutes=1),
    )
    CallRecordFactory(
        call=call,
        attempt=attempts,
        started_at=now - timedelta(minutes=40),
        last_activity_at=now - timedelta(minutes=activity_minutes_ago),
    )
    return call


def test_a_call_left_in_progress_is_recovered_and_placed_again(patient, monkeypatch):
    call = crashed_call(patient)
    # The lost attempt started on an earlier day: one call a day per patient (calls/rules.py).
    CallRecord.objects.filter(call=call).update(started_at=timezone.now() - timedelta(days=8))
    live = CallScheduleItemFactory(
        patient=PatientFactory(time_zone=patient.time_zone),
        status=CallStatus.IN_PROGRESS,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )

    assert tasks.recover_stale_calls() == 1

    call.refresh_from_db()
    lost = CallRecord.objects.get(call=call, attempt=1)
    assert call.status == CallStatus.PENDING
    assert call.attempts == 1  # the lost attempt counts
    assert call.next_attempt_at <= timezone.now()
    assert lost.outcome == CallOutcome.FAILED and "worker lost" in lost.error and lost.ended_at
    live.refresh_from_db()
    assert live.status == CallStatus.IN_PROGRESS

    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    assert services.call_dispatch_due() == [call.pk]
    services.call_execute(call_id=call.pk)
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    assert call.attempts == 2
    assert dialer.placed == [(call.pk, 2)]
    assert tasks.recover_stale_calls() == 0


def test_the_last_attempt_lost_fails_the_call(patient):
    call = crashed_call(patient, attempts=3, max_attempts=3)
    tasks.recover_stale_calls()
    call.refresh_from_db()
    assert call.status == CallStatus.FAILED
    assert call.needs_attention
    assert "no attempts are left" in call.status_reason


def test_a_queued_call_never_dialled_goes_back_without_using_an_attempt(patient):
    call = CallScheduleItemFactory(
        patient=patient, status=CallStatus.QUEUED, lease_expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert tasks.recover_stale_calls() == 1
    call.refresh_from_db()
    assert (call.status, call.attempts) == (CallStatus.PENDING, 0)
    assert not CallRecord.objects.exists()


def test_a_call_still_talking_gets_its_lease_extended(patient):
    call = crashed_call(patient, activity_minutes_ago=2)
    assert tasks.recover_stale_calls() == 0
    call.refresh_from_db()
    assert call.status == CallStatus.IN_PROGRESS
    assert call.lease_expires_at > timezone.now()


def test_a_late_completion_of_a_recovered_attempt_does_not_move_the_call(patient):
    call = crashed_call(patient)
    tasks.recover_stale_calls()
    record = CallRecord.objects.get(call=call)
    services.call_finish(record=record, outcome=CallOutcome.COMPLETED, event_id="late")
    call.refresh_from_db()
    record.refresh_from_db()
    assert call.status == CallStatus.PENDING
    assert record.outcome == CallOutcome.FAILED
    assert CallScheduleItem.objects.filter(status=CallStatus.COMPLETED).count() == 0
