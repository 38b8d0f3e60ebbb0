"""The discharge preview, told as dispatch will do it: the same daily/weekly limits and calling window.

calls/rules.py decides; this only replays its rules over the planned calls in time order (with the
patient's attempts already made and their calls already pending), so the preview does not list two
calls on one day when the daily limit will move one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from calls import rules
from calls.models import CallScheduleItem, CallStatus
from patients.models import Patient

MAX_MOVES = 60  # a call the limits push further than this many times is reported as not placeable


@dataclass
class ExpectedCall:
    call: CallScheduleItem
    planned: datetime
    expected: datetime | None
    reason: str = ""

    @property
    def moved(self) -> bool:
        return self.expected != self.planned

    @property
    def fails(self) -> bool:
        return self.expected is None


def _preview_reason(deferral: rules.Deferral) -> str:
    """The limits' reason, told about a planned day rather than today."""
    per_day, per_week = rules.limits()
    reasons = []
    if "daily" in deferral.code:
        reasons.append(f"the patient gets at most {per_day} call{'s' if per_day != 1 else ''} a day")
    if "weekly" in deferral.code:
        reasons.append(f"at most {per_week} calls in any 7 days")
    return ("Deferred: " + " and ".join(reasons) + ".") if reasons else deferral.reason


def _usage_at(moment: datetime, patient: Patient, placed: list[datetime], past: list[datetime]) -> rules.Usage:
    """What rules.usage_for_patients would count at `moment`, from known attempt times."""
    start_of_day = rules.local_midnight(moment, patient.time_zone)
    week_start = moment - rules.WEEK
    usage = rules.Usage()
    times = [t for t in [*past, *placed] if week_start < t <= moment]
    usage.add(today=sum(1 for t in times if t >= start_of_day), week=len(times), oldest=min(times, default=None))
    return usage


def expected_times(
    *, patient: Patient, calls: list[CallScheduleItem], now: datetime | None = None
) -> list[ExpectedCall]:
    """Each planned call with the time dispatch is expected to place it, and why it moved."""
    now = now or timezone.now()
    window = patient.calling_window()
    past: list[datetime] = []
    placed: list[datetime] = []
    if patient.pk:
        past = list(
            rules.counted_records()
            .filter(patient=patient, started_at__gt=now - rules.WEEK)
            .values_list("started_at", flat=True)
        )
        placed = list(
            CallScheduleItem.objects.filter(patient=patient, status=CallStatus.PENDING).values_list(
                "next_attempt_at", flat=True
            )
        )
    results = []
    for call in sorted(calls, key=lambda c: (c.scheduled_for, c.priority)):
        at, reason = call.scheduled_for, ""
        for _ in range(MAX_MOVES):
            deferral = rules.deferral_for(
                _usage_at(at, patient, placed, past), zone_name=patient.time_zone, window=window, now=at
            )
            if deferral is None:
                break
            at, reason = deferral.until, _preview_reason(deferral)
        else:
            results.append(ExpectedCall(call=call, planned=call.scheduled_for, expected=None, reason=reason))
            continue
        if call.deadline is not None and at > call.deadline:
            results.append(ExpectedCall(call=call, planned=call.scheduled_for, expected=None, reason=reason))
            continue
        placed.append(at)
        results.append(ExpectedCall(call=call, planned=call.scheduled_for, expected=at, reason=reason))
    return results
