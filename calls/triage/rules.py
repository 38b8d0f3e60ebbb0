"""Red-flag triage: fixed rules over what the patient said, and the escalations a nurse works.

Three tiers (calls.models.EscalationTier):
    emergent  the agent tells the patient to hang up and call 911; the nurse sees it at once
    urgent    same-day nurse callback, due ESCALATION_URGENT_MINUTES after it is raised
    routine   next-business-day queue, due by ESCALATION_ROUTINE_DUE_TIME (clinic time)

Three triggers, all server-side so the tier never depends on the language model alone:
the agent's escalate_to_nurse tool, a symptom lookup whose urgency is call_clinic or
emergency, and RED_FLAG_RULES evaluated over every patient turn and recorded response.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from calls.models import (
    TIER_RANK,
    EscalationTier,
)

logger = logging.getLogger("calls.triage")

ALL_ORDER_SETS = "*"

# --- the rules -----------------------------------------------------------------------------------
# Each rule: key, tier, reason (what the nurse reads), patterns (any one matching a clause that is
# not negated fires the rule), order_sets (DischargeOrder.procedure_group values, "*" = every call),
# group (of the rules in one group only the most serious that fired is kept).
# The fever rule is numeric: see _fever_matches.

_SIDE = r"(?:my|the|his|her|their|both|left|right|\s)*"
RED_FLAG_RULES: list[dict[str, Any]] = [
    {
        "key": "chest_pain_breathing",
        "tier": EscalationTier.EMERGENT,
        "reason": "Chest pain or shortness of breath",
        "patterns": [
            r"\bchest\s+(?:pains?|hurts?|hurting|tightness|pressure|is tight)",
            r"\b(?:pain|pressure|tightness)\s+in\s+" + _SIDE + r"chest",
            r"\bshort(?:ness)?\s+of\s+breath",
            r"\b(?:trouble|difficulty|problems?)\s+breathing",
            r"\b(?:can't|cannot|can not|couldn't|unable to)\s+(?:catch\s+(?:my|his|her)\s+)?breath(?:e)?",
            r"\b(?:hard|struggling|struggle)\s+to\s+breathe",
            r"\bout of breath\b",
            r"\bbreathless",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "chest",
    },
    {
        "key": "fever_high",
        "tier": EscalationTier.URGENT,
        "reason": "Fever of 101 F (38.3 C) or more",
        "patterns": [],  # numeric, see _fever_matches
        "order_sets": [ALL_ORDER_SETS],
        "group": "fever",
    },
    {
        "key": "fever_reported",
        "tier": EscalationTier.ROUTINE,
        "reason": "Fever reported, below 101 F (38.3 C) or not measured",
        "patterns": [r"\b(?:a\s+)?fever(?:ish)?\b", r"\b(?:running|have|has|had)\s+a\s+temperature\b"],
        "order_sets": [ALL_ORDER_SETS],
        "group": "fever",
    },
    {
        "key": "bleeding_uncontrolled",
        "tier": EscalationTier.URGENT,
        "reason": "Bleeding that will not stop",
        "patterns": [
            r"\bbleed(?:ing|s)?\b[^.!?;]{0,40}\b(?:won't|wont|will not|doesn't|does not|isn't|is not|hasn't|has not"
            r"|can't|cannot|keeps? (?:on )?not)\s+(?:stop|stopping|stopped)",
            r"\b(?:won't|will not|can't|cannot|couldn't)\s+(?:stop|get (?:it|the bleeding) to stop)\s+(?:the\s+)?bleed",
            r"\b(?:keeps?|kept|still)\s+bleeding",
            r"\bbleeding\s+(?:heavily|a lot|through|everywhere|nonstop|non-stop)",
            r"\b(?:heavy|lots of|a lot of)\s+bleeding",
            r"\bsoak(?:ed|ing|s)?\s+(?:through|the)\b",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "bleeding",
    },
    {
        "key": "wound_worse",
        "tier": EscalationTier.URGENT,
        "reason": "Wound redness, swelling, drainage or smell getting worse",
        "patterns": [
            r"\b(?:red(?:ness)?|swell(?:ing)?|swollen|drain(?:age|ing)|discharge|ooz\w*|smell\w*|odou?r|puffy)\b"
            r"[^.!?;]{0,50}\b(?:worse|spreading|spread|increas\w*|bigger|growing|more and more)\b",
            r"\b(?:worse|increasing|spreading|more)\s+(?:red(?:ness)?|swelling|drainage|discharge|oozing)\b",
            r"\bpus\b",
            r"\b(?:foul|bad|funny|strange|weird)\s+(?:smell|odou?r)",
            r"\bsmells?\s+(?:bad|foul|funny|awful|terrible|rotten)",
            r"\bred\s+(?:streaks?|lines?)\b",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "wound",
    },
    {
        "key": "incision_open",
        "tier": EscalationTier.URGENT,
        "reason": "Incision opening",
        "patterns": [
            r"\b(?:incision|wound|cut|stitch(?:es)?|sutures?|staples?|scar)\b[^.!?;]{0,40}"
            r"\b(?:opened|opening|open(?: up)?|came apart|coming apart|split|separat\w*|gaping|gap|pulled apart"
            r"|popped|came out|fell out)\b",
            r"\b(?:opened|split|came)\s+(?:back\s+)?(?:up|open|apart)\b",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "incision",
    },
    {
        "key": "pain_uncontrolled",
        "tier": EscalationTier.URGENT,
        "reason": "Pain not controlled by the prescribed medicine",
        "patterns": [
            r"\b(?:pain|medicine|medication|meds|pills?|painkillers?|tylenol|acetaminophen|ibuprofen|advil|motrin"
            r"|oxycodone|percocet|norco)\b[^.!?;]{0,50}\b(?:isn't|is not|aren't|are not|doesn't|does not|don't|do not"
            r"|not|no longer|won't|barely)\s+(?:\w+\s+)?"
            r"(?:help\w*|work\w*|controll?\w*|touch\w*|enough|do\w* anything)",
            r"\b(?:uncontrolled|unbearable|excruciating|severe|terrible|worst)\s+pain",
            r"\bpain\s+(?:is|has been|was)\s+(?:unbearable|excruciating|severe|out of control|getting worse)",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "pain",
    },
    {
        "key": "vomiting_persistent",
        "tier": EscalationTier.URGENT,
        "reason": "Vomiting that will not stop",
        "patterns": [
            r"\b(?:vomit\w*|throw(?:ing)?\s+up|threw\s+up|puk\w*)\b[^.!?;]{0,40}\b(?:won't|will not|can't|cannot"
            r"|doesn't|does not|isn't|is not|hasn't|has not)\s+(?:stop|stopping|stopped)",
            r"\b(?:can't|cannot|couldn't|unable to)\s+(?:stop\s+(?:vomiting|throwing up|puking)"
            r"|keep\s+(?:anything|food|water|fluids|liquids|it|the medicine|my pills)\s+down)",
            r"\b(?:keeps?|kept|still|been)\s+(?:vomiting|throwing up|puking)",
            r"\b(?:vomiting|throwing up|puking)\s+(?:all (?:day|night)|nonstop|non-stop|constantly|every)",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "vomiting",
    },
    {
        "key": "unable_to_urinate",
        "tier": EscalationTier.URGENT,
        "reason": "Unable to urinate",
        "patterns": [
            r"\b(?:can't|cannot|can not|couldn't|unable to|not able to|haven't been able to|hasn't been able to)\s+"
            r"(?:pee|urinate|pass urine|empty (?:my|his|her) bladder)",
            r"\b(?:haven't|hasn't|have not|has not)\s+(?:peed|urinated|passed urine)",
            r"\b(?:not|no)\s+(?:peeing|urinating|urine)\b",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "urine",
    },
    {
        "key": "cold_blue_digits",
        "tier": EscalationTier.URGENT,
        "reason": "Cold or blue fingers or toes",
        "patterns": [
            r"\b(?:fingers?|toes?|fingertips?)\b[^.!?;]{0,30}\b(?:cold|blue|bluish|purple|grey|gray|white|pale)\b",
            r"\b(?:cold|blue|bluish|purple|grey|gray|white|pale)\s+(?:and\s+\w+\s+)?(?:fingers?|toes?|fingertips?)",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "circulation",
    },
    {
        "key": "calf_pain_swelling",
        "tier": EscalationTier.URGENT,
        "reason": "Calf pain or swelling",
        "patterns": [
            r"\bcal(?:f|ves)\b[^.!?;]{0,40}\b(?:pain\w*|hurts?|hurting|sore|swollen|swelling|tender|aches?|aching"
            r"|tight|cramp\w*)",
            r"\b(?:pain|swelling|ache|aching|tenderness|soreness|cramp\w*)\s+(?:in|of)\s+" + _SIDE + r"cal(?:f|ves)\b",
            r"\b(?:swollen|sore|painful|tender)\s+cal(?:f|ves)\b",
        ],
        "order_sets": [ALL_ORDER_SETS],
        "group": "calf",
    },
]

# Before a match in the same clause, these words turn it off ("no fever", "I don't have chest pain").
NEGATION = re.compile(
    r"\b(?:no|not|never|none|without|denies|deny|denied|don't|dont|do not|doesn't|does not|didn't|did not"
    r"|haven't|hasn't|isn't|aren't|wasn't|weren't|neither|nor|free of|if|in case|what if|whether)\b",
    re.I,
)
# A clause ends here; a negation before it does not reach a symptom after it.
CLAUSE_BREAK = re.compile(r"[.!?;,]|\b(?:but|and|although|though|however|except|yet|also|plus)\b", re.I)

_NUMBER = re.compile(r"(?<![\d.])(\d{2,3}(?:[.,]\d{1,2})?)\s*(?:°|º|degrees?|deg)?\s*(fahrenheit|celsius|f|c)?\b", re.I)
_FEVER_CONTEXT = re.compile(r"\b(?:temp\w*|fever\w*|thermometer|degrees?|°|running)", re.I)
FEVER_F = 101.0
FEVER_C = 38.3


@dataclass(frozen=True)
class RuleMatch:
    key: str
    tier: str
    reason: str
    words: str  # the clause that fired the rule


def _compiled(rules: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], list[re.Pattern[str]]]]:
    return [(rule, [re.compile(p, re.I) for p in rule["patterns"]]) for rule in rules]


_COMPILED = _compiled(RED_FLAG_RULES)


def _negated(text: str, start: int) -> bool:
    """True when a negation word sits in the same clause before position `start`."""
    before = text[:start]
    breaks = list(CLAUSE_BREAK.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    return bool(NEGATION.search(clause))


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding text[start:end] (a decimal point does not end a sentence)."""
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right = next((m.end() for m in _SENTENCE_END.finditer(text, end)), len(text))
    return text[left:right].strip()


def temperatures(text: str) -> list[tuple[float, str, int]]:
    """Temperatures said in `text` as (value, unit "F"|"C", position); bare numbers only near fever words."""
    found: list[tuple[float, str, int]] = []
    for match in _NUMBER.finditer(text):
        value = float(match.group(1).replace(",", "."))
        unit = (match.group(2) or "").upper()[:1]
        sentence = _sentence_around(text, match.start(), match.end())
        explicit_degree = bool(re.search(r"°|º|degree|deg\b", match.group(0), re.I))
        if not unit and not explicit_degree and not _FEVER_CONTEXT.search(sentence):
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


def _fever_matches(text: str) -> list[RuleMatch]:
    rule = next(r for r in RED_FLAG_RULES if r["key"] == "fever_high")
    for value, unit, position in temperatures(text):
        high = value >= FEVER_F if unit == "F" else value >= FEVER_C
        if high and not _negated(text, position):
            return [RuleMatch(rule["key"], rule["tier"], rule["reason"], _sentence_around(text, position, position))]
    return []


def _applies(rule: dict[str, Any], order_sets: Iterable[str] | None) -> bool:
    wanted = set(rule.get("order_sets") or [ALL_ORDER_SETS])
    if ALL_ORDER_SETS in wanted:
        return True
    return bool(wanted & set(order_sets or ()))


def evaluate_rules(
    text: str, *, order_sets: Iterable[str] | None = None, rules: Sequence[dict[str, Any]] | None = None
) -> list[RuleMatch]:
    """The red-flag rules `text` fires, most serious first; one per rule group."""
    text = (text or "").replace("\u2019", "'")
    order_sets = list(order_sets or [])
    compiled = _COMPILED if rules is None else _compiled(rules)
    matches: list[RuleMatch] = []
    for rule, patterns in compiled:
        if not _applies(rule, order_sets):
            continue
        if rule["key"] == "fever_high":
            matches.extend(_fever_matches(text))
            continue
        for pattern in patterns:
            hit = next((m for m in pattern.finditer(text) if not _negated(text, m.start())), None)
            if hit is not None:
                words = _sentence_around(text, hit.start(), hit.end())
                matches.append(RuleMatch(rule["key"], rule["tier"], rule["reason"], words))
                break
    best: dict[str, RuleMatch] = {}
    groups = {rule["key"]: rule.get("group", rule["key"]) for rule, _ in compiled}
    for match in matches:
        group = groups.get(match.key, match.key)
        if group not in best or TIER_RANK[match.tier] > TIER_RANK[best[group].tier]:
            best[group] = match
    return sorted(best.values(), key=lambda m: -TIER_RANK[m.tier])
