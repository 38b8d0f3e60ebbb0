"""Nurse actions: cancel, reschedule, call now; refusals a nurse can act on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls import services
from calls.models import CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))
    return CallScheduleItemFactory(patient=patient, next_attempt_at=timezone.now() + timedelta(hours=3))


def test_cancel_a_pending_call(call, nurse):
    services.call_cancel(call=call, by=nurse, reason="Patient readmitted")
    assert call.status == CallStatus.CANCELLED
    assert call.status_reason == f"Cancelled by {nurse.username}: Patient readmitted"
    assert services.call_dispatch_due(now=call.next_attempt_at) == []


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (CallStatus.IN_PROGRESS, "in progress right now"),
        (CallStatus.COMPLETED, "already completed"),
        (CallStatus.CANCELLED, "already cancelled"),
    ],
)
def test_cancel_is_refused_with_a_reason(call, nurse, status, message):
    call.status = status
    call.save()
    with pytest.raises(services.CallActionError, match=message) as caught:
        services.call_cancel(call=call, by=nurse, reason="No longer needed")
    assert isinstance(caught.value, ValidationError)
    with pytest.raises(services.CallActionError, match="Say why"):
        services.call_cancel(call=call, by=nurse, reason="  ")


def test_reschedule_inside_the_window(call, nurse):
    when = timezone.now() + timedelta(days=1)
    services.call_reschedule(call=call, when=when, by=nurse, reason="Patient asked")
    assert call.next_attempt_at == when
    assert call.status == CallStatus.PENDING
    assert "Patient asked" in call.status_reason


def test_reschedule_refusals(call, nurse):
    with pytest.raises(services.CallActionError, match="future"):
        services.call_reschedule(call=call, when=timezone.now() - timedelta(minutes=1), by=nurse)
    with pytest.raises(services.CallActionError, match="outside the patient's calling window"):
        services.call_reschedule(call=call, when=timezone.now() + timedelta(hours=10), by=nurse)
    call.deadline = timezone.now() + timedelta(hours=2)
    call.save()
    with pytest.raises(services.CallActionError, match="deadline"):
        services.call_reschedule(call=call, when=timezone.now() + timedelta(days=1), by=nurse)


def test_call_now_brings_back_a_failed_call(call, nurse, monkeypatch):
    call.status, call.attempts, call.max_attempts, call.needs_attention = CallStatus.FAILED, 3, 3, True
    call.save()
    services.call_now(call=call, by=nurse)
    assert call.status == CallStatus.PENDING
    assert not call.needs_attention
    assert call.attempts_left > 0
    assert services.call_dispatch_due() == [call.pk]
    with pytest.raises(services.CallActionError, match="being dialled"):
        services.call_now(call=call, by=nurse)


def test_call_now_refused_at_night_and_for_do_not_call(nurse):
    night = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(2))
    with pytest.raises(services.CallActionError, match="outside their calling window"):
        services.call_now(call=CallScheduleItemFactory(patient=night), by=nurse)
    opted_out = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12), do_not_call=True)
    with pytest.raises(services.CallActionError, match="do not call"):
        services.call_now(call=CallScheduleItemFactory(patient=opted_out), by=nurse)
