"""Builders the capture tests share: a zone in its calling hours now, and a completed call with answers."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

ZONES = [
    "Pacific/Honolulu", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin",
    "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
]  # fmt: skip


def daytime_zone(now: datetime | None = None) -> str:
    """A zone where it is mid-day now, so a due call is inside its calling window whenever the test runs."""
    now = now or timezone.now()
    return next(z for z in ZONES if 10 <= now.astimezone(ZoneInfo(z)).hour < 16)


def completed_call(*, order, patient=None, answers: dict[str, str], when=None, unanswered: tuple[str, ...] = ()):
    """A completed call of `order` whose agent recorded `answers` (question id -> what was said) through the
    capture services, then finished like a real attempt (unasked questions become unanswered)."""
    from datetime import timedelta

    from calls.capture.services import answer_record
    from calls.models import CallStatus
    from calls.services import call_finish
    from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory

    when = when or timezone.now() - timedelta(hours=1)
    call = CallScheduleItemFactory(
        patient=patient or PatientFactory(),
        order=order,
        call_type=order.call_template["call_type"],
        status=CallStatus.IN_PROGRESS,
        attempts=1,
        scheduled_for=when,
        next_attempt_at=when,
    )
    record = CallRecordFactory(call=call, attempt=1, started_at=when, answered_at=when, identity_verified_at=when)
    for question_id, said in answers.items():
        answer_record(record=record, question_id=question_id, value=said, now=when)
    for question_id in unanswered:
        answer_record(record=record, question_id=question_id, answered=False, reason="Did not know", now=when)
    call_finish(record=record, outcome="completed", summary="Spoke with the patient.", event_id=f"done-{call.pk}")
    call.refresh_from_db()
    return call
