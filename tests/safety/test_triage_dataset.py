"""The triage evaluation set's shape and its one-time dev/test split."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter

import pytest

from calls.triage.evaluation import split
from calls.triage.evaluation.split import CONTEXTS, KEY_TIERS, STYLES_BY_LANGUAGE, DatasetError, load

# The test half as first dealt. Changing the data or the seed re-deals strata and leaks test
# utterances into tuning; extend the set with a new file instead.
TEST_HALF_SHA256 = "e9e826c5052defe157594149808ee3cdd6686484d415b0b6e108b3f727e02906"


def test_it_holds_enough_utterances_and_reassuring_ones():
    rows = load("all")
    assert len(rows) >= 560
    assert sum(u.tier == "none" for u in rows) >= 170


def test_every_key_has_phrasings_in_many_voices():
    rows = load("all")
    for key in KEY_TIERS:
        mine = [u for u in rows if u.key == key]
        assert len(mine) >= 10, key
        assert len({u.style for u in mine}) >= 5, key
        assert all(u.tier == KEY_TIERS[key] for u in mine), key


def test_every_style_and_context_is_present():
    rows = load("all")
    assert {u.style for u in rows} == set(STYLES_BY_LANGUAGE["en"])
    assert {u.context for u in rows} == set(CONTEXTS)
    for context in ("negated", "historical", "hypothetical", "other_person"):
        assert sum(u.context == context for u in rows) >= 15, context
        assert all(u.tier == "none" for u in rows if u.context == context), context
    assert sum(u.context == "uncertain" and u.tier != "none" for u in rows) >= 20


def test_ids_and_texts_are_unique():
    rows = load("all")
    assert len({u.id for u in rows}) == len(rows)
    assert len({u.text.casefold() for u in rows}) == len(rows)


def test_speech_to_text_utterances_are_lowercase_without_punctuation():
    for u in load("all"):
        if u.style == "run_on_stt":
            assert not re.search(r"[A-Z,!?;:\"]|\.(?!\d)", u.text), u.id


def test_the_split_is_deterministic_disjoint_and_complete():
    dev, test = load("dev"), load("test")
    split._load.cache_clear()
    assert [u.id for u in load("dev")] == [u.id for u in dev]
    assert {u.id for u in dev}.isdisjoint(u.id for u in test)
    assert {u.id for u in dev} | {u.id for u in test} == {u.id for u in load("all")}
    assert abs(len(dev) - len(test)) <= len(KEY_TIERS)


def test_each_key_and_tier_has_phrasings_in_both_halves():
    for half in ("dev", "test"):
        counts = Counter(u.key for u in load(half))
        for key in KEY_TIERS:
            assert counts[key] >= 5, (half, key)
        tiers = Counter(u.tier for u in load(half))
        assert tiers["none"] >= 85, half


def test_the_test_half_is_the_one_first_dealt():
    ids = sorted(u.id for u in load("test"))
    assert hashlib.sha256(",".join(ids).encode()).hexdigest() == TEST_HALF_SHA256


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            {"id": "x1", "text": "hi", "tier": "urgent", "key": "chest_pain", "context": "affirmed", "style": "plain"},
            "is tier emergent",
        ),
        (
            {"id": "x1", "text": "hi", "tier": "none", "key": "fever", "context": "negated", "style": "plain"},
            "key null",
        ),
        (
            {"id": "x1", "text": "hi", "tier": "urgent", "key": "fever", "context": "negated", "style": "plain"},
            "affirmed or uncertain",
        ),
        (
            {"id": "x1", "text": "hi", "tier": "urgent", "key": "fevr", "context": "affirmed", "style": "plain"},
            "catalogue keys",
        ),
        (
            {"id": "x1", "text": "hi", "tier": "none", "key": None, "context": "benign", "style": "shouty"},
            "style must be",
        ),
        ({"id": "x1", "text": " ", "tier": "none", "key": None, "context": "benign", "style": "plain"}, "non-empty"),
        ({"id": "x1", "text": "hi", "tier": "none", "key": None, "context": "benign"}, "fields must be exactly"),
    ],
)
def test_it_rejects_a_bad_line_naming_it(tmp_path, monkeypatch, row, message):
    bad = tmp_path / "bad.jsonl"
    good = {"id": "x0", "text": "fine", "tier": "none", "key": None, "context": "benign", "style": "plain"}
    bad.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    monkeypatch.setitem(split.FILES, "xx", bad)
    with pytest.raises(DatasetError, match=message) as caught:
        load("all", language="xx")
    assert "bad.jsonl line 2" in str(caught.value)


def test_it_rejects_duplicate_ids_bad_json_and_unknown_halves(tmp_path, monkeypatch):
    row = {"id": "x0", "text": "fine", "tier": "none", "key": None, "context": "benign", "style": "plain"}
    dup = tmp_path / "dup.jsonl"
    dup.write_text(json.dumps(row) + "\n" + json.dumps(row) + "\n", encoding="utf-8")
    broken = tmp_path / "broken.jsonl"
    broken.write_text('{"id": "x0",\n', encoding="utf-8")
    monkeypatch.setitem(split.FILES, "dup", dup)
    monkeypatch.setitem(split.FILES, "broken", broken)
    with pytest.raises(DatasetError, match="id x0 is used twice"):
        load("all", language="dup")
    with pytest.raises(DatasetError, match=r"broken\.jsonl line 1: not valid JSON"):
        load("all", language="broken")
    with pytest.raises(DatasetError, match="half must be"):
        load("train")
    with pytest.raises(DatasetError, match="language must be one of"):
        load("all", language="fr")
