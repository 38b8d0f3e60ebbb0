"""The Spanish batches (`utterances_es_dev_extra.jsonl`, the fresh batches and the held-out one), read by name.

The labelled Spanish set (`utterances_es.jsonl`) keeps its fixed-seed split; these files are separate, each
registered in `split.BATCHES` with what it is. The extra file adds, for development only, phrasings written while
tuning the Spanish rules: for every concept lay idiom from Mexico, the Caribbean, Central America and Spain,
misspellings, missing accents and code-switching, and hard "none" utterances (negated, before the surgery,
questions about what might happen, someone else, everyday questions). The fresh batches were written as patients
and parents speak on the phone, each scored with the rules as they stood before it was used (README's
clinical-safety section). None of them counts towards the test half, and of them the learned stage trains on the
extra file only.
"""

from __future__ import annotations

from pathlib import Path

from calls.triage.evaluation.split import DatasetError, Utterance, batches, load_batch

DEV_EXTRA_ES_PATH = Path(__file__).resolve().parent / "utterances_es_dev_extra.jsonl"
# Views of the registry, kept for callers that read them: the fresh development batches and the held-out ones.
DEV_FRESH_ES_PATHS = {b.name: b.path for b in batches("es", role="development") if b.name != "dev_extra"}
HOLDOUT_ES_PATHS = {b.name: b.path for b in batches("es", role="held_out")}


def load_dev_extra_es() -> tuple[Utterance, ...]:
    """Every utterance of the Spanish extra file (half "dev_extra"); DatasetError on a bad line."""
    return load_batch("dev_extra", "es")


def load_dev_fresh_es(name: str) -> tuple[Utterance, ...]:
    """A fresh Spanish development batch by name ("fresh1", ...; see split.BATCHES), its half the name."""
    if name not in DEV_FRESH_ES_PATHS:
        raise DatasetError(f"fresh Spanish batch must be one of {sorted(DEV_FRESH_ES_PATHS)}, got {name!r}")
    return load_batch(name, "es")


def load_holdout_es(name: str) -> tuple[Utterance, ...]:
    """A held-out Spanish batch by name: scored, never tuned on, its misses never listed."""
    if name not in HOLDOUT_ES_PATHS:
        raise DatasetError(f"held-out Spanish batch must be one of {sorted(HOLDOUT_ES_PATHS)}, got {name!r}")
    return load_batch(name, "es")
