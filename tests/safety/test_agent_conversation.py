"""What the agent says, through livekit-agents' testing API with the scripted model and a local fake portal:
opening disclosure, 911 first for an emergency, tiers, screening assistants, identity failure, opt-out, voicemail."""

from __future__ import annotations

import asyncio

import pytest

from agent_worker.agents import VOICEMAIL_MAX_WORDS, voicemail_text
from agent_worker.scripted import ScriptedLLM, ScriptedPatient
from agent_worker.simulation import run_text_call
from tests.agent_worker.conftest import FakePortal, free_port, make_context, start_portal
from tests.agent_worker.test_followup_agent_tools import Call

pytestmark = pytest.mark.anyio
PRIVATE = ("bandage", "compression", "sclerotherapy", "malformation", "procedure", "surgery")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def portal(anyio_backend):
    fake = FakePortal()
    runner = await start_portal(fake, free_port())
    yield fake
    await runner.cleanup()


@pytest.fixture
def context(portal):
    return make_context(portal.url)


def agent_texts(call: Call) -> list[str]:
    return [i.text_content or "" for i in call.session.history.items if getattr(i, "role", "") == "assistant"]


async def test_the_first_words_name_the_provider_the_number_and_that_it_is_automated(portal, context):
    async with Call(context) as call:
        [opening] = agent_texts(call)
    assert "Riverside Vascular Clinic" in opening and "212-555-0100" in opening
    assert "automated assistant" in opening and "not a person" in opening
    assert not any(word in opening.lower() for word in PRIVATE)


def test_the_voicemail_is_under_a_minute_and_carries_no_health_information(context):
    long_name = dict(context, clinic={"name": "Riverside Vascular and Interventional Radiology Clinic of the "
                                              "Greater Hudson Valley", "callback_number": "+12125550100"})  # fmt: skip
    for ctx in (context, long_name):
        message = voicemail_text(ctx)
        assert len(message.split()) <= VOICEMAIL_MAX_WORDS
        assert ctx["clinic"]["name"] in message and "212-555-0100" in message
        assert not any(word in message.lower() for word in PRIVATE)


async def test_an_emergency_gets_the_911_instruction_before_anything_else(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        before = len(agent_texts(call))
        result = await call.session.run(user_input="I have chest pain and I can't breathe well.")
        first_reply = result.expect.contains_message(role="assistant").event().item.text_content
        # The portal escalates from the patient's turn, which went to it before the agent's line ended.
        [turn] = [e for e in portal.of_kind("turn") if "chest pain" in e["text"]]
        await call.portal.flush(5)
        replies = agent_texts(call)[before:]
    assert first_reply.startswith("Please hang up and call 911 now.")
    assert replies[0].startswith("Please hang up and call 911 now.")
    assert turn["speaker"] == "patient" and turn["triage"]["tier"] == "emergent"


async def test_an_emergency_before_identity_is_confirmed_still_gets_911_first(portal, context):
    async with Call(context) as call:
        result = await call.session.run(user_input="He passed out and has chest pain!")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
    assert reply.startswith("Please hang up and call 911 now.")


@pytest.mark.parametrize(
    ("said", "severity", "promise"),
    [
        ("The redness is getting worse and my temp is 101.5.", "urgent", "today"),
        ("Could a nurse call me about my vitamins?", "routine", "call the patient back by"),
    ],
)
async def test_urgent_and_routine_concerns_reach_a_nurse_with_their_tier(portal, context, said, severity, promise):
    async with Call(context) as call:
        await call.confirmed()
        result = await call.session.run(user_input=said)
        result.expect.contains_function_call(name="escalate_to_nurse")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
    assert [e["severity"] for e in portal.escalations] == [severity]
    assert promise in reply and "911 now" not in reply


async def test_a_call_screening_assistant_hears_only_the_provider_and_a_follow_up_call(portal, context):
    async with Call(context) as call:
        result = await call.session.run(
            user_input="The person you're calling is using a screening service. Say your name and why you're calling."
        )
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
        result.expect.no_more_events()
    assert (
        reply
        == "This is the automated assistant of Riverside Vascular Clinic with a follow-up call. Please put me through."
    )
    assert "Maya" not in reply and not any(word in reply.lower() for word in PRIVATE)


async def test_a_failed_identity_check_ends_politely_without_disclosure(portal, context):
    state = await run_text_call(
        context=context, llm=ScriptedLLM(context=context), patient=ScriptedPatient.for_call(context, "identity_fail")
    )
    said = [e["text"] for e in portal.of_kind("turn") if e["speaker"] == "agent"]
    assert len(portal.identity_checks) == 2 and state.identity_failed
    assert "doesn't match our records" in said[2]
    assert "only speak with Maya or their parent or guardian" in said[-1] and "212-555-0100" in said[-1]
    assert not any(word in text.lower() for text in said for word in PRIVATE)
    assert portal.of_kind("response") == [] and portal.lookups == []
    [done] = portal.completions
    assert done["outcome"] == "declined" and "could not confirm" in done["summary"]


async def test_stop_calling_me_opts_out_confirms_and_ends_the_call(portal, context):
    state = await run_text_call(
        context=context, llm=ScriptedLLM(context=context), patient=ScriptedPatient.for_call(context, "opt_out")
    )
    assert len(portal.opt_outs) == 1 and state.opted_out and state.ended_by == "agent"
    goodbye = [e["text"] for e in portal.of_kind("turn") if e["speaker"] == "agent"][-1]
    assert "won't get any more automated calls" in goodbye and "212-555-0100" in goodbye
    assert "do-not-call is set" in portal.completions[0]["summary"]


@pytest.mark.parametrize(
    ("scenario", "tools"),
    [
        # Emergent: the red-flag rules give the 911 line (the model is not asked); the portal escalates from the turn.
        ("red_flag", ["verify_identity", "end_call"]),
        ("urgent", ["verify_identity", "escalate_to_nurse", "lookup_symptom_guidance", "end_call"]),
        ("routine", ["verify_identity", "record_patient_response", "escalate_to_nurse", "end_call"]),
        ("screening", ["verify_identity", "record_patient_response", "end_call"]),
    ],
)
async def test_the_scripted_patients_exercise_every_tier(portal, context, scenario, tools):
    await run_text_call(
        context=context, llm=ScriptedLLM(context=context), patient=ScriptedPatient.for_call(context, scenario)
    )
    await asyncio.sleep(0)
    assert [e["name"] for e in portal.of_kind("tool")] == tools
    tiers = {"red_flag": [], "urgent": ["urgent"], "routine": ["routine"], "screening": []}[scenario]
    assert [e["severity"] for e in portal.escalations] == tiers
    read = [t["triage"]["tier"] for t in portal.of_kind("turn") if (t.get("triage") or {}).get("tier") == "emergent"]
    assert read == (["emergent"] if scenario == "red_flag" else [])
