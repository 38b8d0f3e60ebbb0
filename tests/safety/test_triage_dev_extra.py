"""The development-only phrasings (utterances_dev_extra.jsonl): written after the split to tune on,
never dealt into the test half, and as varied as the set the targets are judged on."""

from __future__ import annotations

import re

from calls.triage.evaluation.dev_extra_es import load_dev_extra_es
from calls.triage.evaluation.split import KEY_TIERS, STYLES_BY_LANGUAGE, load


def test_dev_extra_is_its_own_half_and_never_in_the_original_split():
    extra = load("dev_extra")
    assert extra and {u.half for u in extra} == {"dev_extra"}
    original = load("all")
    assert not {u.id for u in extra} & {u.id for u in original}
    # Only the dev_extra ids are named on failure: the original file's texts include the test half.
    texts = {u.text.casefold() for u in original}
    assert [u.id for u in extra if u.text.casefold() in texts] == []
    assert len({u.text.casefold() for u in extra}) == len(extra)


def test_dev_extra_covers_every_key_and_enough_hard_negatives():
    extra = load("dev_extra")
    for key in KEY_TIERS:
        assert sum(u.key == key for u in extra) >= 8, key
    none = [u for u in extra if u.tier == "none"]
    assert len(none) >= 150
    assert {u.context for u in none} == {"benign", "negated", "historical", "hypothetical", "other_person"}
    assert {u.style for u in extra} <= set(STYLES_BY_LANGUAGE["en"])


def test_dev_extra_speech_to_text_is_lowercase_without_punctuation():
    for u in load("dev_extra"):
        if u.style == "run_on_stt":
            assert not re.search(r"[A-Z,!?;:\"]|\.(?!\d)", u.text), u.id


def test_the_spanish_dev_extra_is_its_own_file_not_the_english_one():
    spanish = load("dev_extra", language="es")
    assert spanish == list(load_dev_extra_es()) and {u.language for u in spanish} == {"es"}
    assert not {u.id for u in spanish} & {u.id for u in load("dev_extra")}
