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
The lay-speech cue words read beside ConText (who is speaking, someone else's, the patient is fine, a question,
an echoed answer) are reviewed data in calls.triage.speaker_cues.
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
from calls.triage.speaker_cues import (
    ABSENCE_WORDS,
    ANSWER_NO,
    ANSWER_NORMAL,
    ANSWER_NOT_NORMAL,
    CALLER_IS_CARER,
    CALLERS_OWN,
    CAREGIVER_FOR_PATIENT,
    CLOSE_CUE,
    ECHO_WORDS,
    FIRST_PERSON,
    FIRST_PERSON_ES,
    HELPED_ME,
    LONG_STANDING,
    NAMES_THE_RECOVERY,
    NOT_THE_PATIENT,
    OWN_SITE_FINE,
    OWN_WORD,
    PATIENT_IS_FINE,
    PERSON_NOUNS,
    PERSON_NOUNS_ES,
    QUESTION_IF,
    QUESTION_LOOKS,
    SINCE_CUES,
    SPEAKS_FOR_PATIENT,
    THIRD_PATIENT_FINE,
    TOLD_ES,
    WITH_ME_ES,
)
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


def speaks_for_patient(text: str, language: str = "en") -> bool:
    """Whether the other person named in `text` is the patient ("I'm calling for my wife, she's the patient")."""
    if SPEAKS_FOR_PATIENT.search(text):
        return True
    if language == "es":
        return _caregiver_es(text)
    # ... unless the words say the one named is not the patient ("Dad's doing well after his surgery; it's my
    # mother who got a rash").
    return (
        language == "en"
        and bool(CAREGIVER_FOR_PATIENT.search(text))
        and not PATIENT_IS_FINE.search(text)
        and not NOT_THE_PATIENT.search(text)
    )


_NUMBER = re.compile(
    r"(?<![\d.])(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|º|degrees?|deg)?\s*(fahrenheit|celsius|centigrade|centígrados?|centigrados?|f|c)?\b",
    re.I,
)
_FEVER_CONTEXT = re.compile(
    r"\b(?:temp\w*|fever\w*|feaver|thermometer|degrees?|°|running|read(?:s|ing)?|measured|hot|burning|warm"
    r"|fiebre|calentura|term[oó]metro|grados?|marc[aoó]|marcaba|caliente|ardiendo)",
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
    A group with `through: [CATEGORY, ...]` is not ended by those partial ends of reach: a complaint gone since,
    said after it, reaches back over the time it was said with ("estreñido desde ayer, pero ... ya fui").
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
    through: dict[int, set[str]] = {}  # id(rule) -> the partial ends of reach its group passes through
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
            if group.get("through"):
                through[id(rules[-1])] = set(group["through"])
    for rule in rules:
        rule.terminated_by |= ended_by.get(rule.category, set()) - through.get(id(rule), set())
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


def _restates_absence(modifier: Any, span: Any) -> bool:
    start, end = modifier.modifier_span
    doc = span.doc
    if start < span.end or doc[start:end].text.lower() not in SINCE_CUES:
        return False
    following = doc[end].lower_ if end < len(doc) else ""
    return following not in {"then", "that", "", ".", ","} and any(t.lower_ in ABSENCE_WORDS for t in span)


_CLEFT_PRONOUNS = frozenset({"el", "la", "los", "las", "lo"})
_CLEFT_VERBS = frozenset({"es", "fue", "era", "son", "fueron"})


def _cleft_opens(tokens: list[Any]) -> list[int]:
    """Where a cleft's "el que" / "la que" opens among `tokens` (indexes into the list)."""
    return [i for i, (a, b) in enumerate(pairwise(tokens)) if a.lower_ in _CLEFT_PRONOUNS and b.lower_ == "que"]


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
        before = list(doc[target.sent.start : target.start])
        # A cleft names the one it happened to: in "yo estoy bien, el que se cortó y sangró fue mi esposo" the caller's
        # own words end where "el que" opens the clause the relative closes.
        if modifier.start > 0 and doc[modifier.start - 1].lower_ in _CLEFT_VERBS:
            opens = _cleft_opens(before)
            before = before[opens[-1] :] if opens else before
        tokens = before + between + list(target)
    else:
        between = list(doc[modifier.end : target.start])
        tokens = list(span_between) + list(target)
    # "y no" ends someone else's reach ("mi mamá tiene la boca chueca y no puede levantar el brazo"), as a full end of
    # reach did before it became a denial of its own ("y no me duele la pantorrilla").
    if any(a.lower_ == "y" and b.lower_ == "no" for a, b in pairwise(between)) or (
        target[0].lower_ == "no" and between and between[-1].lower_ == "y"
    ):
        return False
    return not any(token.lower_ in FIRST_PERSON_ES and not _about_someone_es(token) for token in tokens)


def _about_someone_es(token: Any) -> bool:
    """A first-person word that names someone else's relation to the caller rather than the caller's own complaint."""
    if _names_a_person_es(token):
        return True
    following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
    before = token.nbor(-1).lower_ if token.i > 0 else ""
    return (token.lower_ == "me" and following in TOLD_ES) or (token.lower_ == "conmigo" and before in WITH_ME_ES)


def _names_a_person_es(token: Any) -> bool:
    if token.lower_ not in ("mi", "mis") or token.i + 1 >= len(token.doc):
        return False
    return token.nbor(1).lower_ in PERSON_NOUNS_ES


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
        # "I keeled over, the neighbour helped me up": the person named did something to the speaker, who had it.
        following = list(target.doc[modifier.end : modifier.end + 3])
        if any(token.lower_ == "me" and token.i > 0 and token.nbor(-1).lower_ in HELPED_ME for token in following):
            return False
        tokens = list(span_between or []) + list(target)
    else:
        tokens = list(span_between or []) + list(target)
    # "a rash from her new meds, not me": the "me" the caller denies is no first-person word.
    return not any(token.lower_ in FIRST_PERSON and not _denied(token) for token in tokens)


def _denied(token: Any) -> bool:
    return token.lower_ == "me" and token.i > 0 and token.nbor(-1).lower_ == "not"


def _speakers_own(token: Any) -> bool:
    """Whether `token` makes what follows the speaker's: I, me, "my" not naming a person ("my chest", not "my son")."""
    if token.lower_ == "my":
        following = token.nbor(1).lower_ if token.i + 1 < len(token.doc) else ""
        return following not in PERSON_NOUNS
    return token.lower_ in FIRST_PERSON - {"my", "mine", "mi", "mis"}


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
        # Speech-to-text often ends without a stop: one is added (after the last character, so the candidates' offsets
        # hold) for the cues that read an answer closed by it ("dolor de pecho no, falta de aire tampoco").
        closed = text if _ENDS_CLOSED.search(text) else text + " ."
        with self.lock:
            doc = self.sentencizer(self.nlp.make_doc(closed))
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
                found.append((span, categories, span.sent.text[: len(text) - span.sent.start_char].rstrip(), others))
            return found


_ENDS_CLOSED = re.compile(r"[.!?;]\W*$")


def _asked_if(span: Any) -> bool:
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?"):
        return False
    return bool(QUESTION_IF.match(span.doc[sentence.start : span.end].text))


def _asked_what_it_looks_like(span: Any) -> bool:
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?"):
        return False
    asked = span.doc[sentence.start : span.end].text
    found = QUESTION_LOOKS.match(asked)
    if found is None:
        return False
    between = span.doc.text[sentence.start_char + found.end() : span.start_char]
    return not OWN_WORD.search(between)


def _echoed_and_denied(span: Any) -> bool:
    sentence = span.sent
    if not sentence.text.rstrip().endswith("?") or len(sentence) > ECHO_WORDS or sentence.end >= len(span.doc):
        return False
    answer = span.doc[sentence.end].sent.text
    if ANSWER_NO.match(answer):
        return True
    return bool(ANSWER_NORMAL.search(answer)) and not ANSWER_NOT_NORMAL.search(answer)


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


def _someone_else_es(text: str) -> bool:
    from calls.triage.caregiver_es import says_someone_else_es

    return says_someone_else_es(text)


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
# Red flags whose person is not the one on the phone, the speaker unknown (see read_text): who cannot be woken, is
# having a fit, has a face drooping and words coming out wrong, or lips turning blue is described by whoever is
# beside them, and on the patient's own line that is most likely someone caring for the patient. Chest pain, a fever
# or a swollen leg, which a person tells of themselves, stay someone else's ("my mom has chest pain", CLINICAL.md).
_CANNOT_SPEAK = frozenset({"unresponsive", "seizure", "stroke", "cyanosis"})


def callers_own(text: str, speaker: str | None) -> bool:
    """Whether the red flags in `text` are the caller's own, set against a patient who is fine (see CALLERS_OWN)."""
    if not (CALLERS_OWN.search(text) and THIRD_PATIENT_FINE.search(text)):
        return False
    return speaker == "caregiver" or bool(NAMES_THE_RECOVERY.search(text)) or bool(CALLER_IS_CARER.search(text))


def _said_of_oneself(span: Any) -> bool:
    """Whether the speaker's own word comes before the red flag in its sentence, with no relative named after it."""
    before = list(span.doc[span.sent.start : span.start])
    own = [t.i for t in before if _speakers_own(t)]
    if not own:
        return False
    after = [t for t in before if t.i > own[-1]]
    return not any(t.lower_ == "my" and t.i + 1 < len(span.doc) and t.nbor(1).lower_ in PERSON_NOUNS for t in after)


def _relatives_said_fine_es(text: str) -> frozenset[str]:
    from calls.triage.caregiver_es import relatives_said_fine_es

    return relatives_said_fine_es(text)


def _is_the_fine_one(cues: tuple[str, ...], fine: frozenset[str]) -> bool:
    """Whether the relatives named (`cues`) may be the patient, when the carer said which one is doing well."""
    from calls.triage.catalogue_es import fold

    return not fine or all(fold(cue).rsplit(" ", 1)[-1] in fine for cue in cues)


def _callers_own_es(text: str, speaker: str | None) -> bool:
    from calls.triage.caregiver_es import callers_own_es

    return callers_own_es(text, speaker)


def _said_of_oneself_es(span: Any) -> bool:
    """As _said_of_oneself, in Spanish: the caller's own word ("yo", "me", "a mí") before the red flag in its sentence,
    and no relative ("mi mamá") nor "ella" / "él" / "le" named after it."""
    before = list(span.doc[span.sent.start : span.start])
    own = [t.i for t in before if t.lower_ in FIRST_PERSON_ES - {"mi", "mis"} | {"mí"}]
    if not own:
        # a cleft closed by the caller: "la que tiene fiebre de 102 soy yo"
        after = [t.lower_ for t in span.doc[span.end : span.sent.end]]
        return any(a == "soy" and b == "yo" for a, b in pairwise(after))
    after = [t for t in before if t.i > own[-1]]
    return not any(_names_a_person_es(t) or t.lower_ in ("ella", "él", "le", "les") for t in after)


def _cleft_names_another_es(span: Any) -> bool:
    """A cleft that names someone not close as the one it happened to, after the red flag in its sentence: "la que anda
    con una tos con sangre es mi tía", "el que se desmayó fue mi tío". Someone else's even where the caller speaks for
    the patient (a close relative named so, "el que se desmayó fue mi papá", may be the patient and is left to the
    other cues)."""
    from calls.triage.catalogue_es import fold

    before = list(span.doc[span.sent.start : span.start])
    opens = _cleft_opens(before)
    # the red flag inside the cleft's clause, nothing of the caller's between ("me desmayé y el que me levantó...")
    if not opens or any(t.lower_ in FIRST_PERSON_ES - {"mi", "mis"} for t in before[opens[-1] :]):
        return False
    after = list(span.doc[span.end : span.sent.end])
    for verb, mine, noun in zip(after, after[1:], after[2:], strict=False):
        if verb.lower_ in _CLEFT_VERBS and mine.lower_ in ("mi", "mis") and noun.lower_ in PERSON_NOUNS_ES:
            return not CLOSE_CUE.match(fold(f"{mine.lower_} {noun.lower_}"))
    return False


def _relatives_beside_own_site(span: Any, text: str, speaker: str | None) -> bool:
    """A relative named before the red flag in its sentence ("my son had a seizure"), nothing of the speaker's own
    between, while the speaker says their own operated part is fine."""
    if speaker == "caregiver" or not OWN_SITE_FINE.search(text):
        return False
    before = list(span.doc[span.sent.start : span.start])
    named = [t.i for t in before if t.lower_ == "my" and t.i + 1 < len(span.doc) and t.nbor(1).lower_ in PERSON_NOUNS]
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
    caregiver = language == "es" and not SPEAKS_FOR_PATIENT.search(text) and _caregiver_es(text)
    suppressing = SUPPRESSING - {"FAMILY"} if speaks_for_patient(text, language) else SUPPRESSING
    # Known to be a caregiver speaking: their close relative is the patient, unless they say otherwise.
    for_patient = speaker == "caregiver" and not NOT_THE_PATIENT.search(fold(text))
    # ... and not one other than the relative they say is doing well ("mi mamá se está recuperando muy bien, pero a mi
    # papá le duele el pecho": the father is someone else)
    fine = _relatives_said_fine_es(text) if for_patient and language == "es" else frozenset()
    # Who cannot be woken, is fitting, has a drooping face or blue lips is not the one on the phone: with the speaker
    # unknown, a close relative named with it is the patient ("my husband won't wake up", "mi esposo tiene la boca
    # chueca"), unless the words say otherwise ("mi papá, el que no operaron", "yo estoy bien") or call it
    # long-standing ("his lips are always a bit blue", "le dan convulsiones").
    unknown_for_patient = (
        speaker is None
        and not LONG_STANDING.search(fold(text))
        and (
            (
                language == "en"
                and not NOT_THE_PATIENT.search(text)
                and not PATIENT_IS_FINE.search(text)
                and not THIRD_PATIENT_FINE.search(text)
            )
            or (language == "es" and not NOT_THE_PATIENT.search(fold(text)) and not _someone_else_es(text))
        )
    )
    fired: dict[str, Finding] = {}
    others: dict[str, Finding] = {}
    caller = language == "en" and callers_own(text, speaker)
    caller_es = language == "es" and _callers_own_es(text, speaker)
    for span, categories, sentence, cues in pipeline(language).run(text, candidates):
        someone_else = (
            language == "en"
            and ((caller and _said_of_oneself(span)) or _relatives_beside_own_site(span, text, speaker))
        ) or (language == "es" and ((caller_es and _said_of_oneself_es(span)) or _cleft_names_another_es(span)))
        key = span.label_
        flag = by_key[key]
        close = all(CLOSE_CUE.match(fold(cue)) for cue in cues)
        if (for_patient and "FAMILY" in categories and close and _is_the_fine_one(cues, fine)) or (
            unknown_for_patient and key in _CANNOT_SPEAK and categories & SUPPRESSING == {"FAMILY"} and close
        ):
            categories = categories - {"FAMILY"}
        if someone_else:
            categories = categories | {"FAMILY"}
        # A caregiver's word stands for the patient on emergent and urgent red flags only (caregiver_es).
        heard = suppressing | {"FAMILY"} if caregiver and flag.tier == "routine" else suppressing
        heard = heard - {"HYPOTHETICAL"} if flag.hypothetical_fires else heard
        # The caller's own red flag set against a patient who is fine is someone else's even when the caller speaks for
        # the patient ("I'm the caregiver. I fainted at work, but Dad, who had the surgery, is doing great").
        heard = heard | {"FAMILY"} if someone_else else heard
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
