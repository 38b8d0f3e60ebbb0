"""English red flags said the way callers say them (issue 14, generalisation): the classes of wording the
fresh development batch (utterances_dev_fresh.jsonl) showed the rules missing, each tested with phrasings
written for this file rather than taken from the batch, and the benign lines sharing their words."""

from __future__ import annotations

import re

import pytest

from calls.triage.catalogue import load_catalogue
from calls.triage.evaluation.split import KEY_TIERS, DatasetError, batches, load
from calls.triage.lexicon import LexiconError, candidates, parse_lexicon
from calls.triage.numbers import spoken_numbers
from calls.triage.spelling import normalize
from tests.safety.triage_phrasings import keys, tier

KEYS = {flag.key for flag in load_catalogue()}


# --- the fresh batches are development-only files of their own ------------------------------------


@pytest.mark.parametrize("half", [b.name for b in batches("en", role="development") if b.name != "dev_extra"])
def test_fresh_batches_are_their_own_halves_and_never_in_the_original_split(half):
    fresh = load(half)
    assert fresh and {u.half for u in fresh} == {half}
    taken = {u.id for u in load("all")} | {u.id for u in load("dev_extra")}
    assert not {u.id for u in fresh} & taken
    texts = {u.text.casefold() for u in load("all")}
    assert [u.id for u in fresh if u.text.casefold() in texts] == []


def test_the_first_fresh_batch_covers_every_emergent_and_urgent_concept_and_enough_benign_lines():
    fresh = load("dev_fresh")
    assert len(fresh) >= 250
    for key, key_tier in KEY_TIERS.items():
        if key_tier in ("emergent", "urgent"):
            assert sum(u.key == key for u in fresh) >= 6, key
    assert sum(u.tier == "none" for u in fresh) >= 80
    for u in fresh:
        if u.style == "run_on_stt":
            assert not re.search(r"[A-Z,!?;:\"]|\.(?!\d)", u.text), u.id


def test_an_unknown_half_is_refused():
    with pytest.raises(DatasetError, match="dev_fresh"):
        load("fresh")


# --- temperatures said in words ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("it read thirty eight seven", "38.7"),
        ("a hundred and two point three", "102.3"),
        ("one oh three", "103"),
        ("thirty nine and a half", "39.5"),
        ("a hundred point two", "100.2"),
        ("ninety nine point one", "99.1"),
        ("103 point 2", "103.2"),
        ("101 and a half", "101.5"),
    ],
)
def test_a_temperature_said_in_words_is_read_as_digits_in_place(said, read):
    written = spoken_numbers(said)
    assert len(written) == len(said)  # every offset still points into what was said
    assert read in written


@pytest.mark.parametrize("said", ["I walked a hundred percent of the way", "two pills", "ninety", "twelve"])
def test_other_numbers_keep_their_words(said):
    assert spoken_numbers(said) == said


@pytest.mark.parametrize("said", ["I waited forty minutes for the pharmacy", "I'm thirty eight years old"])
def test_a_number_in_the_temperature_range_with_another_unit_is_no_temperature(said):
    assert keys(said) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("his temp just came up as thirty nine point four", "urgent"),
        ("she measured one oh one point eight under the arm", "urgent"),
        ("the thermometer says a hundred and three", "urgent"),
        ("it keeps saying thirty eight two", "routine"),
        ("temperature is ninety eight point four", "none"),
        ("no fever, it was thirty six eight", "none"),
    ],
)
def test_a_spoken_temperature_gets_its_tier(text, expected):
    assert tier(text) == expected


# --- speech-to-text without apostrophes and words spelt by ear ---------------------------------------


def test_a_contraction_said_without_its_apostrophe_is_read_with_it():
    assert normalize("he doesnt answer and i cant wake him") == "he doesn't answer and i can't wake him"
    assert normalize("Im fine") == "I'm fine"
    assert normalize("its wont") == "its wont"  # real words are left alone


def test_the_stem_of_a_contraction_is_never_respelt():
    assert normalize("I couldn't breathe") == "I couldn't breathe"
    assert keys("I couldn't breathe at all last night") == ["shortness_of_breath"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("my daughter hasnt had a wet nappy since lunch", "child_dehydration"),
        ("he wont wake up and hes breathing funny", "unresponsive"),
        ("i couldnt catch my breath walking to the car", "shortness_of_breath"),
    ],
)
def test_run_on_speech_without_apostrophes_fires(text, key):
    assert key in keys(text)


# --- losing consciousness, confusion, fits -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I came to lying on the garage floor", "fainting"),
        ("my husband, the patient, went all limp in his chair", "fainting"),
        ("she dropped like a rock in the hallway", "fainting"),
        ("I spaced out and fell against the sink", "fainting"),
        ("he keeps asking what year it is and doesn't know where he is", "unresponsive"),
        ("she got lost in her own home this afternoon", "unresponsive"),
        ("his legs were twitching and he was staring into space", "seizure"),
        ("her whole body went rigid and she bit her tongue", "seizure"),
    ],
)
def test_losing_consciousness_confusion_and_fits_in_lay_words(text, key):
    assert key in keys(text)
    assert tier(text) == "emergent"


# --- body part with colour, breath, self-harm, stroke ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("his lips are a purply colour", "cyanosis"),
        ("my mouth looks the colour of a blueberry", "cyanosis"),
        ("each breath is a battle", "shortness_of_breath"),
        ("I've saved up all my tablets and I'm thinking of taking them all", "self_harm"),
        ("I can't see any reason to keep living", "self_harm"),
        ("her left hand keeps dropping things and her voice sounds odd", "stroke"),
        ("his leg on one side stopped working", "stroke"),
    ],
)
def test_emergent_classes_in_words_nobody_wrote_down(text, key):
    assert key in keys(text)


# --- urgent classes -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("my left leg is much thicker than my right", "blood_clot"),
        ("the right leg is red and huge, the other one is fine", "blood_clot"),
        ("I'm freezing one minute and clammy the next", "fever"),
        ("there are fluid-filled bubbles on the skin where they lasered it", "skin_damage"),
        ("the gauze keeps filling with blood", "bleeding_soaked_dressing"),
        ("I've used up six pads since this morning", "bleeding_soaked_dressing"),
        ("she brings up every mouthful of juice", "vomiting_no_fluids"),
        ("there are no tears when he cries anymore", "child_dehydration"),
        ("my husband hasn't been to the bathroom to pee since yesterday, he's the patient", "urinary_retention"),
        ("taking the norco as told but it's still at a nine", "uncontrolled_pain"),
    ],
)
def test_urgent_classes_in_words_nobody_wrote_down(text, key):
    assert key in keys(text)


# --- benign lines sharing the words --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "the bruise next to my incision has gone yellowish green",
        "the bruising around the stitches is dark purple",
        "my toes are cold because the air conditioning is on",
        "my hands get cold from the weather outside",
        "I'm a bit winded on the stairs but it passes quickly",
        "my calf was achy yesterday but it's fine today",
        "what temperature counts as a fever for a child?",
        "I got a blister from my new shoes",
        "I had a seizure when I was a kid, none since",
        "my friend's incision got infected after her surgery",
    ],
)
def test_benign_lines_sharing_the_words_raise_nothing(text):
    assert keys(text) == []


def test_a_relative_who_had_the_procedure_speaks_for_the_patient():
    assert "unresponsive" in keys("my mum had her hip replaced on monday and she won't wake up")
    assert keys("my mum is confused, she's not the one who had surgery") == []


# --- the lexicon's `unless` ---------------------------------------------------------------------


DOC = """
classes:
  limb: ["toes?"]
  sign: ["cold"]
  weather: ["because (?:of )?the weather"]
concepts:
  - {key: circulation, finding: sign, with: [limb], window: 4, unless: [weather]}
"""


def test_an_unless_class_explains_a_finding_away_within_its_window(monkeypatch):
    concepts = parse_lexicon(DOC, KEYS)
    monkeypatch.setattr("calls.triage.lexicon.load_lexicon", lambda language="en": concepts)
    assert candidates("my toes are cold", {"circulation"}) != []
    assert candidates("my toes are cold because the weather", {"circulation"}) == []


def test_an_unless_naming_an_unknown_class_is_refused():
    with pytest.raises(LexiconError, match="unknown class"):
        parse_lexicon(DOC.replace("unless: [weather]", "unless: [rain]"), KEYS)
