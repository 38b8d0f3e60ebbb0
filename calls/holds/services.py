"""Holding calls while the patient is back in hospital, and letting them go again.

    pending | queued -> on_hold      (call_hold_waiting: a readmission, ED or outpatient visit)
    on_hold -> pending               (call_release_hold: a nurse resumes the calls)
    on_hold -> cancelled             (calls.services.call_cancel: replaced, or the hospital cancelled)

The dispatcher claims only pending calls and call_execute dials only queued ones, so a held call
is never dialled; a queued call held before its job ran is skipped by that job. Each transition
is a conditional UPDATE on the current status (as in calls.services), audited and logged without PHI.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus
from calls.services import _log_transition
from calls.timing import move_into_window
from postop.audit import audit_updated

logger = logging.getLogger("calls.state")

HOLDABLE_STATUSES = (CallStatus.PENDING, CallStatus.QUEUED)


def call_hold_waiting(*, patient_id: int, reason: str, now: datetime | None = None) -> list[CallScheduleItem]:
    """Put every call of the patient that has not been dialled yet on hold; return the held calls.

    A call on the line right now is left to finish. Run inside the caller's transaction.
    """
    now = now or timezone.now()
    reason = reason[:300]
    held: list[CallScheduleItem] = []
    waiting = CallScheduleItem.objects.select_for_update().filter(patient_id=patient_id, status__in=HOLDABLE_STATUSES)
    for current in waiting.order_by("id"):
        moved = CallScheduleItem.objects.filter(pk=current.pk, status=current.status).update(
            status=CallStatus.ON_HOLD, status_reason=reason, lease_expires_at=None, updated_at=now
        )
        if not moved:
            continue
        after = CallScheduleItem.objects.get(pk=current.pk)
        audit_updated(before=current, after=after)
        _log_transition(
            call_id=current.pk, attempt=current.attempts, old=current.status, new=after.status, reason="held"
        )
        held.append(after)
    # Calls already waiting for their language (calls/holds/language.py) wait for the stay too: they
    # join the hospital hold, keeping their status and reason, so neither hold lifts them alone.
    held.extend(
        CallScheduleItem.objects.filter(patient_id=patient_id, status=CallStatus.ON_HOLD, language_hold=True).order_by(
            "id"
        )
    )
    return held


def call_release_hold(
    *, calls: Iterable[CallScheduleItem], by: Any = None, now: datetime | None = None
) -> list[CallScheduleItem]:
    """Resume held calls: pending again, due at their old time or now (whichever is later), in the window.

    A call whose deadline has passed meanwhile is failed by the dispatcher's sweep for a nurse to
    look at, as any overdue call is. Calls no longer on hold are left alone, and so are calls held
    for their language too (calls/holds/language.py: they wait for English or an interpreter).
    """
    now = now or timezone.now()
    who = f" by {by.get_username()}" if by is not None and getattr(by, "pk", None) else ""
    released: list[CallScheduleItem] = []
    with transaction.atomic():
        ids = [call.pk for call in calls]
        held = (
            CallScheduleItem.objects.select_for_update()
            .select_related("patient")
            .filter(pk__in=ids, status=CallStatus.ON_HOLD, language_hold=False)
            .order_by("id")
        )
        for current in held:
            patient = current.patient
            due = max(current.next_attempt_at, now)
            due = move_into_window(due, patient.time_zone, patient.calling_window())
            CallScheduleItem.objects.filter(pk=current.pk, status=CallStatus.ON_HOLD).update(
                status=CallStatus.PENDING,
                next_attempt_at=due,
                status_reason=f"Resumed after the hospital stay{who}."[:300],
                updated_at=now,
            )
            after = CallScheduleItem.objects.get(pk=current.pk)
            audit_updated(before=current, after=after)
            _log_transition(
                call_id=current.pk, attempt=current.attempts, old="on_hold", new="pending", reason="resumed"
            )
            released.append(after)
    return released
