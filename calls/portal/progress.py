"""The call's progress as a nurse follows it: planned -> queued -> dialling -> answered -> ended, per attempt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from calls.models import CallRecord, CallScheduleItem, CallStatus

# How often the call page asks for news: fast while the phone may ring, slower while it waits.
POLL_LIVE_SECONDS = 3
POLL_SOON_SECONDS = 5
POLL_WAITING_SECONDS = 30
SOON = timedelta(minutes=10)


@dataclass(frozen=True)
class Step:
    label: str
    at: datetime | None
    state: str  # "done", "current", "bad"


def poll_seconds(call: CallScheduleItem, now: datetime) -> int | None:
    """None at a final state (polling stops); else how long until the next look."""
    if call.is_final:
        return None
    if call.status in (CallStatus.QUEUED, CallStatus.IN_PROGRESS):
        return POLL_LIVE_SECONDS
    if call.next_attempt_at <= now + SOON:
        return POLL_SOON_SECONDS
    return POLL_WAITING_SECONDS


def call_steps(call: CallScheduleItem, records: list[CallRecord]) -> list[Step]:
    steps = [Step("Planned", call.scheduled_for, "done")]
    for record in records:
        prefix = f"Attempt {record.attempt}: " if len(records) > 1 or record.attempt > 1 else ""
        steps.append(
            Step(f"{prefix}dialling", record.started_at, "done" if record.ended_at or record.answered_at else "current")
        )
        if record.answered_at:
            steps.append(
                Step(f"{prefix}answered, in conversation", record.answered_at, "done" if record.ended_at else "current")
            )
        if record.ended_at:
            bad = record.outcome not in ("completed", "voicemail")
            steps.append(
                Step(
                    f"{prefix}ended: {record.get_outcome_display().lower()}", record.ended_at, "bad" if bad else "done"
                )
            )
    if call.status == CallStatus.QUEUED:
        steps.append(Step("Queued: about to dial", call.claimed_at, "current"))
    elif call.status == CallStatus.PENDING:
        label = "Waiting to retry" if records else "Waiting for its time"
        steps.append(Step(label, call.next_attempt_at, "current"))
    elif call.status == CallStatus.CANCELLED:
        steps.append(Step("Cancelled", call.updated_at, "bad"))
    elif call.status in (CallStatus.COMPLETED, CallStatus.VOICEMAIL):
        steps.append(Step(call.get_status_display(), records[-1].ended_at if records else call.updated_at, "done"))
    elif call.status == CallStatus.FAILED:
        steps.append(Step("Failed", call.updated_at, "bad"))
    return steps
