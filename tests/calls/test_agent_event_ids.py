"""One event id is one event: never a turn and a response, never a reminder twice, whatever the endpoint."""

from __future__ import annotations

import pytest
from django.test import Client

from calls.models import AgentEvent, CallScheduleItem, CallStatus, Escalation, PatientResponse, TranscriptTurn
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory, DischargeOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS, call__attempts=1, call__order=DischargeOrderFactory(title="Bandage")
    )


@pytest.fixture
def post(record):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")
    return lambda what, payload: client.post(
        f"/api/v1/agent/calls/{record.call_id}/{what}/", payload, content_type="application/json"
    )


def test_an_id_used_for_a_turn_is_refused_for_a_response(post, record):
    assert post("events", {"event_id": "e-1", "kind": "turn", "speaker": "patient", "text": "Hi"}).status_code == 201
    again = post("events", {"event_id": "e-1", "kind": "response", "question": "Pain?", "response": "No"})
    assert again.status_code == 409
    assert "e-1" in again.json()["detail"] and "turn" in again.json()["detail"]
    assert not PatientResponse.objects.filter(record=record).exists()
    assert TranscriptTurn.objects.filter(record=record).count() == 1


def test_an_id_used_for_a_response_is_refused_for_a_turn_and_a_tool_call(post, record):
    assert post("events", {"event_id": "e-2", "kind": "response", "question": "Q", "response": "A"}).status_code == 201
    turn = post("events", {"event_id": "e-2", "kind": "turn", "speaker": "agent", "text": "Hello"})
    tool = post("events", {"event_id": "e-2", "kind": "tool", "name": "lookup"})
    assert (turn.status_code, tool.status_code) == (409, 409)
    assert not TranscriptTurn.objects.filter(record=record).exists()


def test_the_completion_id_cannot_name_another_event(post, record):
    post("events", {"event_id": "shared", "kind": "turn", "speaker": "agent", "text": "Bye"})
    done = post("complete", {"event_id": "shared", "outcome": "completed"})
    assert done.status_code == 409
    record.refresh_from_db()
    assert record.ended_at is None


def test_a_reminder_event_replayed_books_one_call_and_answers_the_same(post, record):
    first = post("reminders", {"event_id": "rem-1", "when": "tomorrow at 10am", "purpose": "Bandage check"})
    second = post("reminders", {"event_id": "rem-1", "when": "in 3 days", "purpose": "Something else"})
    assert first.status_code == 201 and second.status_code == 200
    assert second.json() == first.json()
    assert CallScheduleItem.objects.filter(parent_record=record).count() == 1
    clash = post("escalations", {"event_id": "rem-1", "reason": "Fever", "severity": "urgent"})
    assert clash.status_code == 409
    assert not Escalation.objects.exists()


def test_escalation_and_opt_out_ids_act_once(post, record):
    first = post("escalations", {"event_id": "esc-1", "reason": "Fever", "severity": "urgent"})
    second = post("escalations", {"event_id": "esc-1", "reason": "Fever", "severity": "urgent"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert post("opt-out", {"event_id": "opt-1"}).status_code == 200
    assert post("opt-out", {"event_id": "opt-1"}).json()["do_not_call"] is True
    assert post("events", {"event_id": "opt-1", "kind": "message", "text": "x"}).status_code == 409
    kinds = dict(AgentEvent.objects.filter(record=record).values_list("event_id", "kind"))
    assert kinds == {"esc-1": "escalate", "opt-1": "opt_out"}


def test_same_id_same_kind_is_still_a_harmless_replay(post, record):
    payload = {"event_id": "msg-1", "kind": "turn", "speaker": "agent", "text": "Hello"}
    assert [post("events", payload).status_code for _ in range(3)] == [201, 200, 200]
    assert TranscriptTurn.objects.filter(record=record).count() == 1
