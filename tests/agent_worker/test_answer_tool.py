"""record_patient_response with a question id: the typed-answer endpoint, its refusal read back and re-asked."""

from __future__ import annotations

import pytest

from agent_worker.agents import build_instructions
from tests.agent_worker.conftest import make_context
from tests.agent_worker.test_followup_agent_tools import Call

pytestmark = pytest.mark.anyio

PAIN = "On a scale from 0 to 10, how much pain do you have right now?"
QUESTIONS = [
    {"id": "pain_score", "text": PAIN, "type": "scale", "required": True, "min": 0, "max": 10},
    {"id": "temperature", "text": "What was your temperature?", "type": "quantity", "required": False,
     "min": 34, "max": 43, "units": ["[degF]", "Cel"]},
]  # fmt: skip


def test_the_instructions_list_each_question_with_its_id_and_answer_type():
    text = build_instructions(make_context("http://portal", questions=QUESTIONS))
    assert f"- pain_score: {PAIN} (a whole number from 0 to 10)" in text
    assert "- temperature: What was your temperature? (a number with its unit ([degF], Cel); optional)" in text
    assert "question_id" in text and "answered false" in text


async def test_a_refused_value_is_read_back_and_the_question_asked_again(portal):
    context = make_context(portal.url, questions=QUESTIONS)
    async with Call(context) as call:
        result = await call.session.run(user_input="Yes, this is Maya.")
        result = await call.session.run(user_input="Maya, March 4, 2015.")
        assert result.expect[-1].event().item.text_content.endswith(PAIN)  # the first declared question

        result = await call.session.run(user_input="It hurts a lot.")
        result.expect.next_event().is_function_call(
            name="record_patient_response",
            arguments={"question": PAIN, "question_id": "pain_score", "response": "It hurts a lot."},
        )
        output = result.expect.next_event().is_function_call_output().event().item.output
        assert '"recorded": false' in output and "not a number" in output
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
        assert "I need to ask that again" in reply and "not a number" in reply and reply.endswith(PAIN)

        result = await call.session.run(user_input="Eight.")
        result.expect.next_event().is_function_call(name="record_patient_response")
        result.expect.next_event().is_function_call_output()
        reply = result.expect.next_event().is_message(role="assistant").event().item.text_content
        assert reply == "Thank you. What was your temperature?"

        result = await call.session.run(user_input="I didn't measure it.")
        result.expect.next_event().is_function_call(
            name="record_patient_response",
            arguments={
                "question": "What was your temperature?",
                "question_id": "temperature",
                "response": "I didn't measure it.",
                "answered": False,
            },
        )
    assert [(a["question_id"], a["value"], a["answered"]) for a in portal.answers] == [
        ("pain_score", "Eight.", True),
        ("temperature", "", False),
    ]
    assert portal.answers[1]["reason"] == "I didn't measure it."
    assert call.state.refused_answers == 1 and call.state.responses == 2
