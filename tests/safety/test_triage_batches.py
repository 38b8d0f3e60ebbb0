"""The registry of separately written triage evaluation batches (calls/triage/evaluation/split.py, BATCHES):
one entry per batch and language, every file there and valid, nothing shared between files, and the held-out
batches kept out of tuning and training. Failures name ids only: a held-out text is never shown."""

from __future__ import annotations

from collections import Counter

import pytest

from calls.triage.evaluation import split
from calls.triage.evaluation.split import BATCHES, DatasetError, batch, batches, load, load_batch
from calls.triage.learned import development_parts, training_data

# The labelled set's own files and the Spanish concept probes: every other .jsonl there must be registered.
NOT_BATCHES = {"utterances.jsonl", "utterances_es.jsonl", "probes_es.jsonl"}
# The one overlap left between batches: four lines of dev_fresh3 say word for word what four of dev_fresh say, both
# development batches copied in before lines repeating another file were dropped. Nothing may join it.
KNOWN_REPEATS = {("en", "dev_fresh"): {"dev_fresh3"}, ("en", "dev_fresh3"): {"dev_fresh"}}


def _ids(rows) -> set[str]:
    return {u.id for u in rows}


def _texts(rows) -> set[str]:
    return {u.text.casefold().strip() for u in rows}


def _every_other_file(wanted, *, but: set[str] = frozenset()) -> list:
    rows = load("all", language=wanted.language)
    others = [b for b in batches(wanted.language) if b != wanted and b.name not in but]
    return rows + [u for b in others for u in load_batch(b.name, b.language)]


def test_one_entry_per_name_and_language_and_one_per_file():
    assert len(BATCHES) == len({(b.name, b.language) for b in BATCHES})
    assert len(BATCHES) == len({b.file for b in BATCHES})
    assert {b.language for b in BATCHES} == set(split.FILES)
    assert {b.role for b in BATCHES} == {"development", "held_out"}
    assert all(b.note.strip() for b in BATCHES)
    # A name means one thing in every language it is registered in.
    roles = {b.name: {c.role for c in BATCHES if c.name == b.name} for b in BATCHES}
    assert all(len(r) == 1 for r in roles.values()), roles


def test_every_evaluation_file_is_registered_and_every_registered_file_exists():
    on_disk = {path.name for path in split.DATA_DIR.glob("*.jsonl")} - NOT_BATCHES
    assert on_disk == {b.file for b in BATCHES}
    assert all(b.path.is_file() for b in BATCHES)


@pytest.mark.parametrize("wanted", BATCHES, ids=lambda b: f"{b.language}-{b.name}")
def test_a_registered_batch_validates_and_shares_no_id_or_text_with_another_file(wanted):
    rows = load_batch(wanted.name, wanted.language)
    assert len(rows) >= 100
    assert {(u.half, u.language) for u in rows} == {(wanted.name, wanted.language)}
    assert len(_ids(rows)) == len(rows)
    assert all(u.key is None for u in rows if u.tier == "none")  # stored as null, not "none"
    others = _every_other_file(wanted)
    assert [u.id for u in rows if u.id in _ids(others)] == []
    # Only this batch's ids are named on failure: the other files include the test half and held-out batches.
    other_texts = _texts(_every_other_file(wanted, but=KNOWN_REPEATS.get((wanted.language, wanted.name), set())))
    assert [u.id for u in rows if u.text.casefold().strip() in other_texts] == []
    assert [i for i, n in Counter(u.text.casefold().strip() for u in rows).items() if n > 1] == []


def test_the_known_repeats_are_four_lines_between_two_development_batches():
    fresh, fresh3 = load("dev_fresh"), load("dev_fresh3")
    assert len(_texts(fresh) & _texts(fresh3)) == 4
    assert all(batch(name, language).role == "development" for language, name in KNOWN_REPEATS)


def test_held_out_batches_are_never_development_parts_nor_trained_on():
    held = batches(role="held_out")
    assert {(b.name, b.language) for b in held} == {("holdout_fresh8", "en"), ("holdout_fresh8", "es")}
    for language in ("en", "es"):
        parts = development_parts(language)
        assert not {b.name for b in held} & set(parts)
        assert set(parts) == {"dev"} | {b.name for b in batches(language) if b.trained_on}
        texts, _ = training_data(language)
        for b in batches(language, role="held_out"):
            rows = load_batch(b.name, language)
            assert not b.trained_on
            assert [u.id for u in rows if u.text in set(texts)] == []
            with pytest.raises(ValueError, match="training parts"):
                training_data(language, ("dev", b.name))


def test_the_old_held_out_batch_is_development_data_now_with_its_last_reading():
    for name, language in (("dev_fresh6", "en"), ("fresh6", "es")):
        fresh6 = batch(name, language)
        assert fresh6.role == "development" and "holdout_fresh6" in fresh6.note and "97d819a" in fresh6.note
        assert fresh6.path.is_file()
        assert not fresh6.path.with_name(fresh6.file.replace("dev_fresh6", "holdout_fresh6")).exists()
    assert "dev_fresh6" in development_parts("en") and "dev_fresh7" in development_parts("en")


def test_an_unregistered_name_is_refused_naming_the_registered_ones():
    with pytest.raises(DatasetError, match="dev_fresh7"):
        batch("dev_fresh_never_written", "en")
    with pytest.raises(DatasetError, match="half must be"):
        load("holdout_fresh6")
    # A name registered only in the other language gives nothing rather than the other language's file.
    assert load("dev_fresh7", language="es") == [] and load("fresh7", language="en") == []
