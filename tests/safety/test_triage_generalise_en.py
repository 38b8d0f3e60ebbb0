"""English red flags said the way callers say them (issue 14, generalisation): the fresh development batches,
numbers and contractions said the way speech-to-text writes them, and the lexicon's `unless`. The phrasings of
this first round (utterances_dev_fresh.jsonl) and their benign look-alikes are data in
tests/safety/concept_rounds/generalise_en.py, heard by tests/safety/test_triage_concepts.py."""

from __future__ import annotations

import re

import pytest

from calls.triage.catalogue import load_catalogue
from calls.triage.evaluation.split import KEY_TIERS, DatasetError, batches, load
from calls.triage.lexicon import LexiconError, candidates, parse_lexicon
from calls.triage.numbers import spoken_numbers
from calls.triage.spelling import normalize
from tests.safety.triage_phrasings import keys

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


# --- speech-to-text without apostrophes and words spelt by ear ---------------------------------------


def test_a_contraction_said_without_its_apostrophe_is_read_with_it():
    assert normalize("he doesnt answer and i cant wake him") == "he doesn't answer and i can't wake him"
    assert normalize("Im fine") == "I'm fine"
    assert normalize("its wont") == "its wont"  # real words are left alone


def test_the_stem_of_a_contraction_is_never_respelt():
    assert normalize("I couldn't breathe") == "I couldn't breathe"
    assert keys("I couldn't breathe at all last night") == ["shortness_of_breath"]


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
