"""Whether a patient's words are Spanish, whatever language the patient's record says.

A record's language can be wrong, and a patient on an English call may answer a question in Spanish ("me duele el
pecho y no puedo respirar"). The English rules hear nothing in that, so `calls.triage.rules.evaluate_rules` also reads
words that sound Spanish with the Spanish rules. The test is the share of Spanish function words (the Spanish
stop-word lists of bm25s and spaCy, less the words English speakers use or that are English too: "no", "me",
"son", "yo", "nada"), the words the Spanish catalogue's phrasings are written with, and the letters á, ñ, ¿ against
the English function words: a sentence of English with a Spanish word or two in it ("my abuela says I look pale")
stays English, and "tiene fever de 102" is Spanish.
"""

from __future__ import annotations

import re
from functools import cache

# Spanish stop words that are English words too, or that English speakers say ("nada", "mucho", "yo", "ya").
_SHARED_WITH_ENGLISH = (
    "a ante con da dado dan dar dice dos e en era ese fin final gran grande ha han hasta ir lado largo le lo mal mas "
    "mi modo mucho nada o os parte pasado poco salvo sea sentido si sin solo son tal tan tanto te ti todo total "
    "trata tu u un uno usa uso va van ver vez ya yo"
)
# Letters English does not write: one more sign of Spanish.
_SPANISH_LETTERS = re.compile(r"[áéíóúñ¿¡]")
_WORD = re.compile(r"[a-z']+")  # "y'all" is one English word, "y" alone is Spanish
# One Spanish word, and more Spanish words than English function words, make a sentence Spanish.
_AT_LEAST = 1


def _fold(text: str) -> str:
    """Lower case without accents, as the Spanish catalogue's words are written ("estreñido" -> "estrenido")."""
    from calls.triage.catalogue_es import fold

    return fold(text.casefold())


@cache
def _vocabularies() -> tuple[frozenset[str], frozenset[str]]:
    """(Spanish words, English words): each language's function words that the other does not have too, and on
    the Spanish side the words the Spanish red-flag phrasings are written with ("duele", "pecho", "sangre")."""
    from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_EN_PLUS, STOPWORDS_SPANISH
    from spacy.lang.en.stop_words import STOP_WORDS as SPACY_EN
    from spacy.lang.es.stop_words import STOP_WORDS as SPACY_ES

    from calls.triage.catalogue_es import load_vocabulary_es

    english = frozenset(_fold(w) for w in (*STOPWORDS_EN, *STOPWORDS_EN_PLUS, *SPACY_EN))
    spanish = frozenset(_fold(w) for w in (*STOPWORDS_SPANISH, *SPACY_ES))
    said_in_spanish = (spanish | load_vocabulary_es()) - english - frozenset(_SHARED_WITH_ENGLISH.split())
    return said_in_spanish | {"y"}, english - spanish - {"y"}


def sounds_spanish(text: str) -> bool:
    """True when `text` is said in Spanish (or mostly Spanish, as code-switching is): "tiene fever de 102"."""
    spanish, english = _vocabularies()
    words = _WORD.findall(_fold(text))
    said_spanish = sum(w in spanish for w in words) + bool(_SPANISH_LETTERS.search(text.casefold()))
    return said_spanish >= _AT_LEAST and said_spanish > sum(w in english for w in words)
