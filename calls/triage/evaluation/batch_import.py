"""Copy a batch written elsewhere into the evaluation data, checked the way the loaders check it.

Each line is read with the project's own checker (`split._check`, the language's styles plus the batches'
extra ones) after a tier "none" key written as "none" or "" is stored as null. A line is dropped, not copied,
when its text (casefolded, stripped) is already in another evaluation file or earlier in the batch, or its id is:
a batch must share nothing with the files it will be measured beside. Only counts and the ids dropped are
reported, never a text: a held-out batch is copied without anybody reading it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from calls.triage.evaluation.split import DATA_DIR, EXTRA_STYLES, STYLES, STYLES_BY_LANGUAGE, DatasetError, _check

FIELDS = ("id", "text", "tier", "key", "context", "style")


@dataclass
class BatchImport:
    """What a copy kept and dropped (ids only)."""

    kept: int = 0
    nulled_keys: int = 0
    repeated_text: list[str] = field(default_factory=list)
    clashing_id: list[str] = field(default_factory=list)

    @property
    def dropped(self) -> int:
        return len(self.repeated_text) + len(self.clashing_id)


def _normalised(text: str) -> str:
    return text.casefold().strip()


def _taken(data_dir: Path, destination: Path) -> tuple[set[str], set[str]]:
    """The texts and ids of every other evaluation file (any language, every half and batch, held out or not)."""
    texts: set[str] = set()
    ids: set[str] = set()
    for path in sorted(data_dir.glob("*.jsonl")):
        if path.resolve() == destination.resolve():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                texts.add(_normalised(row["text"]))
                if "id" in row:
                    ids.add(row["id"])
    return texts, ids


def batch_import(*, source: Path, destination: Path, language: str, data_dir: Path = DATA_DIR) -> BatchImport:
    """Check every line of `source`, drop repeats and id clashes, and write the rest to `destination`.

    A line that fails the checker stops the copy with DatasetError naming the line and its id (nothing is
    written): a batch's writer fixes it, a copy never guesses a label.
    """
    styles = STYLES_BY_LANGUAGE.get(language, STYLES) + EXTRA_STYLES.get(language, ())
    texts, ids = _taken(data_dir, destination)
    result = BatchImport()
    kept: list[dict] = []
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source.name} line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DatasetError(f"{where}: not valid JSON ({exc.msg})") from None
        if isinstance(row, dict) and row.get("tier") == "none" and row.get("key") in ("none", ""):
            row["key"] = None
            result.nulled_keys += 1
        row = _check(row, where, styles)
        if row["id"] in ids:
            result.clashing_id.append(row["id"])
            continue
        if _normalised(row["text"]) in texts:
            result.repeated_text.append(row["id"])
            continue
        ids.add(row["id"])
        texts.add(_normalised(row["text"]))
        kept.append({name: row[name] for name in FIELDS})
    destination.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in kept), encoding="utf-8")
    result.kept = len(kept)
    return result
