"""What the concept tests ask of the red-flag rules, in one place.

`keys` and `tier` read a phrasing with the rules (the learned stage is off when a module uses the
`rules_only` fixture from tests/safety/conftest.py); `dataset_texts` is every utterance text in every
evaluation file, so a test can check its own phrasings were written afresh rather than copied from data.
"""

from __future__ import annotations

from functools import cache

from calls.triage import evaluate_rules


def keys(text: str, language: str = "en", speaker: str | None = None) -> list[str]:
    """The catalogue keys `text` fires, most serious first."""
    return [m.key for m in evaluate_rules(text, language=language, speaker=speaker)]


def tier(text: str, language: str = "en", speaker: str | None = None) -> str:
    """The most serious tier `text` fires, or "none"."""
    matches = evaluate_rules(text, language=language, speaker=speaker)
    return matches[0].tier if matches else "none"


@cache
def dataset_texts() -> frozenset[str]:
    """Every text of every triage evaluation file (both languages, every half and separate file), casefolded."""
    import json
    from pathlib import Path

    from calls.triage.evaluation import split

    texts: set[str] = set()
    for path in sorted(Path(split.DATA_DIR).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.add(json.loads(line)["text"].casefold().strip())
    return frozenset(texts)
