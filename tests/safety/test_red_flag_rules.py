"""The fixed red-flag rules: each fires on its words at its tier; negations and normal readings do not."""

from __future__ import annotations

import pytest

from calls.models import EscalationTier
from calls.triage import RED_FLAG_RULES, evaluate_rules, temperatures

EMERGENT, URGENT, ROUTINE = EscalationTier.EMERGENT, EscalationTier.URGENT, EscalationTier.ROUTINE

# (what the patient says, rule, tier): at least one phrase per shipped rule.
POSITIVES = [
    ("My temp is 101.5.", "fever_high", URGENT),
    ("It was 38.5 degrees this morning.", "fever_high", URGENT),
    ("She has a fever of 102 F.", "fever_high", URGENT),
    ("Temperature 38.3 C", "fever_high", URGENT),
    ("I think I have a fever.", "fever_reported", ROUTINE),
    ("The bleeding won't stop.", "bleeding_uncontrolled", URGENT),
    ("It keeps bleeding through the bandage.", "bleeding_uncontrolled", URGENT),
    ("The redness is getting worse and spreading.", "wound_worse", URGENT),
    ("The swelling around the cut is getting bigger.", "wound_worse", URGENT),
    ("There is more drainage today and it smells bad.", "wound_worse", URGENT),
    ("The incision opened up a little.", "incision_open", URGENT),
    ("One of the stitches came out and the wound is gaping.", "incision_open", URGENT),
    ("The pain medicine isn't helping at all.", "pain_uncontrolled", URGENT),
    ("The Tylenol doesn't touch the pain.", "pain_uncontrolled", URGENT),
    ("I can't stop throwing up.", "vomiting_persistent", URGENT),
    ("He can't keep anything down.", "vomiting_persistent", URGENT),
    ("I haven't been able to pee since last night.", "unable_to_urinate", URGENT),
    ("His toes are cold and blue.", "cold_blue_digits", URGENT),
    ("Her fingers look pale and feel cold.", "cold_blue_digits", URGENT),
    ("My calf is swollen and sore.", "calf_pain_swelling", URGENT),
    ("There's pain in my left calf.", "calf_pain_swelling", URGENT),
    ("I have chest pain.", "chest_pain_breathing", EMERGENT),
    ("I'm short of breath when I walk.", "chest_pain_breathing", EMERGENT),
    ("She's having trouble breathing.", "chest_pain_breathing", EMERGENT),
]


@pytest.mark.parametrize(("text", "key", "tier"), POSITIVES)
def test_each_rule_fires_at_its_tier(text, key, tier):
    [match] = [m for m in evaluate_rules(text) if m.key == key]
    assert match.tier == tier
    assert match.words  # the patient's words travel with the escalation


def test_every_shipped_rule_has_a_positive_example():
    assert {rule["key"] for rule in RED_FLAG_RULES} == {key for _, key, _ in POSITIVES}


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
    assert [m.key for m in evaluate_rules("No fever, but my chest hurts.")] == ["chest_pain_breathing"]


def test_temperatures_are_parsed_with_their_units():
    assert [(v, u) for v, u, _ in temperatures("my temp is 101.5")] == [(101.5, "F")]
    assert [(v, u) for v, u, _ in temperatures("38.5 degrees")] == [(38.5, "C")]
    assert [(v, u) for v, u, _ in temperatures("it said 38,4 °C")] == [(38.4, "C")]
    assert temperatures("I walked 102 steps") == []


def test_one_result_per_group_keeps_the_most_serious():
    matches = evaluate_rules("I have a fever, it's 102.")
    assert [(m.key, m.tier) for m in matches] == [("fever_high", URGENT)]


def test_the_most_serious_comes_first():
    keys = [m.key for m in evaluate_rules("My calf hurts and now I have chest pain.")]
    assert keys == ["chest_pain_breathing", "calf_pain_swelling"]


def test_rules_apply_only_to_their_order_sets():
    rules = [
        {
            "key": "cast_tight",
            "tier": URGENT,
            "reason": "Cast too tight",
            "patterns": [r"\bcast\b[^.]{0,30}\btight"],
            "order_sets": ["Orthopedics"],
            "group": "cast",
        }
    ]
    assert evaluate_rules("The cast feels tight.", order_sets=["Orthopedics"], rules=rules)[0].key == "cast_tight"
    assert evaluate_rules("The cast feels tight.", order_sets=["General post-operative"], rules=rules) == []
