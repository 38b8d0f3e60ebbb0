"""call_execute re-checks the window and the limits when it is about to dial: time zones, DST, races."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from calls import services
from calls.models import CallRecord, CallStatus
from tests.callrules.helpers import NOW, dialled, due_call, patient_in
from tests.calls import scripted_dialer

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """Set the time call_execute sees (it reads django.utils.timezone.now)."""

    def set_to(when: datetime) -> None:
        monkeypatch.setattr("django.utils.timezone.now", lambda: when)

    return set_to


def queued(patient, at: datetime):
    lease = at + timedelta(minutes=15)
    return due_call(patient, at=at, status=CallStatus.QUEUED, claimed_at=at, lease_expires_at=lease)


def test_a_call_another_worker_dialled_meanwhile_is_deferred_not_dialled(clock, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    patient = patient_in("America/Chicago")
    first, second = queued(patient, NOW), queued(patient, NOW)  # e.g. a nurse's "call now" beside a due call
    clock(NOW)

    services.call_execute(call_id=first.pk)
    services.call_execute(call_id=second.pk)

    assert dialer.placed == [(first.pk, 1)]
    second.refresh_from_db()
    assert (second.status, second.attempts) == (CallStatus.PENDING, 0)
    assert second.status_reason == "Deferred: the patient already had a call today (limit 1 a day)."
    local = second.next_attempt_at.astimezone(patient.zone)
    assert (local.date().isoformat(), local.time()) == ("2025-06-11", time(9, 0))
    assert not CallRecord.objects.filter(call=second).exists()


def test_weekly_limit_at_dial_time(clock, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [])
    patient = patient_in("Europe/London")  # 17:00 in London
    for days in (1, 3, 5):
        dialled(patient, NOW - timedelta(days=days))
    call = queued(patient, NOW)
    clock(NOW)

    services.call_execute(call_id=call.pk)

    call.refresh_from_db()
    assert dialer.placed == []
    assert call.status == CallStatus.PENDING
    assert "limit 3 a week" in call.status_reason


@pytest.mark.parametrize(
    ("zone", "inside"),
    [("America/New_York", True), ("America/Los_Angeles", True), ("Pacific/Honolulu", False), ("Asia/Tokyo", False)],
)
def test_the_window_is_the_patients_own_at_dial_time(zone, inside, clock, monkeypatch):
    # 16:00 UTC: 12:00 New York, 09:00 Los Angeles, 06:00 Honolulu, 01:00 (next day) Tokyo.
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    call = queued(patient_in(zone), NOW)
    clock(NOW)

    services.call_execute(call_id=call.pk)

    call.refresh_from_db()
    assert bool(dialer.placed) is inside
    if not inside:
        assert call.status == CallStatus.PENDING
        local = call.next_attempt_at.astimezone(call.patient.zone)
        assert local.time() == time(9, 0)


@pytest.mark.parametrize(
    ("utc", "inside", "moved_to"),
    [
        # 16:30 UTC on Saturday 8 March 2025 is 08:30 PST: before the 09:00 window -> 09:00 PST.
        (datetime(2025, 3, 8, 16, 30, tzinfo=UTC), False, datetime(2025, 3, 8, 17, 0, tzinfo=UTC)),
        # The same UTC time on Sunday 9 March (clocks went forward at 02:00) is 09:30 PDT: inside.
        (datetime(2025, 3, 9, 16, 30, tzinfo=UTC), True, None),
        # 02:30 UTC on 2 November is 19:30 PDT on Saturday 1 November: after the window. The next
        # 09:00 is on Sunday, after the clocks went back: 09:00 PST = 17:00 UTC (not 16:00).
        (datetime(2025, 11, 2, 2, 30, tzinfo=UTC), False, datetime(2025, 11, 2, 17, 0, tzinfo=UTC)),
        # 02:30 UTC on 3 November is 18:30 PST on Sunday 2 November: inside.
        (datetime(2025, 11, 3, 2, 30, tzinfo=UTC), True, None),
    ],
)
def test_the_window_across_dst_changes(utc, inside, moved_to, clock, monkeypatch):
    dialer = scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    patient = patient_in("America/Los_Angeles")
    call = queued(patient, utc)
    clock(utc)

    services.call_execute(call_id=call.pk)

    assert bool(dialer.placed) is inside
    call.refresh_from_db()
    if not inside:
        assert (call.status, call.next_attempt_at) == (CallStatus.PENDING, moved_to)


def test_the_daily_limit_across_the_spring_forward_day(clock, monkeypatch):
    """Sunday 9 March 2025 has 23 hours in New York; "today" still ends at local midnight."""
    scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED])
    patient = patient_in("America/New_York")
    dialled(patient, datetime(2025, 3, 9, 14, 0, tzinfo=UTC))  # 10:00 EDT on the 9th
    call = queued(patient, datetime(2025, 3, 9, 22, 0, tzinfo=UTC))  # 18:00 EDT on the 9th
    clock(datetime(2025, 3, 9, 22, 0, tzinfo=UTC))

    services.call_execute(call_id=call.pk)

    call.refresh_from_db()
    assert call.status == CallStatus.PENDING
    assert call.next_attempt_at == datetime(2025, 3, 10, 13, 0, tzinfo=UTC)  # Monday 09:00 EDT
