"""Tokenizing patient speech for BM25: lower case, stop words out, a light stemmer, typo repair.

Kept dependency-free and deterministic so the index, the topic matcher and the bench all
tokenize the same way. Synonyms and brand names are not here: they live in each
document's topic metadata and reach the index through it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")

STOPWORDS = frozenset(
    """
    a about above after again all am an and any are as at be been before being below between both but by
    could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now
    of off on once only or other our ours ourselves out over own same she should so some such than that
    the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself
    yourselves can may might must shall also ok okay yes yeah um uh hi hello hey well oh like really
    actually please thank thanks maybe kind sort get got getting gonna wanna going go goes know think
    want wanted need needs tell say said ask asking wondering wonder question mean thing things stuff
    lot lots bit much many one something anything everything still ever even
    son daughter kid kids child children childs boy girl husband wife mom dad mother father
    today tonight yesterday tomorrow now right
    """.split()  # noqa: SIM905  (a word list reads better as prose)
)

# Contractions keep their meaning as one token: "can't breathe" must not lose the "can't".
_CONTRACTIONS = {"can't": "cant", "won't": "wont", "don't": "dont", "doesn't": "doesnt", "isn't": "isnt"}


def stem(word: str) -> str:
    """A small suffix stripper: enough to make swelling/swell, bathing/bathe, bruised/bruise meet."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    out: list[str] = []
    for raw in _WORD.findall(text.lower().replace("\u2019", "'")):
        raw = _CONTRACTIONS.get(raw, raw)
        if raw.endswith("'s"):
            raw = raw[:-2]
        out.append(raw.replace("'", ""))
    return out


def tokenize(text: str) -> list[str]:
    return [stem(w) for w in words(text) if w not in STOPWORDS]


# What a question asks for, when its words are all stop words: "how often" wants an interval, "how long" a
# duration. The extra terms are the words the documents use for the answer.
_INTENTS = (
    (re.compile(r"\bhow (?:often|frequently|many times)\b|\bevery how\b|\bhow many hours\b"), "every hours"),
    (re.compile(r"\bhow (?:much|many)\b(?! (?:times|hours|days|weeks))|\bdos(?:e|age|ing)\b"), "dose"),
    (re.compile(r"\bhow long\b|\bhow many (?:days|weeks)\b|\buntil when\b"), "days weeks"),
    (re.compile(r"\bwhen (?:can|could|may|will|should)\b|\bhow soon\b"), "after days"),
)


_NUMBER = re.compile(r"(?<![\d.])(\d{2,3}(?:\.\d)?)(?![\d.])")


def temperature_readings(text: str) -> list[bool]:
    """Each spoken temperature read against the 101 F (38.3 C) line the clinic uses (CLINICAL.md): high or not."""
    out: list[bool] = []
    for match in _NUMBER.finditer(text.lower()):
        value = float(match.group(1))
        if 95 <= value <= 108:
            out.append(value >= 101)
        elif 35 <= value <= 42:
            out.append(value >= 38.3)
    return out


def temperature_terms(text: str) -> list[str]:
    return [t for high in temperature_readings(text) for t in tokenize("high fever 101" if high else "low fever")]


def intent_terms(text: str) -> list[str]:
    lowered = " ".join(words(text))
    found = [t for pattern, extra in _INTENTS if pattern.search(lowered) for t in tokenize(extra)]
    return found + temperature_terms(text)


def _deletes(word: str, distance: int) -> set[str]:
    found = {word}
    frontier = {word}
    for _ in range(distance):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def max_typo_distance(token: str) -> int:
    # Short words are too easy to "repair" into a different word (hair -> chair).
    if len(token) < 5:
        return 0
    return 1 if len(token) < 8 else 2


class TypoCorrector:
    """Symmetric-delete spelling repair against the index vocabulary (constant time per query token)."""

    def __init__(self, vocabulary: dict[str, int]) -> None:
        self.frequency = vocabulary
        self._deletes: dict[str, list[str]] = {}
        for term in vocabulary:
            distance = max_typo_distance(term)
            if not distance:
                continue
            for variant in _deletes(term, distance):
                self._deletes.setdefault(variant, []).append(term)

    def correct(self, token: str) -> str | None:
        if token in self.frequency:
            return token
        distance = max_typo_distance(token)
        if not distance:
            return None
        candidates: set[str] = set()
        for variant in _deletes(token, distance):
            candidates.update(self._deletes.get(variant, ()))
        best: tuple[int, int, str] | None = None
        for term in candidates:
            d = edit_distance(token, term)
            if d <= distance and (best is None or (d, -self.frequency[term], term) < best):
                best = (d, -self.frequency[term], term)
        return best[2] if best else None

    def correct_all(self, tokens: Iterable[str]) -> tuple[list[str], dict[str, str]]:
        out: list[str] = []
        corrections: dict[str, str] = {}
        for token in tokens:
            fixed = self.correct(token)
            if fixed is None:
                continue
            if fixed != token:
                corrections[token] = fixed
            out.append(fixed)
        return out, corrections
