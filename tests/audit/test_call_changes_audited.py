"""Calls created in bulk from a discharge and calls a nurse cancels are in the change log, with who."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from tests.calls.scripted_dialer import zone_at_local_hour
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


def test_a_discharge_from_the_portal_audits_each_generated_call(nurse_client, nurse, catalog):
    from patients.models import Discharge
    from patients.services import discharge_create

    patient = PatientFactory()
    discharge = discharge_create(
        patient=patient,
        discharged_at=timezone.now() - timedelta(hours=1),
        procedure="Sclerotherapy",
        order_keys=["vm_compression", "vm_activity"],
        order_params={},
        by=nurse,
    )
    calls = list(CallScheduleItem.objects.filter(discharge=discharge))
    assert len(calls) == 3
    for call in calls:
        (entry,) = LogEntry.objects.get_for_object(call)
        assert entry.action == LogEntry.Action.CREATE
        assert entry.changes_dict["status"] == ["None", "pending"]
    assert Discharge.objects.count() == 1


def test_a_cancel_through_the_call_page_names_the_nurse(nurse_client, nurse):
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone=zone_at_local_hour(12)))
    response = nurse_client.post(f"/calls/{call.pk}/cancel/", {"cancel-reason": "Patient readmitted"})
    assert response.status_code in (200, 302)
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    entry = LogEntry.objects.get_for_object(call).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == nurse
    assert entry.changes_dict["status"] == ["pending", "cancelled"]
