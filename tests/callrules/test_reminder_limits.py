"""A reminder the patient asks for respects the calling limits, and the agent reads back the real time."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus, CreatedBy
from calls.tokens import make_agent_token
from tests.calls.scripted_dialer import zone_at_local_hour
from tests.factories import CallRecordFactory, PatientFactory

pytestmark = pytest.mark.django_db


def ask_for_reminder(record, when: str):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")
    return client.post(
        f"/api/v1/agent/calls/{record.call_id}/reminders/",
        {"event_id": "rem-1", "when": when, "purpose": "Bandage check"},
        content_type="application/json",
    )


def test_a_same_day_reminder_moves_to_tomorrow_and_says_why():
    patient = PatientFactory(time_zone=zone_at_local_hour(11))
    # This call rang today: with one call a day, a second one today is not allowed.
    record = CallRecordFactory(
        call__patient=patient, call__status=CallStatus.IN_PROGRESS, call__attempts=1, started_at=timezone.now()
    )
    response = ask_for_reminder(record, "in 2 hours")
    assert response.status_code == 201, response.content
    body = response.json()
    reminder = CallScheduleItem.objects.get(pk=body["call_id"], created_by=CreatedBy.AGENT)
    local = reminder.scheduled_for.astimezone(patient.zone)
    today = timezone.now().astimezone(patient.zone).date()
    assert (local.date() - today).days == 1
    assert (local.hour, local.minute) == (9, 0)
    assert "at most 1 time a day" in body["note"]
    assert body["local_time"].endswith("at 9:00 AM")


def test_a_reminder_on_another_day_keeps_the_time_asked_for():
    patient = PatientFactory(time_zone=zone_at_local_hour(11))
    record = CallRecordFactory(
        call__patient=patient, call__status=CallStatus.IN_PROGRESS, call__attempts=1, started_at=timezone.now()
    )
    response = ask_for_reminder(record, "tomorrow afternoon")
    assert response.status_code == 201, response.content
    reminder = CallScheduleItem.objects.get(pk=response.json()["call_id"])
    assert reminder.scheduled_for.astimezone(patient.zone).hour == 14
    assert response.json()["note"] == ""
