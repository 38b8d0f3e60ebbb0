"""Spanish phrasings written for tuning only (`utterances_es_dev_extra.jsonl`), development half only.

The labelled Spanish set (`utterances_es.jsonl`) keeps its fixed-seed split; this file adds, for
development only, phrasings written while tuning the Spanish rules: for every concept lay idiom from
Mexico, the Caribbean, Central America and Spain, misspellings, missing accents and code-switching,
and hard "none" utterances (negated, before the surgery, questions about what might happen, someone
else, everyday questions). None of it is in the labelled set; it never counts towards the test half.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from calls.triage.evaluation.split import STYLES_BY_LANGUAGE, DatasetError, Utterance, _check

DEV_EXTRA_ES_PATH = Path(__file__).resolve().parent / "utterances_es_dev_extra.jsonl"


@cache
def load_dev_extra_es(path: Path = DEV_EXTRA_ES_PATH) -> tuple[Utterance, ...]:
    """Every utterance of the file, as development-half Spanish utterances; DatasetError on a bad line."""
    rows: list[Utterance] = []
    seen: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name} line {number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
        row = _check(raw, where, STYLES_BY_LANGUAGE["es"])
        if row["id"] in seen:
            raise DatasetError(f"{where}: id {row['id']} is used twice")
        seen.add(row["id"])
        rows.append(Utterance(**row, language="es", half="dev"))
    return tuple(rows)
