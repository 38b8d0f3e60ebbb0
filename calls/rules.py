"""Calling-frequency rules: at most CALLS_PER_DAY_MAX calls a day and CALLS_PER_WEEK_MAX a week per patient.

The TCPA healthcare exemption allows one call a day and three a week per patient; settings may
lower these limits, never raise them (postop/settings.py refuses higher values at startup and
`limits()` clamps again here).

What counts: every attempt that was dialled, i.e. every CallRecord of an outbound call, whatever
its outcome. A no-answer or busy attempt counts because the patient's phone rang; a retry of the
same call is another call to the patient. Two kinds of records do not count:
  - attempts that failed because of the clinic's own phone setup (configuration_problem), or
    because LiveKit could not be reached (transport_failure: refused, DNS, no answer to the agent
    dispatch): the call never reached the phone network, so nothing rang;
  - inbound calls (the patient phoned the clinic: created by the agent with no parent attempt).
A call the patient asked for (a reminder scheduled by the agent, patient_requested) is an
outbound call like any other: it counts and it is limited.

"A day" is the patient's local calendar day (midnight to midnight in their time zone), because
that is the day the patient lives in. "A week" is a rolling 7 x 24 hours: a calendar week would
allow three calls on a Saturday and three more on the Monday, six in three days; with a rolling
week no 7-day stretch ever holds more than three.

A call that would break a limit is deferred, not dropped: it stays pending, its next_attempt_at
moves to the first moment both limits allow again (moved into the patient's calling window), and
its status_reason says why in plain words. A call whose deadline comes before that slot fails
for a nurse to look at instead. The dispatcher applies the rules before it claims calls
(`defer_capped_due_calls`) and call_execute re-checks them when it is about to dial
(`defer_at_dial`), under a lock on the patient's row so two workers cannot both dial one patient.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet, Value
from django.utils import timezone

from calls.id_lists import IdIn
from calls.models import CallRecord, CallScheduleItem, CallStatus, CreatedBy
from calls.timing import TimingSpecError, get_zone, move_into_window
from patients.models import Patient

logger = logging.getLogger("calls.rules")

# The legal maxima (TCPA healthcare exemption, FCC 2015 order). Settings may only lower them.
LEGAL_CALLS_PER_DAY_MAX = 1
LEGAL_CALLS_PER_WEEK_MAX = 3
WEEK = timedelta(days=7)


def limits() -> tuple[int, int]:
    """(calls a day, calls a week) in force: the settings, never above the legal maxima."""
    per_day = min(int(settings.CALLS_PER_DAY_MAX), LEGAL_CALLS_PER_DAY_MAX)
    per_week = min(int(settings.CALLS_PER_WEEK_MAX), LEGAL_CALLS_PER_WEEK_MAX)
    return max(per_day, 1), max(per_week, 1)


def counted_records() -> QuerySet[CallRecord]:
    """The attempts that count against the limits (see the module docstring)."""
    inbound = Q(call__created_by=CreatedBy.AGENT, call__parent_record__isnull=True)
    return CallRecord.objects.exclude(configuration_problem=True).exclude(transport_failure=True).exclude(inbound)


def local_midnight(now: datetime, zone_name: str) -> datetime:
    """The start of the patient's local calendar day containing `now`, as aware UTC."""
    zone = get_zone(zone_name)
    return datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone).astimezone(UTC)


def next_local_midnight(now: datetime, zone_name: str) -> datetime:
    zone = get_zone(zone_name)
    day = now.astimezone(zone).date() + timedelta(days=1)
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


@dataclass
class Usage:
    """How many counted calls a patient had today (their local day) and in the rolling week."""

    today: int = 0
    week: int = 0
    oldest_in_week: datetime | None = None

    def add(self, *, today: int, week: int, oldest: datetime | None) -> None:
        self.today += today
        self.week += week
        if oldest is not None and (self.oldest_in_week is None or oldest < self.oldest_in_week):
            self.oldest_in_week = oldest


@dataclass(frozen=True)
class Deferral:
    until: datetime
    reason: str
    code: str


def _zones_filter(zones: Iterable[str], now: datetime, field: str, zone_field: str) -> Q | None:
    """`field` is on or after local midnight in the patient's zone, for each zone in `zones`."""
    condition: Q | None = None
    for zone_name in sorted(set(zones)):
        try:
            midnight = local_midnight(now, zone_name)
        except TimingSpecError:
            continue
        zone_condition = Q(**{zone_field: zone_name, f"{field}__gte": midnight})
        condition = zone_condition if condition is None else condition | zone_condition
    return condition


def usage_for_patients(
    *, patient_ids: Iterable[int], zones: Iterable[str], now: datetime, include_queued: bool
) -> dict[int, Usage]:
    """Counted calls per patient, today and this week: one grouped query over the recent attempts.

    With `include_queued`, calls already claimed but not dialled yet count too: they are about
    to ring. The ids go to the database as one parameter (calls/id_lists.py).
    """
    zones = list(zones)
    patient_ids = list(patient_ids)
    since = now - WEEK
    usage: dict[int, Usage] = defaultdict(Usage)
    today_filter = _zones_filter(zones, now, "started_at", "patient__time_zone")
    # Through record_patient_started_idx: these patients' attempts of the last week only, however
    # long their history (each record carries its call's patient).
    rows = (
        counted_records()
        .filter(IdIn("patient_id", patient_ids), started_at__gt=since, started_at__lte=now)
        .values("patient_id")
        .annotate(
            week=Count("id"),
            today=Count("id", filter=today_filter) if today_filter is not None else Value(0),
            oldest=Min("started_at"),
        )
        .values_list("patient_id", "today", "week", "oldest")
        .order_by()
    )
    for patient_id, today, week, oldest in rows:
        usage[patient_id].add(today=today, week=week, oldest=oldest)
    if include_queued:
        # Queued calls are few (never more than MAX_CONCURRENT_CALLS): read them all through the
        # status index and keep these patients', instead of walking each patient's call history.
        wanted = set(patient_ids)
        queued: dict[int, int] = defaultdict(int)
        for patient_id in CallScheduleItem.objects.filter(status=CallStatus.QUEUED).values_list(
            "patient_id", flat=True
        ):
            if patient_id in wanted:
                queued[patient_id] += 1
        for patient_id, n in queued.items():
            usage[patient_id].add(today=n, week=n, oldest=now)
    return dict(usage)


def deferral_for(usage: Usage | None, *, zone_name: str, window: tuple[time, time], now: datetime) -> Deferral | None:
    """None when one more call is allowed now; else the first allowed moment and the reason."""
    if usage is None:
        return None
    per_day, per_week = limits()
    until: datetime | None = None
    reasons: list[str] = []
    code = ""
    if usage.today >= per_day:
        until = next_local_midnight(now, zone_name)
        reasons.append(f"the patient already had a call today (limit {per_day} a day)")
        code = "daily_limit"
    if usage.week >= per_week:
        oldest = usage.oldest_in_week or now
        week_free = max(oldest + WEEK, now + timedelta(minutes=1))
        until = week_free if until is None else max(until, week_free)
        reasons.append(f"the patient already had {usage.week} calls in the last 7 days (limit {per_week} a week)")
        code = code + "+weekly_limit" if code else "weekly_limit"
    if until is None:
        return None
    until = move_into_window(until, zone_name, window)
    text = "Deferred: " + " and ".join(reasons) + "."
    return Deferral(until=until, reason=text[:300], code=code)


def _deadline_reason(deferral: Deferral) -> str:
    why = deferral.reason.removeprefix("Deferred: ").rstrip(".")
    return (
        f"Not placed: {why}, and the next allowed time is after this call's deadline. "
        "Call the patient yourself if this call still matters."
    )[:300]


def _apply_deferral(calls: QuerySet[CallScheduleItem], *, deferral: Deferral, now: datetime) -> tuple[int, int]:
    """Move `calls` (pending or queued) to the deferral's slot, or fail those whose deadline comes first."""
    in_time = calls.filter(Q(deadline__isnull=True) | Q(deadline__gte=deferral.until))
    moved = in_time.update(
        status=CallStatus.PENDING,
        next_attempt_at=deferral.until,
        status_reason=deferral.reason,
        lease_expires_at=None,
        updated_at=now,
    )
    failed = calls.filter(deadline__lt=deferral.until).update(
        status=CallStatus.FAILED,
        status_reason=_deadline_reason(deferral),
        needs_attention=True,
        lease_expires_at=None,
        updated_at=now,
    )
    return moved, failed


class DueCall(NamedTuple):
    """A due call as the dispatcher read and screened it (calls/services.py `_screen`)."""

    pk: int
    patient_id: int
    priority: int
    deadline: datetime | None
    time_zone: str
    window: tuple[time, time]  # the patient's calling window (Patient.calling_window())


def _first_due(calls: list[DueCall]) -> DueCall:
    """Of one patient's due calls (in due order), the one to place today: earliest deadline (none: last),
    then most urgent, then the first due."""
    order = {call.pk: i for i, call in enumerate(calls)}
    return min(calls, key=lambda c: (c.deadline is None, c.deadline or _NO_DEADLINE, c.priority, order[c.pk]))


_NO_DEADLINE = datetime.max.replace(tzinfo=UTC)


def defer_capped_due_calls(*, due: Iterable[DueCall], now: datetime) -> set[int]:
    """Before the dispatcher claims: defer the due calls that would break a limit. Returns their ids.

    `due` is what the dispatcher picked and screened (pending, next_attempt_at reached), as it
    read them, in due order (next_attempt_at, priority, id). Two grouped queries whatever the
    backlog, over these calls' patients only: their recent attempts and their calls already
    queued; patients with more than one due call are found in `due` itself. Only the patients
    found there are touched; a patient with several due calls keeps one (earliest deadline, then
    priority) and the others wait for the next day, since one call a day is the most the limits
    ever allow. The UPDATEs re-check that each call is still pending and due.
    """
    by_patient: dict[int, list[DueCall]] = defaultdict(list)
    for call in due:
        by_patient[call.patient_id].append(call)
    if not by_patient:
        return set()
    usage = usage_for_patients(
        patient_ids=by_patient,
        zones={calls[0].time_zone for calls in by_patient.values()},
        now=now,
        include_queued=True,
    )
    keep = {patient_id: _first_due(calls).pk for patient_id, calls in by_patient.items() if len(calls) > 1}
    touched = set(usage) | set(keep)
    if not touched:
        return set()
    per_day, _ = limits()
    deferred: set[int] = set()
    for patient_id in sorted(touched):
        first = by_patient[patient_id][0]
        zone_name, window = first.time_zone, first.window
        own = usage.get(patient_id)
        deferral = deferral_for(own, zone_name=zone_name, window=window, now=now)
        ids = [call.pk for call in by_patient[patient_id]]
        if deferral is None:
            if patient_id not in keep:
                continue
            # One call goes now; it will use today's allowance, so the others wait.
            after = Usage()
            after.add(today=(own.today if own else 0) + 1, week=(own.week if own else 0) + 1, oldest=now)
            deferral = deferral_for(after, zone_name=zone_name, window=window, now=now)
            if deferral is None:
                continue  # only when the limits allow several calls a day, which the law does not
            deferral = Deferral(
                until=deferral.until,
                reason=(
                    "Deferred: another call to this patient is due now, and the patient gets at most "
                    f"{per_day} call{'s' if per_day != 1 else ''} a day."
                ),
                code="one_at_a_time",
            )
            ids.remove(keep[patient_id])
        calls = CallScheduleItem.objects.filter(IdIn("pk", ids), status=CallStatus.PENDING, next_attempt_at__lte=now)
        moved, failed = _apply_deferral(calls, deferral=deferral, now=now)
        deferred.update(ids)
        if moved or failed:
            logger.info(
                "calls deferred patient=%s moved=%s failed=%s reason=%s until=%s",
                Patient(pk=patient_id).ref,
                moved,
                failed,
                deferral.code,
                deferral.until.isoformat(),
            )
    return deferred


def defer_at_dial(*, call: CallScheduleItem, now: datetime | None = None) -> bool:
    """At dial time, inside call_execute's transaction: True (and the call deferred) when dialling would break a limit.

    Locks the patient's row first, so two workers about to dial the same patient take turns and
    the second sees the first one's attempt.
    """
    now = now or timezone.now()
    patient = Patient.objects.select_for_update().get(pk=call.patient_id)
    usage = usage_for_patients(patient_ids=[patient.pk], zones=[patient.time_zone], now=now, include_queued=False)
    deferral = deferral_for(
        usage.get(patient.pk), zone_name=patient.time_zone, window=patient.calling_window(), now=now
    )
    if deferral is None:
        return False
    _moved, failed = _apply_deferral(
        CallScheduleItem.objects.filter(pk=call.pk, status=CallStatus.QUEUED), deferral=deferral, now=now
    )
    logger.info(
        "call_state call=%s attempt=%s status=queued->%s outcome=- reason=%s",
        call.ref,
        call.attempts,
        "failed" if failed else "pending",
        deferral.code,
    )
    return True
