"""Finding red flags in what a patient said, and hearing their context the way a nurse does.

One spaCy pipeline per process (loaded on first use, no model download: spacy.blank("en")):
  1. the sentencizer splits the turn into sentences (a modifier never reaches past one);
  2. each catalogue entry's lay phrasings (regular expressions), the temperatures said as
     numbers, and the word classes of lexicon.yaml said together in one clause
     (calls.triage.lexicon) become candidate spans in a span group, overlapping allowed;
  3. medspaCy's ConText (the reference NegEx/ConText implementation) marks each span negated,
     historical, hypothetical, someone else's (FAMILY) or uncertain, with its default English
     rules plus the lay-speech rules in context.yaml.
A span fires unless it is negated, historical, hypothetical or someone else's. Uncertain fires.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import yaml

from calls.triage.catalogue import RedFlag, load_catalogue
from calls.triage.lexicon import candidates as lexicon_candidates
from calls.triage.lexicon import explained_away
from calls.triage.spelling import normalize

CONTEXT_RULES_PATH = Path(__file__).with_name("context.yaml")
CONTEXT_RULES_ES_PATH = Path(__file__).with_name("context_es.yaml")
LANGUAGES = ("en", "es")
SPAN_GROUP = "red_flag_candidates"
FEVER_F, FEVER_C = 101.0, 38.3
# Below these a temperature is normal: the word "fever" next to it is not a fever.
MILD_FEVER_F, MILD_FEVER_C = 99.5, 37.5
# Run-on speech-to-text has no full stops: a negation or a question reaches this many tokens at most.
MAX_SCOPE = 8
# A catalogue entry's `unless` words explain a phrasing away within this many words of it, in its clause.
UNLESS_WINDOW = 3
SCOPED = frozenset({"NEGATED_EXISTENCE", "HYPOTHETICAL", "HYPERBOLE"})
_FRAMING = frozenset({"HISTORICAL", "HYPOTHETICAL", "FAMILY"})
# HYPERBOLE (context.yaml): the words said as a figure of speech about something that is no symptom ("I nearly
# fainted at the price of the parking", "I laughed so hard I nearly passed out").
SUPPRESSING = frozenset({"NEGATED_EXISTENCE", "HISTORICAL", "HYPOTHETICAL", "FAMILY", "HYPERBOLE"})
# "I'm calling for my wife, she's the patient": the other person named is the patient.
_SPEAKS_FOR_PATIENT = re.compile(
    # "calling about": the caller's, not "i'm the one you're calling about" nor "I'm calling about my own knee"
    r"\b(?:(?<!you're )(?<!youre )(?<!you are )(?<!you were )calling (?:for|about|on behalf of)"
    r"(?! (?:my own|myself|me)\b)|"
    r"(?:is|he'?s|she'?s|s|who'?s|who is|,) the patient|"
    r"(?:he|she) had (?:the|his|her) "
    r"(?:surgery|procedure|operation)|"
    r"(?:he|she|my (?:husband|wife|partner|mom|mum|mother|dad|father|grand(?:ma|mother|pa|father)|son|daughter)) "
    r"(?:just )?had (?:the|his|her|a) (?:\w+ ){0,2}(?:surgery|procedure|operation|op|done|removed|replaced|fixed|"
    r"scope|repair|replacement|removal|section|bypass)\b|"
    r"(?:my (?:husband|wife|partner|mom|mum|mother|dad|father|son|daughter)|,) who had (?:the|his|her|a) "
    r"(?:\w+ ){0,2}(?:surgery|procedure|operation|op|scope|repair|replacement|removal)\b"
    r"(?! (?:is|was) (?:fine|ok|okay|good|well|doing))|"
    r"(?:he|she)(?:'s| is| was) (?:the one )?(?:who|that) had (?:the |a )?(?:surgery|procedure|operation)|"
    r"llamo (?:por|de parte de)|(?<!no )(?:es|él es|ella es) (?:el|la) paciente|"
    r"(?:lo|la) operaron)",
    re.I,
)
# A caregiver speaking about the patient: a close relative whose post-operative things are named ("my
# husband's incision", "his bandage", "since her operation", "they started her on the painkiller"). A
# friend's or neighbour's incision stays someone else's, and so does anyone when the caller says the
# patient is fine or is someone else ("but I'm fine", "not me", "she has her own doctor").
_CLOSE = (
    r"(?:husband|wife|partner|spouse|mom|mum|mother|mama|dad|father|papa|son|daughter|boy|girl|kid|child|baby|"
    r"grand(?:ma|mother|pa|father)|granny|grandson|granddaughter)"
)
_POST_OP = (
    r"(?:incision|wound|cut|scar|stitch\w*|sutures?|staples?|bandage|dressing|gauze|catheter|drain|cast|splint|"
    r"surgery|operation|op|procedure|repair|replacement|(?:pain )?(?:pills|meds|medicines?|medications?|tablets)|"
    r"painkillers?|oxy\w*|percocet|norco|tramadol|hydrocodone|tylenol)"
)
# "my mom's friend", "my son's teacher": someone else again.
_RELATIVE = rf"\bmy {_CLOSE}\b(?!'?s? (?:friends?|neighbou?rs?|co-?workers?|colleagues?|boss|teachers?|classmates?|"
_RELATIVE += r"sisters?|brothers?|cousins?|aunts?|uncles?|dogs?|cats?|mates?|buddy|buddies|roommates?)\b)"
_CAREGIVER_FOR_PATIENT = re.compile(
    rf"{_RELATIVE}(?:'s|s)? (?:[\w']+ ){{0,4}}{_POST_OP}\b|"
    rf"\b(?:since|after) (?:his|her) (?:[\w']+ ){{0,2}}(?:surgery|operation|op|procedure|repair|replacement)\b"
    rf".{{0,60}}?{_RELATIVE}|"
    rf"{_RELATIVE}.{{0,120}}?\b(?:(?:his|her) (?:[\w']+ ){{0,2}}{_POST_OP}|"
    rf"(?:since|after|from) (?:the|his|her) (?:[\w']+ ){{0,2}}(?:surgery|operation|op|procedure|repair|replacement)|"
    rf"(?:started|put) (?:him|her) on|the (?:pain )?(?:tablets|pills|meds|painkillers?))\b",
    re.I,
)
_PATIENT_IS_FINE = re.compile(
    r"\b(?:i'?m|i am|me|i feel|i'm doing|i am doing) (?:\w+ )?(?:fine|good|ok|okay|great|alright|all right|well)\b|"
    r"\bnot (?:me|about me|for me)\b|\bmine\b|\bnot the (?:one|patient)\b|"
    r"\b(?:his|her|their) own (?:doctor|gp|cardiologist|physician)|"
    r"\bi'?m the (?:one|patient)\b|\bi am the (?:one|patient)\b|\bwho had (?:the )?surgery is fine\b",
    re.I,
)


def speaks_for_patient(text: str, language: str = "en") -> bool:
    """Whether the other person named in `text` is the patient ("I'm calling for my wife, she's the patient")."""
    if _SPEAKS_FOR_PATIENT.search(text):
        return True
    if language == "es":
        return _caregiver_es(text)
    return language == "en" and bool(_CAREGIVER_FOR_PATIENT.search(text)) and not _PATIENT_IS_FINE.search(text)


# "my husband says my incision smells": the symptom is the patient's, not the husband's.
_FIRST_PERSON = frozenset(
    {"i", "i'm", "im", "my", "me", "myself", "mine", "i've", "ive", "i'd", "yo", "mi", "mis", "tengo", "estoy"}
)
# ... and in Spanish the caller's own past and object forms ("tuve una convulsión", misspelt "tube"; "mi esposo dice que
# estuve con los ojos pa tras": what the relative saw, said of the caller).
_FIRST_PERSON_ES = _FIRST_PERSON | {
    "me", "tuve", "tube", "he", "conmigo", "estuve", "estube", "siento", "sentí", "senti", "desperté", "desperte"
}  # fmt: skip

_NUMBER = re.compile(
    r"(?<![\d.])(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|º|degrees?|deg)?\s*(fahrenheit|celsius|centigrade|centígrados?|centigrados?|f|c)?\b",
    re.I,
)
_FEVER_CONTEXT = re.compile(
    r"\b(?:temp\w*|fever\w*|feaver|thermometer|degrees?|°|running|read(?:s|ing)?|measured|hot|burning|warm"
    r"|fiebre|calentura|term[oó]metro|grados?|marc[aó]|marcaba|caliente|ardiendo)",
    re.I,
)
# A number with a decimal in the fever range is a temperature when nothing else is measured next to it.
_OTHER_UNIT = re.compile(
    r"\s*(?:%|kg|kgs|kilos?|lbs?|pounds?|mg|ml|cc|cm|mm|inch\w*|hours?|minutes?|days?|years?|horas?|minutos?|d[ií]as?"
    r"|años?|semanas?|libras?|meses)\b",
    re.I,
)
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


@dataclass(frozen=True)
class Finding:
    """One catalogue entry that fired, with the sentence that fired it."""

    flag: RedFlag
    sentence: str
    uncertain: bool = False


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s|$)", text)]
    left = max((e for e in ends if e <= start), default=0)
    right = next((e for e in ends if e >= end), len(text))
    return left, right


def temperatures(text: str) -> list[tuple[float, str, int]]:
    """Temperatures said in `text` as (value, unit "F"|"C", position); bare numbers only near fever words."""
    text = text.translate(_APOSTROPHES)
    found: list[tuple[float, str, int]] = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", "."))
        unit = (match.group(2) or "").upper()[:1]
        left, right = _sentence_bounds(text, match.start(), match.end())
        explicit_degree = bool(re.search(r"°|º|degree|deg\b", match.group(0), re.I))
        decimal_in_range = "." in match.group(1) and (37.5 <= value <= 42.5 or 99.5 <= value <= 107.9)
        if _OTHER_UNIT.match(text, match.end(1)):
            continue
        if text[:left].rstrip().endswith("?"):  # a question answered ("Fever? Yes, 102"): its words are the context
            left = _sentence_bounds(text, left - 1, left - 1)[0]
        if not unit and not explicit_degree and not decimal_in_range and not _FEVER_CONTEXT.search(text[left:right]):
            continue
        if (unit == "C" and not 34 <= value <= 43) or (unit == "F" and not 93 <= value <= 110):
            continue
        if not unit:
            if 34 <= value <= 43:
                unit = "C"
            elif 93 <= value <= 110:
                unit = "F"
            else:
                continue
        found.append((value, unit, match.start()))
    return found


def _context_rules(language: str = "en") -> list[Any]:
    """medspaCy's default English rules without FAMILY, plus the lay-speech rules of context.yaml.

    The default FAMILY rule treats "son" or "daughter" as someone else; on these calls a parent
    speaking about their child speaks for the patient, so the other-person rules are our own.
    Spanish adds context_es.yaml (medspaCy has no Spanish rules) to the English ones, since
    Spanish speakers mix English in; each Spanish literal is also added without its accents.
    A group with `only: [key, ...]` modifies those catalogue concepts alone.
    A group with `max_scope: N` reaches N tokens from its cue.
    A group with `ends: [CATEGORY, ...]` is an end of reach for those categories only ("y se" ends a
    negation's reach but not someone else's: "mi hermano tiene asma y se ahoga"); plain TERMINATE ends all.
    """
    import medspacy
    from medspacy.context import ConTextRule

    from calls.triage.catalogue_es import fold

    default = Path(medspacy.__file__).resolve().parent.parent / "resources" / "en" / "context_rules.json"
    rules = [rule for rule in ConTextRule.from_json(str(default)) if rule.category != "FAMILY"]
    paths = [CONTEXT_RULES_PATH] + ([CONTEXT_RULES_ES_PATH] if language == "es" else [])
    groups = [group for path in paths for group in yaml.safe_load(path.read_text(encoding="utf-8"))["rules"]]
    # A literal listed under one category in two directions ("ya no" forward and backward) was kept
    # by ConText in one of them, whichever the rule count happened to favour: the first listed wins.
    directions: dict[tuple[str, str], str] = {}
    for group in groups:
        for literal in group.get("literals", []):
            for said in {literal, fold(literal)}:
                directions.setdefault((group["category"], said), group["direction"])
    added: set[tuple[str, str]] = set()
    # Which partial ends of reach (a group's category) stop each category's modifiers.
    ended_by: dict[str, set[str]] = {}
    for group in groups:
        for category in group.get("ends", []):
            ended_by.setdefault(category, set()).add(group["category"])
    for group in groups:
        extra: dict[str, Any] = {"direction": group["direction"]}
        if group.get("only"):  # a cue that explains one concept only ("cuando estoy sentado": a limb asleep)
            extra["allowed_types"] = set(group["only"])
        if group.get("max_scope"):  # a cue that reaches the few words after it only ("casi me da un infarto")
            extra["max_scope"] = group["max_scope"]
        if group["category"] == "FAMILY":
            extra["on_modifies"] = _not_across_first_person_es if language == "es" else _not_across_first_person
        literals = list(dict.fromkeys(group.get("literals", [])))
        literals += [fold(literal) for literal in literals if fold(literal) not in literals]
        for literal in literals:
            if (group["category"], literal) in added:
                continue
            added.add((group["category"], literal))
            rule_extra = {**extra, "direction": directions[(group["category"], literal)]}
            rules.append(ConTextRule(literal, group["category"], **rule_extra))
        for number, pattern in enumerate(group.get("patterns", []), start=1):
            rules.append(
                ConTextRule(
                    f"{group['category'].lower()} pattern {number}", group["category"], pattern=pattern, **extra
                )
            )
    for rule in rules:
        rule.terminated_by |= ended_by.get(rule.category, set())
    return rules


def _reaches(modifier: Any, span: Any) -> bool:
    """A modifier outside the phrasing itself, and for negations and questions no further than MAX_SCOPE tokens."""
    start, end = modifier.modifier_span
    if start < span.end and end > span.start:
        # A negation or doubt inside the phrasing ("pills aren't helping", "hasn't peed") is part of the
        # red flag; a question, the past or someone else inside it ("dose yesterday, should I double")
        # still frames it.
        return modifier.category in _FRAMING
    if modifier.category == "NEGATED_EXISTENCE" and _restates_absence(modifier, span):
        return False
    if modifier.category not in SCOPED:
        return True
    gap = span.start - end if end <= span.start else start - span.end
    return gap <= MAX_SCOPE


# "nothing comes out, not since last night": after a finding that is itself an absence (no urine, no wet diaper,
# no stool), "not since <a time>" restates the absence rather than denying it. "... but not since then" still does.
_SINCE_CUES = frozenset({"not since", "none since"})
_ABSENCE_WORDS = frozenset({"no", "not", "n't", "nothing", "never", "none", "without", "cannot", "zero"})


def _restates_absence(modifier: Any, span: Any) -> bool:
    start, end = modifier.modifier_span
    doc = span.doc
    if start < span.end or doc[start:end].text.lower() not in _SINCE_CUES:
        return False
    following = doc[end].lower_ if end < len(doc) else ""
    return following not in {"then", "that", "", ".", ","} and any(t.lower_ in _ABSENCE_WORDS for t in span)


def _not_across_first_person_es(target: Any, modifier: Any, span_between: Any) -> bool:
    """Someone-else cues in Spanish text: as _not_across_first_person, and said after the symptom ("el dolor de pecho es
    de mi tía", "le duele el pecho a mi mamá") only when the sentence before the symptom is not the caller's own
    ("tengo fiebre igual que mi mamá"). medspaCy's span_between for a cue said after holds the cue itself, whose
    "mi" would otherwise always read as the caller's."""
    doc = target.doc
    if modifier.start >= target.end:
        if modifier.end < len(doc) and doc[modifier.end].lower_ in ("me", "nos"):
            return False  # "..., mi hermano me vio": the relative saw it happen to the caller
        between = list(doc[target.end : modifier.start])
        tokens = list(doc[target.sent.start : target.start]) + between + list(target)
    else:
        between = list(doc[modifier.end : target.start])
        tokens = list(span_between) + list(target)
    # "y no" ends someone else's reach ("mi mamá tiene la boca chueca y no puede levantar el brazo"), as a full end of
    # reach did before it became a denial of its own ("y no me duele la pantorrilla").
    if any(a.lower_ == "y" and b.lower_ == "no" for a, b in pairwise(between)) or (
        target[0].lower_ == "no" and between and between[-1].lower_ == "y"
    ):
        return False
    return not any(token.lower_ in _FIRST_PERSON_ES and not _about_someone_es(token) for token in tokens)


# "mi compadre me contó que a él le dio un coágulo": the caller is who was told, not who had it.
_TOLD_ES = frozenset(
    {"contó", "conto", "dijo", "dijeron", "platicó", "platico", "comentó", "comento", "explicó", "explico", "avisó",
     "aviso", "escribió", "escribio", "mandó", "mando", "llamó", "llamo", "preguntó", "pregunto"}
)  # fmt: skip
# "mi mamá que vive conmigo se desmayó": the caller is where the relative lives, not who has the red flag.
_WITH_ME_ES = frozenset(
    {"vive", "viven", "vivía", "vivia", "está", "esta", "estaba", "anda", "duerme", "vino", "llegó", "llego"}
)


def _about_someone_es(token: Any) -> bool:
    """A first-person word that names someone else's relation to the caller rather than the caller's own complaint."""
    if _names_a_person_es(token):
        return True
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    before = token.nbor(-1).lower_ if token.i > 0 else ""
    return (token.lower_ == "me" and following in _TOLD_ES) or (token.lower_ == "conmigo" and before in _WITH_ME_ES)


# "el perro de mi hija", "la vecina de mi mamá": "mi" naming a person is not the caller's own.
_PERSON_NOUNS_ES = frozenset(
    {
        "hijo", "hija", "hijos", "hijas", "niño", "niña", "nino", "nina", "bebé", "bebe", "esposo", "esposa", "marido",
        "mujer", "mamá", "mama", "madre", "papá", "papa", "padre", "papás", "papas", "padres", "hermano", "hermana",
        "abuelo", "abuela", "abuelito", "abuelita", "tío", "tio", "tía", "tia", "primo", "prima", "vecino", "vecina",
        "amigo", "amiga", "novio", "novia", "suegro", "suegra", "cuñado", "cuñada", "cunado", "cunada", "nieto",
        "nieta", "sobrino", "sobrina", "compañero", "compañera", "jefe", "jefa", "pareja", "familia", "perro",
        "perrito", "perrita", "gato", "gatito",
    }
)  # fmt: skip


def _names_a_person_es(token: Any) -> bool:
    if token.lower_ not in ("mi", "mis") or token.i + 1 >= len(token.doc):
        return False
    return token.nbor(1).lower_ in _PERSON_NOUNS_ES


def _not_across_first_person(target: Any, modifier: Any, span_between: Any) -> bool:
    # "my mom gave me an extra dose": the "me" in the red flag itself makes it the patient's.
    # medspaCy's span between a modifier said after its target runs to the modifier's end, so a cue said after a
    # first-person red flag ("I had a fit, my partner timed it") does not reach back across its own "my": kept on
    # purpose. "his stitches came open, mine are all good" is the one cue whose first-person word is the contrast,
    # and it holds only when nothing before it in the sentence was the speaker's own.
    # "... but I'm calling about my own knee" contrasts the same way, its first-person words ending the cue.
    if "mine" in {token.lower_ for token in modifier[:2]} or modifier[-1].lower_ in ("own", "myself"):
        tokens = list(target.doc[target.sent.start : modifier.start])
    elif modifier.start >= target.end:
        # Said after the red flag, someone else does not reach back over the speaker's own words before it either
        # ("I passed out at work, a colleague found me" is the speaker's faint); "my son" is not the speaker's own.
        before = target.doc[target.sent.start : target.start]
        if any(_speakers_own(token) for token in before):
            return False
        tokens = list(span_between or []) + list(target)
    else:
        tokens = list(span_between or []) + list(target)
    # "a rash from her new meds, not me": the "me" the caller denies is no first-person word.
    return not any(token.lower_ in _FIRST_PERSON and not _denied(token) for token in tokens)


def _denied(token: Any) -> bool:
    return token.lower_ == "me" and token.i > 0 and token.nbor(-1).lower_ == "not"


_PERSON_NOUNS = frozenset(
    {
        "husband", "wife", "partner", "spouse", "mom", "mum", "mother", "mama", "dad", "father", "papa", "son",
        "daughter", "boy", "girl", "kid", "kids", "child", "baby", "grandma", "grandmother", "grandpa", "grandfather",
        "granny", "grandson", "granddaughter", "brother", "sister", "friend", "neighbour", "neighbor", "other",
        "little", "twin", "older", "younger", "elder", "eldest", "youngest", "nan", "nana", "grandad", "toddler",
    }
)  # fmt: skip


def _speakers_own(token: Any) -> bool:
    """Whether `token` makes what follows the speaker's: I, me, "my" not naming a person ("my chest", not "my son")."""
    if token.lower_ == "my":
        following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        return following not in _PERSON_NOUNS
    return token.lower_ in _FIRST_PERSON - {"my", "mine", "mi", "mis"}


class _Pipeline:
    """spaCy's sentencizer and medspaCy's ConText, built once; ConText is not thread-safe, hence the lock."""

    def __init__(self, language: str = "en") -> None:
        import medspacy  # noqa: F401  (registers the medspacy_* factories)
        import spacy

        self.nlp = spacy.blank(language)
        self.sentencizer = self.nlp.add_pipe("sentencizer")
        self.context = self.nlp.add_pipe(
            "medspacy_context", config={"rules": None, "input_span_type": "group", "span_group_name": SPAN_GROUP}
        )
        self.context.add(_context_rules(language))
        self.lock = threading.Lock()

    def run(
        self, text: str, candidates: list[tuple[int, int, str]]
    ) -> list[tuple[Any, set[str], str, tuple[str, ...]]]:
        """Each candidate span, the context categories that reach it, its sentence and its other-person cues."""
        with self.lock:
            doc = self.sentencizer(self.nlp.make_doc(text))
            spans = []
            for start, end, label in candidates:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None and len(span):
                    spans.append(span)
            doc.spans[SPAN_GROUP] = spans
            doc = self.context(doc)
            found = []
            for span in doc.spans[SPAN_GROUP]:
                outside = [m for m in span._.modifiers if _reaches(m, span)]
                others = tuple(
                    doc[m.modifier_span[0] : m.modifier_span[1]].text.lower() for m in outside if m.category == "FAMILY"
                )
                categories = {m.category for m in outside}
                if _asked_if(span) or _asked_what_it_looks_like(span):
                    categories.add("HYPOTHETICAL")
                if _echoed_and_denied(span):
                    categories.add("NEGATED_EXISTENCE")
                found.append((span, categories, span.sent.text, others))
            return found


# A question asked about a condition, to its question mark ("what if I lie flat and it gets hard to breathe?"):
# ConText's "what if" stops at "and it", but the whole question is asked. Only up to a comma: "what if this is a
# heart attack, my chest is crushing?" says the chest is crushing.
_QUESTION_IF = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|um|uh|like|also|just|sorry)\W+)*"
    r"(?:what if|what happens if|what (?:should|do|would) (?:i|we) do if|"
    r"(?:should|do|would) (?:i|we) (?:call|ring|come in|go (?:in|to (?:the )?(?:er|a&e|hospital))) if|"
    r"how (?:do|will|would|can) (?:i|we) (?:know|tell) if)\b[^,;]*$",
    re.I,
)


def _asked_if(span: Any) -> bool:
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?"):
        return False
    return bool(_QUESTION_IF.match(span.doc[sentence.start : span.end].text))


# Asking what a sign looks like, to its question mark: "what does a reaction to the antibiotic look like, like hives
# or what?". A word of the speaker's own after "look like" is a statement again ("what does that look like, my leg is
# red?").
_QUESTION_LOOKS = re.compile(
    r"^\W*(?:(?:so|and|but|ok|okay|um|uh|like|also|just|sorry)\W+)*"
    r"(?:what|how) (?:does|do|would|should|will|might|could) [^?]*?\blooks? like\b",
    re.I,
)
_OWN_WORD = re.compile(r"\b(?:i|i'?m|im|my|me|mine|i'?ve|ive)\b", re.I)


def _asked_what_it_looks_like(span: Any) -> bool:
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?"):
        return False
    asked = span.doc[sentence.start : span.end].text
    found = _QUESTION_LOOKS.match(asked)
    if found is None:
        return False
    between = span.doc.text[sentence.start_char + found.end() : span.start_char]
    return not _OWN_WORD.search(between)


# The nurse's question said back and answered no in the next sentence: "Fever? I checked twice, it was normal, 98.2",
# "Am I short of breath? Not at all". Only a short echo (a few words to its question mark), and only a plain no or
# "normal" (never "not normal"), with no "yes" first.
_ECHO_WORDS = 7
_ANSWER_NO = re.compile(
    r"^\W*(?:(?:um|uh|well|honestly|oh)\W+)*(?:no|nope|nah|not at all|not really|not a bit|none|never|negative)\b", re.I
)
_ANSWER_NORMAL = re.compile(r"\b(?:totally |completely |perfectly |all |quite |pretty )?normal\b", re.I)
_ANSWER_NOT_NORMAL = re.compile(
    r"\b(?:not|isn'?t|wasn'?t|ain'?t|never|ab|above|over)\W*(?:\w+\W+)?normal\b|^\W*(?:yes|yeah|yep|yup)\b", re.I
)


def _echoed_and_denied(span: Any) -> bool:
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?") or len(sentence) > _ECHO_WORDS or sentence.end >= len(span.doc):
        return False
    answer = span.doc[sentence.end].sent.text
    if _ANSWER_NO.match(answer):
        return True
    return bool(_ANSWER_NORMAL.search(answer)) and not _ANSWER_NOT_NORMAL.search(answer)


@cache
def pipeline(language: str = "en") -> _Pipeline:
    if language not in LANGUAGES:
        raise ValueError(f"triage language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return _Pipeline(language)


def _candidates(text: str, flags: tuple[RedFlag, ...], language: str = "en") -> list[tuple[int, int, str]]:
    found: list[tuple[int, int, str]] = []
    keys = {flag.key for flag in flags}
    normal_sentences: list[tuple[int, int]] = []
    for value, unit, position in temperatures(text):
        high = value >= (FEVER_F if unit == "F" else FEVER_C)
        mild = value >= (MILD_FEVER_F if unit == "F" else MILD_FEVER_C)
        end = position + 1  # the span expands to the number's token
        if high and "fever" in keys:
            found.append((position, end, "fever"))
        elif mild and "mild_fever" in keys:
            found.append((position, end, "mild_fever"))
        elif not mild:
            normal_sentences.append(_sentence_bounds(text, position, position))
    for flag in flags:
        for pattern in flag.patterns:
            for match in pattern.finditer(text):
                if flag.key == "mild_fever" and any(a <= match.start() <= b for a, b in normal_sentences):
                    continue  # "no fever, it was 98.6": the number says it is normal
                if flag.unless is not None and explained_away(text, match.span(), flag.unless, UNLESS_WINDOW, language):
                    continue  # "the bruise on my wrist is purple": the bruise explains the colour
                found.append((match.start(), match.end(), flag.key))
    found += lexicon_candidates(text, keys, language)
    return found


_TENTHS_ES = {"uno": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9}
# "38 y 6", "treinta y siete y ocho" (read as "37 ... y ocho"): a tenth said after "y", in the temperature range only,
# and not a count of something ("38 y 2 días", "40 y 5 pastillas").
_TENTH_WITH_Y = re.compile(
    rf"\b(3[5-9]|4[0-2])(\s+y\s+)([1-9]|{'|'.join(_TENTHS_ES)})\b"
    r"(?!\s+(?:de\s+(?!fiebre|calentura|temperatura)|del|veces|vez|horas?|dias|anos|meses|semanas|pastillas|tabletas|kilos|"
    r"libras|minutos|cucharadas|gotas|hijos|personas))",
    re.IGNORECASE,
)


def _tenth_said_with_y(text: str) -> str:
    """Spanish (unaccented) `text` with a temperature's tenth said after "y" written as a decimal, padded to length."""

    def decimal(match: re.Match[str]) -> str:
        tenth = match.group(3).lower()
        written = f"{match.group(1)}.{_TENTHS_ES.get(tenth, tenth)}"
        return written.ljust(len(match.group(0)))

    return _TENTH_WITH_Y.sub(decimal, text)


def _caregiver_es(text: str) -> bool:
    from calls.triage.caregiver_es import speaks_for_patient_es

    return speaks_for_patient_es(text)


_SENTENCES = re.compile(r"[^.!?]*(?:[.!?]+(?=\s|$)|$)")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCES.findall(text) if s.strip()]


def _said(original: str, read: str, sentence: str) -> str:
    """The patient's own words for a sentence of the spelling-corrected text (same sentence breaks)."""
    read_sentences, said_sentences = _sentences(read), _sentences(original)
    if sentence in read_sentences and len(read_sentences) == len(said_sentences):
        return said_sentences[read_sentences.index(sentence)]
    return sentence


SPEAKERS = (None, "patient", "caregiver")
# Red flags whose person cannot be the one speaking (English, the speaker unknown): see read_text.
_CANNOT_SPEAK = frozenset({"unresponsive"})
# Who the caller may be naming when a caregiver speaks for the patient: a close relative, said as the cue
# ConText heard (calls/triage/context.yaml and context_es.yaml, FAMILY; matched unaccented). A sibling, a
# friend, a neighbour, "my other son" or "mi hija mayor" stays someone else.
_CLOSE_CUE = re.compile(
    r"^(?:a )?(?:my|our|mi) (?:husband|wife|partner|spouse|boyfriend|girlfriend|fiancee?|mom|mum|mother|dad|father|"
    r"grandma|grandmother|grandpa|grandfather|granny|grandson|granddaughter|stepdad|stepmom|mother-in-law|"
    r"father-in-law|mama|papa|madre|padre|esposo|esposa|marido|mujer|pareja|novio|novia|abuela|abuelo|abuelita|"
    r"abuelito|nieto|nieta|suegra|suegro)$|"
    # a Spanish-speaking carer's "el señor" / "la señora" is the person they care for
    r"^(?:a )?(?:el|la|al) (?:senor|senora)$"
)
# A caregiver's words that the relative named is not the patient ("but he's not the one who had surgery",
# "I'm the patient", "my other son", "el que no operaron", "no es la paciente", "mi otro hijo").
_NOT_THE_PATIENT = re.compile(
    r"\bnot the (?:one|patient|person)\b|"
    r"\b(?:isn'?t|is not|wasn'?t|was not|aren'?t|are not) (?:the )?(?:one|patient)\b|"
    r"\b(?:i'?m|i am|im) the (?:one|patient)\b|"
    r"\b(?:didn'?t|did not|never|hasn'?t|has not|haven'?t|have not) (?:have|had) (?:the |a |any )?"
    r"(?:surgery|operation|procedure|op)\b|"
    r"\b(?:his|her|their) own (?:doctor|gp|physician|cardiologist)\b|\bsome(?:one|body) else\b|"
    r"\bwho had (?:the |a |his |her )?(?:\w+ )?(?:surgery|operation|procedure|op) (?:is|'s|was) "
    r"(?:fine|ok|okay|good|well|doing)|"
    r"\bmy other (?:son|daughter|kid|child|boy|girl|baby|grand\w+|parent)|"
    r"\b(?:el|la) que no (?:operaron|se opero)\b|\bno (?:lo|la) operaron\b|\bno es (?:el|la) (?:operad[oa]|paciente)\b|"
    r"\byo (?:que )?soy (?:el|la) (?:operad[oa]|paciente)\b|\botr[oa]s? (?:hij|nin|niet|nen|bebe)|"
    r"\b(?:hij[oa]|niet[oa]) (?:(?:el|la) )?(?:mayor|menor)\b|"
    # "mi mamá está bien, el que anda con dolor de pecho es mi papá": the one cared for is fine, the flag another's
    r"\b(?:esta|va|anda|sigue) (?:muy )?bien\W+(?:pero\W+)?(?:el|la) que (?:tiene|anda|esta|trae|siente|se siente)\b",
    re.I,
)


# The caller's own trouble set against a patient who is fine: "I've been throwing up all day myself, but his recovery is
# going fine", "I'm the one who's out of breath running around after her, but she's doing great". The symptom is the
# caller's: someone else's for the patient's triage (an emergent one still gets its 911 line, as a bystander's).
_CALLERS_OWN = re.compile(
    r"\b(?:myself|(?:i'?m|i am) the one (?:who|that)(?:'s| is| has| had| was| got| feels| felt| keeps))\b", re.I
)
_PERSON_FINE = r"(?:dad|mom|mum|father|mother|husband|wife|partner|son|daughter|grandma|grandpa|granny|nan|papa|mama)"
_THIRD_PATIENT_FINE = re.compile(
    r"\bbut (?:(?:he|she|they)(?:'s| is| are|'re)|(?:his|her|their) (?:\w+ )?(?:recovery|surgery|operation|knee|"
    r"hip|shoulder|wound|incision|stitches|leg|arm|back)(?:'s| is| are| has been)|"
    rf"(?:my )?{_PERSON_FINE}(?:'s| is| has been)) "
    r"(?:doing |going |recovering |healing |getting on |coming along )?(?:just |really |totally )?"
    r"(?:fine|great|well|good|ok|okay|brilliant|alright|all right)\b",
    re.I,
)
# Only when the words say it is about the patient's recovery, or the call knows a caregiver speaks.
_NAMES_THE_RECOVERY = re.compile(r"\b(?:his|her|their) (?:\w+ )?(?:recovery|surgery|operation|incision|wound)\b", re.I)
# The patient's own operated part said to be fine: "but my knee is doing fine". A relative's symptom in the same
# words is the relative's ("my son had a seizure at school today so I'm frazzled, but my knee is doing fine").
_OWN_SITE_FINE = re.compile(
    r"\bbut (?:my|the) (?:knee|hip|shoulder|incision|wound|stitches|scar|back|foot|ankle|hand|wrist|elbow|neck|belly|"
    r"tummy|surgery|recovery|op|operation|repair|replacement)(?:'s| is| are| has been| have been)? "
    r"(?:doing |healing |going |looking |feeling |coming along )?(?:just |really |totally )?"
    r"(?:fine|great|well|good|ok|okay|alright|all right)\b",
    re.I,
)


def callers_own(text: str, speaker: str | None) -> bool:
    """Whether the red flags in `text` are the caller's own, set against a patient who is fine (see _CALLERS_OWN)."""
    if not (_CALLERS_OWN.search(text) and _THIRD_PATIENT_FINE.search(text)):
        return False
    return speaker == "caregiver" or bool(_NAMES_THE_RECOVERY.search(text))


def _said_of_oneself(span: Any) -> bool:
    """Whether the speaker's own word comes before the red flag in its sentence, with no relative named after it."""
    before = list(span.doc[span.sent.start : span.start])
    own = [t.i for t in before if _speakers_own(t)]
    if not own:
        return False
    after = [t for t in before if t.i > own[-1]]
    return not any(t.lower_ == "my" and t.i + 1 < len(span.doc) and t.nbor(1).lower_ in _PERSON_NOUNS for t in after)


def _relatives_beside_own_site(span: Any, text: str, speaker: str | None) -> bool:
    """A relative named before the red flag in its sentence ("my son had a seizure"), nothing of the speaker's own
    between, while the speaker says their own operated part is fine."""
    if speaker == "caregiver" or not _OWN_SITE_FINE.search(text):
        return False
    before = list(span.doc[span.sent.start : span.start])
    named = [t.i for t in before if t.lower_ == "my" and t.i + 1 < len(span.doc) and t.nbor(1).lower_ in _PERSON_NOUNS]
    if not named:
        return False
    return not any(_speakers_own(t) for t in span.doc[named[-1] + 2 : span.start])


@dataclass(frozen=True)
class Reading:
    """What a text says: the red flags for the patient, and the emergencies of someone else (see bystanders)."""

    findings: list[Finding]
    bystanders: list[Finding]


def _prepared(text: str, flags: tuple[RedFlag, ...] | None, language: str) -> tuple[str, str, Any, list[Any]]:
    original = (text or "").translate(_APOSTROPHES)
    if language == "es":
        from calls.triage.catalogue_es import fold, load_catalogue_es, spoken_numbers

        flags = load_catalogue_es() if flags is None else flags
    else:
        flags = load_catalogue() if flags is None else flags
    if not original.strip():
        return original, original, flags, []
    if language == "es":
        from calls.triage.numbers import spoken_numbers as english_numbers
        from calls.triage.spelling_es import normalize_es

        text = normalize_es(original)
        # Temperatures said in Spanish words, and in English ones when code-switching ("ninety nine point eight").
        candidates = _candidates(_tenth_said_with_y(english_numbers(spoken_numbers(fold(text)))), flags, language)
    else:
        from calls.triage.numbers import spoken_numbers

        text = normalize(original)
        # Temperatures said in words are read as digits; the phrasings also see the words as said.
        with_digits = spoken_numbers(text)
        candidates = _candidates(with_digits, flags, language)
        if with_digits != text:
            candidates = list(dict.fromkeys(candidates + _candidates(text, flags, language)))
    return original, text, flags, candidates


def read_text(
    text: str, flags: tuple[RedFlag, ...] | None = None, *, language: str = "en", speaker: str | None = None
) -> Reading:
    """The red flags `text` fires for the patient (after context), and the emergent ones it names of someone else.

    `speaker` is who is talking, as the call knows it: None (unknown: the words decide), "patient", or
    "caregiver" (someone speaking for the patient: a close relative named with a red flag is the patient,
    unless the words say otherwise, "but he's not the one who had surgery", "my other son").

    A bystander finding is an emergent concept suppressed only because it is about someone else (not
    negated, historical or hypothetical): "my neighbour here is having a seizure".
    """
    if speaker not in SPEAKERS:
        raise ValueError(f"speaker must be one of None, 'patient', 'caregiver', got {speaker!r}")
    original, text, flags, candidates = _prepared(text, flags, language)
    if not candidates:
        return Reading([], [])
    from calls.triage.catalogue_es import fold

    by_key = {flag.key: flag for flag in flags}
    # A Spanish caregiver's close relative is the patient on emergent and urgent red flags (caregiver_es).
    caregiver = language == "es" and not _SPEAKS_FOR_PATIENT.search(text) and _caregiver_es(text)
    suppressing = SUPPRESSING - {"FAMILY"} if speaks_for_patient(text, language) else SUPPRESSING
    # Known to be a caregiver speaking: their close relative is the patient, unless they say otherwise.
    for_patient = speaker == "caregiver" and not _NOT_THE_PATIENT.search(fold(text))
    # Who cannot be woken or makes no sense cannot be the one on the phone: with the speaker unknown (English), a close
    # relative named with it is the patient ("my husband won't wake up"), unless the words say otherwise.
    unknown_for_patient = (
        language == "en" and speaker is None and not _NOT_THE_PATIENT.search(text) and not _PATIENT_IS_FINE.search(text)
    )
    fired: dict[str, Finding] = {}
    others: dict[str, Finding] = {}
    caller = language == "en" and callers_own(text, speaker)
    for span, categories, sentence, cues in pipeline(language).run(text, candidates):
        someone_else = language == "en" and (
            (caller and _said_of_oneself(span)) or _relatives_beside_own_site(span, text, speaker)
        )
        key = span.label_
        flag = by_key[key]
        close = all(_CLOSE_CUE.match(fold(cue)) for cue in cues)
        if (for_patient and "FAMILY" in categories and close) or (
            unknown_for_patient and key in _CANNOT_SPEAK and categories & SUPPRESSING == {"FAMILY"} and close
        ):
            categories = categories - {"FAMILY"}
        if someone_else:
            categories = categories | {"FAMILY"}
        # A caregiver's word stands for the patient on emergent and urgent red flags only (caregiver_es).
        heard = suppressing | {"FAMILY"} if caregiver and flag.tier == "routine" else suppressing
        heard = heard - {"HYPOTHETICAL"} if flag.hypothetical_fires else heard
        if categories & heard:
            if categories & heard == {"FAMILY"} and flag.tier == "emergent" and key not in others:
                others[key] = Finding(flag, _said(original, text, sentence.strip()))
            continue
        if key not in fired:
            words = _said(original, text, sentence.strip())
            fired[key] = Finding(flag, words, "POSSIBLE_EXISTENCE" in categories)
    return Reading(
        [fired[f.key] for f in flags if f.key in fired],
        [others[f.key] for f in flags if f.key in others and f.key not in fired],
    )


def find_red_flags(
    text: str, flags: tuple[RedFlag, ...] | None = None, *, language: str = "en", speaker: str | None = None
) -> list[Finding]:
    """Every catalogue entry `text` fires for the patient (after context), in the catalogue's order.

    Spanish text is spelling-corrected (calls.triage.spelling_es), then matched unaccented with
    temperatures said in words as digits (same length, so every offset stays put); ConText reads
    the corrected words with their accents, where "sí" (yes) and "si" (if) differ. `speaker`: read_text.
    """
    return read_text(text, flags, language=language, speaker=speaker).findings


def context_suppresses(text: str, *, language: str = "en") -> bool:
    """Whether ConText hears any word of `text` as negated, historical, hypothetical or someone else's.

    For the learned stage (calls.triage.learned), which names a concept but no trigger words: every word
    is a candidate, and one suppressed word vetoes the whole text. Stricter than the rules on purpose:
    the learned stage is a safety net under them, and its own false alarms must stay rare.
    """
    original = (text or "").translate(_APOSTROPHES)
    if not original.strip():
        return False
    if language == "es":
        from calls.triage.spelling_es import normalize_es

        read = normalize_es(original)
    else:
        read = normalize(original)
    words = [(m.start(), m.end(), "learned") for m in re.finditer(r"\w+", read)]
    suppressing = SUPPRESSING - {"FAMILY"} if speaks_for_patient(read, language) else SUPPRESSING
    return any(categories & suppressing for _, categories, _, _ in pipeline(language).run(read, words))
