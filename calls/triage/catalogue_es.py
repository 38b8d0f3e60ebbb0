"""The Spanish red-flag catalogue (redflags_es.yaml), validated against the English one.

Every concept of redflags.yaml needs a Spanish entry: a Spanish-speaking patient gets the same
safety net. A Spanish entry carries its instruction and lay phrasings; tier, nurse-facing title,
order sets and group are the English entry's, so a concept is one tier in every language and the
nurse reads one English title. The English phrasings are matched as well (speakers mix English in:
"tiene fever de 102", "I passed out en el baño").

Spanish text is matched with its accents removed, one character for one (`fold`), so phrasings are
written without accents and "presión", "presion" and "PRESIÓN" read alike, while every offset in
the folded text is an offset in what the patient said.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from calls.triage.catalogue import CatalogueError, RedFlag, _expand, _text, load_catalogue, unless_words

CATALOGUE_ES_PATH = Path(__file__).with_name("redflags_es.yaml")
EMERGENT_OPENING_ES = "Por favor, cuelgue y llame al 911 ahora."
_FIELDS = {"key", "instruction", "phrasings", "unless"}


def fold(text: str) -> str:
    """`text` without accents, character for character ("¿Tengo fiebre?" keeps its length)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFD", char)[0] if ord(char) > 127 else char
        out.append(base)
    return "".join(out)


def _entry(raw: Any, index: int, macros: dict[str, str], english: dict[str, RedFlag], not_english: str) -> RedFlag:
    where = f"redflags_es.yaml red_flags[{index}]"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: each entry must be a mapping with key, instruction, phrasings.")
    key = _text(raw, "key", where)
    where = f"redflags_es.yaml red flag {key!r}"
    if key not in english:
        raise CatalogueError(f"{where}: there is no English concept {key!r} in redflags.yaml; fix the key.")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise CatalogueError(
            f"{where}: unknown field(s) {', '.join(sorted(unknown))}; tier, title, order sets and group come "
            "from redflags.yaml, so only key, instruction, phrasings and unless belong here."
        )
    source = english[key]
    instruction = _text(raw, "instruction", where)
    if key == "self_harm":
        if "988" not in instruction or "911" not in instruction:
            raise CatalogueError(f"{where}: the instruction must give both 988 and 911.")
    elif source.tier == "emergent" and not instruction.startswith(EMERGENT_OPENING_ES):
        raise CatalogueError(f"{where}: an emergent instruction must start with {EMERGENT_OPENING_ES!r} (911 first).")
    if "{callback}" in source.instruction and "{callback}" not in instruction:
        raise CatalogueError(f"{where}: the English instruction gives the clinic's number; keep {{callback}} in it.")
    phrasings = raw.get("phrasings")
    if not isinstance(phrasings, list) or not phrasings or not all(isinstance(p, str) and p for p in phrasings):
        raise CatalogueError(f"{where}: `phrasings` must be a non-empty list of regular expressions.")
    patterns = []
    for number, phrasing in enumerate(phrasings, start=1):
        if fold(phrasing) != phrasing:
            raise CatalogueError(f"{where}, phrasing {number}: write it without accents (text is matched unaccented).")
        expanded = _expand(phrasing, macros, f"{where}, phrasing {number}")
        try:
            patterns.append(re.compile(rf"(?<![\w'])(?:{expanded})(?![\w'])", re.IGNORECASE))
        except re.error as exc:
            raise CatalogueError(f"{where}, phrasing {number}: not a valid regular expression ({exc}).") from None
    if any(fold(u) != u for u in raw.get("unless") or [] if isinstance(u, str)):
        raise CatalogueError(f"{where}, unless: write it without accents (text is matched unaccented).")
    own_unless = unless_words(raw, macros, where)
    # Spanish words that explain a match away, and the English ones (speakers mix English in).
    wanted = [p.pattern for p in (own_unless, source.unless) if p is not None]
    unless = re.compile("|".join(f"(?:{w})" for w in wanted), re.IGNORECASE) if wanted else None
    return RedFlag(
        key=key,
        unless=unless,
        tier=source.tier,
        title=source.title,
        instruction=instruction,
        order_sets=source.order_sets,
        phrasings=tuple(phrasings) + source.phrasings,
        patterns=tuple(patterns) + tuple(_guarded(pattern, not_english) for pattern in source.patterns),
        group=source.group,
        hypothetical_fires=source.hypothetical_fires,
        language="es",
    )


def _guarded(pattern: re.Pattern[str], not_english: str) -> re.Pattern[str]:
    """An English phrasing that does not start on a Spanish word it happens to spell ("chillona" is not "chills")."""
    if not not_english:
        return pattern
    return re.compile(rf"(?!(?:{not_english})(?![\w']))" + pattern.pattern, pattern.flags)


def parse_catalogue_es(text: str, english: tuple[RedFlag, ...]) -> tuple[RedFlag, ...]:
    """The Spanish entries, in the English catalogue's order; CatalogueError on any mistake or gap."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"redflags_es.yaml is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("red_flags"), list) or not data["red_flags"]:
        raise CatalogueError("redflags_es.yaml must have a non-empty `red_flags` list.")
    macros = data.get("macros") or {}
    if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
        raise CatalogueError("redflags_es.yaml: `macros` must map names to regular-expression text.")
    words = data.get("not_english") or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
        raise CatalogueError("redflags_es.yaml: `not_english` must be a list of regular expressions (Spanish words).")
    not_english = "|".join(f"(?:{w})" for w in words)
    by_key = {flag.key: flag for flag in english}
    entries: dict[str, RedFlag] = {}
    for index, raw in enumerate(data["red_flags"]):
        entry = _entry(raw, index, macros, by_key, not_english)
        if entry.key in entries:
            raise CatalogueError(f"redflags_es.yaml red flag {entry.key!r} appears twice; keep one entry per concept.")
        entries[entry.key] = entry
    missing = [flag.key for flag in english if flag.key not in entries]
    if missing:
        raise CatalogueError(f"redflags_es.yaml has no Spanish entry for: {', '.join(missing)}; add one for each.")
    return tuple(entries[flag.key] for flag in english)


@cache
def load_catalogue_es(path: Path = CATALOGUE_ES_PATH) -> tuple[RedFlag, ...]:
    return parse_catalogue_es(path.read_text(encoding="utf-8"), load_catalogue())


_UNITS = {
    "uno": 1, "un": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9,
}  # fmt: skip
_TENS = {"treinta": 30, "cuarenta": 40, "noventa": 90}
_UNIT_WORDS = "|".join(_UNITS)
# Temperatures said in words: "treinta y nueve", "ciento uno", "cien punto ocho", "treinta y ocho con cinco".
_SPOKEN_TEMPERATURE = re.compile(
    rf"\b(?:(?P<tens>treinta|cuarenta|noventa)(?:\s+y\s+(?P<unit>{_UNIT_WORDS}))?"
    rf"|(?P<hundred>cien(?:to)?)(?:\s+(?P<hunit>{_UNIT_WORDS}|diez))?)"
    rf"(?:\s+(?:punto|coma|con)\s+(?P<decimal>{_UNIT_WORDS}))?\b",
    re.IGNORECASE,
)


# "treinta y siete nueve", "ciento uno cinco": a tenth said straight after a whole temperature (not
# "treinta y ocho dos veces", "ciento uno tres días").
_SPOKEN_TENTH = re.compile(
    rf"\b(?:(?P<tens>treinta|cuarenta)\s+y\s+(?P<unit>{_UNIT_WORDS})|ciento\s+(?P<hunit>{_UNIT_WORDS}))"
    rf"\s+(?P<tenth>{_UNIT_WORDS})\b(?!\s+(?:de(?!\s+(?:fiebre|calentura|temperatura))|del|veces|vez|horas?|d[ií]as|pastillas|cucharadas|gotas))",
    re.IGNORECASE,
)

# "38 grados y medio", "treinta y nueve y medio": a half degree.
_AND_A_HALF = re.compile(r"\b(\d{2,3})\s+(?:grados?\s+)?y\s+medio\b", re.IGNORECASE)


def spoken_numbers(text: str) -> str:
    """`text` (unaccented) with temperatures said in Spanish words written as digits, padded to the same length.

    "fiebre de treinta y nueve" becomes "fiebre de 39             ": the fever rules read the number
    and every offset still points into what the patient said. Only the temperature range is
    rewritten (30-49, 90-110 with an optional decimal), so "hacer del dos" or "dolor de diez" stay words.
    """

    def digits(match: re.Match[str]) -> str:
        if match.group("tens"):
            value = _TENS[match.group("tens").lower()] + _UNITS.get((match.group("unit") or "").lower(), 0)
        else:
            extra = match.group("hunit")
            if match.group("hundred").lower() == "cien" and extra:
                return match.group(0)
            value = 100 + (10 if (extra or "").lower() == "diez" else _UNITS.get((extra or "").lower(), 0))
        written = str(value)
        if match.group("decimal"):
            written += "." + str(_UNITS[match.group("decimal").lower()])
        return written.ljust(len(match.group(0)))

    def tenth(match: re.Match[str]) -> str:
        if match.group("tens"):
            value = _TENS[match.group("tens").lower()] + _UNITS[match.group("unit").lower()]
        else:
            value = 100 + _UNITS[match.group("hunit").lower()]
        return f"{value}.{_UNITS[match.group('tenth').lower()]}".ljust(len(match.group(0)))

    def half(match: re.Match[str]) -> str:
        return (match.group(1) + ".5").ljust(len(match.group(0)))

    return _AND_A_HALF.sub(half, _SPOKEN_TEMPERATURE.sub(digits, _SPOKEN_TENTH.sub(tenth, text)))


@cache
def load_vocabulary_es(path: Path = CATALOGUE_ES_PATH) -> frozenset[str]:
    """The Spanish words the phrasings are written with (unaccented): what a misspelt word may be read as."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = data.get("vocabulary") or []
    if not isinstance(words, list) or not all(isinstance(w, str) and w.isalpha() and fold(w) == w for w in words):
        raise CatalogueError("redflags_es.yaml: `vocabulary` must be a list of single unaccented words.")
    return frozenset(w.lower() for w in words)
