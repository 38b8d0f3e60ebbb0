"""An Idempotency-Key replays only the same discharge: any changed field is a 409 (issue 22 item 10)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallScheduleItem
from patients.models import Discharge
from tests.api.test_discharges import catalog, payload  # noqa: F401 - the fixture and its payload
from tests.factories import PatientFactory

DISCHARGES = "/api/v1/discharges/"
pytestmark = pytest.mark.django_db


def later_date(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.mark.parametrize(
    "change",
    [
        {"order_params": {"school": {"return_date": later_date(20)}}},
        {"procedure": "Laser ablation"},
        {"notes": "Allergic to latex."},
        {"orders": ["bandage"], "order_params": {}},
    ],
    ids=["return_date", "procedure", "notes", "orders"],
)
def test_a_replay_with_a_changed_body_is_a_409_and_changes_nothing(api, catalog, change):  # noqa: F811
    patient = PatientFactory()
    first = api.post(DISCHARGES, payload(patient), format="json", HTTP_IDEMPOTENCY_KEY="ehr-msg-77")
    assert first.status_code == 201
    calls_before = list(CallScheduleItem.objects.values_list("pk", "scheduled_for"))
    again = api.post(DISCHARGES, payload(patient, **change), format="json", HTTP_IDEMPOTENCY_KEY="ehr-msg-77")
    assert again.status_code == 409, again.json()
    assert "Idempotency-Key" in again.json()["detail"]
    assert Discharge.objects.count() == 1
    stored = Discharge.objects.get()
    assert stored.procedure == first.json()["procedure"] and stored.notes == first.json()["notes"]
    assert list(CallScheduleItem.objects.values_list("pk", "scheduled_for")) == calls_before


def test_the_same_body_written_differently_is_still_a_replay(api, catalog):  # noqa: F811
    patient = PatientFactory()
    data = payload(patient)
    first = api.post(DISCHARGES, data, format="json", HTTP_IDEMPOTENCY_KEY="ehr-msg-78")
    iso = data["order_params"]["school"]["return_date"]
    year, month, day = iso.split("-")
    same = payload(
        patient,
        discharged_at=data["discharged_at"],
        procedure=f"  {data['procedure']} ",
        orders=list(reversed(data["orders"])),
        order_params={"school": {"return_date": f"{month}/{day}/{year}"}},
    )
    again = api.post(DISCHARGES, same, format="json", HTTP_IDEMPOTENCY_KEY="ehr-msg-78")
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
