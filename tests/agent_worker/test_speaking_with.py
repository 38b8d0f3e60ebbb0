"""The agent says who it is speaking with at the identity check, and reads later turns with the portal's answer.

The scripted model passes speaking_with from what the person said ("this is Robert's wife", "soy yo"); the
agent's own red-flag reading of the next turns uses the `speaker` the portal answered, not only the context's.
"""

from __future__ import annotations

import pytest

from agent_worker.scripted import speaking_with
from agent_worker.speech import TABLES
from agent_worker.speech.prompts import build_instructions
from tests.agent_worker.test_followup_agent_tools import Call

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("said", "who"),
    [
        ("Yes, this is Maya.", "patient"),
        ("Yes, speaking.", "patient"),
        ("Sí, con ella habla.", "patient"),
        ("Hello, this is Maya's husband. She's resting.", "caregiver"),
        ("Yes, I'm her mom.", "caregiver"),
        ("Hola, soy la esposa de Maya.", "caregiver"),
        ("Yes.", ""),
    ],
)
def test_the_scripted_model_hears_who_answered(said, who):
    assert speaking_with([said], "Maya") == who


def test_the_instructions_ask_who_is_speaking_in_each_language(context):
    english = build_instructions(context)
    assert "And am I speaking with Maya, or with someone helping Maya?" in english
    assert 'speaking_with "patient"' in english and '"caregiver"' in english
    spanish = build_instructions({**context, "language": "es"}, "es")
    assert "¿Y hablo con Maya, o con alguien que le ayuda a Maya?" in spanish
    assert set(TABLES["en"]) == set(TABLES["es"])


async def test_a_caregiver_says_so_and_the_agent_reads_her_husbands_red_flag_as_the_patients(portal, context):
    async with Call(context) as call:
        assert call.state.speaker is None  # an adult patient: the context knows nobody
        await call.session.run(user_input="Yes, this is Maya's husband.")
        await call.session.run(user_input="Maya, March 4, 2015.")
        assert portal.identity_checks[-1]["speaking_with"] == "caregiver"
        assert call.state.speaker == "caregiver"
        result = await call.session.run(user_input="My wife's face is drooping on one side.")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
    assert reply.startswith("Please hang up and call 911 now.")
    [turn] = [e for e in portal.of_kind("turn") if "drooping" in e["text"] and "triage" in e]
    assert turn["triage"]["keys"] == ["stroke"]


async def test_the_patient_says_so_and_a_spouses_emergency_stays_hers(portal, context):
    async with Call(context) as call:
        await call.confirmed()  # "Yes, this is Maya."
        assert portal.identity_checks[-1]["speaking_with"] == "patient" and call.state.speaker == "patient"
        result = await call.session.run(user_input="I'm fine, but my husband has chest pain right now.")
        reply = result.expect.contains_message(role="assistant").event().item.text_content
    assert reply.startswith("If they are with you") and "911 for them" in reply
    [turn] = [e for e in portal.of_kind("turn") if "chest pain" in e["text"] and "triage" in e]
    assert turn["triage"]["tier"] is None and portal.escalations == []
