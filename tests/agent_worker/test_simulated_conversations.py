"""Whole text-only calls: the real agent, the scripted model and each scripted patient."""

from __future__ import annotations

import pytest

from agent_worker.scripted import SCENARIO_FOR_CALL_TYPE, ScriptedLLM, ScriptedPatient
from agent_worker.simulation import run_text_call

pytestmark = pytest.mark.anyio


async def call(context: dict, scenario: str):
    return await run_text_call(
        context=context, llm=ScriptedLLM(context=context), patient=ScriptedPatient.for_call(context, scenario)
    )


@pytest.mark.parametrize(
    ("scenario", "outcome", "tools"),
    [
        ("cooperative", "completed", ["verify_identity", "record_patient_response", "end_call"]),
        (
            "question",
            "completed",
            ["verify_identity", "record_patient_response", "lookup_symptom_guidance", "end_call"],
        ),
        ("reminder", "completed", ["verify_identity", "record_patient_response", "schedule_reminder_call", "end_call"]),
        # The 911 line comes from the red-flag rules (the model is not asked); the portal escalates from the turn.
        ("red_flag", "completed", ["verify_identity", "end_call"]),
        ("no_answer", "voicemail", ["detected_answering_machine"]),
    ],
)
async def test_each_scripted_patient_gets_a_complete_call(portal, context, scenario, outcome, tools):
    state = await call(context, scenario)
    assert [e["name"] for e in portal.of_kind("tool")] == tools
    assert portal.completions[0]["outcome"] == outcome == state.final_outcome()
    turns = portal.of_kind("turn")
    assert turns[0]["speaker"] == "agent" and "automated assistant" in turns[0]["text"]
    assert len(set(portal.event_ids())) == len(portal.events)


async def test_the_transcript_is_posted_in_speaking_order(portal, context):
    await call(context, "reminder")
    speakers = [e["speaker"] for e in portal.of_kind("turn")]
    assert speakers == ["agent", "patient"] * 5 + ["agent"]
    assert portal.reminders[0]["when"] == "tomorrow morning"


async def test_a_patient_who_hangs_up_midway_ends_the_call_as_completed(portal, context):
    patient = ScriptedPatient.for_call(context, "cooperative")
    patient.lines = patient.lines[:2]
    state = await run_text_call(context=context, llm=ScriptedLLM(context=context), patient=patient)
    assert state.ended_by == "patient"
    assert portal.completions[0]["outcome"] == "completed"
    assert "The patient hung up." in portal.completions[0]["summary"]


def test_every_call_type_has_a_scripted_patient():
    call_types = {
        "discharge_reminder", "wellness_check", "medication_reminder", "wound_check", "school_return",
        "followup_appointment", "warning_signs", "patient_requested", "nurse_call",
    }  # fmt: skip
    assert set(SCENARIO_FOR_CALL_TYPE) == call_types
    with pytest.raises(ValueError, match="unknown patient scenario"):
        ScriptedPatient(scenario="chatty")
