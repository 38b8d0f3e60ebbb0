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
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.models import (
    TIER_RANK,
    CallRecord,
    CallScheduleItem,
    Escalation,
    EscalationSource,
    EscalationStatus,
    EscalationTier,
)
from calls.timing import next_business_day

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


# --- escalations ---------------------------------------------------------------------------------


class EscalationActionError(ValidationError):
    """A nurse's action the escalation's state does not allow; the message says what to do."""


def escalation_due_by(*, tier: str, now: datetime) -> datetime:
    if tier == EscalationTier.EMERGENT:
        return now
    if tier == EscalationTier.URGENT:
        return now + timedelta(minutes=settings.ESCALATION_URGENT_MINUTES)
    zone = ZoneInfo(settings.CLINIC_TIME_ZONE)
    today = now.astimezone(zone).date()
    day = next_business_day(today)
    due = datetime.combine(day, settings.ESCALATION_ROUTINE_DUE_TIME, tzinfo=zone)
    return due.astimezone(ZoneInfo("UTC"))


ATTENTION_TEXT = {
    EscalationTier.EMERGENT: "EMERGENT: {reason}. The patient was told to call 911; call them now.",
    EscalationTier.URGENT: "Urgent: {reason}. Call the patient back today.",
    EscalationTier.ROUTINE: "Routine: {reason}. Call the patient back on the next business day.",
}


def order_sets_for(call: CallScheduleItem) -> list[str]:
    return [call.order.procedure_group] if call.order_id is not None else []


def escalation_raise(
    *,
    record: CallRecord,
    tier: str,
    reason: str,
    source: str,
    rule_key: str = "",
    patient_words: str = "",
    now: datetime | None = None,
) -> tuple[Escalation, bool]:
    """Raise (once) a concern for a nurse. Returns (escalation, created).

    Idempotent per (record, source, rule_key): a retried trigger returns the same row. A trigger
    that reports what an open escalation of the same or a more serious tier on this attempt already
    covers is added to that escalation's triggers instead of opening a second one.
    """
    if tier not in EscalationTier.values:
        raise ValidationError({"severity": "Use emergent, urgent or routine."})
    if source not in EscalationSource.values:
        raise ValidationError({"source": "Unknown escalation source."})
    now = now or timezone.now()
    rule_key = (rule_key or tier)[:64]
    trigger = f"{source}:{rule_key}"
    call = record.call
    with transaction.atomic():
        # One writer per attempt at a time: two triggers racing must not both open a row.
        CallRecord.objects.select_for_update().filter(pk=record.pk).first()
        existing = Escalation.objects.filter(record=record, source=source, rule_key=rule_key).first()
        if existing is not None:
            return existing, False
        covering = [
            e
            for e in Escalation.objects.filter(record=record).exclude(status=EscalationStatus.RESOLVED)
            if TIER_RANK[e.tier] >= TIER_RANK[tier]
        ]
        for escalation in covering:
            if trigger in escalation.triggers:
                return escalation, False
        if covering:
            target = max(covering, key=lambda e: TIER_RANK[e.tier])
            target.triggers = [*target.triggers, trigger]
            if patient_words and patient_words not in target.patient_words:
                target.patient_words = (target.patient_words + "\n" + patient_words).strip()[:4000]
            target.save(update_fields=["triggers", "patient_words"])
            return target, False
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(
                    call=call,
                    record=record,
                    patient_id=call.patient_id,
                    tier=tier,
                    reason=(reason or "Concern raised on the call").strip()[:300],
                    patient_words=(patient_words or "").strip()[:4000],
                    source=source,
                    rule_key=rule_key,
                    triggers=[trigger],
                    due_by=escalation_due_by(tier=tier, now=now),
                )
        except IntegrityError:
            return Escalation.objects.get(record=record, source=source, rule_key=rule_key), False
        CallScheduleItem.objects.filter(pk=call.pk).update(
            needs_attention=True, status_reason=ATTENTION_TEXT[tier].format(reason=escalation.reason)[:300]
        )
    log = logger.warning if tier == EscalationTier.EMERGENT else logger.info
    log("escalation raised %s call=%s tier=%s source=%s rule=%s", escalation.ref, call.ref, tier, source, rule_key)
    return escalation, True


def triage_text(*, record: CallRecord, text: str, now: datetime | None = None) -> list[Escalation]:
    """Run the red-flag rules over what the patient said on this attempt; raise what they find."""
    call = record.call
    raised: list[Escalation] = []
    for match in evaluate_rules(text, order_sets=order_sets_for(call)):
        escalation, created = escalation_raise(
            record=record,
            tier=match.tier,
            reason=match.reason,
            source=EscalationSource.RULE,
            rule_key=match.key,
            patient_words=match.words,
            now=now,
        )
        if created:
            raised.append(escalation)
    return raised


LOOKUP_TIERS = {"emergency": EscalationTier.EMERGENT, "call_clinic": EscalationTier.URGENT}


def triage_symptom_lookup(*, record: CallRecord, symptom: str, urgency: str | None) -> Escalation | None:
    """A symptom lookup whose care-guide urgency is call_clinic or emergency escalates on its own."""
    tier = LOOKUP_TIERS.get(urgency or "")
    if tier is None:
        return None
    reason = (
        "The care guide says this symptom is an emergency"
        if tier == EscalationTier.EMERGENT
        else "The care guide says to call the clinic about this symptom"
    )
    escalation, _ = escalation_raise(
        record=record, tier=tier, reason=reason, source=EscalationSource.SYMPTOM_LOOKUP, patient_words=symptom
    )
    return escalation


def _who(user: Any) -> str:
    return user.get_full_name() or user.get_username()


def escalation_acknowledge(*, escalation: Escalation, by: Any, now: datetime | None = None) -> Escalation:
    """A nurse takes the escalation: who and when are kept (the time to acknowledge)."""
    now = now or timezone.now()
    with transaction.atomic():
        current = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if current.status != EscalationStatus.OPEN:
            who = _who(current.acknowledged_by) if current.acknowledged_by else "someone"
            raise EscalationActionError(
                f"This escalation was already {current.get_status_display().lower()} by {who}.", code="not_open"
            )
        current.status = EscalationStatus.ACKNOWLEDGED
        current.acknowledged_by = by
        current.acknowledged_at = now
        current.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
    logger.info("escalation acknowledged %s call=call-%s", current.ref, current.call_id)
    return current


def escalation_resolve(*, escalation: Escalation, by: Any, note: str, now: datetime | None = None) -> Escalation:
    """Close the escalation with what the nurse did. Resolving an open one also acknowledges it."""
    note = (note or "").strip()
    if not note:
        raise EscalationActionError("Write what you did (for example who you spoke with and the advice).")
    now = now or timezone.now()
    with transaction.atomic():
        current = Escalation.objects.select_for_update().get(pk=escalation.pk)
        if current.status == EscalationStatus.RESOLVED:
            raise EscalationActionError("This escalation is already resolved.", code="resolved")
        fields = ["status", "resolved_by", "resolved_at", "resolution_note"]
        if current.acknowledged_at is None:
            current.acknowledged_by, current.acknowledged_at = by, now
            fields += ["acknowledged_by", "acknowledged_at"]
        current.status = EscalationStatus.RESOLVED
        current.resolved_by, current.resolved_at, current.resolution_note = by, now, note[:4000]
        current.save(update_fields=fields)
        still_open = Escalation.objects.filter(call_id=current.call_id).exclude(status=EscalationStatus.RESOLVED)
        if not still_open.exists():
            CallScheduleItem.objects.filter(pk=current.call_id, status_reason__in=_attention_texts(current)).update(
                needs_attention=False
            )
    logger.info("escalation resolved %s call=call-%s", current.ref, current.call_id)
    return current


def _attention_texts(escalation: Escalation) -> list[str]:
    return [text.format(reason=escalation.reason)[:300] for text in ATTENTION_TEXT.values()]
