"""Reading misspelt Spanish the way a nurse would: "erida" is herida, "inchada" hinchada, "bomitando" vomitando.

Typed messages and speech-to-text drop the silent h, swap b/v, ll/y and s/z/c, and lose accents. A
word is changed only when it is neither Spanish (pyspellchecker's Spanish word list, compared
without accents) nor English (code-switching), and either sounds the same as a word of the Spanish
catalogue's vocabulary (redflags_es.yaml `vocabulary`) once those letters are made alike, or (six
letters or more) is within one letter (two from nine letters) of one that starts with the same
sound, by Damerau-Levenshtein distance (rapidfuzz). Real words and anything far from the vocabulary
stay as they were said.
"""

from __future__ import annotations

import re
import threading
from functools import cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from calls.triage.catalogue_es import fold, load_vocabulary_es

_WORD = re.compile(r"[^\W\d_]{4,}")
_lock = threading.Lock()
# "ch" is one sound: its h is not the silent h ("manchó" is not "mano").
_SOUNDS = (
    ("x", "ch"),
    ("ch", "\N{LATIN SMALL LETTER C WITH CEDILLA}"),
    ("h", ""),
    ("v", "b"),
    ("ll", "y"),
    ("y", "i"),
    ("z", "s"),
    ("ce", "se"),
    ("ci", "si"),
)


# The consonants an r follows in a cluster ("sangre", "fiebre", "presion", "grapas").
_CLUSTER_R = frozenset("bcdfgkpt")

# Caribbean speech says a final r as l ("dolol" is dolor, "calol" calor).
_FINAL_R = re.compile(r"r$")


def _sound(word: str) -> str:
    for written, said in _SOUNDS:
        word = word.replace(written, said)
    return _FINAL_R.sub("l", word)


@cache
def _known() -> frozenset[str]:
    from spellchecker import SpellChecker

    spanish = SpellChecker(language="es", distance=1)
    english = SpellChecker(distance=1)
    words = {fold(w) for w in spanish.word_frequency.dictionary} | set(english.word_frequency.dictionary)
    return frozenset(words)


@cache
def _sounds() -> dict[str, str]:
    return {_sound(word): word for word in sorted(load_vocabulary_es())}


@cache
def correction(word: str) -> str | None:
    """The vocabulary word a misspelt `word` stands for, or None when it is a real word or too far from any."""
    lower = fold(word.lower())
    vocabulary = load_vocabulary_es()
    if lower in vocabulary:
        return None
    with _lock:
        if lower in _known():
            return None
    sounds = _sounds()
    said = _sound(lower)
    if said in sounds:
        return sounds[said]
    # The r of a consonant cluster dropped, as typing and speech-to-text lose it ("sange" is sangre, "fiebe" fiebre).
    for at in range(1, len(said)):
        if said[at - 1] in _CLUSTER_R and said[at] != "r" and said[:at] + "r" + said[at:] in sounds:
            return sounds[said[:at] + "r" + said[at:]]
    # Misspellings keep their first sound ("bomitando", "pantorilla"); "bañarme" is not "matarme".
    # ... and are read as a word of five letters or more ("manchó" is not "mano").
    same_start = [sound for sound in sounds if sound[:1] == said[:1] and len(sounds[sound]) >= 5]
    # Short words only when they sound the same ("hago" is not "ahogo"); longer ones a letter or two off.
    if len(lower) < 6:
        return None
    best = process.extractOne(
        said, same_start, scorer=DamerauLevenshtein.distance, score_cutoff=1 if len(lower) < 9 else 2
    )
    return sounds[best[0]] if best is not None else None


# Diminutives: "boquita" is boca, "ojitos" ojos, "deditos" dedos, "pancita" panza, "piecito" pie, and the
# Caribbean and Central American "-ico" ("ratico" rato, "poquitico").
_SUFFIXES = ("ecit", "cit", "it", "ill", "ic")
_STEM_SPELLING = (("qu", "c"), ("gu", "g"))


@cache
def undiminished(word: str) -> str | None:
    """The vocabulary word a diminutive stands for ("carita" -> cara, "labiecitos" -> labios), or None."""
    lower = fold(word.lower())
    vocabulary = load_vocabulary_es()
    if lower in vocabulary:
        return None
    plural = "s" if lower.endswith("s") else ""
    end = lower[-1 - len(plural)]
    if end not in "oa":
        return None
    body = lower[: -1 - len(plural)]
    for suffix in _SUFFIXES:
        if not body.endswith(suffix) or len(body) - len(suffix) < 2:
            continue
        stem = body[: -len(suffix)]
        stems = [stem] + [stem[: -len(w)] + said for w, said in _STEM_SPELLING if stem.endswith(w)]
        endings = [end + plural, "o" + plural, "a" + plural, "e" + plural, "es" if plural else "", plural]
        if suffix == "cit":  # "pancita" panza, "cabecita" cabeza, "piecito" pie
            endings = ["za" + plural, "zo" + plural, *endings]
        for ending in endings:
            for base in reversed(stems):
                if base + ending in vocabulary:
                    return base + ending
    return None


# Caribbean and Andalusian speech, and speech-to-text after it, drop the d of a participle: "privao" is
# privado, "enredao" enredado, "mojaos" mojados. Only a word that is not a word already is read so.
_DROPPED_D = re.compile(r"^(\w{2,}[^aeiou\W])a(o|os)$", re.IGNORECASE)


@cache
def with_d(word: str) -> str | None:
    """The participle a word said without its d stands for ("privao" -> "privado"), or None."""
    match = _DROPPED_D.match(word)
    if match is None:
        return None
    with _lock:
        if fold(word.lower()) in _known():
            return None
    return match.group(1) + "ad" + match.group(2)


def _read(word: str) -> str:
    return undiminished(word) or with_d(word) or correction(word) or word


# "si me duele el pecho" said without its accent, as speech-to-text writes it, answers yes: a sentence
# that opens on "si" (after "bueno", "pues", "ah"...) and neither asks anything nor says what the
# caller would then do ("llamo", "qué hago", "voy") nor goes on in the subjunctive ("si tuviera") is
# read as "sí". Any question mark, or any of those words, keeps it a condition.
_CLAUSE = re.compile(r"[^.!?]+[.!?]*")
_OPENS_ON_SI = re.compile(
    r"^(\W*(?:(?:bueno|pues|ah|ay|oiga|mire|este|ok|okay|oh|eh|y ya|ya)\W+)*)(si)(?=\s+\w)", re.IGNORECASE
)
_WHAT_THEN = re.compile(
    r"\b(?:qu[eé] (?:hago|hacemos|debo|le doy|tomo|pasa)|que ago|le (?:doy|damos|pongo)|tomo|me tomo|"
    r"llam(?:o|amos|ar[ií]a|ar)|voy|vamos|debo|deber[ií]a|tengo que|hay que|es (?:normal|peligroso|grave|malo)|"
    r"l[oa] llevo|me preocupo|c[oó]mo s[eé]|diera|fuera|viera|\w{3,}(?:ara|iera)n?|"
    # what the caller would then do with the medicine or whom they would tell: "lo dejo de tomar", "le aviso"
    r"dej(?:o|amos|ar[ií]a) de|(?:lo|la|los|las) (?:dejo|suspendo|paro|dejamos|suspendemos)|suspendo|"
    r"(?:le|les) (?:aviso|avisamos|avisar[ií]a)|"
    # what the caller would then do about it ("aprieto la gasa", "le pongo hielo"), or a tag asking to confirm
    # ("..., verdad", "¿cierto?", "o no")
    r"aprieto|presiono|apretamos|presionamos|(?:me|le) (?:pongo|ponemos)|"
    # whom the caller would then tell or where they would go ("si se me abre la herida, a quién le hablo")
    r"a qui[eé]n|ad?[oó]nde (?:voy|vamos|acudo|lo llevo|la llevo))\b|\b(?:verdad|cierto|o no)\W*$",
    re.IGNORECASE,
)


def _yes_said_without_accent(text: str) -> str:
    def clause(match: re.Match[str]) -> str:
        said = match.group(0)
        if "?" in said or "¿" in said or _WHAT_THEN.search(said):
            return said
        return _OPENS_ON_SI.sub(lambda m: m.group(1) + ("Sí" if m.group(2)[0] == "S" else "sí"), said, count=1)

    return _CLAUSE.sub(clause, text)


# "he" and "ha" written without their h before a participle ("e pensado en...", "no e echo popo", "no a orinado"),
# after "no", "ya", "yo" or at the start of a clause, where the conjunction "e" or the preposition "a" never stand.
_PERFECT_WITHOUT_H = re.compile(
    r"(?:(?<=^)|(?<=[,.;:!?¿¡] )|(?<=\bno )|(?<=\bya )|(?<=\byo )|(?<=\bnunca ))"
    r"([eEaA])\s+(h?echo|ido|\w{2,}(?:ado|ido))\b"
)


def _perfect_with_h(match: re.Match[str]) -> str:
    participle = match.group(2)
    if participle.lower() == "echo":  # "e echo" is "he hecho"
        participle = "h" + participle
    return ("h" if match.group(1).islower() else "H") + match.group(1).lower() + " " + participle


def normalize_es(text: str) -> str:
    """`text` with diminutives and misspelt vocabulary words read as the vocabulary word, "he"/"ha" given back
    their h before a participle, and a "si" that answers yes read as "sí"; everything else as said."""
    text = _PERFECT_WITHOUT_H.sub(_perfect_with_h, text)
    return _yes_said_without_accent(_WORD.sub(lambda m: _read(m.group(0)), text))
