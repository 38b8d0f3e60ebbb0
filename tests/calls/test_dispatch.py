"""call_dispatch_due / process_pending_calls: which calls are claimed, in which order, and how."""

from __future__ import annotations

import logging
from datetime import time, timedelta

import pytest
from django.utils import timezone

from calls import services, tasks
from calls.models import CallRecord, CallScheduleItem, CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient():
    return PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))


def due_call(patient, minutes_ago: int = 5, **fields):
    when = timezone.now() - timedelta(minutes=minutes_ago)
    return CallScheduleItemFactory(patient=patient, scheduled_for=when, next_attempt_at=when, **fields)


def neighbour(patient):
    """Another patient in the same zone: a patient gets at most one call a day (calls/rules.py)."""
    return PatientFactory(time_zone=patient.time_zone)


def test_due_calls_are_claimed_in_due_then_priority_order(patient, settings):
    settings.MAX_CONCURRENT_CALLS = 10
    later = due_call(neighbour(patient), minutes_ago=1, priority=1)
    urgent = due_call(neighbour(patient), minutes_ago=30, priority=1)
    routine = due_call(neighbour(patient), minutes_ago=30, priority=3)
    future = CallScheduleItemFactory(patient=patient, next_attempt_at=timezone.now() + timedelta(hours=1))

    before = timezone.now()
    claimed = services.call_dispatch_due()

    assert claimed == [urgent.pk, routine.pk, later.pk]
    for call in (later, urgent, routine):
        call.refresh_from_db()
        assert call.status == CallStatus.QUEUED
        assert call.claimed_at >= before
        assert call.lease_expires_at == call.claimed_at + timedelta(minutes=settings.CALL_LEASE_MINUTES)
        assert call.attempts == 0  # an attempt counts when it is dialled, not when it is queued
    future.refresh_from_db()
    assert future.status == CallStatus.PENDING
    assert services.call_dispatch_due() == []  # nothing is claimed twice


def test_calls_outside_the_patients_window_wait(settings):
    night = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(3))
    evening = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(19))
    # The patient's own window (here 14:00-19:00 where it is about 12:00) narrows the clinic's.
    late_starter = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12), calling_window_start=time(14, 0))
    awake = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12), calling_window_end=time(18, 0))
    waiting = [due_call(p) for p in (night, evening, late_starter)]
    ready = due_call(awake)

    assert services.call_dispatch_due() == [ready.pk]
    assert {c.status for c in CallScheduleItem.objects.filter(pk__in=[c.pk for c in waiting])} == {"pending"}


def test_do_not_call_and_past_deadline_are_closed_not_dialled(patient):
    opted_out = PatientFactory(time_zone=patient.time_zone, do_not_call=True, do_not_call_reason="Asked on the phone")
    dnc = due_call(opted_out)
    late = due_call(neighbour(patient), deadline=timezone.now() - timedelta(minutes=1))
    ok = due_call(patient, deadline=timezone.now() + timedelta(hours=1))

    assert services.call_dispatch_due() == [ok.pk]

    dnc.refresh_from_db()
    late.refresh_from_db()
    assert dnc.status == CallStatus.CANCELLED
    assert "do not call" in dnc.status_reason
    assert late.status == CallStatus.FAILED
    assert late.needs_attention
    assert "deadline" in late.status_reason
    assert not CallRecord.objects.exists()


def test_dispatch_claims_in_batches(patient, settings):
    settings.MAX_CONCURRENT_CALLS = 100
    settings.DISPATCH_BATCH_SIZE = 7
    calls = [due_call(neighbour(patient), minutes_ago=60 - i) for i in range(25)]
    assert services.call_dispatch_due() == [c.pk for c in calls]
    assert CallScheduleItem.objects.filter(status=CallStatus.QUEUED).count() == 25


def test_process_pending_calls_enqueues_after_commit_and_runs_the_call(
    patient, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr("django_q.conf.Conf.SYNC", True)
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    call = due_call(patient)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert tasks.process_pending_calls() == 1
    call.refresh_from_db()
    assert call.status == CallStatus.QUEUED
    assert dialer.placed == []  # nothing runs before the claim commits
    for callback in callbacks:
        callback()

    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    assert dialer.placed == [(call.pk, 1)]
    assert tasks.process_pending_calls() == 0


def test_state_changes_log_one_line_each_without_phi(patient, monkeypatch, caplog):
    scripted_dialer.install(monkeypatch, [scripted_dialer.BUSY])
    call = due_call(patient)
    with caplog.at_level(logging.INFO, logger="calls.state"):
        services.call_dispatch_due()
        services.call_execute(call_id=call.pk)
    lines = [r.getMessage() for r in caplog.records if r.name == "calls.state"]
    assert lines == [
        # A dispatch logs one line per claimed batch, listing its call refs (here a batch of one).
        f"call_state calls=call-{call.pk} count=1 attempt=0 status=pending->queued outcome=- reason=dispatched",
        f"call_state call=call-{call.pk} attempt=1 status=queued->in_progress outcome=- reason=dialling",
        f"call_state call=call-{call.pk} attempt=1 status=in_progress->pending outcome=busy reason=retry_busy",
    ]
    text = caplog.text
    for secret in (patient.first_name, patient.last_name, patient.phone, call.llm_prompt):
        assert secret not in text
