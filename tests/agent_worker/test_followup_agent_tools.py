"""ScheduledFollowupAgent's tools, driven through livekit-agents' testing API (no room, no network)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from livekit.agents import mock_tools
from livekit.agents.voice import AgentSession

from agent_worker.agents import CallState, ScheduledFollowupAgent, TranscriptRecorder
from agent_worker.portal_client import PortalClient
from agent_worker.scripted import ScriptedLLM

pytestmark = pytest.mark.anyio


class Call:
    """One text-only session of the real agent with the scripted model, talking to the fake portal."""

    def __init__(self, context: dict[str, Any]) -> None:
        self.portal = PortalClient(
            base_url=context["portal_url"], token=context["token"], call_id=context["call_id"], retry_base=0.05
        )
        self.state = CallState(context=context, portal=self.portal)
        self.session = AgentSession(llm=ScriptedLLM(context=context), vad=None, turn_handling={"turn_detection": None})
        self.recorder = TranscriptRecorder(self.session, self.state)

    async def __aenter__(self) -> Call:
        greeting = await self.session.start(ScheduledFollowupAgent(state=self.state), capture_run=True)
        await greeting
        return self

    async def confirmed(self) -> Call:
        await self.session.run(user_input="Yes, this is Maya.")
        await self.session.run(user_input="Maya, March 4, 2015.")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.session.aclose()
        await self.portal.aclose(flush_timeout=10)


async def test_it_records_the_answer_to_the_prompts_question(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        result = await call.session.run(user_input="Yes, I took it off this morning.")
        result.expect.next_event().is_function_call(
            name="record_patient_response",
            arguments={
                "question": "Has the bandage been removed as instructed?",
                "response": "Yes, I took it off this morning.",
            },
        )
        result.expect.next_event().is_function_call_output(output="Recorded.")
        result.expect.next_event().is_message(role="assistant")
        result.expect.no_more_events()
    [response] = portal.of_kind("response")
    assert response["response"] == "Yes, I took it off this morning."
    assert response["event_id"].startswith("resp-call_")


@pytest.mark.parametrize(
    ("question", "tool", "topic"),
    [
        ("Is some swelling at the site normal?", "lookup_symptom_guidance", "symptom"),
        ("Can I give her ibuprofen?", "lookup_medication_info", "medication"),
        ("When can she go back to school?", "lookup_recovery_timeline", "recovery"),
        ("How long does the procedure keep working?", "lookup_procedure_info", "procedure"),
    ],
)
async def test_it_answers_questions_from_the_knowledge_base(portal, context, question, tool, topic):
    async with Call(context) as call:
        await call.confirmed()
        await call.session.run(user_input="Yes, it's off.")
        result = await call.session.run(user_input=question)
        result.expect.next_event().is_function_call(name=tool)
        result.expect.next_event().is_function_call_output()
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
    assert portal.lookups[0][0] == topic
    if topic == "procedure":  # nothing in the guide: the agent says so instead of inventing an answer
        assert "don't have information on that" in reply
    else:
        assert portal.lookups and "care guide says" in reply


async def test_it_reads_back_the_reminder_time_the_portal_chose(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        result = await call.session.run(user_input="Could you remind me again tomorrow morning?")
        result.expect.next_event().is_function_call(name="schedule_reminder_call")
        result.expect.next_event().is_function_call_output()
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
    assert portal.reminders[0]["when"] == "tomorrow morning"
    assert "Tuesday, June 3 at 9:00 AM" in reply
    assert call.state.reminders == ["Tuesday, June 3 at 9:00 AM"]


async def test_it_tells_the_patient_why_a_reminder_was_refused(portal, context):
    portal.reminder_answer = (400, {"when": ["8 PM is outside the calling hours 09:00-19:00."]})
    async with Call(context) as call:
        await call.confirmed()
        result = await call.session.run(user_input="Can you call me back tonight?")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
    assert "couldn't schedule that" in reply
    assert "outside the calling hours" in reply


async def test_mocked_scheduling_tool_is_what_the_agent_reports(portal, context):
    refused = json.dumps({"scheduled": False, "reason": "The patient asked not to be called."})
    with mock_tools(ScheduledFollowupAgent, {"schedule_reminder_call": lambda: refused}):
        async with Call(context) as call:
            await call.confirmed()
            result = await call.session.run(user_input="Please call me again in 2 hours.")
            result.expect.next_event().is_function_call(name="schedule_reminder_call", arguments={"when": "in 2 hours"})
            result.expect.next_event().is_function_call_output(output=refused)
            reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
    assert "asked not to be called" in reply
    assert portal.reminders == []  # the mock ran instead of the portal call


async def test_it_reads_the_discharge_order_from_the_context(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        result = await call.session.run(user_input="What were my instructions again?")
        result.expect.next_event().is_function_call(name="get_discharge_order_details")
        output = json.loads(result.expect.next_event().is_function_call_output().event().item.output)
        assert output["title"] == "Compression bandage"
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
    assert "24 hours" in reply


async def test_end_call_says_goodbye_then_closes_and_reports_completed(portal, context):
    async with Call(context) as call:
        await call.confirmed()
        await call.session.run(user_input="Yes, it's off.")
        result = await call.session.run(user_input="No, that's all. Thank you!")
        result.expect.next_event().is_function_call(name="end_call")
        result.expect.next_event().is_function_call_output()
        goodbye = result.expect.next_event().is_message(role="assistant").event().item.text_content
        await call.portal.flush(5)
    assert "goodbye" in goodbye.lower()
    assert call.state.ended_by == "agent"
    [done] = portal.completions
    assert done["outcome"] == "completed"
    assert "Recorded 1 answer" in done["summary"]
    tools = [e["name"] for e in portal.of_kind("tool")]
    assert tools == ["verify_identity", "record_patient_response", "end_call"]
