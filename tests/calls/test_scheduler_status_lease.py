"""The guide's CallScheduler.update_call_status: an in-progress call gets a lease, so recovery finds it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallStatus
from calls.scheduler import CallScheduler
from calls.services import call_recover_stale
from tests.calls import scripted_dialer
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [CallStatus.IN_PROGRESS, CallStatus.QUEUED])
def test_a_call_marked_in_progress_through_the_guides_api_is_recovered_after_its_lease(settings, status):
    settings.CALL_LEASE_MINUTES = 15
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12)))
    before = timezone.now()
    CallScheduler().update_call_status(call.pk, status, "picked up by a worker")
    call.refresh_from_db()
    assert call.status == status
    assert before + timedelta(minutes=15) <= call.lease_expires_at <= timezone.now() + timedelta(minutes=15)
    assert call_recover_stale(now=timezone.now()) == []  # still inside its lease
    assert call_recover_stale(now=timezone.now() + timedelta(minutes=16)) == [call.pk]
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING and call.lease_expires_at is None


def test_leaving_the_active_states_drops_the_lease():
    call = CallScheduleItemFactory()
    scheduler = CallScheduler()
    scheduler.update_call_status(call.pk, CallStatus.IN_PROGRESS)
    scheduler.update_call_status(call.pk, CallStatus.COMPLETED, "done")
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED and call.lease_expires_at is None
    assert call_recover_stale(now=timezone.now() + timedelta(days=3)) == []
