"""Retries: exponential backoff with jitter inside the window, until max_attempts; permanent failures."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from calls import services
from calls.models import CallOutcome, CallRecord, CallScheduleItem, CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def call():
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(11))
    return CallScheduleItemFactory(patient=patient, max_attempts=4)


def attempt(call: CallScheduleItem) -> CallScheduleItem:
    """Make the call due, dispatch it and run the attempt, as the minute schedule would.

    Earlier attempts are moved more than a week back: with at most one call a day and three a
    week (calls/rules.py) a real retry happens on a later day; these tests are about the backoff.
    """
    CallRecord.objects.filter(call=call).update(started_at=F("started_at") - timedelta(days=8))
    CallScheduleItem.objects.filter(pk=call.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert services.call_dispatch_due() == [call.pk]
    services.call_execute(call_id=call.pk)
    call.refresh_from_db()
    return call


def assert_backoff(call: CallScheduleItem, minutes: float, *, since) -> None:
    delay = call.next_attempt_at - since
    assert timedelta(minutes=minutes) <= delay <= timedelta(minutes=minutes * 1.1, seconds=5)


def test_delays_grow_by_the_factor_up_to_the_cap(settings):
    settings.CALL_RETRY_BASE_MINUTES, settings.CALL_RETRY_FACTOR, settings.CALL_RETRY_CAP_MINUTES = 10, 2, 240
    expected = [10, 20, 40, 80, 160, 240, 240]
    for n, minutes in enumerate(expected, start=1):
        delay = services.retry_delay(n)
        assert timedelta(minutes=minutes) <= delay <= timedelta(minutes=minutes * 1.1)
    # Jitter spreads retries of calls that failed together.
    assert len({services.retry_delay(1) for _ in range(20)}) > 1


def test_busy_three_times_then_answered(call, monkeypatch):
    busy = scripted_dialer.BUSY
    scripted_dialer.install(monkeypatch, [busy, busy, busy, scripted_dialer.ANSWERED])

    for n, minutes in enumerate([10, 20, 40], start=1):
        before = timezone.now()
        call = attempt(call)
        assert call.status == CallStatus.PENDING
        assert call.attempts == n
        assert_backoff(call, minutes, since=before)
        assert call.last_error
    call = attempt(call)

    assert call.status == CallStatus.COMPLETED
    assert call.attempts == 4
    assert not call.needs_attention
    records = list(CallRecord.objects.filter(call=call).values_list("attempt", "outcome", "sip_status_code"))
    assert records == [(1, "busy", 486), (2, "busy", 486), (3, "busy", 486), (4, "completed", None)]


def test_busy_until_max_attempts_fails_and_needs_attention(call, monkeypatch):
    scripted_dialer.install(monkeypatch, [scripted_dialer.BUSY] * 4)
    for _ in range(4):
        call = attempt(call)

    assert call.status == CallStatus.FAILED
    assert call.attempts == 4
    assert call.needs_attention
    assert "after 4 attempts" in call.status_reason
    assert CallRecord.objects.filter(call=call, outcome=CallOutcome.BUSY).count() == 4
    assert services.call_dispatch_due() == []


def test_wrong_number_fails_at_once(call, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.WRONG_NUMBER])
    call = attempt(call)

    assert call.status == CallStatus.FAILED
    assert call.attempts == 1
    assert call.needs_attention
    assert "phone number" in call.status_reason
    record = CallRecord.objects.get(call=call)
    assert (record.outcome, record.sip_status_code) == (CallOutcome.WRONG_NUMBER, 404)
    assert len(dialer.placed) == 1


def test_retry_is_moved_into_the_calling_window(monkeypatch, settings):
    settings.CALL_RETRY_BASE_MINUTES = 120  # 18:xx + 2 h is past the 19:00 end
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(18))
    call = CallScheduleItemFactory(patient=patient)
    scripted_dialer.install(monkeypatch, [scripted_dialer.NO_ANSWER])
    call = attempt(call)

    local = call.next_attempt_at.astimezone(patient.zone)
    assert call.status == CallStatus.PENDING
    assert (local.hour, local.minute) == (9, 0)
    assert local.date() == (timezone.now().astimezone(patient.zone) + timedelta(days=1)).date()


def test_a_retry_past_the_deadline_fails_instead(call, monkeypatch):
    CallScheduleItem.objects.filter(pk=call.pk).update(deadline=timezone.now() + timedelta(minutes=5))
    scripted_dialer.install(monkeypatch, [scripted_dialer.NO_ANSWER])
    call = attempt(call)
    assert call.status == CallStatus.FAILED
    assert call.needs_attention
    assert "deadline" in call.status_reason
