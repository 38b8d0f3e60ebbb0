"""The call page polls in every state that can change, stops at a final one, and shows the progress."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls.models import CallStatus
from tests.factories import CallRecordFactory, CallScheduleItemFactory, TranscriptTurnFactory

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    ("status", "due_in", "seconds"),
    [
        (CallStatus.PENDING, timedelta(minutes=-1), 5),  # due now: "Call now" was just pressed
        (CallStatus.PENDING, timedelta(days=1), 30),  # waiting for tomorrow: a slow look
        (CallStatus.QUEUED, timedelta(0), 3),
        (CallStatus.IN_PROGRESS, timedelta(0), 3),
    ],
)
def test_every_non_final_state_polls(nurse_client, status, due_in, seconds):
    call = CallScheduleItemFactory(status=status, next_attempt_at=timezone.now() + due_in)
    html = nurse_client.get(f"/calls/{call.pk}/").content.decode()
    assert f'hx-trigger="every {seconds}s"' in html
    response = nurse_client.get(f"/calls/{call.pk}/", {"shown": status}, headers=HX)
    assert response.status_code == 200 and 'id="call-live"' in response.content.decode()


@pytest.mark.parametrize(
    "status", [CallStatus.COMPLETED, CallStatus.FAILED, CallStatus.CANCELLED, CallStatus.VOICEMAIL]
)
def test_a_final_state_stops_polling(nurse_client, status):
    call = CallScheduleItemFactory(status=status)
    assert "hx-trigger" not in nurse_client.get(f"/calls/{call.pk}/").content.decode().split('id="call-live"')[1][:400]
    response = nurse_client.get(f"/calls/{call.pk}/", {"shown": "in_progress"}, headers=HX)
    assert response.status_code == 286  # htmx: stop polling


def test_actions_come_back_only_when_the_status_moved(nurse_client):
    call = CallScheduleItemFactory(status=CallStatus.PENDING, next_attempt_at=timezone.now() + timedelta(days=1))
    same = nurse_client.get(f"/calls/{call.pk}/", {"shown": "pending"}, headers=HX).content.decode()
    assert 'id="call-actions"' not in same  # a nurse typing a reschedule reason is not interrupted
    moved = nurse_client.get(f"/calls/{call.pk}/", {"shown": "queued"}, headers=HX).content.decode()
    assert 'id="call-actions"' in moved and 'id="call-schedule"' in moved


def test_progress_steps_show_the_transitions(nurse_client):
    call = CallScheduleItemFactory(status=CallStatus.IN_PROGRESS, attempts=1, claimed_at=timezone.now())
    record = CallRecordFactory(call=call, attempt=1, answered_at=timezone.now())
    TranscriptTurnFactory(record=record, text="Hello Sam.")
    html = nurse_client.get(f"/calls/{call.pk}/").content.decode()
    assert "Planned" in html and "dialling" in html and "answered, in conversation" in html
    call.status = CallStatus.COMPLETED
    call.save()
    record.outcome, record.ended_at = "completed", timezone.now()
    record.save()
    html = nurse_client.get(f"/calls/{call.pk}/", {"shown": "in_progress"}, headers=HX).content.decode()
    assert "ended: completed" in html and 'class="step step-current"' not in html
    assert "End of attempt 1" in html  # the whole conversation, to its end
