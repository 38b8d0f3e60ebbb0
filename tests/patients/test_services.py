"""patient_upsert and discharge_create: validate first, all or nothing, idempotent submissions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from patients.services import discharge_create, patient_upsert
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

DISCHARGED = datetime(2025, 1, 15, 15, 0, tzinfo=UTC)  # 10:00 in New York
# Still ahead, so the school call is made (a return date that has passed makes no call and a warning).
RETURN_DATE = (timezone.localdate() + timedelta(days=6)).isoformat()


def _upsert(**overrides: object) -> Patient:
    kwargs = {"external_id": "MRN42", "first_name": "John", "last_name": "Doe", "phone": "+1 (212) 555-0123"}
    kwargs.update(overrides)
    return patient_upsert(**kwargs)


def _discharge(patient: Patient, **overrides: object) -> Discharge:
    kwargs = {
        "patient": patient,
        "discharged_at": DISCHARGED,
        "procedure": "Sclerotherapy of a venous malformation",
        "order_keys": ["vm_compression", "vm_school"],
        "order_params": {"vm_school": {"return_date": RETURN_DATE}},
    }
    kwargs.update(overrides)
    return discharge_create(**kwargs)


def test_upsert_creates_then_updates_by_external_id():
    created = _upsert()
    assert created.phone == "+12125550123"
    updated = _upsert(first_name="Johnny", phone="+12125550199", time_zone="America/Denver")
    assert updated.pk == created.pk
    assert (updated.first_name, updated.phone, updated.time_zone) == ("Johnny", "+12125550199", "America/Denver")
    assert _upsert().time_zone == "America/Denver"  # left out: kept
    assert _upsert(time_zone="").time_zone == "America/Denver"  # a blank form field: kept
    assert Patient.objects.count() == 1


def test_upsert_without_an_external_id_creates_a_new_patient_each_time():
    _upsert(external_id=None)
    _upsert(external_id="  ")
    assert Patient.objects.count() == 2


def test_upsert_leaves_do_not_call_alone():
    PatientFactory(external_id="MRN42", do_not_call=True)
    assert _upsert().do_not_call is True


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"phone": "+1 555"}, "phone"), ({"first_name": " "}, "first_name"), ({"time_zone": "Nowhere/Land"}, "time_zone")],
)
def test_upsert_rejects_bad_input_and_saves_nothing(overrides, field):
    with pytest.raises(ValidationError) as exc:
        _upsert(**overrides)
    assert field in exc.value.message_dict
    assert not Patient.objects.exists()


def test_discharge_create_records_the_discharge_and_its_calls(catalog, nurse):
    patient = PatientFactory(first_name="John")
    discharge = _discharge(patient, by=nurse, notes="Tolerated well.")
    assert discharge.discharged_by == nurse
    assert set(discharge.orders.values_list("key", flat=True)) == {"vm_compression", "vm_school"}
    assert discharge.order_params == {"vm_school": {"return_date": RETURN_DATE}, "vm_compression": {}}
    calls = list(discharge.calls.order_by("scheduled_for"))
    assert [c.order.key for c in calls] == ["vm_compression", "vm_school"]
    assert all(c.patient == patient for c in calls)
    assert calls[0].llm_prompt.count("Hi John,") == 1


def test_a_naive_discharge_time_is_read_in_the_patients_zone(catalog):
    patient = PatientFactory(time_zone="America/Los_Angeles")
    discharge = _discharge(patient, discharged_at=datetime(2025, 1, 15, 10, 0))
    assert discharge.discharged_at == datetime(2025, 1, 15, 18, 0, tzinfo=UTC)


def test_a_repeated_submission_key_returns_the_first_discharge(catalog):
    patient = PatientFactory()
    first = _discharge(patient, submission_key="form-token-1")
    again = _discharge(patient, submission_key="form-token-1", order_keys=["vm_activity"])
    assert again.pk == first.pk
    assert Discharge.objects.count() == 1
    assert CallScheduleItem.objects.count() == 2


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"procedure": "  "}, "procedure"),
        ({"order_keys": ["vm_compression", "vm_nope"]}, "orders"),
        ({"order_params": {}}, "vm_school"),
        ({"order_params": {"vm_school": {"return_date": "2025-13-40"}}}, "vm_school"),
        ({"discharged_at": None}, "discharged_at"),
        ({"discharged_at": "yesterday"}, "discharged_at"),
    ],
)
def test_discharge_create_validates_everything_first_and_saves_nothing(catalog, overrides, field):
    with pytest.raises(ValidationError) as exc:
        _discharge(PatientFactory(), submission_key="form-token-2", **overrides)
    assert field in exc.value.message_dict
    assert not Discharge.objects.exists()
    assert not CallScheduleItem.objects.exists()


def test_a_discharge_far_in_the_future_is_a_typo(catalog):
    with pytest.raises(ValidationError) as exc:
        _discharge(PatientFactory(), discharged_at=timezone.now() + timedelta(days=30))
    assert "in the future" in exc.value.message_dict["discharged_at"][0]


def test_several_errors_come_back_together(catalog):
    with pytest.raises(ValidationError) as exc:
        _discharge(PatientFactory(), procedure="", order_params={})
    assert {"procedure", "vm_school"} <= set(exc.value.message_dict)


def test_a_do_not_call_patients_discharge_is_recorded_without_calls(catalog):
    discharge = _discharge(PatientFactory(do_not_call=True))
    assert discharge.pk
    assert not CallScheduleItem.objects.exists()
