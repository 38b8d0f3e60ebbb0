"""Safety-first answers: the red-flag triage runs on the patient's words before the care guide speaks.

A symptom lookup, or a patient turn the agent reports, that fires a red flag raises the concept's
escalation and opens the answer with that tier's instruction (911 first for emergent). Retrieved
guidance follows only when it does not contradict the instruction: the guide's own urgency must be
at least the red flag's, and no reassuring sentence ("a little oozing is normal") is kept. A
question that fires no red flag gets the guidance as it is, and raises nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from calls.triage.catalogue import TIER_RANK
from calls.triage.rules import RuleMatch, evaluate_rules

URGENCY_FOR_TIER = {"emergent": "emergency", "urgent": "call_clinic", "routine": "routine"}
GUIDE_RANK = {"routine": 1, "call_clinic": 2, "emergency": 3}
# Words that reassure: after a red flag, a guide sentence holding one would contradict the instruction.
REASSURING = re.compile(
    r"\b(?:normal|expected|common|usual|usually|typical|nothing to worry|no need to|not a concern|harmless|"
    r"mild|a little|a bit|slight|will (?:go away|fade|settle|improve|heal)|goes away|fades|settles|is fine|okay|ok)\b",
    re.I,
)
# The same in the Spanish care guide's words ("es normal", "un poco", "se quita solo").
REASSURING_ES = re.compile(
    r"\b(?:normal|normales|esperad[oa]s?|com[uú]n|comunes|habitual|t[ií]pic[oa]|no se preocupe|no hay que|"
    r"leve|leves|un poco|poquit[oa]|un poquito|se quita|se quitan|desaparece|se aclara|se aclaran|"
    r"va mejorando|van mejorando|poco a poco|est[aá] bien|est[aá]n bien)\b",
    re.I,
)
REASSURING_BY_LANGUAGE = {"en": REASSURING, "es": REASSURING_ES}
# Said before the guide's words that follow a red flag's instruction.
GUIDE_ALSO_SAYS = {"en": "Our care guide also says:", "es": "Nuestra guía de cuidados también dice:"}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def spoken_callback() -> str:
    """The callback number of the call's clinic (the agent API scopes each request to it)."""
    from agent_worker.speech.prompts import spell_phone  # not agent_worker.agents: that imports livekit-agents
    from postop.clinics import current_clinic

    clinic = current_clinic()
    return spell_phone(clinic.callback if clinic is not None else settings.CLINIC_CALLBACK_NUMBER)


def instruction(match: RuleMatch) -> str:
    """The patient-facing instruction of a red flag, with the clinic's number to call."""
    return match.instruction_for(spoken_callback())


def flag_summary(matches: Iterable[RuleMatch]) -> list[dict[str, Any]]:
    return [{"key": m.key, "tier": m.tier, "title": m.title} for m in matches]


def _compatible_guidance(text: str, tier: str, guide_urgency: str | None, language: str = "en") -> str:
    if GUIDE_RANK.get(guide_urgency or "routine", 1) < GUIDE_RANK[URGENCY_FOR_TIER[tier]]:
        return ""
    reassuring = REASSURING_BY_LANGUAGE.get(language, REASSURING)
    kept = [s for s in _SENTENCE.split(text.strip()) if s and not reassuring.search(s)]
    return " ".join(kept)


@dataclass(frozen=True)
class SafeAnswer:
    matches: list[RuleMatch]
    answer: str
    urgency: str | None
    guidance_kept: bool

    @property
    def tier(self) -> str | None:
        return self.matches[0].tier if self.matches else None


def safe_symptom_answer(
    *,
    words: str,
    found: bool,
    answer: str,
    urgency: str | None,
    order_sets: Iterable[str] | None = None,
    language: str = "en",
    speaker: str | None = None,
) -> SafeAnswer:
    """Compose what the agent says about a symptom: the red flag's instruction first, then compatible guidance."""
    matches = evaluate_rules(words, order_sets=order_sets, language=language, speaker=speaker)
    if not matches:
        # No red flag: the guide's words as they are; its urgency tag alone never alarms anyone.
        return SafeAnswer([], answer, "routine" if found else None, found)
    top = matches[0]
    opening = instruction(top)
    others = [instruction(m) for m in matches[1:] if TIER_RANK[m.tier] == TIER_RANK[top.tier] and m.key != top.key]
    guidance = _compatible_guidance(answer, top.tier, urgency, language) if found else ""
    parts = [opening, *others[:1]]
    if guidance:
        parts.append(f"{GUIDE_ALSO_SAYS.get(language, GUIDE_ALSO_SAYS['en'])} {guidance}")
    return SafeAnswer(matches, " ".join(parts), URGENCY_FOR_TIER[top.tier], bool(guidance))


def escalation_summary(escalation: Any, language: str = "en") -> dict[str, Any]:
    """What the agent may tell the patient about an escalation: its tier and when a nurse calls back.

    In a Spanish call `say` is the reviewed Spanish sentence the agent says to the patient.
    """
    from calls.agent_api.services import speakable_local_time

    zone = escalation.patient.zone
    if language == "es":
        due = speakable_local_time(escalation.due_by, zone, "es")
        say = {
            "emergent": "Por favor, cuelgue y llame al 911 ahora. Ya avisamos a la enfermera.",
            "urgent": f"Una enfermera le devolverá la llamada hoy, antes del {due}.",
        }.get(escalation.tier, f"Una enfermera le devolverá la llamada antes del {due}.")
    elif escalation.tier == "emergent":
        say = "Tell the patient to hang up and call 911 now; the nurse has been alerted."
    elif escalation.tier == "urgent":
        say = f"A nurse will call the patient back today, by {speakable_local_time(escalation.due_by, zone)}."
    else:
        say = f"A nurse will call the patient back by {speakable_local_time(escalation.due_by, zone)}."
    return {
        "id": escalation.pk,
        "tier": escalation.tier,
        "title": escalation.reason,
        "due_by": escalation.due_by.isoformat(),
        "say": say,
    }


def symptom_result(*, record: Any, words: str, answer: Any) -> dict[str, Any]:
    """The safety-first fields of a symptom lookup's answer; raises the red flags' escalations on a call."""
    from calls.models import EscalationSource
    from calls.triage.escalations import escalations_for_matches, language_for, note_bystanders, triage_options

    options: dict[str, Any] = triage_options(record.call) if record is not None else {}
    safe = safe_symptom_answer(words=words, found=answer.found, answer=answer.answer, urgency=answer.urgency, **options)
    result: dict[str, Any] = {"answer": safe.answer, "urgency": safe.urgency, "red_flags": flag_summary(safe.matches)}
    if not safe.matches:
        if record is not None and (bystanders := note_bystanders(record=record, text=words)):
            # Someone else's emergency: the 911 line for them first; the guide's words are about the patient.
            result.update(answer=f"{bystanders[0].instruction} {safe.answer}".strip(), bystander=bystanders[0].title)
        return result
    result["found"] = True
    if not safe.guidance_kept:
        result.update(sources=[], document_ids=[])
    if record is not None:
        raised = escalations_for_matches(record=record, matches=safe.matches, source=EscalationSource.SYMPTOM_LOOKUP)
        result["escalation"] = escalation_summary(raised[0][0], language_for(record.call))
    return result


def turn_result(*, record: Any, text: str) -> dict[str, Any]:
    """A patient turn checked as the agent hears it: the red flags, and the instruction to say first."""
    from calls.triage.escalations import note_bystanders, triage_turn

    matches, escalations = triage_turn(record=record, text=text)
    bystanders = [] if matches and matches[0].tier == "emergent" else note_bystanders(record=record, text=text)
    if not matches:
        # Someone else's emergency ("my neighbour here is having a seizure"): a 911 line for them, no escalation.
        say = bystanders[0].instruction if bystanders else ""
        result = {"red_flags": [], "tier": None, "title": "", "say": say, "escalation": None}
        return {**result, "bystander": bystanders[0].title} if bystanders else result
    say = instruction(matches[0])
    if bystanders:  # the patient's (non-emergent) instruction first, then the 911 line for the other person
        say = f"{say} {bystanders[0].instruction}"
    return {
        "red_flags": flag_summary(matches),
        "tier": matches[0].tier,
        "title": matches[0].title,
        "say": say,
        "escalation": escalation_summary(escalations[0], getattr(matches[0], "language", "en")),
    }
