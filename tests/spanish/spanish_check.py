"""The test's language check: is an agent line Spanish, from the Spanish content tables?

Two checks, both must pass:
- table: the line (after the Spanish red-flag instruction the portal gives, if it starts with one) is
  exactly one of agent_worker/speech/es.py's lines, its placeholders filled with anything;
- words: no English word in it (a list of common English words; the clinic's name, the patient's first
  name and numbers are taken out first), so a placeholder cannot carry English either.
"""

from __future__ import annotations

import re

from agent_worker.speech import es

ENGLISH = {
    "the", "you", "your", "please", "is", "are", "and", "to", "of", "for", "i", "i'm", "we", "with", "this",
    "that", "what", "how", "call", "nurse", "thank", "thanks", "sorry", "hello", "goodbye", "have", "has", "it",
    "do", "does", "did", "can", "will", "would", "about", "on", "at", "in", "or", "if", "not", "be", "my",
    "today", "tomorrow", "pain", "fever", "care", "team", "now", "right", "hang", "up",
}  # fmt: skip
TEMPLATES = [
    re.compile("^" + "(?:.*?)".join(re.escape(part) for part in re.split(r"\{\w+\}", line)) + "$", re.S)
    for line in es.LINES.values()
]


def safety_instructions() -> list[str]:
    """The Spanish red-flag instructions the portal may put first in a line, with the clinic's number."""
    from calls.triage.answers import spoken_callback
    from calls.triage.catalogue_es import load_catalogue_es

    callback = spoken_callback()
    return sorted(
        {flag.instruction.replace("{callback}", callback) for flag in load_catalogue_es() if flag.instruction},
        key=len,
        reverse=True,
    )


def english_words(line: str, *, names: tuple[str, ...] = ()) -> list[str]:
    for name in names:
        line = line.replace(name, " ")
    return [w for w in re.findall(r"[a-záéíóúñü']+", line.lower()) if w in ENGLISH]


def from_spanish_tables(line: str) -> bool:
    for instruction in safety_instructions():
        if line.startswith(instruction):
            rest = line[len(instruction) :].strip()
            return not rest or any(t.match(rest) for t in TEMPLATES)
    return any(t.match(line) for t in TEMPLATES)


def problems_with(lines: list[str], *, names: tuple[str, ...]) -> list[str]:
    problems = []
    for line in lines:
        if not from_spanish_tables(line):
            problems.append(f"not a Spanish table line: {line!r}")
        found = english_words(line, names=names)
        if found:
            problems.append(f"English words {found} in: {line!r}")
    return problems
