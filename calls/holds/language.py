"""Holding calls that cannot be made in the patient's language, and the nurse's ways out.

A Spanish-speaking patient is never read English order text (issue 21). When a patient's language
changes after their calls were planned, or an order's reviewed text changes, each waiting call whose
order has no reviewed text in the patient's language waits instead of being dialled:

    pending | queued -> on_hold (language_hold)   calls_language_review: no reviewed text in the language
    on_hold (language_hold) -> pending            calls_language_review: the language changed back, or the
                                                  order gained its reviewed text; or call_release_in_english:
                                                  a nurse chose English for this call (call.language = "en")
    on_hold -> cancelled                          calls.services.call_cancel (the nurse cancels)

The dispatcher claims only pending calls and call_execute dials only queued ones, so a held call is
never dialled. A call also held for a hospital stay (patients.adt CallHold) stays on hold until that
hold is resolved too (calls.holds.services.call_release_hold leaves language holds alone). Each
transition is a conditional UPDATE on the current status, audited and logged without PHI.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from calls.language import NAMES, planned_language
from calls.models import CallScheduleItem, CallStatus
from calls.services import _log_transition
from calls.timing import move_into_window
from postop.audit import audit_updated

logger = logging.getLogger("calls.state")

WAITING_STATUSES = (CallStatus.PENDING, CallStatus.QUEUED, CallStatus.ON_HOLD)
LIFTED = "Language hold lifted: the call can be made in the patient's language now."


def language_hold_reason(call: CallScheduleItem) -> str:
    """What the nurse reads on the dashboard, the patient page and the call page."""
    label = NAMES[planned_language(call.patient.preferred_language)]
    title = call.order.title if call.order_id else "This call"
    return (
        f"On hold: {title} has no {label} version; choose English for this call, arrange an interpreter, or cancel."
    )[:300]


def _cannot_be_made(call: CallScheduleItem) -> bool:
    """The call would read English order text to a patient whose language PostOp AI speaks."""
    if call.language or call.order_id is None:
        return False  # a nurse chose the language, or there is no order text to read
    language = planned_language(call.patient.preferred_language)
    return language != "en" and bool(call.order.missing_language(language))


def _in_hospital_hold(call: CallScheduleItem) -> Any:
    """The open hospital-stay hold (patients.adt CallHold) holding this call too, if any."""
    return call.holds.filter(status="held").order_by("-created_at").first()  # patients.adt HoldStatus.HELD


def calls_language_review(*, calls: Iterable[CallScheduleItem], now: datetime | None = None) -> dict[str, list[int]]:
    """Hold the waiting calls that cannot be made in their patient's language; lift the language hold of
    those that now can. Returns {"held": [ids], "lifted": [ids]}."""
    now = now or timezone.now()
    held: list[int] = []
    lifted: list[int] = []
    ids = [call.pk for call in calls]
    with transaction.atomic():
        waiting = (
            CallScheduleItem.objects.select_for_update(of=("self",))
            .select_related("patient", "order")
            .filter(pk__in=ids, status__in=WAITING_STATUSES)
            .order_by("id")
        )
        for current in waiting:
            blocked = _cannot_be_made(current)
            if blocked and not current.language_hold and _hold(current, now=now):
                held.append(current.pk)
            elif not blocked and current.language_hold and _lift(current, now=now, why=LIFTED):
                lifted.append(current.pk)
    if held or lifted:
        logger.info("language review: held=%d lifted=%d", len(held), len(lifted))
    return {"held": held, "lifted": lifted}


def patient_calls_language_review(*, patient: Any) -> dict[str, list[int]]:
    """The patient's language changed: a nurse's earlier choice of language for a waiting call no longer
    applies (it was made for the old language), and every waiting call is reviewed."""
    waiting = CallScheduleItem.objects.filter(patient_id=patient.pk, status__in=WAITING_STATUSES)
    with transaction.atomic():
        for current in waiting.exclude(language="").select_for_update(of=("self",)):
            CallScheduleItem.objects.filter(pk=current.pk).update(language="", updated_at=timezone.now())
            audit_updated(before=current, after=CallScheduleItem.objects.get(pk=current.pk))
        return calls_language_review(calls=list(waiting))


def order_calls_language_review(*, order: Any) -> dict[str, list[int]]:
    """An order's reviewed text changed: its waiting calls are reviewed (gained Spanish: holds lift)."""
    waiting = CallScheduleItem.objects.filter(order_id=order.pk, status__in=WAITING_STATUSES).filter(
        Q(language_hold=True) | ~Q(patient__preferred_language="en")
    )
    return calls_language_review(calls=list(waiting))


def _hold(current: CallScheduleItem, *, now: datetime) -> bool:
    values: dict[str, Any] = {"language_hold": True, "needs_attention": True, "updated_at": now}
    values["status_reason"] = language_hold_reason(current)
    if current.status != CallStatus.ON_HOLD:
        values.update(status=CallStatus.ON_HOLD, lease_expires_at=None)
    moved = CallScheduleItem.objects.filter(pk=current.pk, status=current.status).update(**values)
    if not moved:
        return False
    after = CallScheduleItem.objects.get(pk=current.pk)
    audit_updated(before=current, after=after)
    _log_transition(
        call_id=current.pk, attempt=current.attempts, old=current.status, new=after.status, reason="language_hold"
    )
    return True


def _lift(current: CallScheduleItem, *, now: datetime, why: str, language: str | None = None) -> bool:
    """Lift the language hold: pending again (due at its old time or now, in the window), unless a
    hospital-stay hold still holds the call (it stays on hold with that hold's reason)."""
    values: dict[str, Any] = {"language_hold": False, "needs_attention": False, "updated_at": now}
    if language is not None:
        values["language"] = language
    hospital = _in_hospital_hold(current) if current.status == CallStatus.ON_HOLD else None
    if hospital is not None:
        values["status_reason"] = hospital.reason[:300]
    else:
        if current.status == CallStatus.ON_HOLD:
            patient = current.patient
            due = move_into_window(max(current.next_attempt_at, now), patient.time_zone, patient.calling_window())
            values.update(status=CallStatus.PENDING, next_attempt_at=due)
        values["status_reason"] = why[:300]
    moved = CallScheduleItem.objects.filter(pk=current.pk, status=current.status, language_hold=True).update(**values)
    if not moved:
        return False
    after = CallScheduleItem.objects.get(pk=current.pk)
    audit_updated(before=current, after=after)
    _log_transition(
        call_id=current.pk, attempt=current.attempts, old=current.status, new=after.status, reason="language_released"
    )
    return True


def call_release_in_english(*, call: CallScheduleItem, by: Any, reason: str = "") -> CallScheduleItem:
    """A nurse chose English for a call held for its language: it is made in English (the agent speaks
    English; the attempt's language is recorded as English). Audited with who and why."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(
            {"reason": "Say why this call may be in English (for example: the patient agreed to English)."}
        )
    who = by.get_username() if by is not None and getattr(by, "pk", None) else "a nurse"
    with transaction.atomic():
        current = (
            CallScheduleItem.objects.select_for_update(of=("self",)).select_related("patient", "order").get(pk=call.pk)
        )
        if current.status != CallStatus.ON_HOLD or not current.language_hold:
            raise ValidationError("This call is not on hold for its language; reload the page.", code="not_held")
        why = f"Released in English by {who}: {reason}"
        if not _lift(current, now=timezone.now(), why=why, language="en"):
            raise ValidationError("This call changed meanwhile; reload the page.", code="changed")
    logger.info("language hold released in English call=call-%s", call.pk)
    call.refresh_from_db()
    return call
