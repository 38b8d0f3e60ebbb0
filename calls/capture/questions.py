"""The questions a call asks, their answer types, abnormal rules and LOINC codes, and answer parsing.

A call template lists its questions under `call_template["questions"]`: each entry is the id of
a question in QUESTION_LIBRARY (so adding a question to an order is one line) or a full
declaration of its own. `resolve_questions` turns the list into plain dicts (the questionnaire's
items); `parse_answer` turns what the agent sent into a typed value or refuses it with a message
the agent reads back to the patient.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

ANSWER_TYPES = {
    "boolean": "yes / no",
    "scale": "a whole number on a scale (e.g. 0-10)",
    "quantity": "a number with a unit",
    "date": "a date",
    "choice": "one of several choices",
    "text": "free text",
}
RULE_OPS = ("eq", "ne", "gte", "gt", "lte", "lt", "in")
LOINC = "http://loinc.org"

# Units in UCUM. Each family converts every accepted unit to the family's first (canonical) unit.
UNIT_FAMILIES: dict[str, dict[str, tuple[tuple[str, ...], Any]]] = {
    "Cel": {
        "Cel": (("°c", "celsius", "centigrade", "centígrados", "centigrados", "degrees c", "c"), lambda v: v),
        "[degF]": (("°f", "fahrenheit", "degrees f", "f"), lambda v: (v - Decimal(32)) * Decimal(5) / Decimal(9)),
    },
    "kg": {
        "kg": (("kg", "kilograms", "kilos", "kilo"), lambda v: v),
        "[lb_av]": (("lb", "lbs", "pounds", "pound"), lambda v: v * Decimal("0.45359237")),
    },
}
UNIT_DISPLAY = {"Cel": "°C", "[degF]": "°F", "kg": "kg", "[lb_av]": "lb"}

QUESTION_LIBRARY: dict[str, dict[str, Any]] = {
    "bandage_removed": {
        "label": "Bandage removed",
        "text": "Have you taken off the compression bandage as you were instructed?",
        "type": "boolean",
    },
    "pain_score": {
        "label": "Pain (0-10)",
        "text": "On a scale from 0 to 10, where 0 is no pain and 10 is the worst pain you can imagine, "
        "how much pain do you have right now?",
        "type": "scale",
        "min": 0,
        "max": 10,
        "loinc": {"code": "72514-3", "display": "Pain severity - 0-10 verbal numeric rating [Score] - Reported"},
        "abnormal": {"op": "gte", "value": 7, "label": "Pain 7 or more out of 10"},
    },
    "temperature": {
        "label": "Temperature",
        "text": "If you have taken your temperature today, what was it?",
        "type": "quantity",
        "unit": "Cel",
        "units": ["[degF]", "Cel"],
        "min": 34,
        "max": 43,
        "required": False,
        "loinc": {"code": "8310-5", "display": "Body temperature"},
        "abnormal": {"op": "gte", "value": 38.3, "label": "Temperature 101 °F (38.3 °C) or higher"},
    },
    "medicines_as_prescribed": {
        "label": "Medicines taken as prescribed",
        "text": "Have you been taking your medicines as prescribed?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": False, "label": "Not taking the medicines as prescribed"},
    },
    "eating_and_drinking": {
        "label": "Eating and drinking",
        "text": "Have you been able to eat and drink without being sick?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": False, "label": "Not keeping food or drink down"},
    },
    "side_effects": {
        "label": "Side effects",
        "text": "Have you had any side effects from your medicines?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": True, "label": "Side effects from the medicines"},
    },
    "pain_controlled": {
        "label": "Pain controlled by medicine",
        "text": "Is the pain medicine keeping your pain under control?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": False, "label": "Pain not controlled by the medicine"},
    },
    "followup_appointment_known": {
        "label": "Knows follow-up appointment",
        "text": "Do you know the date and time of your follow-up appointment?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": False, "label": "Does not know the follow-up appointment"},
    },
    "followup_appointment_date": {
        "label": "Follow-up appointment date",
        "text": "What date is your follow-up appointment?",
        "type": "date",
        "required": False,
    },
    "transport_arranged": {
        "label": "Transport to follow-up",
        "text": "Do you have a way to get to your follow-up appointment?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": False, "label": "No transport to the follow-up appointment"},
    },
    "red_flag_understanding": {
        "label": "When they would call us",
        "text": "Can you tell me when you would call us?",
        "type": "text",
    },
    "wound_appearance": {
        "label": "Wound appearance",
        "text": "How does the wound look: clean and dry, red or swollen, draining, or bleeding?",
        "type": "choice",
        "choices": [
            {"code": "clean_dry", "display": "Clean and dry"},
            {"code": "red_swollen", "display": "Red or swollen"},
            {"code": "draining", "display": "Draining"},
            {"code": "bleeding", "display": "Bleeding"},
        ],
        "abnormal": {
            "op": "in",
            "value": ["red_swollen", "draining", "bleeding"],
            "label": "The wound is red, swollen, draining or bleeding",
        },
    },
    "activity_restrictions_followed": {
        "label": "Keeping activity restrictions",
        "text": "Have you been able to avoid sports, gym class and heavy lifting?",
        "type": "boolean",
        "abnormal": {"op": "eq", "value": False, "label": "Not keeping to the activity restrictions"},
    },
    "ready_for_school": {
        "label": "Ready for school or daycare",
        "text": "Is your child ready to go back to school or daycare?",
        "type": "boolean",
    },
}

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


class AnswerError(ValueError):
    """The value does not fit the question; the message is what the agent tells the patient.

    The message is English (the nurse's record); `es` is the same reason in reviewed Spanish, which a
    Spanish call's agent is given instead (the model may read it out: never English to the patient).
    """

    def __init__(self, message: str, *, es: str = "") -> None:
        super().__init__(message)
        self.es = es

    def said_in(self, language: str) -> str:
        """The reason in the call's language (English when there are no Spanish words for it)."""
        return self.es if language == "es" and self.es else str(self)


def _problems_for(item: Any, where: str) -> list[str]:
    if not isinstance(item, dict):
        return [f"{where}: give a question id from the library or an object with id, text and type."]
    problems = []
    qid = item.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        problems.append(f"{where}: 'id' must be lower-case letters, digits and underscores; got {qid!r}.")
    if not str(item.get("text", "")).strip():
        problems.append(f"{where}: 'text' (the words the patient hears) is required.")
    kind = item.get("type")
    if kind not in ANSWER_TYPES:
        problems.append(f"{where}: 'type' {kind!r} is not one of {', '.join(ANSWER_TYPES)}.")
        return problems
    if kind in ("scale", "quantity"):
        low, high = item.get("min"), item.get("max")
        if not isinstance(low, int | float) or not isinstance(high, int | float) or low >= high:
            problems.append(f"{where}: a {kind} question needs numbers 'min' < 'max'.")
    if kind == "quantity":
        unit = item.get("unit")
        if unit not in UNIT_FAMILIES:
            problems.append(f"{where}: 'unit' {unit!r} is not one of {', '.join(UNIT_FAMILIES)}.")
        else:
            bad = [u for u in item.get("units") or [unit] if u not in UNIT_FAMILIES[unit]]
            if bad:
                problems.append(f"{where}: 'units' {bad} cannot be converted to {unit}.")
    if kind == "choice":
        choices = item.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            problems.append(f"{where}: a choice question needs at least two 'choices' with code and display.")
        elif not all(isinstance(c, dict) and c.get("code") and c.get("display") for c in choices):
            problems.append(f"{where}: every choice needs a 'code' and a 'display'.")
    loinc = item.get("loinc")
    if loinc is not None and not (isinstance(loinc, dict) and re.match(r"^\d{1,7}-\d$", str(loinc.get("code", "")))):
        problems.append(f"{where}: 'loinc' must be {{code: '72514-3', display: ...}}.")
    rule = item.get("abnormal")
    if rule is not None:
        if not isinstance(rule, dict) or rule.get("op") not in RULE_OPS or "value" not in rule:
            problems.append(f"{where}: 'abnormal' must be {{op: one of {', '.join(RULE_OPS)}, value, label}}.")
        elif kind == "choice" and isinstance(item.get("choices"), list):
            codes = {c.get("code") for c in item["choices"] if isinstance(c, dict)}
            values = rule["value"] if isinstance(rule["value"], list) else [rule["value"]]
            if not set(values) <= codes:
                problems.append(f"{where}: the abnormal rule names choices that are not declared: {values}.")
    return problems


def resolve_questions(declared: Any) -> list[dict[str, Any]]:
    """The template's question list as full declarations. Raises ValueError listing every problem."""
    if declared in (None, ""):
        return []
    if not isinstance(declared, list):
        raise ValueError("'questions' must be a list of question ids or question objects.")
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    for index, entry in enumerate(declared, start=1):
        where = f"question {index}"
        if isinstance(entry, str):
            if entry not in QUESTION_LIBRARY:
                problems.append(f"{where}: {entry!r} is not in the question library ({', '.join(QUESTION_LIBRARY)}).")
                continue
            item = {"id": entry, **QUESTION_LIBRARY[entry]}
        elif isinstance(entry, dict) and set(entry) <= {"id", "required"} and entry.get("id") in QUESTION_LIBRARY:
            item = {**QUESTION_LIBRARY[entry["id"]], **entry}  # a library question, only "required" changed
        else:
            item = dict(entry) if isinstance(entry, dict) else entry
        problems.extend(_problems_for(item, where))
        if isinstance(item, dict):
            item.setdefault("required", True)
            items.append(item)
    ids = [i.get("id") for i in items]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        problems.append(f"Each question may appear once; repeated: {', '.join(map(str, duplicates))}.")
    if problems:
        raise ValueError(" ".join(problems))
    return items


# --- parsing what the patient said ---------------------------------------------------------------

YES = re.compile(
    r"\b(yes|yeah|yep|yup|sure|correct|right|absolutely|definitely|of course|i did|i have|i am|i do|we did|"
    r"we have|we do|si|sí|claro|así es|correcto|por supuesto|desde luego|ya lo hice|lo hice|lo hicimos)\b",
    re.I,
)
NO = re.compile(
    r"\b(no|nope|nah|not|never|none|haven't|hasn't|didn't|don't|doesn't|isn't|aren't|can't|won't|nunca|ninguno|"
    r"ninguna|tampoco|todavía no|aún no)\b",
    re.I,
)
UNSURE = re.compile(
    r"\b(not sure|don't know|do not know|dunno|unsure|maybe|i guess|no idea|can't remember|"
    r"no (?:sé|se|estoy segur[oa])|tal vez|quizás?|a lo mejor|no me acuerdo|ni idea)\b",
    re.I,
)
NUMBER = re.compile(r"-?\d+(?:[.,]\d+)?")
NOTHING = re.compile(
    r"\b(?:none|nothing|no \w+ at all|not at all|no pain|nada|ningún dolor|no me duele|no tengo dolor)\b", re.I
)
OUT_OF = re.compile(r"\b(?:out of|over)\s+(?:10|ten)\b|/\s*10\b", re.I)


@dataclass(frozen=True)
class TypedValue:
    """A parsed answer: exactly one of the value fields is set."""

    boolean: bool | None = None
    integer: int | None = None
    decimal: Decimal | None = None
    unit: str = ""
    day: date | None = None
    text: str = ""

    @property
    def comparable(self) -> Any:
        for value in (self.boolean, self.integer, self.day):
            if value is not None:
                return value
        return self.text


SMALL_NUMBERS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
SMALL_NUMBERS_ES = {
    "cero": 0, "uno": 1, "una": 1, "dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7,
    "ocho": 8, "nueve": 9, "diez": 10, "once": 11, "doce": 12,
}  # fmt: skip
HALF = re.compile(r"\band a half\b|½|\by medio\b", re.I)
# "Como un ocho": the article "un"/"una" before a number word is not the number one.
SPANISH_ARTICLE = re.compile(r"\b(?:un|una)\s+(?=(?:cero|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b)", re.I)
OUT_OF_ES = re.compile(r"\b(?:de|sobre)\s+(?:10|diez)\b", re.I)


def _numbers(text: str, language: str = "en") -> list[Decimal]:
    from text_to_num import alpha2digit

    if language == "es":
        text = SPANISH_ARTICLE.sub("", OUT_OF_ES.sub(" ", text))
        converted = alpha2digit(re.sub(r"\bcero\b", "0", text, flags=re.I), "es")
        small = SMALL_NUMBERS_ES
    else:
        text = OUT_OF.sub(" ", text)
        converted = alpha2digit(re.sub(r"\b(zero|nought)\b", "0", text, flags=re.I), "en")
        small = SMALL_NUMBERS
    numbers = [Decimal(n.replace(",", ".")) for n in NUMBER.findall(converted)]
    if not numbers:
        # alpha2digit leaves a lone "one" (it may be a pronoun); an answer to a number question means the number.
        numbers = [Decimal(small[w.lower()]) for w in re.findall(r"\w+", text) if w.lower() in small]
    if len(numbers) == 1 and HALF.search(text):
        numbers = [numbers[0] + Decimal("0.5")]
    return numbers


def _one_number(text: str, what: str, language: str = "en", what_es: str = "") -> Decimal:
    numbers = _numbers(text, language)
    if not numbers:
        raise AnswerError(
            f"I need {what}, and that answer is not a number.",
            es=f"Necesito {what_es}, y esa respuesta no es un número.",
        )
    if len(set(numbers)) > 1:
        raise AnswerError(f"I need one number for {what}, not several.", es=f"Necesito un solo número para {what_es}.")
    return numbers[0]


YES_OR_NO_ES = "Necesito un sí o un no para esta pregunta."


def _parse_boolean(text: str) -> TypedValue:
    if UNSURE.search(text):
        raise AnswerError("I need a yes or a no for this question.", es=YES_OR_NO_ES)
    yes, no = YES.search(text), NO.search(text)
    if yes and (not no or yes.start() < no.start()):
        return TypedValue(boolean=True)
    if no:
        return TypedValue(boolean=False)
    raise AnswerError("I need a yes or a no for this question.", es=YES_OR_NO_ES)


def _parse_scale(text: str, item: dict[str, Any], language: str = "en") -> TypedValue:
    low, high = int(item["min"]), int(item["max"])
    what = f"a whole number from {low} to {high}"
    what_es = f"un número entero del {low} al {high}"
    if low == 0 and not _numbers(text, language) and NOTHING.search(text):
        return TypedValue(integer=0)  # "no pain at all" on a 0-10 scale is a 0
    number = _one_number(text, what, language, what_es)
    if number != number.to_integral_value():
        raise AnswerError(
            f"The answer must be {what}; {number} is not a whole number.",
            es=f"La respuesta debe ser {what_es}; {str(number).replace('.', ',')} no es un número entero.",
        )
    if not low <= number <= high:
        raise AnswerError(
            f"The answer must be {what}; {int(number)} is outside that range.",
            es=f"La respuesta debe ser {what_es}; {int(number)} está fuera de ese rango.",
        )
    return TypedValue(integer=int(number))


def _unit_in(text: str, family: dict[str, tuple[tuple[str, ...], Any]], accepted: list[str]) -> str | None:
    lowered = f" {text.lower()} "
    for unit in accepted:
        for alias in family[unit][0]:
            if re.search(rf"(?<![a-z]){re.escape(alias)}(?![a-z])", lowered):
                return unit
    return None


def _parse_quantity(text: str, item: dict[str, Any], language: str = "en") -> TypedValue:
    family = UNIT_FAMILIES[item["unit"]]
    accepted = list(item.get("units") or [item["unit"]])
    low, high = Decimal(str(item["min"])), Decimal(str(item["max"]))
    number = _one_number(re.sub(r"°\s*[cf]\b", " ", text, flags=re.I), "the reading", language, "la lectura")
    unit = _unit_in(text, family, accepted)
    candidates = [unit] if unit else accepted
    # Without a unit, the one accepted unit in which the number is plausible (101.5 is °F, 38.6 is °C).
    fitting = [u for u in candidates if low <= family[u][1](number) <= high]
    if not fitting:
        shown = " or ".join(UNIT_DISPLAY.get(u, u) for u in candidates)
        unit_shown = UNIT_DISPLAY.get(item["unit"], item["unit"])
        raise AnswerError(
            f"{number} {shown} is not a plausible reading; please ask the patient to read it again "
            f"(between {low} and {high} {unit_shown}).",
            es=f"{number} {' o '.join(UNIT_DISPLAY.get(u, u) for u in candidates)} no parece una lectura posible; "
            f"¿la puede leer otra vez? Debe estar entre {low} y {high} {unit_shown}.",
        )
    if len(fitting) > 1:
        raise AnswerError(
            f"Please say the unit too: {' or '.join(UNIT_DISPLAY.get(u, u) for u in fitting)}.",
            es=f"Por favor, diga también la unidad: {' o '.join(UNIT_DISPLAY.get(u, u) for u in fitting)}.",
        )
    return TypedValue(decimal=number.quantize(Decimal("0.1")), unit=fitting[0])


def canonical_quantity(value: Decimal, unit: str, item: dict[str, Any]) -> Decimal:
    return Decimal(family_convert(value, unit, item["unit"])).quantize(Decimal("0.01"))


def family_convert(value: Decimal, unit: str, canonical: str) -> Decimal:
    return UNIT_FAMILIES[canonical][unit][1](value)


def _parse_date(text: str, now: datetime) -> TypedValue:
    import dateparser
    from dateparser.search import search_dates

    options = {"PREFER_DATES_FROM": "future", "RELATIVE_BASE": now.replace(tzinfo=None), "DATE_ORDER": "MDY"}
    parsed = dateparser.parse(text, languages=["en", "es"], settings=options)
    if parsed is None:
        found = search_dates(text, languages=["en", "es"], settings=options) or []
        days = {d.date() for _, d in found}
        if len(days) > 1:
            raise AnswerError("I heard more than one date; which one is it?", es="Escuché más de una fecha; ¿cuál es?")
        parsed = found[0][1] if found else None
    if parsed is None:
        raise AnswerError(
            "I need a date, for example 'June 23' or 'next Tuesday'.",
            es="Necesito una fecha, por ejemplo «23 de junio» o «el próximo martes».",
        )
    return TypedValue(day=parsed.date())


CHOICE_FILLER = {"a", "an", "the", "and", "or", "is", "it", "of", "to", "y", "o", "con", "la", "el", "de", "está"}


def _choice_says(choice: dict[str, Any], said: str) -> bool:
    """'Red or swollen' is said by 'a bit red'; 'Clean and dry' needs both words ('clean, dry')."""
    display = choice["display"].casefold()
    words = [w for w in re.findall(r"[^\W\d_]+", display) if w not in CHOICE_FILLER]
    heard = set(re.findall(r"[^\W\d_]+", said))
    if " or " in display or " o " in display:
        return any(w in heard for w in words)
    return bool(words) and all(w in heard for w in words)


def _parse_choice(text: str, item: dict[str, Any]) -> TypedValue:
    said = re.sub(r"\s+", " ", text.casefold().replace("_", " ")).strip()
    exact = [c for c in item["choices"] if said in (c["code"].casefold(), c["display"].casefold())]
    matches = exact or [c for c in item["choices"] if _choice_says(c, said)]
    if len(matches) != 1:
        options = ", ".join(c["display"] for c in item["choices"])
        lead = "That matches more than one answer." if matches else "That is not one of the answers."
        lead_es = "Eso coincide con más de una respuesta." if matches else "Esa no es una de las respuestas."
        # On a Spanish call `item` is the localized question: its displays are the Spanish choice names.
        raise AnswerError(f"{lead} Please choose one of: {options}.", es=f"{lead_es} Por favor, elija una: {options}.")
    return TypedValue(text=matches[0]["code"])


def parse_answer(item: dict[str, Any], value: str, *, now: datetime, language: str = "en") -> TypedValue:
    """The typed value of `value` for the question `item`; AnswerError says why not.

    `language` is the call's: a Spanish call's answers are read with Spanish number words ("ocho"),
    "sí"/"no" and the Spanish choice names, as well as the English ones (patients mix them).
    """
    text = (value or "").strip()
    if not text:
        raise AnswerError(
            "The answer is empty; ask the question again.", es="La respuesta está vacía; haga la pregunta otra vez."
        )
    kind = item["type"]
    if kind == "boolean":
        return _parse_boolean(text)
    if kind == "scale":
        return _parse_scale(text, item, language)
    if kind == "quantity":
        return _parse_quantity(text, item, language)
    if kind == "date":
        return _parse_date(text, now)
    if kind == "choice":
        if language != "en":
            from calls.capture.questions_es import localize

            try:
                return _parse_choice(text, localize(item, language))
            except AnswerError as spanish:
                try:
                    return _parse_choice(text, item)  # the English choice names, said in a Spanish call
                except AnswerError as english:
                    # Neither: the reason for the nurse in English, for the patient with the Spanish names.
                    raise AnswerError(str(english), es=spanish.es) from None
        return _parse_choice(text, item)
    if len(text) > 2000:
        raise AnswerError(
            "The answer is too long; summarise it in a few sentences.",
            es="La respuesta es demasiado larga; resúmala en pocas frases.",
        )
    return TypedValue(text=text)


def abnormal_reason(item: dict[str, Any], value: TypedValue) -> str:
    """The rule's label when the value is abnormal, else ''."""
    rule = item.get("abnormal")
    if not rule:
        return ""
    if item["type"] == "quantity" and value.decimal is not None:
        actual: Any = canonical_quantity(value.decimal, value.unit, item)
        expected: Any = Decimal(str(rule["value"])) if rule["op"] != "in" else rule["value"]
    else:
        actual, expected = value.comparable, rule["value"]
    try:
        hit = {
            "eq": lambda: actual == expected,
            "ne": lambda: actual != expected,
            "gte": lambda: actual >= expected,
            "gt": lambda: actual > expected,
            "lte": lambda: actual <= expected,
            "lt": lambda: actual < expected,
            "in": lambda: actual in expected,
        }[rule["op"]]()
    except (TypeError, InvalidOperation):
        return ""
    return str(rule.get("label") or "Outside the expected answer") if hit else ""


def display_value(item: dict[str, Any], value: TypedValue) -> str:
    kind = item["type"]
    if kind == "boolean":
        return "Yes" if value.boolean else "No"
    if kind == "scale":
        return f"{value.integer} / {item['max']}"
    if kind == "quantity":
        return f"{value.decimal} {UNIT_DISPLAY.get(value.unit, value.unit)}"
    if kind == "date":
        return value.day.isoformat() if value.day else ""
    if kind == "choice":
        return next((c["display"] for c in item["choices"] if c["code"] == value.text), value.text)
    return value.text
