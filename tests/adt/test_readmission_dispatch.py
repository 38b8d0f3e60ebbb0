"""A readmission between two calls stops the second from dialling: the real dispatcher and a scripted phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_q.conf import Conf

from calls.holds.services import call_release_hold
from calls.models import CallRecord, CallStatus
from calls.services import call_dispatch_due, call_execute, call_recover_stale
from calls.tasks import process_pending_calls
from patients.services import patient_opt_out
from tests.adt.conftest import ack_code
from tests.adt.messages import adt
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, DischargeFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_readmission_between_two_calls_stops_the_second_from_dialling(send, monkeypatch):
    monkeypatch.setattr(Conf, "SYNC", True)  # enqueued executions run at once, in this thread
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED, scripted_dialer.ANSWERED])
    patient = PatientFactory(external_id="MRN1001", time_zone=scripted_dialer.zone_at_local_hour(12))
    discharge = DischargeFactory(patient=patient, discharged_at=timezone.now() - timedelta(days=9))
    now = timezone.now()
    first = CallScheduleItemFactory(patient=patient, discharge=discharge, next_attempt_at=now - timedelta(minutes=1))
    second = CallScheduleItemFactory(patient=patient, discharge=discharge, next_attempt_at=now + timedelta(days=2))

    assert process_pending_calls() == 1
    first.refresh_from_db()
    assert first.status == CallStatus.COMPLETED and dialer.placed == [(first.pk, 1)]
    # Days pass: the first call is outside the calling-frequency limits, and the second falls due.
    CallRecord.objects.filter(call=first).update(started_at=now - timedelta(days=8))
    second.__class__.objects.filter(pk=second.pk).update(next_attempt_at=now - timedelta(minutes=1))

    assert ack_code(send(adt("A01", mrn="MRN1001", visit="V-BACK"))) == "AA"

    assert process_pending_calls() == 0
    second.refresh_from_db()
    assert second.status == CallStatus.ON_HOLD and "readmitted" in second.status_reason
    assert dialer.placed == [(first.pk, 1)]
    assert not CallRecord.objects.filter(call=second).exists()

    # The hold was the only thing stopping it: once a nurse resumes the call it dials.
    call_release_hold(calls=[second])
    assert process_pending_calls() == 1
    second.refresh_from_db()
    assert second.status == CallStatus.COMPLETED and dialer.placed == [(first.pk, 1), (second.pk, 1)]


def test_a_call_claimed_before_the_readmission_is_not_dialled_by_its_queued_job(send, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [])
    patient = PatientFactory(external_id="MRN1001", time_zone=scripted_dialer.zone_at_local_hour(12))
    call = CallScheduleItemFactory(patient=patient)
    assert call_dispatch_due() == [call.pk]  # queued; its execution job has not run yet

    assert ack_code(send(adt("A04", mrn="MRN1001"))) == "AA"
    call_execute(call_id=call.pk)  # the job runs late
    call_recover_stale(now=timezone.now() + timedelta(days=1))  # and the lease sweep leaves it alone

    call.refresh_from_db()
    assert call.status == CallStatus.ON_HOLD and call.lease_expires_at is None
    assert dialer.placed == []


def test_an_opt_out_cancels_held_calls_too(send):
    patient = PatientFactory(external_id="MRN1001")
    call = CallScheduleItemFactory(patient=patient)
    assert ack_code(send(adt("A01", mrn="MRN1001"))) == "AA"

    assert patient_opt_out(patient=patient, reason="Asked on the phone.") == 1

    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
