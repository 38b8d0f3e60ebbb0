"""English red flags by concept, widened after the fourth fresh batch became development data
(utterances_dev_fresh4.jsonl, the held-out file until main 9106cf2; written by an engineer who never saw the
rules). Every phrasing here was written for this file, not taken from a dataset file (a test checks that), and is
heard with the learned stage off, so it tests the rules themselves. holdout_fresh6, the held-out file after it,
is development data too now (dev_fresh6)."""

from __future__ import annotations

import pytest

from calls.triage.evaluation.split import batch, batches, load, load_batch
from calls.triage.learned import development_parts, training_data
from tests.safety.triage_phrasings import dataset_texts, keys, tier

pytestmark = pytest.mark.usefixtures("rules_only")


# One line per concept widened, in words of this file.
WIDENED = [
    # bleeding that won't quit / let up / ease off, with pressing or blood said beside it
    ("bleeding_uncontrolled", "the blood from my drain site won't let up, I've held a towel on it for twenty minutes"),
    ("bleeding_uncontrolled", "it's been bleeding since lunch and it doesn't ease off no matter how hard I press"),
    # a limb that won't do what one tells it, or won't obey, said with a side
    ("stroke", "my left leg suddenly won't do what I want it to"),
    ("stroke", "his right arm isn't obeying him all of a sudden"),
    # wound edges that won't stay closed / together
    ("wound_opening", "the sides of my incision won't stay together anymore"),
    ("wound_opening", "the scar keeps gaping, it doesn't stay shut"),
    # hot with a body sign, said of oneself, with no number
    ("mild_fever", "I'm a little warm and clammy this evening"),
    ("mild_fever", "she's all hot and flushed since lunch"),
    # not going (to the toilet) for a stool / a poo
    ("constipation", "I haven't been for a poo since Saturday"),
    ("constipation", "he has not gone to the loo to do a number two in days"),
    # no reason / point to keep going, said with any negation
    ("self_harm", "he keeps saying he doesn't see a reason to go on"),
    ("self_harm", "honestly I didn't see the point in living last night and I still don't"),
]

# Look-alikes that must stay quiet (or only routine): the same words, not the red flag.
NOT_A_RED_FLAG = [
    "my voice has been croaky since they took the breathing tube out",
    "her voice sounds different since the tonsils came out, really nasal",
    "back in about 2015 I had a blood clot in my leg, all fine since",
    "I'm hot and sweaty after carrying the shopping upstairs",
    "there's no pain when I go for a poo",
    "I haven't been to the bathroom for a wee since lunch, I'm about to go now",
    "the itch won't let up but the skin looks fine",
    "I don't see a reason to keep going to the physio if it's healed",
    "she doesn't see the point of the leg exercises",
]


@pytest.mark.parametrize(("key", "text"), WIDENED)
def test_a_concept_widened_after_the_fourth_batch_is_heard_in_fresh_words(key, text):
    assert key in keys(text), keys(text)


@pytest.mark.parametrize("text", NOT_A_RED_FLAG)
def test_look_alikes_raise_nothing_urgent(text):
    assert tier(text) in ("none", "routine"), keys(text)


def test_these_phrasings_are_in_no_dataset_file():
    written = [t for _, t in WIDENED] + NOT_A_RED_FLAG
    assert [t for t in written if t.casefold().strip() in dataset_texts()] == []


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
