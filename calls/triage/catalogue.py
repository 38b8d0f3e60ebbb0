"""The red-flag catalogue (redflags.yaml): loaded and validated once per process.

A mistake in the file stops the process with a CatalogueError that names the entry and the field
to fix; nothing half-loaded is ever used. The file is reviewed clinical data, so the checks hold
it to what a clinical lead signs off: every concept has a nurse-facing title and a word-for-word
patient instruction, emergent instructions tell the patient to call 911 first, and the self-harm
instruction gives 988 and 911.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

CATALOGUE_PATH = Path(__file__).with_name("redflags.yaml")
TIERS = ("emergent", "urgent", "routine")
TIER_RANK = {"routine": 1, "urgent": 2, "emergent": 3}
ALL_ORDER_SETS = "*"
EMERGENT_OPENING = "Please hang up and call 911 now."
_KEY = re.compile(r"^[a-z][a-z0-9_]{1,63}$")
_MACRO = re.compile(r"<([a-z_]+)>")


class CatalogueError(ValueError):
    """redflags.yaml is not usable; the message says which entry and field to fix."""


@dataclass(frozen=True)
class RedFlag:
    key: str
    tier: str
    title: str
    instruction: str
    order_sets: tuple[str, ...]
    phrasings: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    group: str
    hypothetical_fires: bool = False
    language: str = "en"  # the language of `instruction` (calls.triage.catalogue_es for Spanish)
    # Words that, said within UNLESS_WINDOW words of a phrasing's match in its clause, explain it away
    # ("the bruise on my wrist is purple" is a bruise, not poor circulation); None: nothing does.
    unless: re.Pattern[str] | None = None

    @property
    def rank(self) -> int:
        return TIER_RANK[self.tier]

    def applies_to(self, order_sets: Iterable[str] | None) -> bool:
        if ALL_ORDER_SETS in self.order_sets:
            return True
        return bool(set(self.order_sets) & set(order_sets or ()))

    def instruction_for(self, callback: str = "") -> str:
        return self.instruction.replace(
            "{callback}", callback or CLINIC_NUMBER_WORDS.get(self.language, "the clinic's number")
        )


# What the agent says in place of a clinic number it does not know, per language.
CLINIC_NUMBER_WORDS = {"en": "the clinic's number", "es": "el número de la clínica"}


def _expand(phrasing: str, macros: dict[str, str], where: str) -> str:
    def sub(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise CatalogueError(f"{where}: unknown macro <{name}>; define it under `macros` or remove it.")
        return macros[name]

    return _MACRO.sub(sub, phrasing)


def _text(entry: dict[str, Any], field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise CatalogueError(f"{where}: `{field}` is missing or empty; write it as text.")
    return value.strip()


def unless_words(raw: dict[str, Any], macros: dict[str, str], where: str) -> re.Pattern[str] | None:
    """An entry's optional `unless`: words that explain a match away when said near it (None when it has none)."""
    unless = raw.get("unless", [])
    if not isinstance(unless, list) or not all(isinstance(u, str) and u for u in unless):
        raise CatalogueError(f"{where}: `unless` must be a list of regular expressions.")
    if not unless:
        return None
    source = "|".join(f"(?:{_expand(u, macros, f'{where}, unless')})" for u in unless)
    try:
        return re.compile(rf"(?<![\w'])(?:{source})(?![\w'])", re.IGNORECASE)
    except re.error as exc:
        raise CatalogueError(f"{where}, unless: not a valid regular expression ({exc}).") from None


def _entry(raw: Any, index: int, macros: dict[str, str]) -> RedFlag:
    where = f"red_flags[{index}]"
    if not isinstance(raw, dict):
        raise CatalogueError(f"{where}: each entry must be a mapping with key, tier, title, instruction, phrasings.")
    key = _text(raw, "key", where)
    where = f"red flag {key!r}"
    if not _KEY.match(key):
        raise CatalogueError(f"{where}: the key must be lower_snake_case letters, digits and _ (2-64 characters).")
    unknown = set(raw) - {
        "key",
        "tier",
        "title",
        "instruction",
        "order_sets",
        "phrasings",
        "group",
        "hypothetical_fires",
        "unless",
    }
    if unknown:
        raise CatalogueError(
            f"{where}: unknown field(s) {', '.join(sorted(unknown))}; remove them or fix the spelling."
        )
    tier = _text(raw, "tier", where)
    if tier not in TIERS:
        raise CatalogueError(f"{where}: tier {tier!r} is not one of {', '.join(TIERS)}.")
    title = _text(raw, "title", where)
    instruction = _text(raw, "instruction", where)
    if key == "self_harm":
        if "988" not in instruction or "911" not in instruction:
            raise CatalogueError(f"{where}: the instruction must give both 988 (Suicide and Crisis Lifeline) and 911.")
    elif tier == "emergent" and not instruction.startswith(EMERGENT_OPENING):
        raise CatalogueError(f"{where}: an emergent instruction must start with {EMERGENT_OPENING!r} (911 first).")
    order_sets = raw.get("order_sets", [ALL_ORDER_SETS])
    if not isinstance(order_sets, list) or not order_sets or not all(isinstance(s, str) and s for s in order_sets):
        raise CatalogueError(f'{where}: `order_sets` must be a non-empty list of procedure groups, or ["*"].')
    phrasings = raw.get("phrasings")
    if not isinstance(phrasings, list) or not phrasings or not all(isinstance(p, str) and p for p in phrasings):
        raise CatalogueError(f"{where}: `phrasings` must be a non-empty list of regular expressions.")
    patterns = []
    for number, phrasing in enumerate(phrasings, start=1):
        source = _expand(phrasing, macros, f"{where}, phrasing {number}")
        try:
            patterns.append(re.compile(rf"(?<![\w'])(?:{source})(?![\w'])", re.IGNORECASE))
        except re.error as exc:
            raise CatalogueError(f"{where}, phrasing {number}: not a valid regular expression ({exc}).") from None
    group = raw.get("group", key)
    if not isinstance(group, str) or not _KEY.match(group):
        raise CatalogueError(f"{where}: `group` must be a lower_snake_case name.")
    hypothetical_fires = raw.get("hypothetical_fires", False)
    if not isinstance(hypothetical_fires, bool):
        raise CatalogueError(f"{where}: `hypothetical_fires` must be true or false.")
    return RedFlag(
        unless=unless_words(raw, macros, where),
        hypothetical_fires=hypothetical_fires,
        key=key,
        tier=tier,
        title=title,
        instruction=instruction,
        order_sets=tuple(order_sets),
        phrasings=tuple(phrasings),
        patterns=tuple(patterns),
        group=group,
    )


def parse_catalogue(text: str) -> tuple[RedFlag, ...]:
    """The entries of a catalogue document, most serious tier first; CatalogueError on any mistake."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"redflags.yaml is not valid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("red_flags"), list) or not data["red_flags"]:
        raise CatalogueError("redflags.yaml must have a non-empty `red_flags` list.")
    macros = data.get("macros") or {}
    if not isinstance(macros, dict) or not all(isinstance(v, str) for v in macros.values()):
        raise CatalogueError("redflags.yaml: `macros` must map names to regular-expression text.")
    entries = [_entry(raw, index, macros) for index, raw in enumerate(data["red_flags"])]
    seen: set[str] = set()
    for entry in entries:
        if entry.key in seen:
            raise CatalogueError(f"red flag {entry.key!r} appears twice; keep one entry per concept.")
        seen.add(entry.key)
    return tuple(sorted(entries, key=lambda e: -e.rank))


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> tuple[RedFlag, ...]:
    return parse_catalogue(path.read_text(encoding="utf-8"))


def parse_vocabulary(text: str) -> frozenset[str]:
    data = yaml.safe_load(text)
    words = (data.get("vocabulary") or []) if isinstance(data, dict) else []
    if not isinstance(words, list) or not all(isinstance(w, str) and w.isalpha() for w in words):
        raise CatalogueError("redflags.yaml: `vocabulary` must be a list of single words (letters only).")
    return frozenset(w.lower() for w in words)


@cache
def load_vocabulary(path: Path = CATALOGUE_PATH) -> frozenset[str]:
    """The words the phrasings are written with: what a misspelt word may be read as."""
    return parse_vocabulary(path.read_text(encoding="utf-8"))


def red_flag(key: str) -> RedFlag:
    for entry in load_catalogue():
        if entry.key == key:
            return entry
    raise KeyError(key)


@cache
def load_bystander_lines(language: str = "en") -> dict[str, str]:
    """What the agent says when an emergent concept is named of someone else, per concept key (`default` too).

    The `bystander` mapping of redflags.yaml (redflags_es.yaml for "es"): reviewed wording, validated here.
    """
    from calls.triage.catalogue_es import CATALOGUE_ES_PATH

    path = CATALOGUE_ES_PATH if language == "es" else CATALOGUE_PATH
    lines = yaml.safe_load(path.read_text(encoding="utf-8")).get("bystander")
    if not isinstance(lines, dict) or not isinstance(lines.get("default"), str):
        raise CatalogueError(f"{path.name}: `bystander` must map concept keys (and `default`) to what the agent says.")
    emergent = {flag.key for flag in load_catalogue() if flag.tier == "emergent"}
    for key, line in lines.items():
        if key != "default" and key not in emergent:
            raise CatalogueError(f"{path.name} bystander {key!r}: not an emergent concept; fix the key.")
        if not isinstance(line, str) or "911" not in line:
            raise CatalogueError(f"{path.name} bystander {key!r}: the line must tell the caller to call 911.")
    return {str(key): str(line) for key, line in lines.items()}
