"""What the agent says, per language: reviewed tables (en.py, es.py), never translated at run time.

`lines(language)` gives a language's table; `call_language(context)` the language a call starts
in (the patient's, where a table exists, else English: the portal warns the nurse before such a
call is planned); `requested_language(words)` hears a patient ask for the other language mid-call.
"""

from __future__ import annotations

import re
from typing import Any

from agent_worker.speech import en, es

TABLES = {"en": en.LINES, "es": es.LINES}
LANGUAGES = tuple(TABLES)
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}


def lines(language: str) -> dict[str, str]:
    return TABLES.get(language) or TABLES["en"]


def call_language(context: dict[str, Any]) -> str:
    """The language the call starts in: the context's (the portal decides), else the patient's if known."""
    language = context.get("language") or (context.get("patient") or {}).get("language") or "en"
    return language if language in TABLES else "en"


# A patient asking, in either language, to go on in Spanish or in English.
_TO_SPANISH = re.compile(
    r"\bhabla(?:s)? (?:usted )?español\b|\ben español\b|\bin spanish\b|\bspeak spanish\b|\bspanish,? please\b|"
    r"\bno (?:hablo|entiendo) (?:inglés|ingles|english)\b|\bprefiero español\b",
    re.I,
)
_TO_ENGLISH = re.compile(
    r"\bhabla(?:s)? (?:usted )?(?:inglés|ingles)\b|\ben (?:inglés|ingles)\b|\bin english\b|\bspeak english\b|"
    r"\benglish,? please\b|\bprefiero (?:inglés|ingles)\b|\bi don'?t (?:speak|understand) spanish\b",
    re.I,
)


def requested_language(words: str) -> str | None:
    """ "¿Habla español?" -> "es"; "In English, please" -> "en"; None when the patient asked for neither."""
    spanish, english = _TO_SPANISH.search(words), _TO_ENGLISH.search(words)
    if spanish and not english:
        return "es"
    if english and not spanish:
        return "en"
    return None


def conversation_language(start: str, patient_lines: list[str]) -> str:
    """The language after the patient's lines so far: the last request wins."""
    language = start
    for said in patient_lines:
        language = requested_language(said) or language
    return language


def localized(context: dict[str, Any], language: str) -> dict[str, Any]:
    """The call's context with its order and question texts in `language` (the portal sends every language)."""
    texts = (context.get("texts") or {}).get(language)
    if not texts:
        return context
    order = dict(context.get("order") or {})
    order.update({k: v for k, v in (texts.get("order") or {}).items() if v})
    by_id = texts.get("questions") or {}
    questions = []
    for question in context.get("questions") or []:
        words = by_id.get(question.get("id")) or {}
        questions.append({**question, **{k: v for k, v in words.items() if v}})
    return {**context, "order": order or context.get("order"), "questions": questions, "language": language}


_ENGLISH_WORDS = frozenset(
    "the you your is are and to of for with this that it be can should will may if or not after before".split()  # noqa: SIM905
)


def looks_english(text: str) -> bool:
    """A rough check for English text (a care-guide answer in a Spanish call): its common words."""
    words = re.findall(r"[a-z']+", text.lower())
    return len(words) >= 3 and sum(w in _ENGLISH_WORDS for w in words) / len(words) >= 0.12
