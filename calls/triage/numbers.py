"""Temperatures said in English words, written as digits for the fever rules ("thirty eight nine" -> "38.9").

Speech-to-text writes what a patient says on the phone: "a hundred and one point five", "one oh two",
"thirty eight nine", "thirty nine and a half". `spoken_numbers` rewrites only the temperature range
(34-43 and 93-109, with an optional decimal) and pads the digits with spaces to the words' length,
so every offset still points into what the patient said (the Spanish counterpart is
calls.triage.catalogue_es.spoken_numbers). Anything else ("two pills", "ten out of ten", "I'm thirty
eight") keeps its words or is read by the temperature rules only next to fever words, as digits are.
"""

from __future__ import annotations

import re

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_DIGIT = {**_UNITS, "zero": 0, "oh": 0, "o": 0, **{str(n): n for n in range(10)}}
_TENS = {"thirty": 30, "forty": 40, "fourty": 40, "ninety": 90}
_UNIT = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_DEC = r"(?:one|two|three|four|five|six|seven|eight|nine|zero|oh|o|\d)"
_SEP = r"[\s-]+"
# "and a half" / "point five" / a bare third number after tens and units ("thirty eight nine").
_DECIMAL = (
    rf"(?:{_SEP}(?:point|dot){_SEP}(?P<dec>{_DEC})|\s+and\s+a\s+(?P<half>half)"
    rf"|{_SEP}(?P<bare>{_UNIT})\b(?!{_SEP}(?:hours?|days?|times?|pills?|minutes?)))?"
)
_SPOKEN = re.compile(
    rf"\b(?:"
    # "a hundred and one", "one hundred two", "hundred 'n three", "a hundred" (100)
    rf"(?:(?:a|one){_SEP})?hundred(?:{_SEP}(?:and|n|'n|an))?(?:{_SEP}(?P<hunit>{_UNIT}|oh{_SEP}{_UNIT}))?"
    # "one oh one", "one-o-two"
    rf"|one{_SEP}(?:oh|o|zero){_SEP}(?P<ounit>{_UNIT})"
    # "thirty eight", "forty", "ninety nine"
    rf"|(?P<tens>thirty|forty|fourty|ninety)(?:{_SEP}(?P<tunit>{_UNIT}))?"
    rf"){_DECIMAL}\b(?!{_SEP}(?:percent|per cent|times|dollars|bucks|pounds|mg|ml|milligrams?|steps|feet|yards))",
    re.IGNORECASE,
)
# Digits with the decimal said: "101 point 5", "38 point 9", "102 and a half".
_DIGITS_POINT = re.compile(r"\b(\d{2,3})\s+(?:(?:point|dot)\s+(\d)|and\s+a\s+(half))\b", re.IGNORECASE)
# A temperature with its decimal said as "and" or "comma" (a decimal comma): "I measure 38 and 6", "38 comma 6".
_DIGITS_AND = re.compile(
    r"\b(3[4-9]|4[0-3]|9[3-9]|10\d)\s*(?:\s(?:and|comma)|,)\s+(\d)\b"
    r"(?!\s*(?:hours?|days?|weeks?|months?|years?|times?|pills?|tablets?|minutes?|mins?|doses?|%|percent|kids?|of))",
    re.IGNORECASE,
)


def _value(match: re.Match[str]) -> float | None:
    tens = match.group("tens")
    if tens:
        value = _TENS[tens.lower()] + _UNITS.get((match.group("tunit") or "").lower(), 0)
        if match.group("bare") and not match.group("tunit"):
            return None  # "thirty nine" is 39, not 30.9
    elif match.group("ounit"):
        value = 100 + _UNITS[match.group("ounit").lower()]
    else:
        unit = (match.group("hunit") or "").lower().split()
        value = 100 + (_UNITS[unit[-1]] if unit else 0)
    if not (34 <= value <= 43 or 93 <= value <= 109):
        return None
    if match.group("dec"):
        return value + _DIGIT[match.group("dec").lower()] / 10
    if match.group("half"):
        return value + 0.5
    if match.group("bare"):
        return value + _UNITS[match.group("bare").lower()] / 10
    return float(value)


def spoken_numbers(text: str) -> str:
    """`text` with temperatures said in words written as digits, each padded to the same length."""

    def digits(match: re.Match[str]) -> str:
        value = _value(match)
        if value is None:
            return match.group(0)
        written = f"{value:.1f}".removesuffix(".0")
        return written.ljust(len(match.group(0)))

    def point(match: re.Match[str]) -> str:
        return f"{match.group(1)}.{match.group(2) or 5}".ljust(len(match.group(0)))

    return _DIGITS_AND.sub(point, _DIGITS_POINT.sub(point, _SPOKEN.sub(digits, text)))
