"""The red-flag rules: each fires on its words at its tier; negations and normal readings do not."""

from __future__ import annotations

import pytest

from calls.models import EscalationTier
from calls.triage import evaluate_rules, red_flag_catalogue, temperatures
from calls.triage.catalogue import parse_catalogue

EMERGENT, URGENT, ROUTINE = EscalationTier.EMERGENT, EscalationTier.URGENT, EscalationTier.ROUTINE

# (what the patient says, rule, tier): at least one phrase per shipped rule.
POSITIVES = [
    ("My temp is 101.5.", "fever", URGENT),
    ("It was 38.5 degrees this morning.", "fever", URGENT),
    ("She has a fever of 102 F.", "fever", URGENT),
    ("Temperature 38.3 C", "fever", URGENT),
    ("I think I have a fever.", "mild_fever", ROUTINE),
    ("The bleeding won't stop.", "bleeding_uncontrolled", EMERGENT),
    ("It keeps bleeding through the bandage.", "bleeding_soaked_dressing", URGENT),
    ("The redness is getting worse and spreading.", "wound_infection", URGENT),
    ("The swelling around the cut is getting bigger.", "wound_infection", URGENT),
    ("There is more drainage today and it smells bad.", "wound_infection", URGENT),
    ("The incision opened up a little.", "wound_opening", URGENT),
    ("One of the stitches came out and the wound is gaping.", "wound_opening", URGENT),
    ("The pain medicine isn't helping at all.", "uncontrolled_pain", URGENT),
    ("The Tylenol doesn't touch the pain.", "uncontrolled_pain", URGENT),
    ("I can't stop throwing up.", "vomiting_no_fluids", URGENT),
    ("He can't keep anything down.", "vomiting_no_fluids", URGENT),
    ("I haven't been able to pee since last night.", "urinary_retention", URGENT),
    ("His toes are cold and blue.", "circulation", URGENT),
    ("Her fingers look pale and feel cold.", "circulation", URGENT),
    ("My calf is swollen and sore.", "blood_clot", URGENT),
    ("There's pain in my left calf.", "blood_clot", URGENT),
    ("I have chest pain.", "chest_pain", EMERGENT),
    ("I'm short of breath when I walk.", "shortness_of_breath", EMERGENT),
    ("She's having trouble breathing.", "shortness_of_breath", EMERGENT),
]


@pytest.mark.parametrize(("text", "key", "tier"), POSITIVES)
def test_each_rule_fires_at_its_tier(text, key, tier):
    [match] = [m for m in evaluate_rules(text) if m.key == key]
    assert match.tier == tier
    assert match.words  # the patient's words travel with the escalation


@pytest.mark.parametrize(
    "text",
    [
        "No fever, no chest pain.",
        "I don't have chest pain or shortness of breath.",
        "There's no bleeding and no redness.",
        "The bleeding stopped after an hour.",
        "My temperature is 100.4.",
        "It was 37.9 degrees.",
        "The incision looks closed and clean.",
        "The pain medicine is working well.",
        "I'm not vomiting anymore.",
        "What if I get a fever of 102?",
        "Is some swelling at the procedure site normal?",
        "Yes, I did that this morning and everything looks fine.",
        "Maya, March 4, 2015.",
        "She is 102 years young, and doing fine.",
    ],
)
def test_negations_and_normal_readings_do_not_fire(text):
    assert [m.key for m in evaluate_rules(text) if m.tier != ROUTINE] == []


def test_a_negation_does_not_reach_past_but():
    assert [m.key for m in evaluate_rules("No fever, but my chest hurts.")] == ["chest_pain"]


def test_temperatures_are_parsed_with_their_units():
    assert [(v, u) for v, u, _ in temperatures("my temp is 101.5")] == [(101.5, "F")]
    assert [(v, u) for v, u, _ in temperatures("38.5 degrees")] == [(38.5, "C")]
    assert [(v, u) for v, u, _ in temperatures("it said 38,4 °C")] == [(38.4, "C")]
    assert temperatures("I walked 102 steps") == []


def test_one_result_per_group_keeps_the_most_serious():
    matches = evaluate_rules("I have a fever, it's 102.")
    assert [(m.key, m.tier) for m in matches] == [("fever", URGENT)]


def test_the_most_serious_comes_first():
    keys = [m.key for m in evaluate_rules("My calf hurts and now I have chest pain.")]
    assert keys == ["chest_pain", "blood_clot"]


def test_entries_apply_only_to_their_order_sets():
    flags = parse_catalogue(
        r"""
red_flags:
  - key: cast_tight
    tier: urgent
    title: Cast too tight
    instruction: Please call the clinic now at {callback}.
    order_sets: [Orthopedics]
    phrasings: ['cast\W+(?:\w+\W+){0,3}tight']
"""
    )
    assert evaluate_rules("The cast feels tight.", order_sets=["Orthopedics"], flags=flags)[0].key == "cast_tight"
    assert evaluate_rules("The cast feels tight.", order_sets=["General post-operative"], flags=flags) == []


def test_every_match_carries_the_concepts_title_and_instruction():
    [match] = evaluate_rules("I fainted in the kitchen.")
    assert (match.key, match.tier, match.title) == ("fainting", EMERGENT, "Fainting or passing out")
    assert match.reason == match.title and match.instruction.startswith("Please hang up and call 911 now.")
    assert match.words == "I fainted in the kitchen."
    assert {flag.key for flag in red_flag_catalogue()} >= {key for _, key, _ in POSITIVES}
