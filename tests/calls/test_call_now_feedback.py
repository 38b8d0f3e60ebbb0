"""Call now and reschedule say what really happened: dialled now, or deferred by the limits (when, why)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calls import services
from calls.models import CallStatus
from tests.calls import scripted_dialer
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kicks(monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(services, "_kick_dispatcher", lambda: sent.append(1))
    return sent


def called_today(zone: str):
    patient = PatientFactory(first_name="Leo", time_zone=zone)
    earlier = CallScheduleItemFactory(patient=patient, status=CallStatus.COMPLETED, attempts=1)
    CallRecordFactory(call=earlier, outcome="completed", started_at=timezone.now() - timedelta(minutes=30))
    return patient


def test_call_now_within_the_limits_is_due_at_once(nurse, kicks, django_capture_on_commit_callbacks):
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(12)))
    with django_capture_on_commit_callbacks(execute=True):
        services.call_now(call=call, by=nurse)
    assert call.next_attempt_at <= timezone.now() and kicks == [1]


def test_call_now_after_todays_call_is_deferred_to_tomorrow_with_the_reason(nurse, kicks):
    zone = scripted_dialer.zone_at_local_hour(12)
    call = CallScheduleItemFactory(patient=called_today(zone), scheduled_for=timezone.now() + timedelta(days=2))
    services.call_now(call=call, by=nurse)
    assert call.status == CallStatus.PENDING
    local = call.next_attempt_at.astimezone(ZoneInfo(zone))
    assert local.date() == (timezone.now().astimezone(ZoneInfo(zone)) + timedelta(days=1)).date()
    assert local.hour == 9  # the start of the patient's calling window
    assert "already had a call today (limit 1 a day)" in call.status_reason
    assert kicks == []  # nothing to dispatch now


def test_call_now_refused_when_the_limits_push_it_past_its_deadline(nurse, kicks):
    call = CallScheduleItemFactory(
        patient=called_today(scripted_dialer.zone_at_local_hour(12)), deadline=timezone.now() + timedelta(hours=2)
    )
    with pytest.raises(services.CallActionError, match="after this call's deadline"):
        services.call_now(call=call, by=nurse)
    call.refresh_from_db()
    assert call.next_attempt_at <= timezone.now() + timedelta(minutes=1)  # unchanged


def test_the_page_says_deferred_with_patient_and_clinic_time(nurse_client, kicks):
    zone = scripted_dialer.zone_at_local_hour(12)
    call = CallScheduleItemFactory(patient=called_today(zone))
    response = nurse_client.post(f"/calls/{call.pk}/call-now/", follow=True)
    text = " ".join(str(m) for m in response.context["messages"])
    call.refresh_from_db()
    local = call.next_attempt_at.astimezone(ZoneInfo(zone))
    assert text.startswith("Not dialled now. The call is deferred to ")
    assert f"{local:%H:%M} {local.tzname()}" in text and "clinic time" in text
    assert "because the patient already had a call today (limit 1 a day)" in text


def test_the_page_says_dialling_now(nurse_client, kicks):
    call = CallScheduleItemFactory(
        patient=PatientFactory(first_name="Ana", time_zone=scripted_dialer.zone_at_local_hour(12))
    )
    response = nurse_client.post(f"/calls/{call.pk}/call-now/", follow=True)
    assert next(str(m) for m in response.context["messages"]).startswith("Calling Ana now")


def test_call_now_refusal_says_not_dialled(nurse_client):
    night = PatientFactory(time_zone=scripted_dialer.zone_at_local_hour(2))
    response = nurse_client.post(f"/calls/{CallScheduleItemFactory(patient=night).pk}/call-now/")
    assert response.status_code == 400
    assert "Not dialled. It is" in response.content.decode()


def test_reschedule_onto_a_day_already_used_warns_when_it_will_really_ring(nurse_client):
    zone = scripted_dialer.zone_at_local_hour(12)
    call = CallScheduleItemFactory(patient=called_today(zone))
    when = (timezone.now() + timedelta(hours=1)).astimezone(ZoneInfo(zone))
    response = nurse_client.post(
        f"/calls/{call.pk}/reschedule/",
        {"reschedule-when_at": when.strftime("%Y-%m-%dT%H:%M"), "reschedule-reason": "Patient asked"},
        follow=True,
    )
    text = " ".join(str(m) for m in response.context["messages"])
    assert "The call is rescheduled for" in text
    assert "It will not ring then: the patient already had a call today" in text
