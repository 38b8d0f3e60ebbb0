"""Red-flag phrasings the rules were not written from: two per catalogue key, in voices the
evaluation set does not use (an older British speaker, terse clinical wording), and the ConText
cases a nurse hears differently (negated, historical, hypothetical, someone else, uncertain).
"""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules
from calls.triage.evaluation import KEY_TIERS, load

pytestmark = pytest.mark.heldout_triage

HELD_OUT: list[tuple[str, str]] = [
    ("chest_pain", "There's a band of pressure across my chest and it won't let up."),
    ("chest_pain", "I've a terrible ache in my chest going up into my neck."),
    ("shortness_of_breath", "I'm breathless just sitting in my armchair."),
    ("shortness_of_breath", "I can only say a few words before I have to stop for air."),
    ("fainting", "I came over all faint and collapsed in the garden."),
    ("fainting", "Lost consciousness briefly in the shower this morning."),
    ("cyanosis", "My grandson says my lips have gone a funny blue colour."),
    ("cyanosis", "His face is grey and his lips are dusky."),
    ("seizure", "He went rigid and then started convulsing on the kitchen floor."),
    ("seizure", "I had a fit this morning, my whole body was jerking."),
    ("stroke", "My mouth has slipped down on the left side of my face."),
    ("stroke", "I'm slurring my words all of a sudden and my leg gave way on one side."),
    ("anaphylaxis", "My tongue feels thick and my throat is tightening up."),
    ("anaphylaxis", "I've come out in hives and my lips are swelling."),
    ("blood_coughed_or_vomited", "I brought up blood when I was sick just now."),
    ("blood_coughed_or_vomited", "There's blood in what I'm coughing up."),
    ("unresponsive", "I can't rouse him, he won't open his eyes."),
    ("unresponsive", "She's barely responsive and doesn't know who I am."),
    ("self_harm", "I feel like ending my life."),
    ("self_harm", "I've been having thoughts of suicide."),
    ("bleeding_uncontrolled", "Blood is spraying out of the wound in little jets."),
    ("bleeding_uncontrolled", "I've pressed a towel hard on it for over ten minutes and it's still bleeding."),
    ("fever", "Thermometer reads 38.8 and I'm shivering."),
    ("fever", "I've got rigors and a temperature of a hundred and two."),
    ("wound_infection", "The scar is leaking a greenish discharge and it stinks."),
    ("wound_infection", "There are red lines going up my leg from the wound."),
    ("wound_opening", "The wound has burst open along the stitches."),
    ("wound_opening", "The incision has come apart at the top."),
    ("bleeding_soaked_dressing", "The dressing's sodden with blood."),
    ("bleeding_soaked_dressing", "Blood has seeped right through the bandage."),
    ("blood_clot", "My calf is hot, swollen and aching."),
    ("blood_clot", "The entire leg from the groin to the foot has swollen up."),
    ("circulation", "Below the plaster cast my toes are icy and I've lost feeling in them."),
    ("circulation", "My fingers poking out of the bandage have gone a purplish colour and they tingle."),
    ("skin_damage", "Blisters have come up on the skin over the area they treated."),
    ("skin_damage", "The skin over the injection site has gone black."),
    ("uncontrolled_pain", "The pain is excruciating and the prescribed painkillers aren't touching it."),
    ("uncontrolled_pain", "I'm on the oxycodone every four hours and the pain is still unbearable."),
    ("urinary_retention", "I've not passed urine for over nine hours."),
    ("urinary_retention", "I'm desperate to wee but nothing comes out, it's been since breakfast."),
    ("vomiting_no_fluids", "I'm being sick after every sip of water."),
    ("vomiting_no_fluids", "I can't keep fluids down, not even small sips."),
    ("child_dehydration", "My baby hasn't had a wet nappy for nine hours."),
    ("child_dehydration", "My toddler is crying without tears and is very drowsy."),
    ("medication_reaction", "I came out in a rash after starting the new tablets."),
    ("medication_reaction", "Since taking the new antibiotic I've got an itchy red rash over my arms."),
    ("medication_overdose", "I've taken more of my painkillers than the doctor prescribed."),
    ("medication_overdose", "By mistake I swallowed three tablets instead of one."),
    ("mild_fever", "My temperature is 100.3 degrees."),
    ("mild_fever", "I've a slight temperature of 37.9."),
    ("constipation", "My bowels haven't opened for five days."),
    ("constipation", "I've been bunged up since the operation, nothing for four days."),
    ("nurse_request", "Please ask a nurse to ring me back."),
    ("nurse_request", "I'd like a word with one of the nurses about my tablets."),
]

NOT_FOR_THIS_PATIENT: list[tuple[str, str]] = [
    ("negated", "I don't have a fever or any chills."),
    ("negated", "No chest pain, and I'm breathing fine."),
    ("negated", "The wound isn't red and there's no pus."),
    ("historical", "I had chest pain before the operation, but that's all gone."),
    ("historical", "I had a temperature of 102 last week; it's been normal since."),
    ("historical", "I passed out once as a teenager, never since."),
    ("hypothetical", "What should I do if I get a fever?"),
    ("hypothetical", "If my calf swells up, do I ring you?"),
    ("hypothetical", "What if the wound opens?"),
    ("other_person", "My mum has chest pain."),
    ("other_person", "My husband is running a fever of 102."),
    ("other_person", "My neighbour had a seizure yesterday."),
    ("benign", "Is it normal for the area around the stitches to feel a bit firm?"),
    ("benign", "The bruise is turning yellow."),
    ("benign", "It bled a little when I changed the gauze but stopped straight away."),
]

UNCERTAIN: list[tuple[str, str]] = [
    ("wound_infection", "I don't think it's infected, but it's red and hot and there's yellow ooze."),
    ("cyanosis", "Maybe I'm imagining it, but my lips look blue."),
    ("blood_clot", "It's probably nothing, but my calf is swollen and sore."),
]


def _tier(match: object) -> str:
    tier = match.tier
    return str(getattr(tier, "value", tier))


def test_held_out_phrasings_cover_every_key_and_are_not_in_the_dataset():
    assert {key for key, _ in HELD_OUT} == set(KEY_TIERS)
    dataset = {u.text.casefold() for u in load("all")}
    assert not [text for _, text in HELD_OUT + NOT_FOR_THIS_PATIENT + UNCERTAIN if text.casefold() in dataset]


# Phrasings the triage missed when these tests first ran against it (tuned on the dev half only).
# They are known misses, reported in the README's Clinical safety section, not targets to tune on:
# strict, so a change that starts catching one fails here until it is moved back to a plain case.
# "My mouth has slipped down on the left side of my face." and "The dressing's sodden with blood." were known
# misses until the learned stage was turned on by default for English (calls/triage/learned.py); they are
# plain cases now, caught by that stage (the rules alone still miss them).
KNOWN_MISSES = {
    "My calf is hot, swollen and aching.",
}


def _held_out_cases() -> list:
    known = pytest.mark.xfail(strict=True, reason="known triage miss on an independent phrasing (issue 14)")
    return [pytest.param(key, text, marks=known) if text in KNOWN_MISSES else (key, text) for key, text in HELD_OUT]


def test_known_misses_are_held_out_phrasings():
    assert {text for _, text in HELD_OUT} >= KNOWN_MISSES


@pytest.mark.parametrize(("key", "text"), _held_out_cases())
def test_a_held_out_phrasing_raises_its_red_flag(key, text):
    matches = evaluate_rules(text)
    assert matches, f"no red flag for {key}"
    assert matches[0].key == key
    assert _tier(matches[0]) == KEY_TIERS[key]


@pytest.mark.parametrize(("context", "text"), NOT_FOR_THIS_PATIENT)
def test_words_that_are_not_a_red_flag_for_this_patient_raise_nothing(context, text):
    assert [m.key for m in evaluate_rules(text)] == []


@pytest.mark.parametrize(("key", "text"), UNCERTAIN)
def test_an_uncertain_red_flag_still_raises_it(key, text):
    matches = evaluate_rules(text)
    assert matches, f"no red flag for {key}"
    assert matches[0].key == key
    assert _tier(matches[0]) == KEY_TIERS[key]
