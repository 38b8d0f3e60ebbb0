"""What a nurse's action really did, in words: dialled now, deferred (to when, and why), moved, refused."""

from __future__ import annotations

from datetime import datetime, timedelta

from calls import rules
from calls.models import CallScheduleItem
from postop import clock

# "Call now" counts as immediate when the call is due within this much of the click.
IMMEDIATE = timedelta(minutes=1)


def _when(call: CallScheduleItem, at: datetime) -> str:
    """The patient's time first (it is their day the limits count), then the clinic's."""
    patient = call.patient
    text = clock.patient_time(at, patient)
    if clock.zone_of(patient).key != clock.clinic_zone().key:
        text += f" (patient's time; {clock.clinic_time(at, 'short')} clinic time)"
    else:
        text += " (patient's and clinic time)"
    return text


def _why(reason: str) -> str:
    text = reason.split("Deferred: ", 1)[-1].strip().rstrip(".")
    return text[:1].lower() + text[1:] if text else "of the calling limits"


def call_now_feedback(*, call: CallScheduleItem, now: datetime) -> tuple[str, str]:
    """(message level, text) after call_now: dialled now, or deferred to a time and why."""
    if call.next_attempt_at <= now + IMMEDIATE:
        return "success", (
            f"Calling {call.patient.first_name} now: the call is queued and is dialled within a minute. "
            "This page follows it live."
        )
    when, why = _when(call, call.next_attempt_at), _why(call.status_reason)
    return "warning", f"Not dialled now. The call is deferred to {when}, because {why}."


def reschedule_feedback(*, call: CallScheduleItem, asked: datetime) -> tuple[str, str]:
    """(level, text) after call_reschedule: the new time, and whether the limits will move it again."""
    patient = call.patient
    text = f"The call is rescheduled for {_when(call, call.next_attempt_at)}."
    usage = rules.usage_for_patients(
        patient_ids=[patient.pk], zones=[patient.time_zone], now=asked, include_queued=False
    ).get(patient.pk)
    deferral = rules.deferral_for(usage, zone_name=patient.time_zone, window=patient.calling_window(), now=asked)
    if deferral is None:
        return "success", text
    return "warning", (
        f"{text} It will not ring then: {_why(deferral.reason)}, so it waits until {_when(call, deferral.until)}."
    )
