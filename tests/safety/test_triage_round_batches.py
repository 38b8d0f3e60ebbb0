"""What the English concept rounds asked of the batches they were widened after (their phrasings are in
tests/safety/concept_rounds/, heard by test_triage_concepts.py): each batch that became development data is
trained on, and the held-out batches never are nor share an id with the development data. Failures name ids only,
never a held-out text."""

from __future__ import annotations

import pytest

from calls.triage.evaluation.split import batch, batches, load, load_batch
from calls.triage.learned import development_parts, training_data

pytestmark = pytest.mark.usefixtures("rules_only")

# --- generalise_en3: the round's own batch checks -----------------------------------------------------------------


def test_the_held_out_batches_are_never_trained_on_and_share_no_id_with_the_development_data():
    # holdout_fresh4 and holdout_fresh6 were held out until they became development data; the registry says which
    # batches are held out now. Failures name held-out ids only, never a held-out text.
    held_out = batches("en", role="held_out")
    assert held_out
    texts = set(training_data("en")[0])
    development = {u.id for u in load("all")}
    development |= {u.id for b in batches("en", role="development") for u in load_batch(b.name, "en")}
    for b in held_out:
        held = load_batch(b.name, "en")
        assert held
        assert [u.id for u in held if u.text in texts] == []
        assert [u.id for u in held if u.id in development] == []
        assert {u.half for u in held} == {b.name}


# --- generalise_en5: the round's own batch checks -----------------------------------------------------------------


def test_the_fifth_batch_is_development_only_and_shares_no_text_or_id_with_another_file():
    fresh5 = load("dev_fresh5")
    assert len(fresh5) >= 250 and {u.half for u in fresh5} == {"dev_fresh5"}
    assert all(u.key is None for u in fresh5 if u.tier == "none")  # stored as null, not "none"
    others = load("all") + [u for b in batches("en") if b.name != "dev_fresh5" for u in load_batch(b.name, "en")]
    assert not {u.id for u in fresh5} & {u.id for u in others}
    # Only the fifth batch's ids are named on failure: the others include the test half and held-out batches.
    other_texts = {u.text.casefold().strip() for u in others}
    assert [u.id for u in fresh5 if u.text.casefold().strip() in other_texts] == []


def test_the_learned_stage_trains_on_the_fifth_batch_and_never_on_a_held_out_batch():
    assert "dev_fresh5" in development_parts("en")
    texts = set(training_data("en")[0])
    assert {u.text for u in load("dev_fresh5")} <= texts
    held_out = batches("en", role="held_out")
    assert held_out
    assert [u.id for b in held_out for u in load_batch(b.name, "en") if u.text in texts] == []


# --- generalise_en6: the round's own batch checks -----------------------------------------------------------------


def test_the_fourth_batch_is_development_data_now_and_trained_on():
    fresh4 = load("dev_fresh4")
    assert len(fresh4) == 200 and {u.half for u in fresh4} == {"dev_fresh4"}
    assert batch("dev_fresh4", "en").role == "development"
    assert "holdout_fresh4" not in {b.name for b in batches()}
    assert "dev_fresh4" in development_parts("en")
    texts, _ = training_data("en")
    assert {u.text for u in fresh4} <= set(texts)


def test_the_sixth_batch_is_development_data_now_and_the_held_out_batches_are_still_not():
    fresh6 = load("dev_fresh6")
    assert len(fresh6) >= 200 and {u.half for u in fresh6} == {"dev_fresh6"}
    assert all(u.key is None for u in fresh6 if u.tier == "none")  # stored as null, not "none"
    assert "dev_fresh6" in development_parts("en") and "holdout_fresh6" not in {b.name for b in batches()}
    others = load("all") + [u for b in batches("en") if b.name != "dev_fresh6" for u in load_batch(b.name, "en")]
    assert not {u.id for u in fresh6} & {u.id for u in others}
    # Only the sixth batch's ids are named on failure: the others include the test half and held-out batches.
    other_texts = {u.text.casefold().strip() for u in others}
    assert [u.id for u in fresh6 if u.text.casefold().strip() in other_texts] == []
    texts = set(training_data("en")[0])
    assert {u.text for u in fresh6} <= texts
    held_out = batches("en", role="held_out")
    assert held_out
    for b in held_out:
        assert b.name not in development_parts("en")
        assert [u.id for u in load_batch(b.name, "en") if u.text in texts] == []
