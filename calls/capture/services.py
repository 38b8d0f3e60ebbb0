"""Writes for structured capture: questionnaire versions, typed answers, completion, nurse sign-off."""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from calls.capture.models import Answer, AnswerStatus, CallCapture, Questionnaire
from calls.capture.questions import AnswerError, abnormal_reason, display_value, parse_answer, resolve_questions
from calls.models import CallRecord, CallScheduleItem, CallType

logger = logging.getLogger(__name__)

MAX_REASON = 200


class ReviewActionError(ValidationError):
    """A sign-off that cannot happen (not awaiting review, already signed off)."""


def _digest(items: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()


def questionnaire_for_order(*, order: Any) -> Questionnaire | None:
    """The current version of the order's questionnaire (created when its questions changed); None without questions."""
    template = order.call_template or {}
    items = resolve_questions(template.get("questions"))
    if not items:
        return None
    digest = _digest(items)
    existing = Questionnaire.objects.filter(order=order, digest=digest).first()
    if existing is not None:
        return existing
    for _ in range(3):
        last = Questionnaire.objects.filter(order=order).order_by("-version").values_list("version", flat=True).first()
        try:
            with transaction.atomic():
                return Questionnaire.objects.create(
                    order=order, version=(last or 0) + 1, title=order.title, items=items, digest=digest
                )
        except IntegrityError:  # another worker created this version (or this digest) first
            existing = Questionnaire.objects.filter(order=order, digest=digest).first()
            if existing is not None:
                return existing
    raise RuntimeError(f"could not create a questionnaire version for order {order.key}")


def asks_questions(call: CallScheduleItem) -> bool:
    """Order calls ask their order's questions; a reminder the patient asked for and inbound calls do not."""
    return call.order_id is not None and call.call_type != CallType.PATIENT_REQUESTED


def capture_for_call(*, call: CallScheduleItem) -> CallCapture | None:
    """The call's capture, bound to the questionnaire version current at its first attempt."""
    existing = CallCapture.objects.select_related("questionnaire").filter(call=call).first()
    if existing is not None or not asks_questions(call):
        return existing
    questionnaire = questionnaire_for_order(order=call.order)
    if questionnaire is None:
        return None
    try:
        with transaction.atomic():
            return CallCapture.objects.create(call=call, questionnaire=questionnaire)
    except IntegrityError:
        return CallCapture.objects.select_related("questionnaire").get(call=call)


def agent_questions(*, call: CallScheduleItem) -> list[dict[str, Any]]:
    """What the agent needs to ask each question and send a valid answer (no abnormal rules: it must not judge)."""
    capture = capture_for_call(call=call)
    if capture is None or capture.questionnaire is None:
        return []
    questions = []
    for item in capture.questionnaire.items:
        question = {"id": item["id"], "text": item["text"], "type": item["type"], "required": item["required"]}
        if item["type"] in ("scale", "quantity"):
            question.update({"min": item["min"], "max": item["max"]})
        if item["type"] == "quantity":
            question["units"] = item.get("units") or [item["unit"]]
        if item["type"] == "choice":
            question["choices"] = [c["display"] for c in item["choices"]]
        questions.append(question)
    return questions


def answer_record(
    *,
    record: CallRecord,
    question_id: str,
    value: str = "",
    answered: bool = True,
    reason: str = "",
    event_id: str = "",
    now: datetime | None = None,
) -> tuple[Answer, bool]:
    """Store the typed answer to one declared question of the call. Returns (answer, created).

    Raises ValidationError({"question_id": ...}) for a question the call does not ask and
    AnswerError (with what to tell the patient) for a value that does not fit the question;
    nothing is stored then. The same event id again returns the stored answer; a new answer
    to the same question replaces the earlier one (the patient corrected themselves).
    """
    now = now or timezone.now()
    call = record.call
    if (
        record.identity_verified_at is None
        and not CallRecord.objects.filter(pk=record.pk, identity_verified_at__isnull=False).exists()
    ):
        # Minimum necessary: no health answers from someone who has not been confirmed as the patient.
        raise ValidationError({"identity": "Confirm the patient's identity with verify_identity first."})
    capture = capture_for_call(call=call)
    if capture is None or capture.questionnaire is None:
        raise ValidationError({"question_id": "This call has no declared questions; use a plain response instead."})
    item = capture.questionnaire.item(question_id)
    if item is None:
        known = ", ".join(i["id"] for i in capture.questionnaire.items)
        raise ValidationError({"question_id": f"This call does not ask {question_id!r}; its questions are: {known}."})
    fields: dict[str, Any] = {
        "record": record,
        "answer_type": item["type"],
        "required": bool(item.get("required", True)),
        "said": value[:2000],
        "event_id": event_id,
        "recorded_at": now,
        "value_boolean": None,
        "value_integer": None,
        "value_decimal": None,
        "value_date": None,
        "value_text": "",
        "unit": "",
        "abnormal": False,
        "abnormal_reason": "",
        "unanswered_reason": "",
    }
    if answered:
        from calls.language import record_language

        # AnswerError -> refused
        typed = parse_answer(item, value, now=now.astimezone(call.patient.zone), language=record_language(record))
        reason_text = abnormal_reason(item, typed)
        fields.update(
            status=AnswerStatus.ANSWERED,
            value_boolean=typed.boolean,
            value_integer=typed.integer,
            value_decimal=typed.decimal,
            value_date=typed.day,
            value_text=typed.text,
            unit=typed.unit,
            display=display_value(item, typed)[:300],
            abnormal=bool(reason_text),
            abnormal_reason=reason_text,
        )
    else:
        fields.update(
            status=AnswerStatus.UNANSWERED,
            display="Unanswered",
            unanswered_reason=(reason or "The patient did not give an answer").strip()[:MAX_REASON],
        )
    with transaction.atomic():
        current = Answer.objects.select_for_update().filter(capture=capture, question_id=question_id).first()
        if current is None:
            try:
                with transaction.atomic():
                    answer = Answer.objects.create(capture=capture, question_id=question_id, **fields)
            except IntegrityError:  # the same question answered at the same moment (a retried post): update it
                current = Answer.objects.select_for_update().get(capture=capture, question_id=question_id)
        if current is not None:
            if event_id and current.event_id == event_id:
                return current, False
            for name, field_value in fields.items():
                setattr(current, name, field_value)
            current.save()
            answer = current
    logger.info(
        "answer recorded call=call-%s question=%s status=%s abnormal=%s",
        call.pk,
        question_id,
        answer.status,
        answer.abnormal,
    )
    return answer, True


def capture_call_completed(*, record: CallRecord, now: datetime | None = None) -> int:
    """A completed call: every declared question it did not answer is recorded as unanswered. Returns how many."""
    capture = capture_for_call(call=record.call)
    if capture is None or capture.questionnaire is None:
        return 0
    now = now or timezone.now()
    have = set(Answer.objects.filter(capture=capture).values_list("question_id", flat=True))
    missing = [
        Answer(
            capture=capture,
            record=record,
            question_id=item["id"],
            answer_type=item["type"],
            status=AnswerStatus.UNANSWERED,
            display="Unanswered",
            required=bool(item.get("required", True)),
            unanswered_reason="Not asked or not answered before the call ended",
            recorded_at=now,
        )
        for item in capture.questionnaire.items
        if item["id"] not in have
    ]
    Answer.objects.bulk_create(missing)
    return len(missing)


def capture_sign_off(*, call: CallScheduleItem, by: Any, note: str = "", now: datetime | None = None) -> CallCapture:
    """A nurse reviewed the call's answers and escalations; it leaves the review queue (audited by auditlog)."""
    from calls.capture.selectors import review_state

    now = now or timezone.now()
    note = (note or "").strip()
    if len(note) > 2000:
        raise ReviewActionError({"note": "The note is too long; keep it under 2,000 characters."})
    with transaction.atomic():
        locked = CallScheduleItem.objects.select_for_update().get(pk=call.pk)
        state = review_state(call=locked)
        if state == "signed_off":
            raise ReviewActionError("This call was already signed off.", code="signed_off")
        if state != "awaiting_review":
            raise ReviewActionError("This call is not waiting for review.", code="not_awaiting")
        capture = CallCapture.objects.filter(call=locked).first() or CallCapture(call=locked)
        capture.signed_off_by = by
        capture.signed_off_at = now
        capture.sign_off_note = note
        capture.save()
    logger.info("review signed off call=call-%s by=%s", call.pk, getattr(by, "pk", None))
    return capture


__all__ = [
    "AnswerError",
    "ReviewActionError",
    "agent_questions",
    "answer_record",
    "capture_call_completed",
    "capture_for_call",
    "capture_sign_off",
    "questionnaire_for_order",
]
