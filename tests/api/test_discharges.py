"""/api/v1/discharges/: a discharge with orders schedules its calls, once per Idempotency-Key."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge
from tests.factories import DischargeOrderFactory, PatientFactory

DISCHARGES = "/api/v1/discharges/"


@pytest.fixture
def catalog(db):
    reminder = DischargeOrderFactory(key="bandage")
    school = DischargeOrderFactory(
        key="school",
        parameters=[{"name": "return_date", "label": "Return date", "type": "date", "required": True}],
        call_template={
            "timing": "day_before_date:{return_date}",
            "call_type": "school_return",
            "priority": 3,
            "prompt_template": "Remind {patient_first_name} about school.",
        },
    )
    return reminder, school


def payload(patient, **changes):
    data = {
        "patient": patient.pk,
        "discharged_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "procedure": "Sclerotherapy",
        "orders": ["bandage", "school"],
        "order_params": {"school": {"return_date": (timezone.localdate() + timedelta(days=10)).isoformat()}},
    }
    return {**data, **changes}


def test_it_creates_a_discharge_and_returns_its_calls(api, catalog):
    patient = PatientFactory()
    response = api.post(DISCHARGES, payload(patient), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert sorted(body["orders"]) == ["bandage", "school"]
    assert {call["order"] for call in body["calls"]} == {"bandage", "school"}
    assert CallScheduleItem.objects.filter(discharge_id=body["id"]).count() == len(body["calls"]) == 2


def test_it_rejects_an_unknown_order(api, catalog):
    data = payload(PatientFactory(), orders=["bandage", "nope"], order_params={})
    response = api.post(DISCHARGES, data, format="json")
    assert response.status_code == 400
    assert "nope" in response.json()["orders"][0]
    assert not Discharge.objects.exists()


def test_it_rejects_a_missing_order_parameter(api, catalog):
    response = api.post(DISCHARGES, payload(PatientFactory(), order_params={}), format="json")
    assert response.status_code == 400
    assert "return date" in response.json()["order_params"]["school"][0]
    assert not CallScheduleItem.objects.exists()


def test_it_rejects_a_bad_date_and_an_unknown_patient(api, catalog):
    data = {**payload(PatientFactory()), "discharged_at": "yesterday", "patient": 999999}
    response = api.post(DISCHARGES, data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"discharged_at", "patient"}


def test_a_retried_discharge_creates_nothing_twice(api, catalog):
    data = payload(PatientFactory())
    first = api.post(DISCHARGES, data, format="json", HTTP_IDEMPOTENCY_KEY="9f1c-retry")
    second = api.post(DISCHARGES, data, format="json", HTTP_IDEMPOTENCY_KEY="9f1c-retry")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Discharge.objects.count() == 1
    assert CallScheduleItem.objects.count() == 2


def test_a_reused_key_with_another_discharge_is_a_conflict(api, catalog):
    api.post(DISCHARGES, payload(PatientFactory()), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    response = api.post(DISCHARGES, payload(PatientFactory()), format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 409
    assert Discharge.objects.count() == 1


def test_idempotency_keys_are_scoped_per_api_key(api, read_key, catalog):
    from postop.services import api_key_create
    from tests.api.conftest import key_client

    _other, raw = api_key_create(name="second-ehr", write=True)
    data = payload(PatientFactory())
    api.post(DISCHARGES, data, format="json", HTTP_IDEMPOTENCY_KEY="same")
    key_client(raw).post(DISCHARGES, data, format="json", HTTP_IDEMPOTENCY_KEY="same")
    assert Discharge.objects.count() == 2


def test_a_read_only_key_cannot_record_a_discharge(read_api, catalog):
    assert read_api.post(DISCHARGES, payload(PatientFactory()), format="json").status_code == 403


def test_it_lists_and_reads_discharges(api, catalog):
    patient = PatientFactory()
    created = api.post(DISCHARGES, payload(patient), format="json").json()
    listed = api.get(f"{DISCHARGES}?patient={patient.pk}").json()
    assert [row["id"] for row in listed["results"]] == [created["id"]]
    assert api.get(f"{DISCHARGES}?patient={patient.pk + 1}").json()["count"] == 0
    detail = api.get(f"{DISCHARGES}{created['id']}/")
    assert detail.status_code == 200
    assert detail.json() == created
