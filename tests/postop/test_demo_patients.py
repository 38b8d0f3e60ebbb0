"""`make demo` shows a live call at any hour: its sample patient lives where it is daytime now."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from calls import services
from calls.models import CallScheduleItem, CallStatus
from calls.timing import in_window
from postop.management.commands.demo_patients import daytime_zone
from tests.factories import CallRecordFactory


@pytest.mark.parametrize("minutes", range(0, 24 * 60, 37))
def test_some_zone_is_in_its_calling_hours_at_every_moment(minutes):
    now = datetime(2026, 3, 8, tzinfo=UTC) + timedelta(minutes=minutes)  # a DST change day in the US
    local = now.astimezone(ZoneInfo(daytime_zone(now)))
    assert 11 <= local.hour + local.minute / 60 <= 15


@pytest.mark.django_db
def test_the_demo_patient_can_be_called_now_and_again_after_a_call(nurse, monkeypatch):
    monkeypatch.setattr(services, "_kick_dispatcher", lambda: None)
    out = StringIO()
    call_command("demo_patients", stdout=out)
    call = CallScheduleItem.objects.get()
    assert in_window(datetime.now(UTC), call.patient.time_zone, call.patient.calling_window())
    assert f"open /calls/{call.pk}/ and press Call now" in out.getvalue()
    services.call_now(call=call, by=nurse)
    assert call.status == CallStatus.PENDING and call.next_attempt_at <= datetime.now(UTC)
    # The demo patient was called today: the next demo run offers a patient the daily limit allows.
    call.status = CallStatus.COMPLETED
    call.save()
    CallRecordFactory(call=call, outcome="completed")
    call_command("demo_patients", stdout=StringIO())
    fresh = CallScheduleItem.objects.exclude(pk=call.pk).get()
    assert fresh.patient_id != call.patient_id and fresh.status == CallStatus.PENDING
