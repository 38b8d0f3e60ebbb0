"""/api/v1/calls/ and /api/v1/call-records/: filters, detail with transcripts, and the nurse actions."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from calls.models import CallStatus, CallType
from postop.models import AccessEvent
from tests.api.conftest import zone_in_window_now
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    PatientFactory,
    PatientResponseFactory,
    TranscriptTurnFactory,
)

CALLS = "/api/v1/calls/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_it_filters_calls_by_status_patient_type_and_time(api):
    now = timezone.now()
    ana, bob = PatientFactory(), PatientFactory()
    soon = CallScheduleItemFactory(patient=ana, scheduled_for=now + timedelta(hours=1))
    later = CallScheduleItemFactory(patient=ana, scheduled_for=now + timedelta(days=3), call_type=CallType.WOUND_CHECK)
    done = CallScheduleItemFactory(patient=bob, status=CallStatus.COMPLETED)
    assert ids(api.get(f"{CALLS}?status=completed")) == [done.pk]
    assert ids(api.get(f"{CALLS}?status=pending&status=completed&patient={ana.pk}")) == [soon.pk, later.pk]
    assert ids(api.get(f"{CALLS}?call_type=wound_check")) == [later.pk]
    after = (now + timedelta(days=1)).isoformat()
    assert ids(api.get(f"{CALLS}", {"scheduled_after": after})) == [later.pk]
    assert ids(api.get(f"{CALLS}", {"scheduled_before": after, "patient": ana.pk})) == [soon.pk]


def test_it_rejects_an_unknown_status_filter(api):
    response = api.get(f"{CALLS}?status=exploded")
    assert response.status_code == 400
    assert "status" in response.json()


def test_the_detail_has_attempts_transcript_responses_and_summary(api, write_key):
    call = CallScheduleItemFactory(status=CallStatus.COMPLETED, attempts=1)
    record = CallRecordFactory(call=call, outcome="completed", summary="Bandage off, no pain.")
    TranscriptTurnFactory(record=record, sequence=0, text="Hello from the clinic.")
    TranscriptTurnFactory(record=record, sequence=1, speaker="patient", text="Hi!")
    PatientResponseFactory(record=record, response="Yes, this morning.")
    response = api.get(f"{CALLS}{call.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["summary"] == "Bandage off, no pain."
    (attempt,) = body["attempts_detail"]
    assert [turn["text"] for turn in attempt["transcript"]] == ["Hello from the clinic.", "Hi!"]
    assert attempt["responses"][0]["response"] == "Yes, this morning."
    event = AccessEvent.objects.get(action="transcript")
    assert (event.patient_id, event.api_key, event.object_id) == (call.patient_id, write_key[0], str(call.pk))


def test_it_cancels_a_pending_call_with_a_reason(api):
    call = CallScheduleItemFactory()
    response = api.post(f"{CALLS}{call.pk}/cancel/", {"reason": "Readmitted"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "cancelled"
    assert "Readmitted" in response.json()["status_reason"]


def test_a_cancel_needs_a_reason_and_a_pending_call(api):
    call = CallScheduleItemFactory(status=CallStatus.COMPLETED)
    assert "reason" in api.post(f"{CALLS}{call.pk}/cancel/", {}, format="json").json()
    response = api.post(f"{CALLS}{call.pk}/cancel/", {"reason": "x"}, format="json")
    assert response.status_code == 400
    assert "already completed" in response.json()["non_field_errors"][0]


def test_it_reschedules_with_words(api):
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone="America/New_York"))
    response = api.post(f"{CALLS}{call.pk}/reschedule/", {"when": "tomorrow morning"}, format="json")
    assert response.status_code == 200, response.json()
    call.refresh_from_db()
    local = call.next_attempt_at.astimezone(call.patient.zone)
    assert local.date() == (timezone.now().astimezone(call.patient.zone) + timedelta(days=1)).date()
    assert 9 <= local.hour < 12


def test_it_reschedules_with_a_datetime_and_refuses_one_outside_the_window(api):
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone="UTC"))
    day = (timezone.now() + timedelta(days=2)).date().isoformat()
    ok = api.post(f"{CALLS}{call.pk}/reschedule/", {"when": f"{day}T14:30:00+00:00"}, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["next_attempt_at"].startswith(f"{day}T14:30")
    night = api.post(f"{CALLS}{call.pk}/reschedule/", {"when": f"{day}T03:00:00"}, format="json")
    assert night.status_code == 400
    assert "window" in night.json()["when"][0]


def test_it_rejects_when_text_it_cannot_read(api):
    call = CallScheduleItemFactory()
    response = api.post(f"{CALLS}{call.pk}/reschedule/", {"when": "when pigs fly"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["when"]


def test_it_places_a_call_now(api):
    call = CallScheduleItemFactory(
        patient=PatientFactory(time_zone=zone_in_window_now()), scheduled_for=timezone.now() + timedelta(days=1)
    )
    response = api.post(f"{CALLS}{call.pk}/call-now/", format="json")
    assert response.status_code == 200, response.json()
    call.refresh_from_db()
    assert call.next_attempt_at <= timezone.now()


def test_a_read_only_key_cannot_act_on_calls(read_api):
    call = CallScheduleItemFactory()
    assert read_api.get(f"{CALLS}{call.pk}/").status_code == 200
    for action, data in (("cancel", {"reason": "x"}), ("reschedule", {"when": "tomorrow"}), ("call-now", {})):
        assert read_api.post(f"{CALLS}{call.pk}/{action}/", data, format="json").status_code == 403
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING


def test_call_records_list_and_detail(api):
    record = CallRecordFactory(outcome="voicemail")
    other = CallRecordFactory(outcome="completed")
    TranscriptTurnFactory(record=record, text="Please call us back.")
    assert ids(api.get("/api/v1/call-records/?outcome=voicemail")) == [record.pk]
    assert ids(api.get(f"/api/v1/call-records/?call={other.call_id}")) == [other.pk]
    detail = api.get(f"/api/v1/call-records/{record.pk}/").json()
    assert detail["transcript"][0]["text"] == "Please call us back."
    assert AccessEvent.objects.filter(object_id=str(record.pk), action="transcript").exists()
