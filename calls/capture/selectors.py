"""Reads for structured capture: review state, the review queue, answers over time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from calls.capture.models import Answer, AnswerStatus, CallCapture
from calls.models import CallScheduleItem, CallStatus, Escalation

REVIEW_STATES = {
    "not_due": "Not reviewable yet (the call has not completed)",
    "not_needed": "Nothing to review",
    "awaiting_review": "Awaiting nurse review",
    "signed_off": "Signed off",
}


def with_review(queryset: QuerySet[CallScheduleItem]) -> QuerySet[CallScheduleItem]:
    """Annotate has_abnormal, has_unanswered_required, has_escalation and signed_off (one query, no N+1)."""
    answers = Answer.objects.filter(capture__call=OuterRef("pk"))
    return queryset.annotate(
        has_abnormal=Exists(answers.filter(abnormal=True)),
        has_unanswered_required=Exists(answers.filter(status=AnswerStatus.UNANSWERED, required=True)),
        has_escalation=Exists(Escalation.objects.filter(call=OuterRef("pk"))),
        signed_off=Exists(CallCapture.objects.filter(call=OuterRef("pk"), signed_off_at__isnull=False)),
    )


NEEDS_REVIEW = Q(has_abnormal=True) | Q(has_unanswered_required=True) | Q(has_escalation=True)


def awaiting_review(queryset: QuerySet[CallScheduleItem] | None = None) -> QuerySet[CallScheduleItem]:
    """Completed calls with an abnormal answer, an escalation or an unanswered required question, not signed off."""
    queryset = queryset if queryset is not None else CallScheduleItem.objects.all()
    return with_review(queryset.filter(status=CallStatus.COMPLETED)).filter(NEEDS_REVIEW, signed_off=False)


def filter_review_state(queryset: QuerySet[CallScheduleItem], state: str) -> QuerySet[CallScheduleItem]:
    annotated = with_review(queryset)
    completed = annotated.filter(status=CallStatus.COMPLETED)
    if state == "awaiting_review":
        return completed.filter(NEEDS_REVIEW, signed_off=False)
    if state == "signed_off":
        return annotated.filter(signed_off=True)
    if state == "not_needed":
        return completed.exclude(NEEDS_REVIEW).filter(signed_off=False)
    return annotated.exclude(status=CallStatus.COMPLETED).filter(signed_off=False)


def state_from_flags(call: Any) -> str:
    """The review state of a call annotated by with_review."""
    if call.signed_off:
        return "signed_off"
    if call.status != CallStatus.COMPLETED:
        return "not_due"
    if call.has_abnormal or call.has_unanswered_required or call.has_escalation:
        return "awaiting_review"
    return "not_needed"


def review_state(*, call: CallScheduleItem) -> str:
    if not hasattr(call, "has_abnormal"):
        call = with_review(CallScheduleItem.objects.filter(pk=call.pk)).get()
    return state_from_flags(call)


def review_reasons(call: Any, answers: list[Answer], escalations: list[Escalation]) -> list[str]:
    reasons = [f"{a.abnormal_reason} ({a.display})" for a in answers if a.abnormal]
    reasons += [f"Unanswered: {a.question_id.replace('_', ' ')}" for a in answers if a.required and not a.is_answered]
    reasons += [f"Escalation ({e.get_tier_display()}): {e.reason}" for e in escalations]
    return reasons


def review_queue(limit: int = 200) -> list[CallScheduleItem]:
    """The nurse's queue: oldest completed call first, answers and escalations prefetched."""
    queryset = (
        awaiting_review()
        .select_related("patient", "order", "capture__questionnaire")
        .prefetch_related(
            Prefetch("capture__answers", queryset=Answer.objects.order_by("id")),
            Prefetch("escalations", queryset=Escalation.objects.order_by("created_at")),
        )
        .annotate(completed_at=Max("records__ended_at"))
        .order_by("completed_at", "id")
    )
    return list(queryset[:limit])


def call_answers(call: CallScheduleItem) -> list[Answer]:
    try:
        capture = call.capture
    except CallCapture.DoesNotExist:
        return []
    return list(capture.answers.all())


@dataclass
class Series:
    """One numeric question's answers over time, for the patient page's chart."""

    question_id: str
    label: str
    unit: str
    low: float
    high: float
    threshold: float | None = None  # the abnormal rule's line (>= or >), in the chart's unit
    points: list[tuple[datetime, float, bool, int]] = field(default_factory=list)  # (when, value, abnormal, call)


def patient_series(*, patient: Any) -> list[Series]:
    """Every scale and quantity answer of the patient's calls, oldest first, one series per question."""
    answers = (
        Answer.objects.filter(capture__call__patient=patient, status=AnswerStatus.ANSWERED)
        .filter(Q(value_integer__isnull=False) | Q(value_decimal__isnull=False))
        .select_related("capture__questionnaire", "capture__call")
        .order_by("recorded_at", "id")
    )
    series: dict[str, Series] = {}
    for answer in answers:
        item = (answer.capture.questionnaire.item(answer.question_id) if answer.capture.questionnaire else None) or {}
        if answer.question_id not in series:
            label = item.get("label") or answer.question_id.replace("_", " ").capitalize()
            unit = "°F" if answer.unit == "[degF]" else answer.unit_display
            low, high = (item.get("min", 0), item.get("max", 10)) if answer.answer_type == "scale" else (0, 0)
            rule = item.get("abnormal") or {}
            threshold = float(rule["value"]) if rule.get("op") in ("gte", "gt") else None
            if threshold is not None and item.get("unit") == "Cel":
                threshold = round(threshold * 9 / 5 + 32, 1)
            series[answer.question_id] = Series(
                answer.question_id, label, unit, float(low), float(high), threshold=threshold
            )
        entry = series[answer.question_id]
        value = float(answer.number)
        if answer.answer_type == "quantity" and answer.unit != "[degF]" and answer.unit == "Cel":
            value = value * 9 / 5 + 32  # one unit per chart: temperatures in °F, as US patients read them
            entry.unit = "°F"
        entry.points.append((answer.recorded_at, value, answer.abnormal, answer.capture.call_id))
    return list(series.values())


def patient_answers(*, patient: Any) -> list[Answer]:
    """The answers table: every answer of the patient's calls, newest call first."""
    return list(
        Answer.objects.filter(capture__call__patient=patient)
        .select_related("capture__call", "capture__questionnaire")
        .order_by("-capture__call__scheduled_for", "capture__call_id", "id")[:500]
    )
