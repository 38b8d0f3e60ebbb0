"""The learned third stage of red-flag triage: a safety net for lay phrasings the rules do not know.

A supervised text classifier (scikit-learn: TF-IDF character 2-5-grams within words plus word 1-2-grams
into a linear SVM), one per language, predicts the catalogue concept a patient's words describe, or
"none". It is trained in this process, deterministically, from the committed development data only
(the development half of the labelled set plus the development-only extra phrasings); the test half is
never read here. Nothing is downloaded and no trained model is stored: training takes well under a
second per language and happens once per process, on first use (or at warm-up).

It is consulted only when the rules (stages 1 and 2, with ConText) found no red flag at all in the text,
and it fires only when the concept's score clears a per-language threshold chosen by cross-validation
on development data to keep false alarms on "none" utterances at or below 3% (`THRESHOLDS`). ConText is
not applied to its output; instead it is trained with negated, historical, hypothetical and
someone-else "none" utterances as hard negatives, and those are part of the validation false-alarm count.

Off unless settings.TRIAGE_LEARNED_STAGE is true: see the README's "Clinical safety" section for the
measured figures and why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = ["THRESHOLDS", "LearnedPrediction", "enabled", "predict", "train", "training_data"]

NONE = "none"
# Decision-score threshold per language, from cross-validation on development data (train on the
# dev-extra file, validate on the dev half, then the reverse): the lowest score at which the learned
# stage's own false alarms on "none" stay <= 3% in both folds. Chosen without the ConText veto
# (`manage.py triage_learned_cv --no-context-veto`) and kept when the veto was added, which
# would lower them (-0.3 / +0.1) but was not re-chosen after the test half had been counted.
THRESHOLDS: dict[str, float] = {"en": -0.1, "es": 0.3}


@dataclass(frozen=True)
class LearnedPrediction:
    key: str
    score: float  # the linear SVM's decision score for `key` (higher is surer)


def enabled() -> bool:
    """Whether evaluate_rules consults the learned stage (settings.TRIAGE_LEARNED_STAGE)."""
    value = getattr(settings, "TRIAGE_LEARNED_STAGE", False)
    if not isinstance(value, bool):
        raise ImproperlyConfigured(f"TRIAGE_LEARNED_STAGE must be True or False, got {value!r}.")
    return value


def _threshold(language: str) -> float:
    value = getattr(settings, "TRIAGE_LEARNED_THRESHOLDS", None) or THRESHOLDS
    if language not in value:
        raise ImproperlyConfigured(
            f"TRIAGE_LEARNED_THRESHOLDS has no threshold for language {language!r}; give one per language "
            f"({sorted(THRESHOLDS)})."
        )
    threshold = value[language]
    if isinstance(threshold, bool) or not isinstance(threshold, int | float) or not math.isfinite(threshold):
        raise ImproperlyConfigured(
            f"TRIAGE_LEARNED_THRESHOLDS[{language!r}] must be a finite number, got {threshold!r}."
        )
    return float(threshold)


def training_data(language: str, parts: tuple[str, ...] = ("dev", "dev_extra")) -> tuple[list[str], list[str]]:
    """Texts and labels (catalogue key or "none") of the development data; never the test half."""
    from calls.triage.evaluation.dev_extra_es import load_dev_extra_es
    from calls.triage.evaluation.split import load

    if language not in THRESHOLDS:
        raise ImproperlyConfigured(f"The learned triage stage knows languages {sorted(THRESHOLDS)}, not {language!r}.")
    unknown = set(parts) - {"dev", "dev_extra"}
    if unknown:
        raise ValueError(f"training parts must be 'dev' and/or 'dev_extra', got {sorted(unknown)}")
    items = []
    if "dev" in parts:
        items += load("dev", language=language)
    if "dev_extra" in parts:
        items += load("dev_extra", language=language) if language == "en" else list(load_dev_extra_es())
    if any(item.half == "test" for item in items):  # pragma: no cover - a guard on the loaders
        raise RuntimeError("the learned stage must never train on the test half")
    return [item.text for item in items], [item.key or NONE for item in items]


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


def predict(text: str, language: str = "en", *, context_veto: bool = True) -> LearnedPrediction | None:
    """The concept the learned stage gives `text`, or None: "none", below the language's threshold, or
    (with `context_veto`) a text in which ConText hears any word negated, historical, hypothetical or
    someone else's."""
    if not (text or "").strip():
        return None
    threshold = _threshold(language)
    model = _model(language)
    scores = model.decision_function([text])[0]
    best = int(scores.argmax())
    key = str(model.classes_[best])
    if key == NONE or scores[best] < threshold:
        return None
    if context_veto:
        from calls.triage.context import context_suppresses

        if context_suppresses(text, language=language):
            return None
    return LearnedPrediction(key, float(scores[best]))
