"""Escalations: raised from red-flag matches, worked by nurses."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.models import (
    TIER_RANK,
    AnsweredBy,
    CallRecord,
    CallScheduleItem,
    Escalation,
    EscalationSource,
    EscalationStatus,
    EscalationTier,
    PatientResponse,
)
from calls.timing import next_business_day
from calls.triage.rules import Bystander, RuleMatch, bystander_emergencies, evaluate_rules
from postop.clock import clinic_zone

logger = logging.getLogger("calls.triage")


# --- escalations ---------------------------------------------------------------------------------


class EscalationActionError(ValidationError):
    """A nurse's action the escalation's state does not allow; the message says what to do."""


def escalation_due_by(*, tier: str, now: datetime) -> datetime:
    if tier == EscalationTier.EMERGENT:
        return now
    if tier == EscalationTier.URGENT:
        return now + timedelta(minutes=settings.ESCALATION_URGENT_MINUTES)
    zone = clinic_zone()
    today = now.astimezone(zone).date()
    day = next_business_day(today)
    due = datetime.combine(day, settings.ESCALATION_ROUTINE_DUE_TIME, tzinfo=zone)
    return due.astimezone(ZoneInfo("UTC"))


SAID_BY_CAREGIVER = " (said by a caregiver)"

ATTENTION_TEXT = {
    EscalationTier.EMERGENT: "EMERGENT: {reason}. The person on the call was told to call 911; call them now.",
    EscalationTier.URGENT: "Urgent: {reason}. Call the patient back today.",
    EscalationTier.ROUTINE: "Routine: {reason}. Call the patient back on the next business day.",
}


def order_sets_for(call: CallScheduleItem) -> list[str]:
    return [call.order.procedure_group] if call.order_id is not None else []


def language_for(call: CallScheduleItem) -> str:
    """The language the triage reads the patient's words in: the patient's, where the rules know it ("en", "es")."""
    from calls.language import call_language
    from calls.triage.context import LANGUAGES

    language = call_language(call)  # the patient's, or the one they asked for on this call
    return language if language in LANGUAGES else "en"


def speaker_for(call: CallScheduleItem) -> str | None:
    """Who the triage hears speaking on this call, as far as the records tell: "patient", "caregiver" or None.

    The current attempt's `answered_by` when the person said who they are at the identity check (a nurse asks
    "am I speaking with John, or someone helping him?"): a wife's "my husband's face is drooping" is then the
    patient's red flag. Otherwise a patient under 18 (by date of birth, today in the patient's time zone) is a
    child: a parent or guardian answers and speaks for them. Otherwise None: the words decide.
    """
    answered = call.records.order_by("-attempt").values_list("answered_by", flat=True).first()
    if answered in (AnsweredBy.PATIENT, AnsweredBy.CAREGIVER):
        return str(answered)
    born = call.patient.date_of_birth
    if born is None:
        return None
    today = timezone.localdate(timezone=call.patient.zone)
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return "caregiver" if 0 <= years < 18 else None


BYSTANDER_QUESTION = "Another person's emergency mentioned"
BYSTANDER_REASON = "The person on the call mentioned another person's emergency (told to call 911 for them)."


def note_bystanders(*, record: CallRecord, text: str, now: datetime | None = None) -> list[Bystander]:
    """Emergencies the caller named of someone else ("my mom has chest pain"): noted on the call for the nurse.

    No escalation is raised for the patient; each concept is noted once per attempt on the call's responses,
    and the call is flagged when nothing else has flagged it. Returns them, most serious first, with the
    reviewed 911 line to say (calls.triage.rules.bystander_emergencies).
    """
    call = record.call
    found = bystander_emergencies(
        text, order_sets=order_sets_for(call), language=language_for(call), speaker=speaker_for(call)
    )
    now = now or timezone.now()
    for bystander in found:
        _, created = PatientResponse.objects.get_or_create(
            record=record,
            event_id=f"bystander-{bystander.key}"[:64],
            defaults={
                "question": BYSTANDER_QUESTION,
                "response": f"{bystander.title}, said of someone else: {bystander.words}"[:4000],
                "recorded_at": now,
            },
        )
        if created:
            CallScheduleItem.objects.filter(pk=call.pk, needs_attention=False).update(
                needs_attention=True, status_reason=BYSTANDER_REASON
            )
            logger.info("bystander emergency noted call=%s rule=%s", call.ref, bystander.key)
    return found


def triage_options(call: CallScheduleItem) -> dict[str, Any]:
    """evaluate_rules' keywords for words said on this call: its order sets, language and speaker."""
    return {"order_sets": order_sets_for(call), "language": language_for(call), "speaker": speaker_for(call)}


def _is_concept(rule_key: str) -> bool:
    """A red-flag concept key (one escalation per concept per call), not a bare tier the agent chose."""
    return rule_key not in EscalationTier.values


def _merge(escalation: Escalation, *, trigger: str, patient_words: str) -> Escalation:
    """Add a trigger and the patient's later words to an escalation that already covers the concern."""
    fields = []
    if trigger not in escalation.triggers:
        escalation.triggers = [*escalation.triggers, trigger]
        fields.append("triggers")
    words = (patient_words or "").strip()
    if words and words not in escalation.patient_words:
        escalation.patient_words = (escalation.patient_words + "\n" + words).strip()[:4000]
        fields.append("patient_words")
    if fields:
        escalation.save(update_fields=fields)
    return escalation


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

    A red-flag concept (rule_key = a catalogue key) has one escalation per call attempt, whatever
    raised it (the rules over a patient turn, a symptom lookup, the agent): a later trigger adds
    itself and the patient's later words to it. A concern the agent raised with no red flag behind
    it (rule_key = its tier) joins an open escalation of the same or a more serious tier instead of
    opening a second one.
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
        locked = CallRecord.objects.select_for_update().filter(pk=record.pk).only("pk", "answered_by").first()
        if _is_concept(rule_key):
            same = Escalation.objects.filter(record=record, rule_key=rule_key).order_by("pk").first()
            if same is not None:
                return _merge(same, trigger=trigger, patient_words=patient_words), False
        else:
            existing = Escalation.objects.filter(record=record, source=source, rule_key=rule_key).first()
            if existing is not None:
                return _merge(existing, trigger=trigger, patient_words=patient_words), False
            covering = [
                e
                for e in Escalation.objects.filter(record=record).exclude(status=EscalationStatus.RESOLVED)
                if TIER_RANK[e.tier] >= TIER_RANK[tier]
            ]
            if covering:
                target = max(covering, key=lambda e: (TIER_RANK[e.tier], -e.pk))
                return _merge(target, trigger=trigger, patient_words=patient_words), False
        reason = (reason or "Concern raised on the call").strip()
        if locked is not None and locked.answered_by == AnsweredBy.CAREGIVER:
            # The nurse calls back knowing the words were a caregiver's about the patient, not the patient's own.
            reason = f"{reason[: 300 - len(SAID_BY_CAREGIVER)]}{SAID_BY_CAREGIVER}"
        try:
            with transaction.atomic():
                escalation = Escalation.objects.create(
                    call=call,
                    record=record,
                    patient=call.patient,  # loaded with the call on the agent paths: no query for the summary
                    tier=tier,
                    reason=reason[:300],
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


def escalations_for_matches(
    *, record: CallRecord, matches: list[RuleMatch], source: str, now: datetime | None = None
) -> list[tuple[Escalation, bool]]:
    """One escalation per red-flag concept, titled with the concept, quoting the patient's words."""
    return [
        escalation_raise(
            record=record,
            tier=match.tier,
            reason=match.title,
            source=source,
            rule_key=match.key,
            patient_words=match.words,
            now=now,
        )
        for match in matches
    ]


def triage_text(*, record: CallRecord, text: str, now: datetime | None = None) -> list[Escalation]:
    """Run the red-flag triage over what the patient said on this attempt; raise what it finds (new ones returned)."""
    matches = evaluate_rules(text, **triage_options(record.call))
    raised = escalations_for_matches(record=record, matches=matches, source=EscalationSource.RULE, now=now)
    return [escalation for escalation, created in raised if created]


def triage_turn(
    *, record: CallRecord, text: str, now: datetime | None = None
) -> tuple[list[RuleMatch], list[Escalation]]:
    """The patient's words as the agent heard them: the red flags (most serious first) and their escalations."""
    matches = evaluate_rules(text, **triage_options(record.call))
    raised = escalations_for_matches(record=record, matches=matches, source=EscalationSource.RULE, now=now)
    return matches, [escalation for escalation, _ in raised]


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
