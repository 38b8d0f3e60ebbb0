"""Creates, updates and deletes are in auditlog's change log with who, when, from where and what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.db import transaction
from django.utils import timezone
from rest_framework.test import APIClient

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from postop.audit import audit_bulk_created, audit_updated
from postop.models import ApiKey
from postop.services import api_key_create
from tests.api.conftest import key_client
from tests.factories import CallScheduleItemFactory, DischargeOrderFactory, PatientFactory

NEW_PATIENT = {"mrn": "MRN-9", "first_name": "Ana", "last_name": "Diaz", "phone": "+12125550142"}


def entries_for(obj) -> list[LogEntry]:
    return list(LogEntry.objects.get_for_object(obj).order_by("timestamp", "pk"))


@pytest.fixture
def writer(db):
    return api_key_create(name="ehr-feed", write=True)


def test_an_api_key_write_names_the_key_and_the_address(writer):
    key, raw = writer
    response = key_client(raw).post("/api/v1/patients/", NEW_PATIENT, format="json", REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 201
    (entry,) = entries_for(Patient.objects.get())
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == key.user
    assert entry.additional_data == {"api_key": "ehr-feed", "api_key_id": key.pk}
    assert entry.remote_addr == "198.51.100.4"
    assert entry.changes_dict["phone"] == ["None", "+12125550142"]


def test_a_session_update_names_the_nurse_and_what_changed(nurse):
    patient = PatientFactory(phone="+12125550100")
    client = APIClient()
    client.force_login(nurse)
    assert client.patch(f"/api/v1/patients/{patient.pk}/", {"phone": "+12125550199"}, format="json").status_code == 200
    entry = entries_for(patient)[-1]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == nurse
    assert entry.changes_dict == {"phone": ["+12125550100", "+12125550199"]}


def test_a_discharge_is_logged_for_the_key(writer):
    key, raw = writer
    DischargeOrderFactory(key="bandage")
    data = {
        "patient": PatientFactory().pk,
        "discharged_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "procedure": "Sclerotherapy",
        "orders": ["bandage"],
    }
    assert key_client(raw).post("/api/v1/discharges/", data, format="json").status_code == 201
    (entry,) = [e for e in entries_for(Discharge.objects.get()) if e.action == LogEntry.Action.CREATE]
    assert entry.actor == key.user
    assert entry.additional_data["api_key"] == "ehr-feed"


def test_a_rescheduled_call_logs_the_new_time_and_who(writer):
    key, raw = writer
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone="UTC"))
    day = (timezone.now() + timedelta(days=2)).date().isoformat()
    response = key_client(raw).post(f"/api/v1/calls/{call.pk}/reschedule/", {"when": f"{day}T14:30:00Z"}, format="json")
    assert response.status_code == 200
    entry = entries_for(call)[-1]
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.actor == key.user
    assert entry.changes_dict["next_attempt_at"][1].startswith(f"{day} 14:30")


def test_bulk_writes_can_be_recorded_with_the_request_actor(writer):
    """Services that bulk_create or QuerySet.update() (no signals) record the rows explicitly."""
    key, _raw = writer
    patient = PatientFactory()
    with transaction.atomic(), set_actor(key.user, remote_addr="203.0.113.9"):
        (call,) = CallScheduleItem.objects.bulk_create(
            [CallScheduleItemFactory.build(patient=patient, next_attempt_at=timezone.now())]
        )
        audit_bulk_created(instances=[call])
        before = CallScheduleItem.objects.get(pk=call.pk)
        CallScheduleItem.objects.filter(pk=call.pk).update(status="cancelled")
        audit_updated(before=before, after=CallScheduleItem.objects.get(pk=call.pk))
    created, updated = entries_for(call)
    assert (created.action, created.actor, created.remote_addr) == (LogEntry.Action.CREATE, key.user, "203.0.113.9")
    assert updated.changes_dict == {"status": ["pending", "cancelled"]}


def test_api_keys_are_logged_with_the_hash_masked(admin_user):
    key, _raw = api_key_create(name="lab", by=admin_user)
    (entry,) = entries_for(key)
    assert entry.action == LogEntry.Action.CREATE
    assert key.hashed_key not in str(entry.changes)
    key.revoke()
    assert "revoked_at" in entries_for(ApiKey.objects.get())[-1].changes_dict


def test_the_change_log_admin_filters_by_patient(admin_client_):
    ana, bob = PatientFactory(), PatientFactory()
    CallScheduleItemFactory(patient=ana)
    url = "/admin/auditlog/logentry/"
    shown = admin_client_.get(url, {"patient": str(ana.pk)}).context["cl"].result_list
    assert {(e.content_type.model, e.object_id) for e in shown} == {
        ("patient", ana.pk),
        ("callscheduleitem", CallScheduleItem.objects.get().pk),
    }
    assert bob.pk not in {e.object_id for e in shown if e.content_type.model == "patient"}
    assert admin_client_.get(f"{url}add/").status_code == 403
