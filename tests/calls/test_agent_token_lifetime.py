"""An agent token dies with its attempt: after the end only the last transcript posts, for a short grace."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from calls.models import CallRecord, CallScheduleItem, CallStatus, Escalation, TranscriptTurn
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory, CallScheduleItemFactory, DischargeOrderFactory

pytestmark = pytest.mark.django_db


def completed_record(*, ended_ago: timedelta) -> CallRecord:
    record = CallRecordFactory(
        call__status=CallStatus.COMPLETED,
        call__attempts=1,
        call__order=DischargeOrderFactory(title="Bandage"),
        outcome="completed",
        ended_at=timezone.now() - ended_ago,
        completion_event_id="done-1",
    )
    return record


def agent_for(record: CallRecord, attempt: int = 1):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=attempt)}")

    def post(what: str, payload: dict):
        return client.post(f"/api/v1/agent/calls/{record.call_id}/{what}/", payload, content_type="application/json")

    client.post_to = post
    return client


def assert_refused(response, status: int = 403) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_an_ended_attempts_token_reads_nothing_and_changes_no_calls(settings):
    record = completed_record(ended_ago=timedelta(seconds=5))  # inside the grace period
    waiting = CallScheduleItemFactory(patient=record.call.patient, status=CallStatus.PENDING)
    agent = agent_for(record)
    assert_refused(agent.get(f"/api/v1/agent/calls/{record.call_id}/context/"))
    assert "ended" in agent.get(f"/api/v1/agent/calls/{record.call_id}/context/").json()["detail"]
    assert_refused(agent.post_to("reminders", {"event_id": "rem-1", "when": "tomorrow morning"}))
    assert_refused(agent.post_to("opt-out", {"event_id": "opt-1"}))
    assert_refused(agent.post_to("escalations", {"reason": "Fever", "severity": "urgent"}))
    assert_refused(agent.post_to("identity", {"first_name": "Ann", "identifier": "January 1 2000"}))
    assert_refused(agent.post_to("events", {"event_id": "e-1", "kind": "escalation", "text": "chest pain"}))
    assert_refused(agent.post_to("events", {"event_id": "m-1", "kind": "message", "text": "call me"}))
    lookup = agent.post("/api/v1/agent/knowledge/symptom/", {"symptom": "fever"}, content_type="application/json")
    assert_refused(lookup)
    waiting.refresh_from_db()
    record.call.patient.refresh_from_db()
    assert waiting.status == CallStatus.PENDING and not record.call.patient.do_not_call
    assert CallScheduleItem.objects.filter(parent_record=record).count() == 0
    assert Escalation.objects.count() == 0


def test_the_last_transcript_posts_and_the_completion_replay_are_accepted_within_the_grace():
    record = completed_record(ended_ago=timedelta(seconds=5))
    agent = agent_for(record)
    turn = agent.post_to("events", {"event_id": "msg-9", "kind": "turn", "speaker": "agent", "text": "Goodbye"})
    assert turn.status_code == 201
    assert agent.post_to("complete", {"event_id": "done-1", "outcome": "completed"}).status_code == 200
    other = agent.post_to("complete", {"event_id": "done-2", "outcome": "completed"})
    assert_refused(other, 409)
    assert TranscriptTurn.objects.filter(record=record).count() == 1


@override_settings(AGENT_TOKEN_GRACE_SECONDS=60)
def test_after_the_grace_even_the_final_posts_are_refused():
    record = completed_record(ended_ago=timedelta(seconds=61))
    agent = agent_for(record)
    late = agent.post_to("events", {"event_id": "msg-9", "kind": "turn", "speaker": "agent", "text": "Bye"})
    assert_refused(late)
    assert "60 seconds" in late.json()["detail"]
    assert_refused(agent.post_to("complete", {"event_id": "done-1", "outcome": "completed"}))
    assert TranscriptTurn.objects.filter(record=record).count() == 0


def test_a_token_for_attempt_one_never_opens_attempt_two():
    first = completed_record(ended_ago=timedelta(seconds=1))
    call = first.call
    CallScheduleItem.objects.filter(pk=call.pk).update(status=CallStatus.IN_PROGRESS, attempts=2)
    second = CallRecordFactory(call=call, attempt=2)
    old = agent_for(first, attempt=1)
    for what in ("events", "complete"):
        payload = {"event_id": "x-1", "kind": "turn", "speaker": "agent", "text": "Hi", "outcome": "completed"}
        refused = old.post_to(what, payload)
        assert_refused(refused)
        assert "attempt 2" in refused.json()["detail"]
    assert_refused(old.get(f"/api/v1/agent/calls/{call.pk}/context/"))
    second.refresh_from_db()
    assert second.ended_at is None and not second.turns.exists()
    assert agent_for(second, attempt=2).get(f"/api/v1/agent/calls/{call.pk}/context/").status_code == 200


def test_an_open_attempts_token_still_does_everything():
    record = CallRecordFactory(call__status=CallStatus.IN_PROGRESS, call__attempts=1)
    agent = agent_for(record)
    assert agent.get(f"/api/v1/agent/calls/{record.call_id}/context/").status_code == 200
    assert agent.post_to("escalations", {"reason": "Fever", "severity": "urgent"}).status_code == 201
    assert agent.post_to("complete", {"event_id": "done-1", "outcome": "completed"}).status_code == 200
    assert_refused(agent.get(f"/api/v1/agent/calls/{record.call_id}/context/"))
