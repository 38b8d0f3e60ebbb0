"""The lexicon stage (lexicon.yaml): a finding said with its body part in one clause fires the concept,
ConText still hears its context, and a mistake in the file is refused with a message saying what to fix."""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules
from calls.triage.catalogue import load_catalogue
from calls.triage.lexicon import LexiconError, candidates, lexicon_vocabulary, load_lexicon, parse_lexicon
from calls.triage.spelling import normalize

KEYS = {flag.key for flag in load_catalogue()}
DOC = """
classes:
  limb: ["fingers?", "toes?"]
  sign: ["purple", "numb"]
concepts:
  - {key: circulation, finding: sign, with: [limb], window: 4}
"""


def keys(text: str) -> list[str]:
    return [m.key for m in evaluate_rules(text)]


def test_the_english_lexicon_loads_and_names_only_catalogue_keys():
    concepts = load_lexicon("en")
    assert concepts
    assert {c.key for c in concepts} <= KEYS


def test_the_spanish_lexicon_loads_and_names_only_catalogue_keys():
    concepts = load_lexicon("es")
    assert concepts
    assert {c.key for c in concepts} <= KEYS
    # Spanish is matched unaccented and spelling-corrected, as redflags_es.yaml is.
    assert ("circulation", "morados") in {
        (key, "los dedos morados"[a:b]) for a, b, key in candidates("los dedos morados", KEYS, "es")
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("finding: sign", "finding: colour"), "finding 'colour' is not a class"),
        (("with: [limb]", "with: [arm]"), "unknown class(es) arm"),
        (("window: 4", "window: 40"), "`window` must be a whole number of words from 1 to 15"),
        (("key: circulation", "key: purple_toes"), "key 'purple_toes' is not a red-flag key"),
        (('"purple", "numb"', '"purple(", "numb"'), "class 'sign' is not a valid regular expression"),
        (('sign: ["purple", "numb"]', "sign: []"), "class 'sign' must be a non-empty list"),
    ],
)
def test_a_mistake_is_refused_with_what_to_fix(change, message):
    with pytest.raises(LexiconError, match=__import__("re").escape(message)):
        parse_lexicon(DOC.replace(*change), KEYS)


def test_a_finding_fires_only_with_its_companion_in_the_same_clause_and_window():
    (concept,) = parse_lexicon(DOC, KEYS)
    assert concept.key == "circulation" and concept.window == 4
    found = candidates("my toes sticking out of the cast are purple", {"circulation"})
    assert ("circulation", "purple") in {
        (key, "my toes sticking out of the cast are purple"[a:b]) for a, b, key in found
    }
    # "but" ends the clause: the purple is not the toes'.
    assert not [
        c for c in candidates("my toes are fine but the bruise is purple", {"circulation"}) if c[2] == "circulation"
    ]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("so my toes sticking out of the cast are purple and kind of pins and needles", "circulation"),
        ("Half my face not move, is like falling.", "stroke"),
        ("I feel like my airway is swelling shut.", "anaphylaxis"),
        ("My leg is big, swelling, and hurt when I walk.", "blood_clot"),
        ("Every time I drink water I throw it right back up.", "vomiting_no_fluids"),
        ("i've gone through three towels pressing on it and it just keeps bleeding", "bleeding_uncontrolled"),
    ],
)
def test_phrasings_nobody_wrote_down_fire_through_the_lexicon(text, key):
    assert keys(text)[:1] == [key]


@pytest.mark.parametrize(
    "text",
    [
        "My toes aren't purple, they're pink and warm.",  # negated
        "What should I do if my lips turn blue?",  # hypothetical
        "My leg was swollen right after surgery but it's gone down now.",  # historical
        "My neighbor's incision opened after her surgery.",  # someone else
        "It keeps bleeding through the bandage.",  # "keeps bleeding" is not also the blood that goes with it
    ],
)
def test_context_still_decides_a_lexicon_finding(text):
    assert not [k for k in keys(text) if k in {"circulation", "cyanosis", "blood_clot", "wound_opening"}]
    assert "bleeding_uncontrolled" not in keys(text)


def test_an_uncertain_lexicon_finding_still_fires():
    matches = evaluate_rules("It's probably nothing but my fingers under the splint have gone a bit purple.")
    assert matches and matches[0].key == "circulation"


def test_lexicon_words_are_what_a_misspelling_is_read_as():
    assert "incision" in lexicon_vocabulary("en")
    assert normalize("bloody phlegn") == "bloody phlegm"
    assert [m.key for m in evaluate_rules("my incison is comming apart")] == ["wound_opening"]


@pytest.mark.parametrize(
    "text",
    [
        "I don't feel faint.",  # a negation cue that overlapped the phrasing used to be dropped
        "She doesn't have a temperature.",
        "I don't want to hurt myself.",
        "You asked about shortness of breath, I don't have any.",  # the agent's question echoed
        "I felt faint yesterday but today I'm fine.",
        "Our neighbor's kid has hives.",
        "I'm supposed to take two pills every six hours, right?",
        "I'm confused about my appointment time.",
    ],
)
def test_context_a_nurse_hears_in_words_nobody_wrote_for(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I don't want to live anymore.", "self_harm"),  # the denial is the red flag itself
        ("My wife, the patient, she don't wake up when I call.", "unresponsive"),  # a caregiver for the patient
    ],
)
def test_a_cue_inside_the_red_flag_is_part_of_it(text, key):
    assert keys(text)[:1] == [key]
