"""POST .../events/batch/: several events in order, each stored once, refused ones named, the rest stored;
the triage of the patient's newest words and the completion ride along (the completion after every event)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from calls.models import AgentEvent, CallRecord, CallStatus, Escalation, TranscriptTurn
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory, DischargeOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS, call__attempts=1, call__order=DischargeOrderFactory(title="Bandage")
    )


def poster(record: CallRecord, call_id: int | None = None, attempt: int = 1):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=attempt)}")
    url = f"/api/v1/agent/calls/{call_id or record.call_id}/events/batch/"
    return lambda body: client.post(url, body, content_type="application/json")


def turn(n: int, speaker: str = "agent") -> dict:
    return {"event_id": f"msg-{n}", "kind": "turn", "speaker": speaker, "text": f"line {n}"}


def test_events_are_stored_in_the_order_sent(record):
    answer = poster(record)({"events": [turn(1), turn(2, "patient"), turn(3)]})
    assert answer.status_code == 200, answer.content
    assert [r["status"] for r in answer.json()["results"]] == ["created"] * 3
    turns = TranscriptTurn.objects.filter(record=record).order_by("sequence")
    assert [(t.sequence, t.event_id) for t in turns] == [(1, "msg-1"), (2, "msg-2"), (3, "msg-3")]


def test_a_batch_sent_again_stores_nothing_twice(record):
    post = poster(record)
    post({"events": [turn(1), turn(2)]})
    again = post({"events": [turn(1), turn(2), turn(3)]})
    assert [r["status"] for r in again.json()["results"]] == ["duplicate", "duplicate", "created"]
    assert TranscriptTurn.objects.filter(record=record).count() == 3
    assert AgentEvent.objects.filter(record=record).count() == 3


def test_a_refused_event_is_named_and_the_others_are_stored(record):
    post = poster(record)
    post({"events": [turn(1)]})
    bad_kind = {"event_id": "msg-1", "kind": "response", "question": "Pain?", "response": "No"}  # id of a turn
    invalid = {"event_id": "msg-x", "kind": "turn", "speaker": "agent"}  # no text
    answer = post({"events": [bad_kind, invalid, turn(2)]}).json()["results"]
    assert [(r["event_id"], r["status"], r.get("status_code")) for r in answer] == [
        ("msg-1", "rejected", 409),
        ("msg-x", "rejected", 400),
        ("msg-2", "created", None),
    ]
    assert "text" in answer[1]["errors"]
    assert list(TranscriptTurn.objects.filter(record=record).values_list("event_id", flat=True)) == ["msg-1", "msg-2"]
    assert not AgentEvent.objects.filter(record=record, event_id="msg-x").exists()


def test_the_completion_is_applied_after_every_event_of_the_batch(record):
    done = {"event_id": "done-1", "outcome": "completed", "summary": "Spoke with the patient."}
    answer = poster(record)({"events": [turn(1), turn(2)], "complete": done}).json()
    assert answer["completion"]["status"] == "stored"
    record.refresh_from_db()
    assert record.ended_at is not None and record.completion_event_id == "done-1"
    assert TranscriptTurn.objects.filter(record=record).count() == 2
    record.call.refresh_from_db()
    assert record.call.status != CallStatus.IN_PROGRESS


def test_the_triage_answers_after_the_events_are_stored(record):
    patient = {"event_id": "msg-2", "kind": "turn", "speaker": "patient", "text": "I have chest pain right now"}
    answer = poster(record)({"events": [turn(1), patient], "triage": "I have chest pain right now"}).json()
    assert answer["triage"]["tier"] == "emergent"
    assert answer["triage"]["say"]
    assert TranscriptTurn.objects.filter(record=record).count() == 2
    assert Escalation.objects.filter(record=record).exists()


def test_an_ended_attempt_takes_late_turns_but_no_triage_and_no_escalation(record):
    CallRecord.objects.filter(pk=record.pk).update(ended_at=timezone.now() - timedelta(seconds=5))
    escalation = {"event_id": "esc-1", "kind": "escalation", "text": "chest pain"}
    answer = poster(record)({"events": [turn(1), escalation], "triage": "chest pain"}).json()
    assert [r["status"] for r in answer["results"]] == ["created", "rejected"]
    assert answer["results"][1]["status_code"] == 403
    assert answer["triage"]["status_code"] == 403


def test_a_token_for_another_call_is_refused_and_nothing_is_written(record):
    other = CallRecordFactory(call__status=CallStatus.IN_PROGRESS, call__attempts=1)
    answer = poster(record, call_id=other.call_id)({"events": [turn(1)]})
    assert answer.status_code == 403
    assert not TranscriptTurn.objects.exists()


@pytest.mark.parametrize("body", [{}, {"events": "turn"}, {"events": [turn(n) for n in range(201)]}])
def test_a_malformed_batch_is_refused_whole(record, body):
    answer = poster(record)(body)
    assert answer.status_code == 400
    assert not TranscriptTurn.objects.exists()


def patient_turn(event_id: str, text: str, **extra: object) -> dict:
    return {"event_id": event_id, "kind": "turn", "speaker": "patient", "text": text, **extra}


def test_a_patient_turn_is_triaged_as_stored_and_its_reading_answered(record):
    local = {"tier": "emergent", "keys": ["chest_pain"], "catalogue": "abc"}
    answer = poster(record)({"events": [turn(1), patient_turn("msg-2", "I have chest pain.", triage=local)]})
    results = answer.json()["results"]
    assert "triage" not in results[0]  # the agent's own line: nothing to read
    reading = results[1]["triage"]
    assert (reading["tier"], reading["keys"], reading["agrees"]) == ("emergent", ["chest_pain"], True)
    assert reading["say"].startswith("Please hang up and call 911 now.")
    [escalation] = Escalation.objects.filter(record=record)
    assert (escalation.tier, escalation.rule_key, escalation.source) == ("emergent", "chest_pain", "rule")


def test_where_the_agents_reading_differs_the_portals_stands_and_the_agent_is_told(record):
    # The agent's worker read the turn with other data (an older catalogue) and found nothing.
    local = {"tier": None, "keys": [], "catalogue": "older"}
    answer = poster(record)({"events": [patient_turn("msg-1", "My calf is swollen and it hurts.", triage=local)]})
    reading = answer.json()["results"][0]["triage"]
    assert reading["agrees"] is False and reading["tier"] == "urgent" and reading["say"]
    assert reading["catalogue"] != "older"
    [escalation] = Escalation.objects.filter(record=record)
    assert escalation.tier == "urgent"  # raised by the portal's reading, whatever the agent's said


def test_a_replayed_patient_turn_gets_the_same_reading_and_raises_nothing_twice(record):
    post = poster(record)
    first = post({"events": [patient_turn("msg-1", "I have chest pain.")]}).json()["results"][0]
    again = post({"events": [patient_turn("msg-1", "I have chest pain.")]}).json()["results"][0]
    assert again["status"] == "duplicate"
    assert again["triage"]["tier"] == first["triage"]["tier"] == "emergent"
    assert first["triage"]["agrees"] is None  # the agent sent no reading of its own
    assert Escalation.objects.filter(record=record).count() == 1
