"""The Spanish triage evaluation set (issue 21): same keys and split as the English one."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

from calls.triage.evaluation import split
from calls.triage.evaluation.split import KEY_TIERS, STYLES_BY_LANGUAGE, load

TEST_HALF_SHA256 = "4b9f173a6d76fbc638eb00814d317d44296ef32234ce613efc6da44cc2f785d7"

# Everyday words from the Caribbean, Mexico and Central America a nurse hears on the phone.
REGIONAL = ("calentura", "patatús", "vahído", "cipot", "patojo", "moraos", "batata", "botaron", "chorro", "nena")


def test_it_holds_enough_utterances_and_reassuring_ones():
    rows = load("all", language="es")
    assert len(rows) >= 220
    assert sum(u.tier == "none" for u in rows) >= 60
    for context in ("negated", "historical", "hypothetical", "other_person", "benign"):
        assert any(u.context == context for u in rows), context
    assert sum(u.context == "uncertain" and u.tier != "none" for u in rows) >= 15


def test_every_key_has_phrasings_in_many_voices_including_code_switching():
    rows = load("all", language="es")
    assert {u.style for u in rows} == set(STYLES_BY_LANGUAGE["es"])
    for key, tier in KEY_TIERS.items():
        mine = [u for u in rows if u.key == key]
        assert len(mine) >= 7, key
        assert len({u.style for u in mine}) >= 5, key
        assert any(u.style == "code_switch" for u in mine), key
        assert all(u.tier == tier for u in mine), key


def test_it_uses_regional_wording():
    text = " ".join(u.text.casefold() for u in load("all", language="es"))
    assert [word for word in REGIONAL if word not in text] == []


def test_ids_and_texts_are_unique_and_apart_from_the_english_set():
    rows = load("all", language="es")
    assert len({u.id for u in rows}) == len(rows)
    assert len({u.text.casefold() for u in rows}) == len(rows)
    assert not {u.id for u in rows} & {u.id for u in load("all")}
    assert {u.language for u in rows} == {"es"}


def test_speech_to_text_utterances_are_lowercase_without_punctuation():
    for u in load("all", language="es"):
        if u.style == "run_on_stt":
            assert not re.search(r"[A-ZÁÉÍÓÚÑ,!?¿¡;:\"]|\.(?!\d)", u.text), u.id


def test_the_split_is_deterministic_disjoint_and_has_every_key_in_both_halves():
    dev, test = load("dev", language="es"), load("test", language="es")
    split._load.cache_clear()
    assert [u.id for u in load("test", language="es")] == [u.id for u in test]
    assert {u.id for u in dev}.isdisjoint(u.id for u in test)
    assert len(dev) + len(test) == len(load("all", language="es"))
    for half in (dev, test):
        counts = Counter(u.key for u in half)
        assert all(counts[key] >= 3 for key in KEY_TIERS), counts
        assert counts[None] >= 30


def test_the_test_half_is_the_one_first_dealt():
    ids = sorted(u.id for u in load("test", language="es"))
    assert hashlib.sha256(",".join(ids).encode()).hexdigest() == TEST_HALF_SHA256
