"""One text analyzer per knowledge language: how its documents and its patients' questions are tokenized.

Each language has its own index (knowledge.rag keeps one per language), built and queried with
the same analyzer, so an English index never sees a Spanish stem and the other way round.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from knowledge import text, text_es
from knowledge.models import Language


@dataclass(frozen=True)
class Analyzer:
    language: str
    tokenize: Callable[[str], list[str]]
    intent_terms: Callable[[str], list[str]]
    # How a topic joins two names: "school and daycare" -> two phrases ("escuela y guardería" in Spanish).
    topic_joiners: tuple[str, ...]
    # Words that name "the procedure" / "a medicine" without naming one.
    generic_procedure_words: frozenset[str]
    generic_medication_words: frozenset[str]


ENGLISH = Analyzer(
    language=Language.ENGLISH.value,
    tokenize=text.tokenize,
    intent_terms=text.intent_terms,
    topic_joiners=(" or ", " and "),
    generic_procedure_words=frozenset(text.tokenize("procedure surgery operation treatment surgical appointment op")),
    generic_medication_words=frozenset(
        text.tokenize("medicine medicines medication medications meds pill pills tablet dose")
    ),
)

SPANISH = Analyzer(
    language=Language.SPANISH.value,
    tokenize=text_es.tokenize,
    intent_terms=text_es.intent_terms,
    topic_joiners=(" o ", " y "),
    generic_procedure_words=text_es.GENERIC_PROCEDURE_WORDS,
    generic_medication_words=text_es.GENERIC_MEDICATION_WORDS,
)

ANALYZERS = {ENGLISH.language: ENGLISH, SPANISH.language: SPANISH}


def analyzer_for(language: str | None) -> Analyzer:
    if language not in ANALYZERS:
        raise ValueError(
            f"The knowledge base has no analyzer for language {language!r}; use one of {sorted(ANALYZERS)}."
        )
    return ANALYZERS[language]
