"""The fresh Spanish batches (utterances_es_dev_fresh1..7.jsonl, development-only) and the held-out one
(utterances_es_holdout_fresh8.jsonl, never tuned on): new phone phrasings, registered in split.BATCHES.

fresh1 was written before the lexicon and cue fixes it then guided, and scored with the rules as they
stood (README, "Clinical safety"); it is tuned on, so it must keep meeting the targets. fresh2 was written
after those fixes and scored once. fresh3 and holdout_fresh4 were written by another engineer who never saw
the rules; fresh3 was scored, then tuned on; fresh5 (same engineer, written after holdout_fresh4) was scored,
then tuned on. After two rounds held out, fresh4 became development data (utterances_es_dev_fresh4.jsonl), and
after round 3 so did holdout_fresh6 (fresh6); fresh7 and holdout_fresh8 were written on 30 Nov by engineers who
never saw the rules, and holdout_fresh8 is the held-out batch now. Failures name ids only, never a held-out text.
"""

from __future__ import annotations

from collections import Counter

import pytest

from calls.triage.evaluation.dev_extra_es import (
    DEV_FRESH_ES_PATHS,
    HOLDOUT_ES_PATHS,
    load_dev_extra_es,
    load_dev_fresh_es,
    load_holdout_es,
)
from calls.triage.evaluation.report import run
from calls.triage.evaluation.split import KEY_TIERS, DatasetError, batch, batches, load
from calls.triage.learned import development_parts


def _texts(rows) -> set[str]:
    return {u.text.casefold().strip() for u in rows}


FRESH = list(DEV_FRESH_ES_PATHS)
HELD_OUT = list(HOLDOUT_ES_PATHS)


def _batch(name: str):
    return load_holdout_es(name) if name in HOLDOUT_ES_PATHS else load_dev_fresh_es(name)


def test_the_fresh_and_held_out_batches_are_the_registered_spanish_ones():
    assert [b.name for b in batches("es", role="development") if b.name != "dev_extra"] == FRESH
    assert [b.name for b in batches("es", role="held_out")] == HELD_OUT
    assert {"fresh1", "fresh4", "fresh6", "fresh7"} <= set(FRESH) and HELD_OUT == ["holdout_fresh8"]


@pytest.mark.parametrize("name", [*FRESH, *HELD_OUT])
def test_a_fresh_batch_is_new_and_development_only(name):
    rows = _batch(name)
    assert all(u.half == name and u.language == "es" for u in rows)
    others = load("all", language="es") + list(load_dev_extra_es())
    for other in [*FRESH, *HELD_OUT]:
        if other != name:
            others += list(_batch(other))
    # Only the batch's own ids are named on failure: the other files' texts (the test half) are never shown.
    others_texts = _texts(others)
    repeated = [u.id for u in rows if u.text.casefold().strip() in others_texts]
    assert repeated == [], f"{name}: these lines repeat another evaluation file: {repeated}"
    assert len({u.id for u in rows}) == len(rows)
    others_ids = {u.id for u in others}
    assert [u.id for u in rows if u.id in others_ids] == []


def test_an_unknown_batch_is_refused():
    with pytest.raises(DatasetError, match="fresh1"):
        load_dev_fresh_es("fresh_never_written")
    with pytest.raises(DatasetError, match="holdout_fresh8"):
        load_holdout_es("fresh3")
    for old in ("holdout_fresh4", "holdout_fresh6"):  # development data now (fresh4, fresh6), no longer held out
        with pytest.raises(DatasetError, match="holdout_fresh8"):
            load_holdout_es(old)


def test_the_held_out_batch_is_not_a_development_file():
    # Never tuned on: it is neither a fresh development batch nor part of the learned stage's training data.
    assert set(HOLDOUT_ES_PATHS) == {"holdout_fresh8"}
    assert not set(HOLDOUT_ES_PATHS) & set(DEV_FRESH_ES_PATHS)
    assert HOLDOUT_ES_PATHS["holdout_fresh8"].name == "utterances_es_holdout_fresh8.jsonl"
    assert not {p.name for p in DEV_FRESH_ES_PATHS.values()} & {p.name for p in HOLDOUT_ES_PATHS.values()}
    assert not set(HOLDOUT_ES_PATHS) & set(development_parts("es"))
    with pytest.raises(DatasetError):
        load_dev_fresh_es("holdout_fresh8")
    held = load_holdout_es("holdout_fresh8")
    assert len(held) >= 150 and all(u.half == "holdout_fresh8" for u in held)
    assert all(u.key is None for u in held if u.tier == "none")  # stored as null, not "none"


@pytest.mark.parametrize(("name", "old"), [("fresh4", "holdout_fresh4"), ("fresh6", "holdout_fresh6")])
def test_an_old_held_out_batch_is_development_data_now(name, old):
    # holdout_fresh4 was scored for the last time at 0.89 / 0.81 / 0.89, false alarms 5.7%, holdout_fresh6 at
    # 0.92 / 0.89, false alarms 16.4% (both in the registry's notes); then each was tuned on.
    rows = load_dev_fresh_es(name)
    assert len(rows) >= 150 and all(u.half == name for u in rows)
    assert batch(name, "es").role == "development" and old in batch(name, "es").note
    assert DEV_FRESH_ES_PATHS[name].name == f"utterances_es_dev_{name}.jsonl"
    assert not DEV_FRESH_ES_PATHS[name].with_name(f"utterances_es_{old}.jsonl").exists()


@pytest.mark.parametrize(
    ("name", "size", "negatives"),
    [
        ("fresh1", 250, 80),
        ("fresh2", 100, 30),
        ("fresh3", 200, 60),
        ("fresh4", 150, 50),
        ("fresh5", 190, 60),
        ("fresh6", 170, 50),
        ("fresh7", 210, 60),
    ],
)
def test_a_fresh_batch_covers_every_emergent_and_urgent_concept(name, size, negatives):
    rows = load_dev_fresh_es(name)
    assert len(rows) >= size
    per_key = Counter(u.key for u in rows if u.key)
    assert {k for k, tier in KEY_TIERS.items() if tier in ("emergent", "urgent")} <= set(per_key)
    none = [u for u in rows if u.tier == "none"]
    assert len(none) >= negatives
    assert {u.context for u in none} == {"negated", "historical", "hypothetical", "other_person", "benign"}
    if name != "fresh2":  # the small second batch was not written to cover every style
        assert {"parent", "run_on_stt", "code_switch", "lay"} <= {u.style for u in rows}


def test_the_first_fresh_batch_meets_the_targets_after_the_fixes_it_guided():
    report = run("dev", list(load_dev_fresh_es("fresh1")), language="es")
    assert report.recall("emergent") == 1.0
    assert report.recall("urgent") >= 0.97
    assert report.false_alarm_rate <= 0.05
