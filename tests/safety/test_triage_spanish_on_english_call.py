"""Spanish said on an English call is heard: a patient's record language can be wrong, and a patient may answer
in Spanish. Before 1 Dec "me duele mucho el pecho y no puedo respirar" on an English call fired nothing.

The English reading is unchanged for English words (no development row of English sounds Spanish); words that
sound Spanish are also read with the Spanish rules, and the match carries the call's English wording."""

from __future__ import annotations

import pytest

from calls.models import Escalation
from calls.triage import bystander_emergencies, evaluate_rules
from calls.triage.escalations import triage_options
from calls.triage.evaluation.split import batches, load, load_batch
from calls.triage.spoken_language import sounds_spanish

SAID_IN_SPANISH = [
    ("me duele mucho el pecho y no puedo respirar", "chest_pain", "emergent"),
    ("mi hijo no despierta, lo muevo y nada", "unresponsive", "emergent"),
    ("ya no quiero vivir", "self_harm", "emergent"),
    ("se le puso la boca chueca y no puede hablar", "stroke", "emergent"),
    ("tiene fever de 102 desde anoche", "fever", "urgent"),
    ("la herida está caliente y le sale pus", "wound_infection", "urgent"),
]

STAYS_ENGLISH = [
    "my abuela says I look pale but I feel fine",
    "the pain is a 3 and the pills help, gracias",
    "y'all are so nice to call, I'm doing okay",
    "we had tacos el pastor for dinner and I kept it down",
]


@pytest.mark.parametrize(("said", "key", "tier"), SAID_IN_SPANISH)
def test_spanish_words_on_an_english_call_fire_with_the_english_instruction(rules_only, said, key, tier):
    [match, *_] = evaluate_rules(said)
    assert (match.key, match.tier, match.language) == (key, tier, "en")
    assert match.instruction == next(m for m in evaluate_rules(_english_for(key)) if m.key == key).instruction


@pytest.mark.parametrize(
    "said",
    ["no tengo dolor de pecho ni nada", "mi mamá se desmayó el año pasado, yo estoy bien", "¿y si me da fiebre?"],
)
def test_spanish_context_is_heard_on_an_english_call_too(rules_only, said):
    assert evaluate_rules(said) == []


@pytest.mark.parametrize("said", STAYS_ENGLISH)
def test_english_with_a_spanish_word_is_read_as_english(said):
    assert not sounds_spanish(said)


def test_no_english_development_row_sounds_spanish():
    rows = [*load("dev", language="en")]
    for batch in batches("en", role="development"):
        rows += load_batch(batch.name, "en")
    assert len(rows) > 4000
    assert [u.id for u in rows if sounds_spanish(u.text)] == []


def test_someone_elses_emergency_in_spanish_gets_the_english_911_line():
    [named] = bystander_emergencies("mi mamá tiene dolor de pecho")
    assert named.key == "chest_pain" and named.language == "en" and "911" in named.instruction
    assert evaluate_rules("mi mamá tiene dolor de pecho") == []


def test_a_spanish_turn_on_an_english_call_raises_the_escalation(agent, record):
    assert triage_options(record.call)["language"] == "en"
    assert agent.patient_says("me duele mucho el pecho y no puedo respirar").status_code == 201
    raised = {(e.rule_key, e.tier, e.reason) for e in Escalation.objects.filter(record=record)}
    assert ("chest_pain", "emergent", "Chest pain or pressure") in raised


def _english_for(key: str) -> str:
    return {
        "chest_pain": "I have chest pain",
        "unresponsive": "he is unresponsive",
        "self_harm": "I want to kill myself",
        "stroke": "my face is drooping",
        "fever": "I have a fever of 102",
        "wound_infection": "there is pus coming from the incision",
    }[key]
