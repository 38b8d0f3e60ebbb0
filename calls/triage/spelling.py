"""Reading misspelt words the way a nurse would: "bloood" is blood, "swolen" is swollen.

Speech-to-text and typed messages misspell the very words the red-flag phrasings look for. A word
is changed only when it is not English (pyspellchecker's word list) and starts with the same letter and is within one
letter (words under seven letters) or two letters (longer words, and five- or six-letter words that keep their first
two letters and have only one such vocabulary word) of a word of the catalogue's vocabulary
(redflags.yaml `vocabulary`, the plain words of lexicon.yaml's classes and of context.yaml's someone-else
cues), by Damerau-Levenshtein distance (rapidfuzz). Real words, names and anything far from the vocabulary are
left as they were said.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from calls.triage.catalogue import load_vocabulary

_WORD = re.compile(r"(?<![\w'])[A-Za-z]{4,}(?![\w'])")  # a whole word: never the "couldn" of "couldn't"
_lock = threading.Lock()


@cache
def _english() -> object:
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


@cache
def _vocabulary() -> tuple[str, ...]:
    from calls.triage.lexicon import lexicon_vocabulary

    return tuple(sorted(load_vocabulary() | lexicon_vocabulary("en") | _people_words()))


def _people_words() -> frozenset[str]:
    """The words (four letters or more) of context.yaml's someone-else cues: "my freind past out" is a friend."""
    import yaml

    path = Path(__file__).with_name("context.yaml")
    groups = yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]
    literals = (literal for group in groups if group["category"] == "FAMILY" for literal in group.get("literals", []))
    return frozenset(word for literal in literals for word in literal.split() if word.isalpha() and len(word) >= 4)


@cache
def correction(word: str) -> str | None:
    """The vocabulary word a misspelt `word` stands for, or None when it is English or too far from any."""
    lower = word.lower()
    vocabulary = _vocabulary()
    if lower in vocabulary:
        return None
    with _lock:
        if lower in _english():  # type: ignore[operator]
            return None
        # A dropped g with no apostrophe ("runnin a fever", "I'm chillin") is the -ing word, when that is English.
        if lower.endswith("in") and lower + "g" in _english():  # type: ignore[operator]
            return word + "g"
    # Misspellings keep their first letter ("bloood", "swolen", "preasure"); "helloo" is not "yellow".
    same_start = [w for w in vocabulary if w[0] == lower[0]]
    best = process.extractOne(
        lower, same_start, scorer=DamerauLevenshtein.distance, score_cutoff=1 if len(lower) < 7 else 2
    )
    if best is not None:
        return best[0]
    if 5 <= len(lower) < 7:
        # Spelt by ear, a five- or six-letter word may be two letters off ("throte" for throat): taken only
        # when it keeps the first two letters and one vocabulary word alone is that close.
        close = [
            w for w in same_start if w[:2] == lower[:2] and DamerauLevenshtein.distance(lower, w, score_cutoff=2) <= 2
        ]
        if len(close) == 1:
            return close[0]
    return None


# Speech-to-text often drops the apostrophe of a contraction ("couldnt breathe", "hasnt had a wet diaper"); the
# phrasings and ConText's cues are written with it. Only forms that are not other English words are restored
# ("its", "wont", "well", "were" are left alone).
_CONTRACTIONS = {
    "cant": "can't", "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "dont": "don't",
    "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "werent": "weren't", "hasnt": "hasn't", "havent": "haven't", "hadnt": "hadn't", "aint": "ain't", "im": "i'm",
    "ive": "i've", "youre": "you're", "theyre": "they're", "hes": "he's", "shes": "she's", "thats": "that's",
    "theres": "there's", "whats": "what's", "mightve": "might've", "couldve": "could've", "wouldve": "would've",
    "shouldve": "should've",
    "havnt": "haven't", "hvnt": "haven't", "dosent": "doesn't", "dosnt": "doesn't", "doesent": "doesn't",
    "arnt": "aren't", "wasent": "wasn't", "isent": "isn't", "cudnt": "couldn't",
}  # fmt: skip
_BARE_CONTRACTION = re.compile(r"(?<![\w'])(" + "|".join(_CONTRACTIONS) + r")(?![\w'])", re.IGNORECASE)


def _apostrophe(match: re.Match[str]) -> str:
    word = match.group(0)
    restored = _CONTRACTIONS[word.lower()]
    return restored[0].upper() + restored[1:] if word[0].isupper() else restored


# A dropped g written with an apostrophe ("hurtin'", "bleedin' like a stuck pig", "nothin' since Wednesday") is the
# -ing word; the phrasings are written with the g.
_DROPPED_G = re.compile(r"(?<![\w'])([a-z]{2,}in)['\u2019](?![\w'])", re.IGNORECASE)


def normalize(text: str) -> str:
    """`text` with misspelt vocabulary words corrected, bare contractions given their apostrophe back and a dropped
    g restored."""
    text = _DROPPED_G.sub(r"\1g", _BARE_CONTRACTION.sub(_apostrophe, text))
    return _WORD.sub(lambda m: correction(m.group(0)) or m.group(0), text)
