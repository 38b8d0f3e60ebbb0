"""MAX_CONCURRENT_CALLS: the trunk never carries more calls than it can; the rest wait their turn."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls import services
from calls.models import CallOutcome, CallRecord, CallScheduleItem, CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def active() -> int:
    return CallScheduleItem.objects.active().count()


def test_never_more_than_capacity_queued_or_in_progress(settings, monkeypatch):
    settings.MAX_CONCURRENT_CALLS = 3
    patient = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12))
    now = timezone.now()
    # Due order: by due time, then priority.
    # One patient each: a patient gets at most one call a day (calls/rules.py).
    calls = [
        CallScheduleItemFactory(
            patient=PatientFactory(time_zone=patient.time_zone), next_attempt_at=now - timedelta(minutes=m), priority=p
        )
        for m, p in [(50, 3), (50, 1), (40, 2), (30, 1), (20, 5), (10, 1), (5, 1)]
    ]
    order = [calls[1].pk, calls[0].pk, calls[2].pk, calls[3].pk, calls[4].pk, calls[5].pk, calls[6].pk]
    already = CallScheduleItemFactory(
        patient=patient, status=CallStatus.IN_PROGRESS, attempts=1, lease_expires_at=now + timedelta(minutes=10)
    )

    first = services.call_dispatch_due()
    assert first == order[:2]  # one slot is taken by the call already in progress
    assert active() == 3
    assert services.call_dispatch_due() == []

    scripted_dialer.install(monkeypatch, [scripted_dialer.ANSWERED_OPEN] * 2)
    for pk in first:
        services.call_execute(call_id=pk)
    assert active() == 3
    assert services.call_dispatch_due() == []

    for record in CallRecord.objects.filter(call_id__in=first):
        services.call_finish(record=record, outcome=CallOutcome.COMPLETED)
    assert services.call_dispatch_due() == order[2:4]
    CallScheduleItem.objects.filter(pk=already.pk).update(status=CallStatus.COMPLETED)
    assert services.call_dispatch_due() == order[4:5]
    assert active() == 3
    waiting = list(CallScheduleItem.objects.due(timezone.now()).values_list("pk", flat=True))
    assert waiting == order[5:]
