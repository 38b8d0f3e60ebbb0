"""A Spanish-speaking patient's words on a call: the triage reads them in Spanish, the nurse reads the
English title, and the agent is told what to say in Spanish."""

from __future__ import annotations

import pytest

from calls.models import Escalation, EscalationSource, EscalationTier

pytestmark = pytest.mark.django_db


@pytest.fixture
def spanish(record):
    patient = record.call.patient
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    return record


def test_a_spanish_red_flag_on_a_patient_turn_is_raised_at_its_tier_with_the_english_title(agent, spanish):
    assert agent.patient_says("Me duele mucho el pecho, como que me aprieta.").status_code == 201
    [escalation] = Escalation.objects.filter(record=spanish)
    assert (escalation.tier, escalation.source, escalation.rule_key) == (
        EscalationTier.EMERGENT,
        EscalationSource.RULE,
        "chest_pain",
    )
    assert escalation.reason == "Chest pain or pressure"
    assert "Me duele mucho el pecho" in escalation.patient_words


def test_the_triage_answer_tells_the_agent_what_to_say_in_spanish(agent, spanish):
    response = agent.post_to("triage", {"text": "tiene fever de 102 y escalofríos"})
    assert response.status_code == 200
    data = response.json()
    assert data["tier"] == "urgent" and data["red_flags"][0]["key"] == "fever"
    assert data["say"].startswith("Una fiebre de 101 grados") and "clínica" in data["say"]


@pytest.mark.parametrize(
    "text", ["No tengo fiebre ni escalofríos.", "Si me da fiebre, ¿a quién llamo?", "Mi mamá tiene dolor de pecho."]
)
def test_spanish_negation_questions_and_other_people_raise_nothing(agent, spanish, text):
    agent.patient_says(text)
    assert not Escalation.objects.exists()


def test_the_agent_tool_reads_spanish_words_at_the_catalogues_tier(agent, spanish):
    body = {"reason": "Sangrado", "severity": "routine", "patient_words": "la sangre no para aunque aprieto fuerte"}
    data = agent.post_to("escalations", body).json()
    assert data["tier"] == EscalationTier.EMERGENT
    assert data["instruction"].startswith("Por favor, cuelgue y llame al 911 ahora.")


def test_an_english_speaking_patient_is_still_told_in_english(agent, record):
    data = agent.post_to("triage", {"text": "I have a fever of 102 and chills"}).json()
    assert data["say"].startswith("A fever of 101")
