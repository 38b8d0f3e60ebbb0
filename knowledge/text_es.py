"""Tokenizing Spanish patient speech for BM25: accents folded, Spanish stop words out, Snowball stems.

The same contract as knowledge.text (English): `tokenize`, `intent_terms`, and the words that
name "a procedure" or "a medicine" without naming one. Stemming runs on the accented word (the
Snowball rules know "-ación"), then the stem is folded, so "hinchazón" and a transcript's
"hinchazon" meet. Typo repair is knowledge.text.TypoCorrector on the Spanish vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer
from bm25s.stopwords import STOPWORDS_SPANISH

from knowledge.text import temperature_readings

_WORD = re.compile(r"[a-z0-9áéíóúüñ]+")


def fold(text: str) -> str:
    """Lower case without accents: "Hinchazón" -> "hinchazon" (ñ becomes n, as in a transcript without it)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# bm25s' Snowball list, plus what callers say around a question ("oiga, mire, fíjese"), who it is about
# ("mi hijo", "la niña") and asking words: none of them says what the question is about. The forms of
# "poner" go too: Snowball stems "puso" and "pusieron" to "pus", which would read as pus (infection).
_FILLERS = """
hola buenas bueno pues oiga mire fijese este eh ah ay ok okey si claro gracias favor porfa senorita senora
senor doctor doctora enfermera quisiera queria quiero queremos saber pregunta preguntar preguntarle duda
decir dijeron dice dicen puedo puede pueden podemos podria debo debe deben debemos tengo tiene tienen
hijo hija hijos hijas nino nina ninos ninas nene nena chamaco chamaca esposo esposa mama papa
hoy ayer ahorita ahora todavia aun usted ustedes cosa cosas algo nada mismo verdad entonces osea
hacer hace hago va vamos voy van ir
poner pone ponen ponga pongo puse puso pusieron pusimos pusiera puesto puesta puestos puestas
"""
STOPWORDS = frozenset(fold(w) for w in (*STOPWORDS_SPANISH, *_FILLERS.split()))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("spanish")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    if word.isdigit():
        return word
    return fold(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def tokenize(text: str) -> list[str]:
    return [stem(w) for w in words(text) if fold(w) not in STOPWORDS]


# What a question asks for when its words say little: "cada cuánto" wants an interval, "cuánto tiempo" a duration.
_INTENTS = (
    (re.compile(r"\bcada cuant[oa]s?\b|\bcuantas veces\b|\bcada cuantas horas\b"), "cada horas"),
    (re.compile(r"\bcuant[oa] (?:le doy|le damos|le puedo dar|debo dar|toma|tomo|medicina)\b|\bdosis\b"), "dosis"),
    (re.compile(r"\bcuanto tiempo\b|\bcuantos dias\b|\bcuantas semanas\b|\bhasta cuando\b"), "dias semanas"),
    (re.compile(r"\bcuando (?:puede|puedo|podra|podemos|debe|vuelve|regresa)\b|\bque tan pronto\b"), "despues dias"),
)


def temperature_terms(text: str) -> list[str]:
    """A spoken temperature against the clinic's 101 F (38.3 C) line, in the Spanish documents' words."""
    return [t for high in temperature_readings(text) for t in tokenize("fiebre alta 101" if high else "fiebre baja")]


def intent_terms(text: str) -> list[str]:
    lowered = " ".join(fold(w) for w in words(text))
    found = [t for pattern, extra in _INTENTS if pattern.search(lowered) for t in tokenize(extra)]
    return found + temperature_terms(text)


GENERIC_PROCEDURE_WORDS = frozenset(
    tokenize("procedimiento cirugia cirugía operacion operación tratamiento cita intervencion intervención")
)
GENERIC_MEDICATION_WORDS = frozenset(
    tokenize("medicina medicinas medicamento medicamentos pastilla pastillas remedio remedios jarabe dosis pildora")
)
