"""Agent events, reminders, completion and knowledge lookups: idempotent, validated, scoped."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus, CallType, CreatedBy, PatientResponse, TranscriptTurn
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory, DischargeOrderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record():
    return CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS, call__attempts=1, call__order=DischargeOrderFactory(title="School return")
    )


@pytest.fixture
def agent(record):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")

    def post(what: str, payload: dict) -> object:
        return client.post(f"/api/v1/agent/calls/{record.call_id}/{what}/", payload, content_type="application/json")

    client.post_to = post
    return client


def test_turns_are_stored_once_in_order(agent, record):
    first = agent.post_to("events", {"event_id": "msg-1", "kind": "turn", "speaker": "agent", "text": "Hello"})
    agent.post_to("events", {"event_id": "msg-2", "kind": "turn", "speaker": "patient", "text": "Hi"})
    again = agent.post_to("events", {"event_id": "msg-1", "kind": "turn", "speaker": "agent", "text": "Hello"})
    assert (first.status_code, again.status_code) == (201, 200)
    turns = list(TranscriptTurn.objects.filter(record=record).values_list("sequence", "speaker", "text"))
    assert turns == [(1, "agent", "Hello"), (2, "patient", "Hi")]
    record.refresh_from_db()
    assert record.last_activity_at is not None


def test_tool_calls_and_responses_land_where_the_call_page_reads_them(agent, record):
    agent.post_to(
        "events",
        {"event_id": "tool-1", "kind": "tool", "name": "lookup_symptom_guidance", "arguments": "{}", "output": "ok"},
    )
    agent.post_to("events", {"event_id": "resp-1", "kind": "response", "question": "Ready?", "response": "Yes"})
    agent.post_to("events", {"event_id": "resp-1", "kind": "response", "question": "Ready?", "response": "Yes"})
    assert TranscriptTurn.objects.get(record=record).speaker == "tool"
    assert list(PatientResponse.objects.filter(record=record).values_list("question", "response")) == [
        ("Ready?", "Yes")
    ]


def test_an_escalation_flags_the_call_for_a_nurse(agent, record):
    agent.post_to("events", {"event_id": "esc-1", "kind": "escalation", "text": "chest pain"})
    record.call.refresh_from_db()
    assert record.call.needs_attention is True
    assert PatientResponse.objects.get(record=record).response == "chest pain"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "turn", "speaker": "agent", "text": "x"}, "event_id"),
        ({"event_id": "e", "kind": "shout", "text": "x"}, "kind"),
        ({"event_id": "e", "kind": "turn", "speaker": "robot", "text": "x"}, "speaker"),
        ({"event_id": "e", "kind": "turn", "speaker": "agent"}, "text"),
        ({"event_id": "e", "kind": "response", "question": "q"}, "response"),
        ({"event_id": "e" * 65, "kind": "turn", "speaker": "agent", "text": "x"}, "event_id"),
    ],
)
def test_invalid_events_get_400_with_field_errors(agent, payload, field):
    response = agent.post_to("events", payload)
    assert response.status_code == 400
    assert field in response.json()


def test_a_reminder_for_tomorrow_morning_is_a_patient_requested_call_at_nine(agent, record):
    response = agent.post_to("reminders", {"event_id": "rem-1", "when": "tomorrow morning", "purpose": "School"})
    assert response.status_code == 201
    reminder = CallScheduleItem.objects.get(pk=response.json()["call_id"])
    local = reminder.scheduled_for.astimezone(record.call.patient.zone)
    assert (local.date() - timezone.now().astimezone(record.call.patient.zone).date()).days == 1
    assert (local.hour, local.minute) == (9, 0)
    assert reminder.call_type == CallType.PATIENT_REQUESTED and reminder.created_by == CreatedBy.AGENT
    assert reminder.parent_record == record and reminder.status == CallStatus.PENDING
    assert "School" in reminder.llm_prompt and reminder.order == record.call.order
    assert response.json()["local_time"].endswith("at 9:00 AM")
    again = agent.post_to("reminders", {"event_id": "rem-1", "when": "tomorrow morning", "purpose": "School"})
    assert again.status_code == 200 and again.json()["call_id"] == reminder.pk


@pytest.mark.parametrize(
    ("when", "reason"),
    [("whenever the moon is blue", "could not be understood"), ("tomorrow at 8 pm", "outside the calling hours")],
)
def test_a_reminder_that_cannot_be_scheduled_says_why(agent, when, reason):
    response = agent.post_to("reminders", {"when": when, "purpose": "x"})
    assert response.status_code == 400
    assert reason in response.json()["when"][0]
    assert not CallScheduleItem.objects.filter(created_by=CreatedBy.AGENT).exists()


def test_no_reminder_for_a_patient_who_asked_not_to_be_called(agent, record):
    record.call.patient.do_not_call = True
    record.call.patient.save()
    response = agent.post_to("reminders", {"when": "tomorrow morning", "purpose": "x"})
    assert response.status_code == 400 and "asked not to be called" in response.json()["when"][0]


def test_completion_is_accepted_once(agent, record):
    done = agent.post_to("complete", {"event_id": "done-1", "outcome": "completed", "summary": "All good."})
    replay = agent.post_to("complete", {"event_id": "done-1", "outcome": "completed", "summary": "All good."})
    other = agent.post_to("complete", {"event_id": "done-2", "outcome": "voicemail", "summary": ""})
    assert (done.status_code, replay.status_code, other.status_code) == (200, 200, 409)
    record.refresh_from_db()
    record.call.refresh_from_db()
    assert (record.outcome, record.summary, record.completion_event_id) == ("completed", "All good.", "done-1")
    assert record.ended_at is not None and record.call.status == CallStatus.COMPLETED


def test_completion_rejects_an_unknown_outcome(agent):
    response = agent.post_to("complete", {"event_id": "d", "outcome": "great"})
    assert response.status_code == 400 and "outcome" in response.json()


def test_late_events_after_completion_are_still_kept(agent, record):
    agent.post_to("complete", {"event_id": "done-1", "outcome": "completed"})
    response = agent.post_to("events", {"event_id": "msg-9", "kind": "turn", "speaker": "agent", "text": "Goodbye"})
    assert response.status_code == 201


def test_knowledge_lookups_call_the_rag_functions(agent):
    from knowledge.rag import LookupAnswer

    answer = LookupAnswer(found=True, answer="Mild swelling is normal.", sources=["Guide"], urgency="routine")
    with mock.patch("knowledge.rag.lookup_symptom_guidance", return_value=answer) as lookup:
        response = agent.post(
            "/api/v1/agent/knowledge/symptom/", {"symptom": "swelling"}, content_type="application/json"
        )
    assert response.status_code == 200
    assert response.json()["answer"] == "Mild swelling is normal." and response.json()["urgency"] == "routine"
    lookup.assert_called_once_with(symptom="swelling", procedure_groups=[], language="en")
    missing = agent.post("/api/v1/agent/knowledge/medication/", {"question": "?"}, content_type="application/json")
    assert missing.status_code == 400 and "medication" in missing.json()
    assert agent.post("/api/v1/agent/knowledge/astrology/", {}, content_type="application/json").status_code == 404


def test_events_keep_a_long_call_from_being_recovered(agent, record):
    record.call.lease_expires_at = timezone.now() - timedelta(minutes=1)
    record.call.save()
    agent.post_to("events", {"event_id": "msg-1", "kind": "turn", "speaker": "agent", "text": "Still here"})
    record.call.refresh_from_db()
    assert record.call.lease_expires_at > timezone.now()
