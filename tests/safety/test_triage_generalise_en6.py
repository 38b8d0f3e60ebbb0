"""English red flags by concept, widened after the fourth fresh batch became development data
(utterances_dev_fresh4.jsonl, the held-out file until main 9106cf2; written by an engineer who never saw the
rules). Every phrasing here was written for this file, not taken from a dataset file (a test checks that), and is
heard with the learned stage off, so it tests the rules themselves. The held-out file is now holdout_fresh6."""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules
from calls.triage.evaluation.split import DEV_ONLY_FILES, HOLDOUT_FILES, load
from calls.triage.learned import development_parts, training_data


@pytest.fixture(autouse=True)
def rules_only(settings):
    settings.TRIAGE_LEARNED_STAGE = False


def keys(text: str) -> list[str]:
    return [m.key for m in evaluate_rules(text)]


def tier(text: str) -> str:
    matches = evaluate_rules(text)
    return matches[0].tier if matches else "none"


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
    halves = ["all", *DEV_ONLY_FILES, *HOLDOUT_FILES]
    said = {u.text.casefold().strip() for half in halves for u in load(half)}
    written = [t for _, t in WIDENED] + NOT_A_RED_FLAG
    assert [t for t in written if t.casefold().strip() in said] == []


def test_the_fourth_batch_is_development_data_now_and_trained_on():
    fresh4 = load("dev_fresh4")
    assert len(fresh4) == 200 and {u.half for u in fresh4} == {"dev_fresh4"}
    assert "dev_fresh4" in DEV_ONLY_FILES and "holdout_fresh4" not in HOLDOUT_FILES
    assert "dev_fresh4" in development_parts("en")
    texts, _ = training_data("en")
    assert {u.text for u in fresh4} <= set(texts)


def test_the_sixth_batch_is_the_held_out_file_and_shares_no_text_or_id_with_another_file():
    held = load("holdout_fresh6")
    assert len(held) >= 200 and {u.half for u in held} == {"holdout_fresh6"}
    assert all(u.key is None for u in held if u.tier == "none")  # stored as null, not "none"
    assert "holdout_fresh6" not in development_parts("en")
    others = [u for half in ["all", *DEV_ONLY_FILES] for u in load(half)]
    assert not {u.id for u in held} & {u.id for u in others}
    assert not {u.text.casefold().strip() for u in held} & {u.text.casefold().strip() for u in others}
    texts, _ = training_data("en")
    assert not {u.text for u in held} & set(texts)
