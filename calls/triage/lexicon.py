"""The second matching stage: a red flag as word classes that co-occur within one clause.

The phrasings in redflags.yaml are whole expressions ("blood is spurting"). Patients say the same
thing in words nobody wrote down ("the toes sticking out of the cast are purple"), so lexicon.yaml
describes a concept as classes of words instead: a finding class (purple, numb, cold) that fires
when each of the other classes it names (a limb under a cast) is said in the same clause, within a
few words. Only the finding's words become the candidate span, so ConText (calls.triage.context)
still reads a negation, a question, the past or someone else in front of them exactly as it does
for a phrasing ("my toes aren't purple" stays quiet).

The file is reviewed data like the catalogue; a mistake stops the process with a LexiconError that
names the concept or class and what to fix. lexicon_es.yaml is the (optional) Spanish counterpart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

LEXICON_PATHS = {
    "en": Path(__file__).with_name("lexicon.yaml"),
    "es": Path(__file__).with_name("lexicon_es.yaml"),
}
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_PLAIN_WORDS = re.compile(r"^[a-z]+(?: [a-z]+)*$")
# A clause ends at a full stop, question mark, exclamation, semicolon, or a contrast ("but", "though";
# in Spanish, read unaccented, "pero", "aunque", "sino", "excepto", "sin embargo").
_CLAUSE_BREAK = re.compile(r"[.!?;]+(?=\s|$)|\b(?:but|however|although|though|except|whereas)\b", re.I)
_CLAUSE_BREAK_ES = re.compile(
    r"[.!?;]+(?=\s|$)|\b(?:but|however|although|though|except|whereas|pero|aunque|sino|excepto|sin embargo)\b", re.I
)
_WORD = re.compile(r"[\w']+")
MAX_WINDOW = 15


class LexiconError(ValueError):
    """lexicon.yaml is not usable; the message says which concept or class and what to fix."""


@dataclass(frozen=True)
class Concept:
    key: str
    finding: str  # the class whose words are the span ConText reads
    finding_pattern: re.Pattern[str]
    context: tuple[tuple[str, re.Pattern[str]], ...]  # every one must be said in the clause
    window: int  # at most this many words between the finding and each context word
    # A class that, said in the clause within `window` words, explains the finding away ("the bruise
    # around the incision is turning yellow"): the concept does not fire.
    unless: tuple[tuple[str, re.Pattern[str]], ...] = ()


def _compile(name: str, source: str, where: str) -> re.Pattern[str]:
    try:
        # A word may be said with "'s" ("the glue's come off", "my calf's swollen"); the match ends before it.
        return re.compile(rf"(?<![\w'])(?:{source})(?=(?:'s)?(?![\w']))", re.IGNORECASE)
    except re.error as exc:
        raise LexiconError(f"{where}: class {name!r} is not a valid regular expression ({exc}).") from None


def parse_lexicon(text: str, keys: set[str], *, name: str = "lexicon.yaml") -> tuple[Concept, ...]:
    """The concepts of a lexicon document; `keys` are the catalogue keys a concept may name."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise LexiconError(f"{name} is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or set(data) - {"classes", "concepts"}:
        raise LexiconError(f"{name} must be a mapping with only `classes` and `concepts`.")
    raw_classes = data.get("classes") or {}
    if not isinstance(raw_classes, dict):
        raise LexiconError(f"{name}: `classes` must map class names to lists of words or regular expressions.")
    classes: dict[str, re.Pattern[str]] = {}
    for cls, words in raw_classes.items():
        if not isinstance(cls, str) or not _NAME.match(cls):
            raise LexiconError(f"{name}: class name {cls!r} must be lower_snake_case.")
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
            raise LexiconError(f"{name}: class {cls!r} must be a non-empty list of words or regular expressions.")
        classes[cls] = _compile(cls, "|".join(f"(?:{w.strip()})" for w in words), name)
    raw_concepts = data.get("concepts") or []
    if not isinstance(raw_concepts, list):
        raise LexiconError(f"{name}: `concepts` must be a list.")
    concepts = []
    for index, raw in enumerate(raw_concepts):
        where = f"{name}, concepts[{index}]"
        if not isinstance(raw, dict) or set(raw) - {"key", "finding", "with", "window", "unless", "note"}:
            raise LexiconError(f"{where}: a concept has key, finding, with, window (and optional unless, note).")
        key = raw.get("key")
        if key not in keys:
            raise LexiconError(f"{where}: key {key!r} is not a red-flag key of the catalogue.")
        where = f"{name}, concept {key!r} (concepts[{index}])"
        finding = raw.get("finding")
        if finding not in classes:
            raise LexiconError(f"{where}: finding {finding!r} is not a class under `classes`.")
        others = raw.get("with")
        if not isinstance(others, list) or not others or not all(isinstance(o, str) for o in others):
            raise LexiconError(f"{where}: `with` must be a non-empty list of class names.")
        unknown = [o for o in others if o not in classes]
        if unknown:
            raise LexiconError(f"{where}: `with` names unknown class(es) {', '.join(unknown)}.")
        window = raw.get("window")
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= MAX_WINDOW:
            raise LexiconError(f"{where}: `window` must be a whole number of words from 1 to {MAX_WINDOW}.")
        unless = raw.get("unless", [])
        if not isinstance(unless, list) or not all(isinstance(o, str) for o in unless):
            raise LexiconError(f"{where}: `unless` must be a list of class names.")
        unknown = [o for o in unless if o not in classes]
        if unknown:
            raise LexiconError(f"{where}: `unless` names unknown class(es) {', '.join(unknown)}.")
        concepts.append(
            Concept(
                key,
                finding,
                classes[finding],
                tuple((o, classes[o]) for o in others),
                window,
                tuple((o, classes[o]) for o in unless),
            )
        )
    return tuple(concepts)


@cache
def load_lexicon(language: str = "en") -> tuple[Concept, ...]:
    path = LEXICON_PATHS.get(language)
    if path is None or not path.exists():
        return ()
    if language == "es":
        from calls.triage.catalogue_es import load_catalogue_es

        keys = {flag.key for flag in load_catalogue_es()}
    else:
        from calls.triage.catalogue import load_catalogue

        keys = {flag.key for flag in load_catalogue()}
    return parse_lexicon(path.read_text(encoding="utf-8"), keys, name=path.name)


def lexicon_vocabulary(language: str = "en") -> frozenset[str]:
    """The plain words (four letters or more) of the lexicon's classes: what a misspelling may be read as."""
    path = LEXICON_PATHS.get(language)
    if path is None or not path.exists():
        return frozenset()
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    words: set[str] = set()
    for entries in (data.get("classes") or {}).values():
        for entry in entries:
            if _PLAIN_WORDS.match(entry):
                words.update(w for w in entry.split() if len(w) >= 4)
    return frozenset(words)


def _clauses(text: str, language: str = "en") -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in (_CLAUSE_BREAK_ES if language == "es" else _CLAUSE_BREAK).finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(a, b) for a, b in bounds if text[a:b].strip()]


def _words_between(text: str, a: tuple[int, int], b: tuple[int, int]) -> int:
    left, right = (a, b) if a[0] <= b[0] else (b, a)
    if right[0] < left[1]:
        return 0
    return len(_WORD.findall(text[left[1] : right[0]]))


def _apart(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[1] <= b[0] or b[1] <= a[0]


def _near(text: str, here: tuple[int, int], pattern: re.Pattern[str], clause: tuple[int, int], window: int) -> bool:
    """Whether `pattern` is said in the clause within `window` words of the finding, in other words than it."""
    # A companion is other words than the finding ("keeps bleeding" is not also "blood").
    return any(
        _apart(here, other.span()) and _words_between(text, here, other.span()) <= window
        for other in pattern.finditer(text, *clause)
    )


def explained_away(
    text: str, span: tuple[int, int], pattern: re.Pattern[str], window: int, language: str = "en"
) -> bool:
    """Whether `pattern` is said within `window` words of `span`, in its clause (a catalogue entry's `unless`)."""
    clause = next(((a, b) for a, b in _clauses(text, language) if a <= span[0] < b), (0, len(text)))
    return _near(text, span, pattern, clause, window)


def candidates(text: str, keys: set[str], language: str = "en") -> list[tuple[int, int, str]]:
    """(start, end, key) of each finding whose companions are said in its clause, for the keys wanted."""
    concepts = [c for c in load_lexicon(language) if c.key in keys]
    if not concepts:
        return []
    found: list[tuple[int, int, str]] = []
    for start, end in _clauses(text, language):
        for concept in concepts:
            for finding in concept.finding_pattern.finditer(text, start, end):
                here = finding.span()
                bounds, window = (start, end), concept.window
                if all(_near(text, here, pattern, bounds, window) for _, pattern in concept.context) and not any(
                    _near(text, here, pattern, bounds, window) for _, pattern in concept.unless
                ):
                    found.append((here[0], here[1], concept.key))
    return found
