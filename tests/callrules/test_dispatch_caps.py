"""The dispatcher never claims a call that would break one call a day / three a week per patient."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calls import services
from calls.models import CallScheduleItem, CallStatus
from tests.callrules.helpers import NOW, dialled, due_call, patient_in, reminder_for

pytestmark = pytest.mark.django_db


def local(call: CallScheduleItem) -> datetime:
    call.refresh_from_db()
    return call.next_attempt_at.astimezone(call.patient.zone)


def test_a_day_is_the_patients_own_calendar_day():
    # 09:30 UTC on 10 June is 05:30 on the 10th in New York but 23:30 on the 9th in Honolulu.
    earlier = datetime(2025, 6, 10, 9, 30, tzinfo=UTC)
    new_york, honolulu = patient_in("America/New_York"), patient_in("Pacific/Honolulu")
    dialled(new_york, earlier)
    dialled(honolulu, earlier)
    now = datetime(2025, 6, 10, 20, 0, tzinfo=UTC)  # 16:00 New York, 10:00 Honolulu
    ny_call, hnl_call = due_call(new_york, at=now), due_call(honolulu, at=now)

    assert services.call_dispatch_due(now=now) == [hnl_call.pk]

    ny_call.refresh_from_db()
    assert ny_call.status == CallStatus.PENDING
    assert ny_call.status_reason == "Deferred: the patient already had a call today (limit 1 a day)."
    assert local(ny_call) == datetime(2025, 6, 11, 9, 0, tzinfo=new_york.zone)  # next day, window start


def test_a_no_answer_attempt_counts_and_a_setup_failure_does_not():
    rang, never_rang = patient_in("America/New_York"), patient_in("America/New_York")
    dialled(rang, NOW - timedelta(hours=2))
    dialled(never_rang, NOW - timedelta(hours=2), outcome="failed", configuration_problem=True)
    blocked, free = due_call(rang), due_call(never_rang)

    assert services.call_dispatch_due(now=NOW) == [free.pk]
    assert local(blocked).date() == datetime(2025, 6, 11).date()


def test_three_calls_in_a_rolling_week_defer_until_the_oldest_is_a_week_old():
    patient = patient_in("America/Los_Angeles")
    oldest = NOW - timedelta(days=6, hours=1)  # Wed 4 June 08:00 Los Angeles
    for started in (oldest, NOW - timedelta(days=4), NOW - timedelta(days=2)):
        dialled(patient, started)
    call = due_call(patient)

    assert services.call_dispatch_due(now=NOW) == []

    call.refresh_from_db()
    assert call.status == CallStatus.PENDING
    assert "3 calls in the last 7 days (limit 3 a week)" in call.status_reason
    # Free again when the oldest attempt is 7 days old, moved into the 09:00-19:00 window.
    assert local(call) == datetime(2025, 6, 11, 9, 0, tzinfo=patient.zone)
    assert services.call_dispatch_due(now=NOW + timedelta(days=1, hours=1)) == [call.pk]


def test_calls_older_than_a_week_do_not_count():
    patient = patient_in("America/New_York")
    for days in (7, 8, 9):
        dialled(patient, NOW - timedelta(days=days, minutes=1))
    call = due_call(patient)
    assert services.call_dispatch_due(now=NOW) == [call.pk]


def test_the_patients_requested_reminder_counts():
    patient = patient_in("America/New_York")
    first = dialled(patient, NOW - timedelta(days=1))
    reminder = reminder_for(first, at=NOW - timedelta(hours=3))
    assert services.call_dispatch_due(now=NOW - timedelta(hours=3)) == [reminder.pk]
    # The reminder was dialled this morning, so the afternoon's order call waits for tomorrow.
    reminder_record = dialled(patient, NOW - timedelta(hours=3))
    order_call = due_call(patient)

    assert services.call_dispatch_due(now=NOW) == []
    order_call.refresh_from_db()
    assert "already had a call today" in order_call.status_reason
    assert reminder_record.call.patient_id == patient.pk


def test_a_reminder_asked_for_today_is_itself_deferred():
    patient = patient_in("America/New_York")
    today = dialled(patient, NOW - timedelta(hours=1))
    reminder = reminder_for(today, at=NOW)
    assert services.call_dispatch_due(now=NOW) == []
    assert local(reminder) == datetime(2025, 6, 11, 9, 0, tzinfo=patient.zone)


def test_two_due_calls_for_one_patient_go_one_today_one_tomorrow():
    patient = patient_in("America/New_York")
    routine = due_call(patient, priority=3)
    urgent = due_call(patient, priority=1)

    assert services.call_dispatch_due(now=NOW) == [urgent.pk]

    routine.refresh_from_db()
    assert routine.status == CallStatus.PENDING
    assert routine.status_reason.startswith("Deferred: another call to this patient is due now")
    assert local(routine) == datetime(2025, 6, 11, 9, 0, tzinfo=patient.zone)


def test_a_queued_call_counts_before_it_is_dialled():
    patient = patient_in("America/New_York")
    due_call(patient, status=CallStatus.QUEUED)
    waiting = due_call(patient)
    assert services.call_dispatch_due(now=NOW) == []
    assert local(waiting).date() == datetime(2025, 6, 11).date()


def test_a_deferral_past_the_deadline_fails_for_a_nurse():
    patient = patient_in("America/New_York")
    dialled(patient, NOW - timedelta(hours=2))
    call = due_call(patient, deadline=NOW + timedelta(hours=5))

    assert services.call_dispatch_due(now=NOW) == []

    call.refresh_from_db()
    assert call.status == CallStatus.FAILED
    assert call.needs_attention
    assert "after this call's deadline" in call.status_reason


def test_an_inbound_call_from_the_patient_does_not_count():
    patient = patient_in("America/New_York")
    inbound = dialled(patient, NOW - timedelta(hours=1))
    CallScheduleItem.objects.filter(pk=inbound.call_id).update(created_by="agent", parent_record=None)
    call = due_call(patient)
    assert services.call_dispatch_due(now=NOW) == [call.pk]
