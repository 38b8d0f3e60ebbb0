"""The learned third stage of red-flag triage: a safety net for lay phrasings the rules do not know.

A supervised text classifier (scikit-learn: TF-IDF character 2-5-grams within words plus word 1-2-grams
into a linear SVM), one per language, predicts the catalogue concept a patient's words describe, or
"none". It is trained in this process, deterministically, from the committed development data only
(the development half of the labelled set plus every development batch registered for the language in
calls/triage/evaluation/split.py: dev-extra and the fresh batches); the test half and the
held-out batches are never read here. Nothing is downloaded and no trained model is stored: training
takes about a second per language and happens once per process, on first use (or at warm-up).

It is consulted when the rules (stages 1 and 2, with ConText) found no red flag at all in the text (any
concept it names is added), and when they found no emergency (only an emergent concept it names is added:
calls.triage.rules.with_learned_stage); it fires only when the concept's score clears a per-language threshold
chosen by cross-validation on development data (`THRESHOLDS`, `manage.py triage_learned_cv`), and when ConText
hears no word of the text as negated, historical, hypothetical or someone else's.

On for the languages in settings.TRIAGE_LEARNED_LANGUAGES (English and Spanish by default since the 1 Dec
forecast below), and off everywhere with TRIAGE_LEARNED_STAGE=0: see the README's "Clinical safety" section
for the measured figures and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

# Django is imported where the settings are read, not here: the agent worker (agent_worker/triage.py) runs
# predict() with the threshold the portal sent in the call's context, in a process without Django.


def _improperly_configured(message: str) -> Exception:
    from django.core.exceptions import ImproperlyConfigured

    return ImproperlyConfigured(message)


__all__ = [
    "THRESHOLDS",
    "LearnedPrediction",
    "development_parts",
    "enabled",
    "enabled_languages",
    "predict",
    "threshold_for",
    "train",
    "training_data",
]

NONE = "none"
TEMPERATURE_KEYS = frozenset({"fever", "mild_fever"})
# Decision-score threshold per language. Rechecked on 1 Dec with a time-ordered forecast on development data only
# (calls/triage/evaluation/forecast.py): each fresh development batch scored with the rules as they stood BEFORE it
# was tuned on (its registration commit) and the stage trained only on the data registered before it, at a grid of
# thresholds; plus the everyday-answers batches (dev_answers1, answers1: "my pain is a 3 and the pills help"), each
# half scored with the stage trained on the other. The older leave-one-file-out cross-validation (`manage.py
# triage_learned_cv`) cannot see what the stage adds on words the rules have not met (the rules are tuned on every
# file it leaves out), so it had kept Spanish off. The forecast: Spanish at 0.0 catches 42 red flags the untuned rules
# missed in seven batches (fresh6, 7, 9-13) and adds no false alarm on any of them, on the everyday answers or on the
# probes; lower thresholds catch more (60 at -0.3) but add alarms on everyday answers ("me estoy poniendo hielo" read
# as skin damage at -0.2). English stays at 0.0: 18 catches in dev_fresh6-11 and 23 in 12-13, adding 2 alarms in 697
# "none" lines (0.3%); -0.1 adds "yes I took my medicine this morning" as an overdose, and -0.3 adds 6 of 146 everyday
# answers. The stage is also vetoed by a concept's `unless` words said anywhere (a pain rated 0-6, medicine that
# helps). Rounds 10 and 11 (1 Dec afternoon, each new batch before it was tuned on): English at 0.0 adds 1 emergent and
# 1 urgent on dev_fresh15 and 9 emergent and 2 urgent on dev_fresh17, no false alarm; Spanish adds 2 emergent, 1 urgent
# and 2 routine on fresh16, 1 emergent and 1 false alarm on fresh17, 1 emergent on fresh18; -0.1 adds nothing more in
# either language but 1 emergent on dev_fresh15. Both kept at 0.0. The emergent upgrade (asked also where the rules
# found only urgent or routine flags, adding only an emergent concept), forecast the same way on dev_fresh12-17 and
# fresh12-19 at their registration commits: English 5 emergent catches, Spanish 6, no urgent, routine or "none" row
# raised to emergent at any threshold from -0.3 to +0.4; so it uses the same threshold.
THRESHOLDS: dict[str, float] = {"en": 0.0, "es": 0.0}
# The languages the stage is consulted for unless settings.TRIAGE_LEARNED_LANGUAGES says otherwise.
DEFAULT_LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class LearnedPrediction:
    key: str
    score: float  # the linear SVM's decision score for `key` (higher is surer)


def enabled_languages() -> tuple[str, ...]:
    """The languages evaluate_rules consults the learned stage for (none when TRIAGE_LEARNED_STAGE is off)."""
    from django.conf import settings

    value = getattr(settings, "TRIAGE_LEARNED_STAGE", False)
    if not isinstance(value, bool):
        raise _improperly_configured(f"TRIAGE_LEARNED_STAGE must be True or False, got {value!r}.")
    if not value:
        return ()
    languages = getattr(settings, "TRIAGE_LEARNED_LANGUAGES", DEFAULT_LANGUAGES)
    if isinstance(languages, str) or not all(isinstance(language, str) for language in languages):
        raise _improperly_configured(f"TRIAGE_LEARNED_LANGUAGES must be a list of language codes, got {languages!r}.")
    unknown = sorted(set(languages) - set(THRESHOLDS))
    if unknown:
        raise _improperly_configured(
            f"TRIAGE_LEARNED_LANGUAGES names {', '.join(unknown)}; the learned stage knows {sorted(THRESHOLDS)}."
        )
    return tuple(languages)


def enabled(language: str = "en") -> bool:
    """Whether evaluate_rules consults the learned stage for `language`."""
    return language in enabled_languages()


def threshold_for(language: str) -> float:
    """The decision-score threshold in use for `language` (settings.TRIAGE_LEARNED_THRESHOLDS or THRESHOLDS)."""
    from django.conf import settings

    value = getattr(settings, "TRIAGE_LEARNED_THRESHOLDS", None) or THRESHOLDS
    if language not in value:
        raise _improperly_configured(
            f"TRIAGE_LEARNED_THRESHOLDS has no threshold for language {language!r}; give one per language "
            f"({sorted(THRESHOLDS)})."
        )
    threshold = value[language]
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not math.isfinite(threshold):
        raise _improperly_configured(
            f"TRIAGE_LEARNED_THRESHOLDS[{language!r}] must be a finite number, got {threshold!r}."
        )
    return float(threshold)


def development_parts(language: str) -> tuple[str, ...]:
    """The development data of `language` the stage trains on, by name: the dev half and the registered batches
    marked for it (split.BATCHES: development role, `learned` true); never a held-out batch."""
    from calls.triage.evaluation.split import batches

    if language not in THRESHOLDS:
        raise _improperly_configured(
            f"The learned triage stage knows languages {sorted(THRESHOLDS)}, not {language!r}."
        )
    return ("dev", *(b.name for b in batches(language) if b.trained_on))


def training_data(language: str, parts: tuple[str, ...] | None = None) -> tuple[list[str], list[str]]:
    """Texts and labels (catalogue key or "none") of the development data; never the test half or a held-out file."""
    from calls.triage.evaluation.split import batches, load

    allowed = development_parts(language)
    parts = allowed if parts is None else parts
    unknown = set(parts) - set(allowed)
    if unknown:
        raise ValueError(f"training parts must be among {list(allowed)}, got {sorted(unknown)}")
    items = []
    for part in parts:
        items += load(part, language=language)
    # A guard on the loaders: nothing from the test half or a batch registered as held out (in any language).
    held_out = {b.name for b in batches(role="held_out")}
    if any(item.half == "test" or item.half in held_out for item in items):  # pragma: no cover
        raise RuntimeError("the learned stage must never train on the test half or a held-out file")
    return [item.text for item in items], [item.key or NONE for item in items]


def _temperature_said(text: str, language: str) -> bool:
    from calls.triage.context import temperatures

    if language == "es":
        from calls.triage.catalogue_es import fold, spoken_numbers

        return bool(temperatures(spoken_numbers(fold(text))))
    from calls.triage.numbers import spoken_numbers

    return bool(temperatures(spoken_numbers(text)))


def train(texts: list[str], labels: list[str]):
    """A fitted scikit-learn pipeline; the same data always gives the same model."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC

    features = make_union(
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
    )
    return make_pipeline(features, LinearSVC(C=0.5, random_state=0)).fit(texts, labels)


@cache
def _model(language: str):
    return train(*training_data(language))


def warm(language: str) -> None:
    """Train `language`'s model now (once per process), not on a patient's first turn that needs it."""
    _model(language)


def predict(
    text: str, language: str = "en", *, context_veto: bool = True, threshold: float | None = None
) -> LearnedPrediction | None:
    """The concept the learned stage gives `text`, or None: "none", below the language's threshold, or
    (with `context_veto`) a text in which ConText hears any word negated, historical, hypothetical or
    someone else's. `threshold` defaults to the portal's setting (threshold_for); the agent worker passes
    the one the portal sent it."""
    if not (text or "").strip():
        return None
    threshold = threshold_for(language) if threshold is None else threshold
    model = _model(language)
    scores = model.decision_function([text])[0]
    best = int(scores.argmax())
    key = str(model.classes_[best])
    if key == NONE or scores[best] < threshold:
        return None
    if key in TEMPERATURE_KEYS and _temperature_said(text, language):
        return None  # a temperature said as a number is read by the rules (101 F / 38.3 C), not guessed at

    if context_veto:
        from calls.triage.context import context_suppresses

        if context_suppresses(text, language=language):
            return None
    return LearnedPrediction(key, float(scores[best]))
