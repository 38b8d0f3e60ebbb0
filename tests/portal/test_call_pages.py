from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from calls.models import CallStatus, CallType
from postop.models import AccessEvent
from tests.factories import (
    CallRecordFactory,
    CallScheduleItemFactory,
    PatientFactory,
    PatientResponseFactory,
    TranscriptTurnFactory,
)

pytestmark = pytest.mark.django_db


def test_list_filters_by_status_type_and_date(nurse_client):
    patient = PatientFactory(last_name="Filterson")
    day = datetime(2025, 3, 10, 15, 0, tzinfo=ZoneInfo("UTC"))
    wanted = CallScheduleItemFactory(
        patient=patient, status=CallStatus.FAILED, call_type=CallType.SCHOOL_RETURN, scheduled_for=day
    )
    CallScheduleItemFactory(status=CallStatus.PENDING, call_type=CallType.SCHOOL_RETURN, scheduled_for=day)
    CallScheduleItemFactory(status=CallStatus.FAILED, call_type=CallType.WOUND_CHECK, scheduled_for=day)
    CallScheduleItemFactory(
        status=CallStatus.FAILED, call_type=CallType.SCHOOL_RETURN, scheduled_for=day + timedelta(days=2)
    )
    query = "?status=failed&call_type=school_return&date_from=2025-03-10&date_to=2025-03-10"
    response = nurse_client.get("/calls/" + query)
    assert [c.pk for c in response.context["page"].object_list] == [wanted.pk]
    partial = nurse_client.get("/calls/" + query, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<div id="calls-table">')
    assert "Filterson" in partial


def test_list_explains_a_backwards_date_range(nurse_client):
    response = nurse_client.get("/calls/?date_from=2025-03-10&date_to=2025-03-01")
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()


def test_detail_shows_attempts_responses_summary_and_transcript(nurse_client, nurse):
    call = CallScheduleItemFactory(status=CallStatus.COMPLETED, attempts=2)
    CallRecordFactory(
        call=call, attempt=1, outcome="no_answer", sip_status_code=480, sip_status="Temporarily Unavailable"
    )
    record = CallRecordFactory(call=call, attempt=2, outcome="completed", summary="Bandage off; no concerns.")
    TranscriptTurnFactory(record=record, text="Have you removed the bandage?")
    PatientResponseFactory(record=record, question="Bandage removed?", response="Yes")
    html = nurse_client.get(f"/calls/{call.pk}/").content.decode()
    for text in (
        "480 Temporarily Unavailable",
        "Bandage off; no concerns.",
        "Have you removed the bandage?",
        "Bandage removed?",
        "Simulated call — no phone call was placed",
        call.llm_prompt,
    ):
        assert text in html
    assert 'hx-trigger="every' not in html  # a finished call is not polled
    event = AccessEvent.objects.get()
    assert event.user == nurse and event.object_id == str(call.pk)


def test_live_call_polls_and_the_poll_stops_when_it_ends(nurse_client):
    call = CallScheduleItemFactory(status=CallStatus.IN_PROGRESS, attempts=1)
    record = CallRecordFactory(call=call)
    page = nurse_client.get(f"/calls/{call.pk}/").content.decode()
    assert 'hx-trigger="every 3s"' in page
    TranscriptTurnFactory(record=record, text="I feel fine today.")
    poll = nurse_client.get(f"/calls/{call.pk}/", headers={"HX-Request": "true"})
    assert poll.status_code == 200
    assert "I feel fine today." in poll.content.decode()
    call.status = CallStatus.COMPLETED
    call.save()
    final = nurse_client.get(f"/calls/{call.pk}/", headers={"HX-Request": "true"})
    assert final.status_code == 286  # htmx stops polling
    assert "Completed" in final.content.decode()
    assert 'id="call-status" hx-swap-oob="true"' in final.content.decode()
    assert 'id="call-actions" aria-labelledby="actions-heading" hx-swap-oob="true"' in final.content.decode()


def test_cancel_needs_a_reason_and_keeps_the_form(nurse_client):
    call = CallScheduleItemFactory(scheduled_for=timezone.now() + timedelta(days=1))
    response = nurse_client.post(f"/calls/{call.pk}/cancel/", {"cancel-reason": ""})
    assert response.status_code == 400
    assert "Say why the call is cancelled" in response.content.decode()
    call.refresh_from_db()
    assert call.status == CallStatus.PENDING


def test_cancel_through_the_service(nurse_client):
    call = CallScheduleItemFactory(scheduled_for=timezone.now() + timedelta(days=1))
    response = nurse_client.post(f"/calls/{call.pk}/cancel/", {"cancel-reason": "Re-admitted"}, follow=True)
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    assert "Re-admitted" in call.status_reason
    assert "The call is cancelled" in response.content.decode()


def test_a_refused_action_shows_the_services_message(nurse_client):
    call = CallScheduleItemFactory(status=CallStatus.COMPLETED)
    response = nurse_client.post(f"/calls/{call.pk}/call-now/")
    assert response.status_code == 400
    assert "already completed" in response.content.decode()


def test_reschedule_with_words_and_a_bad_phrase_keeps_the_text(nurse_client):
    call = CallScheduleItemFactory(scheduled_for=timezone.now() + timedelta(hours=2))
    bad = nurse_client.post(
        f"/calls/{call.pk}/reschedule/", {"reschedule-when_text": "when pigs fly", "reschedule-reason": "asked"}
    )
    assert bad.status_code == 400
    assert 'value="when pigs fly"' in bad.content.decode()
    ok = nurse_client.post(
        f"/calls/{call.pk}/reschedule/", {"reschedule-when_text": "in 3 days", "reschedule-reason": "asked"}
    )
    assert ok.status_code == 302
    call.refresh_from_db()
    assert call.next_attempt_at > timezone.now() + timedelta(days=2)


def test_reschedule_with_the_picker_reads_the_patients_wall_clock(nurse_client):
    call = CallScheduleItemFactory(patient=PatientFactory(time_zone="America/Los_Angeles"))
    day = (timezone.now() + timedelta(days=3)).astimezone(ZoneInfo("America/Los_Angeles")).date()
    response = nurse_client.post(f"/calls/{call.pk}/reschedule/", {"reschedule-when_at": f"{day.isoformat()}T11:15"})
    assert response.status_code == 302
    call.refresh_from_db()
    local = call.next_attempt_at.astimezone(ZoneInfo("America/Los_Angeles"))
    assert (local.date(), local.hour, local.minute) == (day, 11, 15)
