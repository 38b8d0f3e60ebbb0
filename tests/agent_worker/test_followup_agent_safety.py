"""Voicemail, identity confirmation, no diagnosis, red flags: the rules the preamble promises."""

from __future__ import annotations

import asyncio

import pytest

from agent_worker.agents import build_instructions, voicemail_text
from tests.agent_worker.test_followup_agent_tools import Call

pytestmark = pytest.mark.anyio


def test_instructions_carry_the_fixed_preamble_before_the_calls_prompt(context):
    text = build_instructions(context)
    for rule in (
        "automated assistant",
        "Riverside Vascular Clinic",
        "+12125550100",
        "confirm you are speaking with Maya or their parent or legal guardian",
        "Never diagnose",
        "call 911",
        "escalate_to_nurse",
        "verify_identity",
    ):
        assert rule in text
    assert text.index("Never diagnose") < text.index("Has the bandage been removed")


def test_voicemail_names_clinic_first_name_and_number_but_no_health_information(context):
    message = voicemail_text(context)
    assert "Riverside Vascular Clinic" in message and "Maya" in message and "212-555-0100" in message
    for private in ("bandage", "compression", "Sclerotherapy", "procedure", "surgery", "medication"):
        assert private.lower() not in message.lower()


async def test_an_answering_machine_gets_the_voicemail_and_the_call_ends_as_voicemail(portal, context):
    async with Call(context) as call:
        result = await call.session.run(user_input="You've reached Maya. Please leave a message after the tone.")
        result.expect.next_event().is_function_call(name="detected_answering_machine")
        result.expect.next_event().is_function_call_output()
        spoken = result.expect.next_event().is_message(role="assistant").event().item.text_content
        for _ in range(50):
            if call.state.completion_posted:
                break
            await asyncio.sleep(0.02)
        await call.portal.flush(5)
    assert spoken == voicemail_text(context)
    [done] = portal.completions
    assert done["outcome"] == "voicemail"
    assert "no health information" in done["summary"]


async def test_it_shares_nothing_until_identity_is_confirmed(portal, context):
    async with Call(context) as call:
        greeting = call.session.history.items[-1].text_content
        result = await call.session.run(user_input="No, wrong number.")
        result.expect.next_event().is_function_call(name="end_call")
        result.expect.next_event().is_function_call_output()
        goodbye = result.expect.next_event().is_message(role="assistant").event().item.text_content
    assert "Am I speaking with Maya, or their parent or guardian?" in greeting
    for said in (greeting, goodbye):
        assert "bandage" not in said.lower() and "sclerotherapy" not in said.lower()
    assert "only speak with Maya or their parent or guardian" in goodbye
    assert portal.of_kind("response") == []


async def test_it_asks_the_calls_question_once_the_guardian_confirms(portal, context):
    async with Call(context) as call:
        result = await call.session.run(user_input="Yes, I'm her mom.")
        ask = result.expect.next_event().is_message(role="assistant").event().item.text_content
        result = await call.session.run(user_input="Maya, March 4, 2015.")
        result.expect.next_event().is_function_call(
            name="verify_identity",
            arguments={"first_name": "Maya", "identifier": "March 4, 2015", "speaking_with": "caregiver"},
        )
        result.expect.next_event().is_function_call_output()
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
        result.expect.no_more_events()
    assert "first name and date of birth" in ask and "bandage" not in ask.lower()
    assert reply == "Thank you for confirming. Has the bandage been removed as instructed?"


async def test_it_refuses_to_diagnose(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        await call.session.run(user_input="Yes, it's off.")
        result = await call.session.run(user_input="The skin is warm. Do I have an infection?")
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
        result.expect.no_more_events()
    assert "not able to diagnose" in reply
    assert "911" in reply and "212-555-0100" in reply
    assert portal.lookups == []


async def test_a_red_flag_is_escalated_and_the_patient_told_to_call_911(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        result = await call.session.run(user_input="I have chest pain and trouble breathing.")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
        # The portal raises the escalation from the turn: it was sent at once, before the agent's line ended.
        [turn] = [e for e in portal.of_kind("turn") if "chest pain" in e["text"]]
        await call.portal.flush(5)
    assert reply.startswith("Please hang up and call 911 now.")
    assert turn["speaker"] == "patient" and turn["triage"]["tier"] == "emergent"
    assert "chest_pain" in turn["triage"]["keys"]


async def test_without_a_red_flag_the_patients_turn_waits_for_the_next_batch(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        sent = len(portal.paths)
        await call.session.run(user_input="Yes, I took it off this morning.")
        assert len(portal.paths) == sent  # no request of its own: the turn goes with the next batch
        await call.portal.flush(5)
    [turn] = [e for e in portal.of_kind("turn") if "took it off" in e["text"]]
    assert turn["triage"]["tier"] is None
    assert not any(path.endswith("/triage/") for path in portal.paths)


async def test_where_the_portal_reads_a_turn_as_more_serious_its_instruction_is_said_next(portal, context):
    # The portal's rules (say, a newer catalogue) find an urgent red flag in words the agent's own rules pass.
    say = "Those can be signs of a problem at the site. Please call the clinic now."
    portal.triage_answers = {"feels kind of funny": {"tier": "urgent", "title": "Site concern", "say": say}}
    async with Call(context) as call:
        await call.confirmed()
        first = await call.session.run(user_input="The bandage area feels kind of funny.")
        first_reply = first.expect.contains_message(role="assistant").event().item.text_content
        async with asyncio.timeout(10):
            while not call.state.triage_mismatches:  # the next batch's answer carries the portal's reading
                await asyncio.sleep(0.02)
        result = await call.session.run(user_input="Okay.")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
    assert say not in first_reply
    assert reply.startswith(say)
    [mismatch] = call.state.triage_mismatches
    assert (mismatch["local"], mismatch["server"]) == (None, "urgent")
    assert call.state.safety_lines == ["urgent"]
    [turn] = [e for e in portal.of_kind("turn") if "feels kind of funny" in e["text"]]
    assert turn["triage"]["tier"] is None  # what the agent read, sent for the portal to compare
