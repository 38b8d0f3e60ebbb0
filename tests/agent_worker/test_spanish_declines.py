"""The agent's own care-guide declines (portal unreachable, English text withheld) in the call's language,
and a refused reminder's Spanish reason passed on by the portal client."""

from __future__ import annotations

import json

import pytest

from agent_worker.agents import CallState, ScheduledFollowupAgent
from agent_worker.portal_client import PortalClient
from agent_worker.speech import es
from tests.agent_worker.conftest import make_context
from tests.spanish.spanish_check import english_words

pytestmark = pytest.mark.anyio


def _agent(portal, language: str) -> ScheduledFollowupAgent:
    context = make_context(portal.url, language=language)
    client = PortalClient(base_url=portal.url, token=context["token"], call_id=context["call_id"], retry_base=0.01)
    return ScheduledFollowupAgent(state=CallState(context=context, portal=client))


async def _lookup(agent: ScheduledFollowupAgent, topic: str, **params: str) -> dict:
    try:
        return json.loads(await agent._lookup(topic, **params))
    finally:
        await agent.state.portal.aclose(flush_timeout=5)


async def test_english_guide_text_is_withheld_with_a_spanish_line(portal):
    # The fake portal answers in English: a Spanish call must not read it, nor translate it.
    result = await _lookup(_agent(portal, "es"), "symptom", symptom="hinchazón")
    assert result["found"] is False
    assert result["answer"] == es.LINES["guide_withheld"].format(number="212-555-0100")
    assert english_words(result["answer"]) == []


async def test_an_unreachable_care_guide_is_declined_in_spanish(portal):
    portal.fail_next = 100
    result = await _lookup(_agent(portal, "es"), "medication", medication="ibuprofeno", question="¿cada cuánto?")
    assert result["found"] is False
    assert result["answer"] == es.LINES["guide_unavailable"].format(number="212-555-0100")
    assert english_words(result["answer"]) == []


async def test_an_english_call_declines_in_english(portal):
    portal.fail_next = 100
    result = await _lookup(_agent(portal, "en"), "symptom", symptom="swelling")
    assert result["answer"].startswith("I can't reach our care guide right now")


async def test_a_refused_reminder_keeps_the_english_reason_and_passes_the_spanish_words_on(portal):
    portal.reminder_answer = (400, {"when": ["8 PM is outside the calling hours."], "say": ["Está fuera del horario."]})
    client = _agent(portal, "es").state.portal
    try:
        result = await client.schedule_reminder(when="esta noche", purpose="x", event_id="rem-1")
    finally:
        await client.aclose(flush_timeout=5)
    assert result == {
        "scheduled": False,
        "reason": "when: 8 PM is outside the calling hours.",
        "say": "Está fuera del horario.",
    }


async def test_an_unreachable_scheduler_is_explained_in_spanish(portal):
    portal.fail_next = 100
    agent = _agent(portal, "es")

    class Ctx:  # the RunContext fields the tool reads
        class function_call:  # noqa: N801
            call_id = "c1"

    try:
        result = json.loads(await agent.schedule_reminder_call.__wrapped__(agent, Ctx(), "mañana", "x"))
    finally:
        await agent.state.portal.aclose(flush_timeout=5)
    assert result["say"] == es.LINES["reminder_down"] and result["reason"].startswith("The scheduling system")
