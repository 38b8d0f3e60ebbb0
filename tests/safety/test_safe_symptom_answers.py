"""Safety-first symptom answers through the agent API, on the sample care guide (real retrieval).

The triage runs on the patient's words before retrieval: a red flag opens the answer with its
instruction and raises its escalation; reassuring guidance never follows a red flag; a question
that fires no red flag gets the guide's answer and raises no escalation.
"""

from __future__ import annotations

import pytest

from calls.models import Escalation, EscalationSource
from calls.triage.answers import safe_symptom_answer
from knowledge.rag import build_sample_medical_rag_database

pytestmark = pytest.mark.django_db


@pytest.fixture
def care_guide(db):
    build_sample_medical_rag_database()


def ask(agent, symptom: str) -> dict:
    response = agent.post("/api/v1/agent/knowledge/symptom/", {"symptom": symptom}, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def test_a_benign_question_gets_the_guide_and_raises_no_escalation(care_guide, agent, record):
    data = ask(agent, "Is some swelling at the procedure site normal?")
    assert data["found"] and data["answer"] and data["red_flags"] == []
    assert data["escalation"] is None and data["urgency"] == "routine"
    assert not Escalation.objects.exists()


def test_a_red_hot_oozing_site_opens_with_the_instruction_and_never_says_oozing_is_normal(care_guide, agent, record):
    data = ask(agent, "The puncture site is red, hot and oozing")
    assert data["answer"].startswith("Those can be signs of a wound infection")
    assert "call the clinic now" in data["answer"] and "normal" not in data["answer"].lower()
    assert [f["key"] for f in data["red_flags"]] == ["wound_infection"] and data["urgency"] == "call_clinic"
    escalation = Escalation.objects.get()
    assert (escalation.source, escalation.rule_key, escalation.reason) == (
        EscalationSource.SYMPTOM_LOOKUP,
        "wound_infection",
        "Possible wound infection",
    )
    assert escalation.patient_words == "The puncture site is red, hot and oozing"
    assert data["escalation"]["id"] == escalation.pk and data["escalation"]["title"] == "Possible wound infection"


def test_an_emergent_symptom_opens_with_911(care_guide, agent, record):
    data = ask(agent, "my lips look blue and I can't catch my breath")
    assert data["answer"].startswith("Please hang up and call 911 now.") and data["urgency"] == "emergency"
    assert {e.rule_key for e in Escalation.objects.all()} == {"cyanosis", "shortness_of_breath"}


def test_the_same_concept_from_a_lookup_and_a_turn_is_one_escalation(care_guide, agent, record):
    agent.patient_says("My incision smells bad.")
    ask(agent, "the incision smells bad")
    [escalation] = Escalation.objects.all()
    assert escalation.triggers == ["rule:wound_infection", "symptom_lookup:wound_infection"]
    assert escalation.patient_words.splitlines() == ["My incision smells bad.", "the incision smells bad"]


@pytest.mark.parametrize(
    ("guide", "urgency", "kept"),
    [
        ("A little oozing is normal for a day or two.", "routine", ""),
        ("Call the clinic if the redness spreads. Some redness is normal.", "call_clinic", "Call the clinic if"),
        ("Redness with pus needs a nurse's review today.", "routine", ""),
    ],
)
def test_guidance_follows_a_red_flag_only_when_it_does_not_contradict_it(guide, urgency, kept):
    safe = safe_symptom_answer(words="there's pus in the wound", found=True, answer=guide, urgency=urgency)
    assert safe.answer.startswith("Those can be signs of a wound infection")
    assert ("Our care guide also says" in safe.answer) == bool(kept) == safe.guidance_kept
    assert kept in safe.answer and "normal" not in safe.answer
