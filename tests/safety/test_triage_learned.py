"""The learned third triage stage (calls/triage/learned.py): a classifier trained on development data
that fires only where the rules found nothing. On by default for English only (cross-validated on the
development files, see README); the Spanish cases switch it on for Spanish too."""

from __future__ import annotations

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured

from calls.triage import learned
from calls.triage.evaluation.dev_extra_es import load_dev_extra_es
from calls.triage.evaluation.learned_cv import FoldResult, chosen_threshold
from calls.triage.evaluation.split import batches, load
from calls.triage.rules import evaluate_rules

# Written for these tests, in words not copied from any phrasing or training utterance.
UNSEEN = [
    ("I swallowed a bunch more of the oxy than I should", "en", "medication_overdose"),
    ("the chest is squeezing hard", "en", "chest_pain"),
    ("gooey yellow stuff oozing from the cut", "en", "wound_infection"),
    ("el pecho me aprieta como un puño", "es", "chest_pain"),
    ("los dedos del pie se me pusieron morados", "es", "circulation"),
]


@pytest.fixture
def stage_on(settings):
    settings.TRIAGE_LEARNED_STAGE = True
    settings.TRIAGE_LEARNED_LANGUAGES = ["en", "es"]
    return settings


def test_on_by_default_for_english_and_spanish(settings):
    assert settings.TRIAGE_LEARNED_STAGE is True
    assert learned.enabled("en") is True
    assert learned.enabled("es") is True
    assert learned.enabled_languages() == ("en", "es")


def test_switched_off_it_adds_nothing(settings):
    settings.TRIAGE_LEARNED_STAGE = False
    assert learned.enabled("en") is False and learned.enabled_languages() == ()
    # The rules alone miss this phrasing; with the stage off nothing fires.
    assert evaluate_rules("I swallowed a bunch more of the oxy than I should") == []


@pytest.mark.parametrize(("text", "language", "key"), UNSEEN)
def test_unseen_lay_phrasings_get_the_right_concept(text, language, key):
    prediction = learned.predict(text, language)
    assert prediction is not None and prediction.key == key


def test_fires_where_the_rules_found_nothing_titled_with_the_concept(stage_on):
    [match] = evaluate_rules("I swallowed a bunch more of the oxy than I should")
    assert (match.key, match.tier, match.stage) == ("medication_overdose", "urgent", "learned")
    assert match.reason == match.title and match.reason  # the concept's nurse-facing title
    assert match.words == "I swallowed a bunch more of the oxy than I should"
    assert match.instruction_for("555-0100")


def test_rules_matches_are_kept_and_marked_as_rules(stage_on):
    matches = evaluate_rules("I have crushing chest pain")
    assert matches and {m.stage for m in matches} == {"rules"}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Is some swelling at the procedure site normal?", "en"),
        ("When can I take a shower?", "en"),
        ("¿Cuándo me puedo bañar?", "es"),
    ],
)
def test_benign_question_raises_nothing(stage_on, text, language):
    assert evaluate_rules(text, language=language) == []


@pytest.mark.parametrize(
    "text",
    [
        "My lips are not blue.",
        "I had a seizure as a kid, none since.",
        "My mom has chest pain.",
        "What if I get a fever?",
    ],
)
def test_context_negated_historical_other_person_hypothetical_do_not_fire(stage_on, text):
    assert learned.predict(text, "en") is None
    assert evaluate_rules(text) == []


def test_deterministic():
    texts, labels = learned.training_data("en")
    probe = ["my stitches popped open", "I feel fine today", "la herida huele feo"]
    first = learned.train(texts, labels).decision_function(probe)
    second = learned.train(texts, labels).decision_function(probe)
    assert np.array_equal(first, second)
    assert learned.predict(UNSEEN[0][0]) == learned.predict(UNSEEN[0][0])


def test_trains_on_development_data_only():
    for language in ("en", "es"):
        texts, labels = learned.training_data(language)
        assert len(texts) == len(labels) > 1000
        test_ids = {u.id for u in load("test", language=language)}
        dev_ids = {u.id for u in load("dev", language=language)}
        assert test_ids and not test_ids & dev_ids
        # Counted, not read: the training set is exactly the dev half + every development batch registered for the
        # language (split.BATCHES); never a held-out batch.
        parts = tuple(b.name for b in batches(language, role="development"))
        assert learned.development_parts(language) == ("dev", *parts)
        assert len(texts) == len(dev_ids) + sum(len(load(part, language=language)) for part in parts)
    assert {"dev_extra", "dev_fresh4", "dev_fresh6", "dev_fresh7"} <= set(learned.development_parts("en"))
    assert {"dev_extra", "fresh1", "fresh6", "fresh7"} <= set(learned.development_parts("es"))
    assert len(learned.training_data("es")[0]) > len(learned.training_data("es", ("dev",))[0]) + len(
        load_dev_extra_es()
    )


def test_never_trains_on_a_held_out_file():
    held_out = batches(role="held_out")
    assert held_out
    for held in held_out:
        with pytest.raises(ValueError, match="training parts"):
            learned.training_data(held.language, ("dev", held.name))
    with pytest.raises(ValueError, match="training parts"):
        learned.training_data("en", ("test",))


def test_config_errors_are_clear(settings):
    settings.TRIAGE_LEARNED_STAGE = "yes"
    with pytest.raises(ImproperlyConfigured, match="TRIAGE_LEARNED_STAGE must be True or False"):
        learned.enabled()
    settings.TRIAGE_LEARNED_STAGE = True
    settings.TRIAGE_LEARNED_LANGUAGES = ["en", "fr"]
    with pytest.raises(ImproperlyConfigured, match="TRIAGE_LEARNED_LANGUAGES names fr"):
        learned.enabled("en")
    settings.TRIAGE_LEARNED_LANGUAGES = "en"
    with pytest.raises(ImproperlyConfigured, match="must be a list"):
        learned.enabled("en")
    settings.TRIAGE_LEARNED_LANGUAGES = ["en"]
    settings.TRIAGE_LEARNED_THRESHOLDS = {"en": 0.0}
    with pytest.raises(ImproperlyConfigured, match="no threshold for language 'es'"):
        learned.predict("me duele el pecho", "es")
    settings.TRIAGE_LEARNED_THRESHOLDS = {"en": "high"}
    with pytest.raises(ImproperlyConfigured, match=r"TRIAGE_LEARNED_THRESHOLDS\['en'\] must be a finite number"):
        learned.predict("my chest hurts", "en")
    with pytest.raises(ImproperlyConfigured, match="knows languages"):
        learned.training_data("fr")


def test_threshold_is_the_lowest_within_the_budget_in_every_fold_and_pooled():
    def fold(threshold, alarms, name, n_none=100):
        return FoldResult("en", "others", name, threshold, 1.0, 1.0, alarms, n_none)

    # -0.1: one fold over 3%; 0.0: every fold within 3% but 1.5% pooled; 0.1: 0.5% pooled.
    results = [fold(-0.1, 0.05, "a"), fold(-0.1, 0.01, "b"), fold(0.0, 0.03, "a"), fold(0.0, 0.0, "b")]
    results += [fold(0.1, 0.01, "a"), fold(0.1, 0.0, "b")]
    assert chosen_threshold(results) == 0.1
    assert chosen_threshold([fold(0.0, 0.04, "a")]) is None
    # A small fold at 2.7% is within the fold budget; pooled with a large quiet fold it is under 1%.
    assert chosen_threshold([fold(0.0, 1 / 37, "small", 37), fold(0.0, 0.002, "large", 446)]) == 0.0


def test_folds_leave_each_development_file_out_in_turn():
    from calls.triage.evaluation.learned_cv import folds

    english = folds("en")
    assert [held for _, held in english] == list(learned.development_parts("en"))
    assert all(held not in trained for trained, held in english)
    spanish = folds("es")
    assert [held for _, held in spanish] == list(learned.development_parts("es"))
    assert all(held not in trained for trained, held in spanish)


# The emergent upgrade: where the rules found only urgent or routine red flags, an emergent concept the stage names
# is added (forecast on seven development batches before they were tuned on, see learned.THRESHOLDS). The stage's
# prediction is fixed here so each test reads the combining alone.
SOAKED = "The dressing is soaked through with blood."


def _predicting(monkeypatch, key: str | None, score: float = 0.5):
    calls = []

    def predict(text, language="en", *, context_veto=True, threshold=None):
        calls.append(text)
        return learned.LearnedPrediction(key, score) if key else None

    monkeypatch.setattr(learned, "predict", predict)
    return calls


def test_the_rules_alone_hear_the_soaked_dressing_as_urgent(stage_on, monkeypatch):
    _predicting(monkeypatch, None)
    assert [(m.key, m.tier) for m in evaluate_rules(SOAKED)] == [("bleeding_soaked_dressing", "urgent")]


def test_an_emergent_concept_the_stage_names_outranks_the_rules_urgent_one_in_its_group(stage_on, monkeypatch):
    _predicting(monkeypatch, "bleeding_uncontrolled")
    [match] = evaluate_rules(SOAKED)  # the two bleeding entries share a group: the more serious is kept
    assert (match.key, match.tier, match.stage) == ("bleeding_uncontrolled", "emergent", "learned")
    assert match.words == SOAKED and match.instruction_for("555-0100").startswith(match.instruction[:10])


def test_an_emergent_concept_of_another_group_is_added_before_the_rules_urgent_one(stage_on, monkeypatch):
    _predicting(monkeypatch, "anaphylaxis")
    matches = evaluate_rules(SOAKED)
    assert [(m.key, m.stage) for m in matches] == [("anaphylaxis", "learned"), ("bleeding_soaked_dressing", "rules")]


def test_a_less_serious_concept_the_stage_names_adds_nothing_to_the_rules(stage_on, monkeypatch):
    _predicting(monkeypatch, "wound_infection")
    assert [(m.key, m.stage) for m in evaluate_rules(SOAKED)] == [("bleeding_soaked_dressing", "rules")]


def test_the_stage_is_not_asked_when_the_rules_already_found_an_emergency(stage_on, monkeypatch):
    asked = _predicting(monkeypatch, "seizure")
    assert [m.key for m in evaluate_rules("I have crushing chest pain")] == ["chest_pain"]
    assert asked == []


def test_the_upgrade_keeps_the_concepts_unless_words(stage_on, monkeypatch):
    from calls.triage import rules

    _predicting(monkeypatch, "bleeding_uncontrolled")
    consulted = []

    def said_unless(text, flag, language):
        consulted.append(flag.key)
        return True  # as if the concept's reviewed `unless` words were said

    monkeypatch.setattr(rules, "_said_unless", said_unless)
    assert [m.key for m in evaluate_rules(SOAKED)] == ["bleeding_soaked_dressing"]
    assert consulted == ["bleeding_uncontrolled"]


def test_switched_off_the_upgrade_is_off_too(settings, monkeypatch):
    settings.TRIAGE_LEARNED_STAGE = False
    asked = _predicting(monkeypatch, "bleeding_uncontrolled")
    assert [m.key for m in evaluate_rules(SOAKED)] == ["bleeding_soaked_dressing"] and asked == []
