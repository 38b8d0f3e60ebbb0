"""Tool activity in a transcript reads as short plain-language events, details as labelled fields."""

from __future__ import annotations

import pytest

from calls.portal.transcript import describe_tool, transcript_lines
from tests.factories import TranscriptTurnFactory

CASES = [
    ("verify_identity", '{"first_name": "Sam"}', '{"verified": true}', "Identity confirmed", "ok"),
    (
        "verify_identity",
        '{"first_name": "Al"}',
        '{"verified": false, "attempts_left": 1}',
        "Identity not confirmed yet (1 more try)",
        "warn",
    ),
    (
        "verify_identity",
        "{}",
        '{"verified": false, "end_call": true, "say": "..."}',
        "Identity not confirmed; the agent ended the call",
        "bad",
    ),
    (
        "lookup_symptom_guidance",
        '{"symptom": "swelling after sclerotherapy"}',
        '{"found": true, "urgency": "routine", "sources": ["vm-care"]}',
        "Looked up: swelling after sclerotherapy",
        "",
    ),
    (
        "lookup_medication_info",
        '{"medication": "ibuprofen", "question": "how often"}',
        '{"found": false}',
        "Looked up: ibuprofen: how often (nothing found in the care guide)",
        "warn",
    ),
    (
        "lookup_recovery_timeline",
        '{"procedure": "sclerotherapy", "activity": "swimming"}',
        '{"found": true}',
        "Looked up: swimming after sclerotherapy",
        "",
    ),
    (
        "schedule_reminder_call",
        '{"when": "tomorrow 9"}',
        '{"scheduled": true, "local_time": "Tue 09:00"}',
        "Reminder scheduled for Tue 09:00",
        "ok",
    ),
    (
        "schedule_reminder_call",
        '{"when": "3am"}',
        '{"scheduled": false, "reason": "outside the calling hours"}',
        "Reminder not scheduled: outside the calling hours",
        "warn",
    ),
    (
        "escalate_to_nurse",
        '{"reason": "fever 39", "severity": "urgent"}',
        '{"tier": "urgent", "say": "..."}',
        "Escalated to a nurse (urgent): fever 39",
        "bad",
    ),
    ("record_patient_response", '{"question": "Bandage off?"}', "Recorded.", "Answer recorded: Bandage off?", "ok"),
    ("end_call", "{}", "Say a short, warm goodbye now.", "The agent ended the call", ""),
    ("opt_out", "{}", '{"do_not_call": true}', "The patient opted out: no more automated calls", "warn"),
]


@pytest.mark.parametrize(("name", "args", "out", "event", "tone"), CASES)
def test_tool_calls_read_as_events(name, args, out, event, tone):
    label, got_tone, details = describe_tool(f"{name}({args}) -> {out}")
    assert label.startswith(event) and got_tone == tone
    for field, value in details:
        assert "{" not in value and "}" not in value, (field, value)  # labelled fields, never raw JSON


def test_details_are_labelled_fields():
    out = '{"found": true, "urgency": "routine", "sources": ["a", "b"]}'
    _, _, details = describe_tool(f'lookup_symptom_guidance({{"symptom": "swelling"}}) -> {out}')
    assert ("Action", "lookup symptom guidance") in details
    assert ("Asked — Symptom", "swelling") in details
    assert ("Result — Urgency", "routine") in details and ("Result — Sources", "a; b") in details


def test_the_patients_zone_labels_a_reminder_time():
    label, _, details = describe_tool(
        'schedule_reminder_call({"when": "x"}) -> {"scheduled": true, "local_time": "Tue 09:00"}', "patient's time, MST"
    )
    assert label == "Reminder scheduled for Tue 09:00 (patient's time, MST)"
    assert ("Result — Local time", "Tue 09:00 (patient's time, MST)") in details


def test_unknown_and_malformed_tool_text_still_reads_plainly():
    assert describe_tool('new_tool({"a": 1}) -> {"b": 2}')[0] == "Agent action: new tool"
    label, _, details = describe_tool("not a tool call at all")
    assert label == "Agent action" and details == [("Recorded", "not a tool call at all")]
    long = describe_tool('lookup_procedure_info({"question": "' + "x" * 900 + '"}) -> {}')[2]
    assert all(len(value) <= 401 for _, value in long)


@pytest.mark.django_db
def test_speech_stays_speech_and_tools_become_events():
    agent = TranscriptTurnFactory(speaker="agent", text="Hello")
    tool = TranscriptTurnFactory(record=agent.record, speaker="tool", text='verify_identity({}) -> {"verified": true}')
    lines = transcript_lines([agent, tool])
    assert [(line.kind, line.text) for line in lines] == [("speech", "Hello"), ("event", "Identity confirmed")]
