"""The agent and the guide's scheduler with extreme times: a message, never an OverflowError (issue 22 item 4)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from calls.scheduler import CallScheduler
from calls.timing import TimingSpecError, parse_when
from calls.tokens import make_agent_token
from patients.models import Patient
from tests.factories import CallRecordFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2025, 6, 20, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+00:00", "2025-06-21T10:00:00+20:00", "December 31 9999"]
)
def test_parse_when_refuses_extreme_times_with_a_message(text):
    with pytest.raises(TimingSpecError) as caught:
        parse_when(text, NOW, tz="America/New_York")
    assert "Say a day and a time" in str(caught.value)


def test_the_agents_reminder_in_the_year_9999_is_a_400_the_agent_can_read():
    record = CallRecordFactory(call__status=CallStatus.IN_PROGRESS, call__attempts=1)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")
    for when in ("9999-12-31T23:59:59-12:00", "2030-01-01T10:00:00+15:00"):
        response = client.post(
            f"/api/v1/agent/calls/{record.call_id}/reminders/", {"when": when}, content_type="application/json"
        )
        assert response.status_code == 400
        assert response.json()["when"]
    assert not CallScheduleItem.objects.filter(parent_record=record).exists()


@pytest.mark.parametrize("year", [9999, 1])
def test_the_guides_scheduler_refuses_a_discharge_in_year_9999_or_1(catalog, year):
    with pytest.raises(ValidationError) as caught:
        CallScheduler().generate_calls_for_patient(
            patient_id="MRN-1",
            patient_phone="+12125550123",
            patient_name="John Doe",
            discharge_time=datetime(year, 6, 1, 10, 0) if year > 1 else datetime(1, 1, 1, 0, 0),
            selected_order_ids=["vm_compression"],
        )
    assert "discharge_time" in caught.value.message_dict
    assert not Patient.objects.exists()


@pytest.mark.parametrize("return_date", ["0001-01-01", "9999-12-31"])
def test_the_guides_scheduler_refuses_an_absurd_return_date(catalog, return_date):
    with pytest.raises(ValidationError) as caught:
        CallScheduler().generate_calls_for_patient(
            patient_id="MRN-1",
            patient_phone="+12125550123",
            patient_name="John Doe",
            discharge_time=timezone.now() - timedelta(hours=1),
            selected_order_ids=["vm_school"],
            order_params={"vm_school": {"return_date": return_date}},
        )
    assert "vm_school" in caught.value.message_dict
    assert not Patient.objects.exists()
