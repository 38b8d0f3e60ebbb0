"""The call state machine: dispatch, execution, completion, retries, recovery and nurse actions.

    pending -> queued -> in_progress -> completed | voicemail | failed
    pending on retry; cancelled by a nurse or an opt-out.
    pending | queued -> on_hold -> pending | cancelled while the patient is back in hospital
    (calls/holds/services.py; nothing here claims or dials a held call).

Every transition is a conditional UPDATE on the current status, so two workers (or a worker
and a nurse) racing on the same call cannot both win. Every transition logs one structured
line through the "calls.state" logger: call ref, attempt, old -> new status, outcome and a
short reason code (a dispatch's pending -> queued claims: one line per claimed batch, listing
its call refs). Never a name, a phone number or transcript text.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, time, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from calls import rules
from calls.dialing import backends as dialer
from calls.id_lists import IdIn, id_list_sql
from calls.models import (
    ACTIVE_STATUSES,
    CallOutcome,
    CallRecord,
    CallScheduleItem,
    CallStatus,
)
from calls.timing import TimingSpecError, in_window, move_into_window
from patients.models import Patient
from postop.audit import audit_updated
from postop.models import Clinic

logger = logging.getLogger("calls.state")

# Serialises dispatchers on PostgreSQL so MAX_CONCURRENT_CALLS holds across clusters.
_DISPATCH_LOCK_KEY = 0x504F5354  # "POST"

RETRYABLE_OUTCOMES = frozenset({CallOutcome.BUSY, CallOutcome.NO_ANSWER, CallOutcome.FAILED})
PERMANENT_OUTCOMES = frozenset({CallOutcome.WRONG_NUMBER, CallOutcome.DECLINED, CallOutcome.CANCELLED})

REASON_DNC = "The patient asked not to be called (do not call), so this call was cancelled."
REASON_DEADLINE = "The call's deadline passed before the patient was reached. Call the patient yourself if needed."
REASON_WORKER_LOST = "worker lost: no progress before the call's lease expired"
REASON_TRANSPORT = (
    "LiveKit could not be reached on attempt {attempt} of {max_attempts} (an outage, not the patient): "
    "nothing rang, so it does not count against the patient's calling limits. Will try again."
)
REASON_WAITING_FOR_WINDOW = "Due outside the patient's calling window; it waits for the window's next opening."
REASON_WINDOW_AFTER_DEADLINE = (
    "The call's deadline comes before the patient's next calling window, so it was not placed. "
    "Call the patient yourself if needed."
)
REASON_OUT_OF_WINDOW = (
    "Outside the patient's calling window when the call was about to be dialled; moved to the window."
)


class CallActionError(ValidationError):
    """A nurse's action that the call's current state does not allow; the message says what to do."""


# --- logging ------------------------------------------------------------------------------------


def _log_transition(*, call_id: int, attempt: int, old: str, new: str, outcome: str = "", reason: str = "") -> None:
    logger.info(
        "call_state call=call-%s attempt=%s status=%s->%s outcome=%s reason=%s",
        call_id,
        attempt,
        old,
        new,
        outcome or "-",
        reason or "-",
        extra={
            "call_ref": f"call-{call_id}",
            "attempt": attempt,
            "old_status": old,
            "new_status": new,
            "outcome": outcome,
        },
    )


def _log_dispatched(rows: list[tuple[Any, ...]]) -> None:
    """One line per claimed batch (and attempt number) listing its call refs, not one per call.

    A dispatch can claim thousands of calls; a formatted record each would cost more than the
    claim. The line carries what a per-call line would: the refs, attempt, transition, reason.
    """
    if not rows or not logger.isEnabledFor(logging.INFO):
        return
    by_attempt: dict[int, list[int]] = defaultdict(list)
    for pk, _priority, attempts, _due_at in rows:
        by_attempt[attempts].append(pk)
    for attempt, ids in sorted(by_attempt.items()):
        logger.info(
            "call_state calls=%s count=%s attempt=%s status=pending->queued outcome=- reason=dispatched",
            ",".join(f"call-{pk}" for pk in ids),
            len(ids),
            attempt,
        )


# --- small helpers ------------------------------------------------------------------------------


def _lease() -> timedelta:
    return timedelta(minutes=settings.CALL_LEASE_MINUTES)


def retry_delay(attempt: int, *, rng: random.Random | None = None) -> timedelta:
    """Backoff before the attempt after `attempt`: base * factor^(attempt-1), capped, plus 0-10% jitter."""
    base = float(settings.CALL_RETRY_BASE_MINUTES)
    factor = float(settings.CALL_RETRY_FACTOR)
    cap = float(settings.CALL_RETRY_CAP_MINUTES)
    minutes = min(base * factor ** max(attempt - 1, 0), cap)
    jitter = (rng or random).uniform(0, 0.1) * minutes
    return timedelta(minutes=minutes + jitter)


def _window_text(start: time, end: time, zone: str) -> str:
    return f"{start:%H:%M}-{end:%H:%M} ({zone})"


def _update_returning(
    subquery: QuerySet[CallScheduleItem],
    *,
    values: dict[str, Any],
    from_statuses: Iterable[str],
    returning: tuple[str, ...] = ("id", "attempts"),
    sortable_time: str | None = None,
) -> list[tuple[Any, ...]]:
    """UPDATE the rows whose pk `subquery` selects (still in one of `from_statuses`); return `returning`.

    One statement, set-based: `UPDATE ... WHERE id IN (<queryset>) AND status IN (...) RETURNING`.
    The status condition is re-checked on the row itself, so a row another transaction moved
    in the meantime is skipped (PostgreSQL re-evaluates it after the concurrent commit).
    """
    model = CallScheduleItem
    meta = model._meta
    qn = connection.ops.quote_name
    sub_sql, sub_params = subquery.query.sql_with_params()
    assignments: list[str] = []
    params: list[Any] = []
    for name, value in values.items():
        field = meta.get_field(name)
        assignments.append(f"{qn(field.column)} = %s")
        params.append(field.get_db_prep_save(value, connection))
    statuses = list(from_statuses)
    returned = [qn(meta.get_field(name).column) for name in returning]
    if sortable_time:
        # A UTC timestamp as text sorts like the timestamp and loads far faster than a datetime.
        column = qn(meta.get_field(sortable_time).column)
        returned.append(f"CAST({column} AS TEXT)" if connection.vendor == "postgresql" else column)
    # Only quoted model identifiers and Django-compiled SQL are interpolated; values are parameters.
    # The subquery is a MATERIALIZED CTE so it runs exactly once: as a plain `IN (SELECT ... LIMIT n
    # FOR UPDATE SKIP LOCKED)` PostgreSQL may rescan it and update more than n rows.
    sql = (
        f"WITH picked AS MATERIALIZED ({sub_sql}) "  # noqa: S608
        f"UPDATE {qn(meta.db_table)} SET {', '.join(assignments)} "
        f"WHERE {qn(meta.pk.column)} IN (SELECT {qn('pk')} FROM picked) "
        f"AND {qn(meta.get_field('status').column)} IN ({', '.join(['%s'] * len(statuses))}) "
        f"RETURNING {', '.join(returned)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*sub_params, *params, *statuses])
        return list(cursor.fetchall())


# --- dispatch -----------------------------------------------------------------------------------
#
# A dispatch costs what the free capacity costs, never what the table holds: it reads at most
# DISPATCH_LOOKAHEAD x the free slots of due calls through the partial due index (pending rows
# only, so past final rows are never read), applies the do-not-call, deadline, calling-window
# and calling-frequency rules to those rows alone, and claims from what is left.

# Due calls read beyond the free slots, to absorb calls the rules close, move or defer: three per
# slot, at most DISPATCH_LOOKAHEAD_MAX (a large batch needs proportionally fewer spares).
DISPATCH_LOOKAHEAD = 3
DISPATCH_LOOKAHEAD_MAX = 100
# At most this many free slots are filled per round (bounds one read when capacity is huge).
DISPATCH_PICK_MAX = 5_000
# A dispatch stops after this many rounds; the minute schedule picks up whatever is left.
DISPATCH_MAX_ROUNDS = 50


# What the screen reads of a picked call and its patient (see Patient.calling_window()).
_SCREEN_FIELDS = (
    "id",
    "patient_id",
    "priority",
    "deadline",
    "patient__do_not_call",
    "patient__time_zone",
    "patient__calling_window_start",
    "patient__calling_window_end",
    "patient__clinic__calling_window_start",
    "patient__clinic__calling_window_end",
)


def _due(now: datetime) -> QuerySet[CallScheduleItem]:
    return CallScheduleItem.objects.filter(status=CallStatus.PENDING, next_attempt_at__lte=now)


def _sweep_past_deadline(now: datetime) -> None:
    """Due calls whose deadline passed fail for a nurse, whether or not a slot is free.

    Read through call_deadline_idx (pending rows with a deadline), so the cost follows the
    calls that actually went late, not the table.
    """
    late = list(_due(now).filter(deadline__lt=now).values_list("pk", flat=True))
    _close_pending(
        late, status=CallStatus.FAILED, reason=REASON_DEADLINE, code="deadline_passed", now=now, attention=True
    )


def _close_pending(
    ids: list[int], *, status: str, reason: str, code: str, now: datetime, attention: bool = False
) -> None:
    """Close still-pending calls for good (one conditional UPDATE), logging each transition."""
    if not ids:
        return
    values: dict[str, Any] = {"status": status, "status_reason": reason, "lease_expires_at": None, "updated_at": now}
    if attention:
        values["needs_attention"] = True
    rows = _update_returning(
        CallScheduleItem.objects.filter(IdIn("pk", ids)).values("pk"), values=values, from_statuses=[CallStatus.PENDING]
    )
    for pk, attempts in rows:
        _log_transition(call_id=pk, attempt=attempts, old="pending", new=status, reason=code)


def _move_to_window(moves: dict[datetime, list[int]], *, now: datetime) -> None:
    """Due calls outside their patient's calling window wait for its next opening (or fail if past their deadline)."""
    for slot, ids in moves.items():
        waiting = CallScheduleItem.objects.filter(IdIn("pk", ids), status=CallStatus.PENDING, next_attempt_at__lte=now)
        moved = list(waiting.filter(Q(deadline__isnull=True) | Q(deadline__gte=slot)).values_list("pk", "attempts"))
        if moved:
            waiting.filter(IdIn("pk", [pk for pk, _ in moved])).update(
                next_attempt_at=slot, status_reason=REASON_WAITING_FOR_WINDOW, updated_at=now
            )
            for pk, attempts in moved:
                _log_transition(call_id=pk, attempt=attempts, old="pending", new="pending", reason="outside_window")
        too_late = list(waiting.filter(deadline__lt=slot).values_list("pk", flat=True))
        _close_pending(
            too_late,
            status=CallStatus.FAILED,
            reason=REASON_WINDOW_AFTER_DEADLINE,
            code="deadline_before_window",
            now=now,
            attention=True,
        )


class _Picked(NamedTuple):
    pk: int
    patient_id: int
    priority: int
    deadline: datetime | None
    do_not_call: bool
    time_zone: str
    window_start: time | None
    window_end: time | None
    clinic_window_start: time | None
    clinic_window_end: time | None


def _screen(picked: list[_Picked], now: datetime) -> list[int]:
    """Apply the rules to the picked due calls; return the ids that may be claimed, in due order.

    Do-not-call patients: cancelled. Passed deadline: failed. Outside the patient's calling
    window: next_attempt_at moves to the window's next opening, so the call leaves the due set
    instead of being read again every minute. Calling-frequency limits: deferred
    (calls/rules.py), looking only at these calls' patients.
    """
    dnc: list[int] = []
    late: list[int] = []
    moves: dict[datetime, list[int]] = defaultdict(list)
    ready: list[rules.DueCall] = []
    # Patients share zones and windows: one answer per (zone, own window): the window, and now when
    # it is open, its next opening when not, or None when the zone is unknown.
    slots: dict[tuple[str, time | None, ...], tuple[tuple[time, time], datetime | None]] = {}
    for call in picked:
        if call.do_not_call:
            dnc.append(call.pk)
            continue
        if call.deadline is not None and call.deadline < now:
            late.append(call.pk)
            continue
        key = (call.time_zone, call.window_start, call.window_end, call.clinic_window_start, call.clinic_window_end)
        if key not in slots:
            # Patient.calling_window() is the one definition of the window (clinic and legal limits).
            clinic = Clinic(calling_window_start=call.clinic_window_start, calling_window_end=call.clinic_window_end)
            window = Patient(
                clinic=clinic, calling_window_start=call.window_start, calling_window_end=call.window_end
            ).calling_window()
            try:
                opening = (
                    now if in_window(now, call.time_zone, window) else move_into_window(now, call.time_zone, window)
                )
            except TimingSpecError:
                opening = None
            slots[key] = (window, opening)
        window, slot = slots[key]
        if slot is None:
            logger.warning("dispatch skipped a call with an unknown patient time zone call=call-%s", call.pk)
        elif slot == now:
            ready.append(rules.DueCall(call.pk, call.patient_id, call.priority, call.deadline, call.time_zone, window))
        else:
            moves[slot].append(call.pk)
    with transaction.atomic():
        _close_pending(dnc, status=CallStatus.CANCELLED, reason=REASON_DNC, code="do_not_call", now=now)
        _close_pending(
            late, status=CallStatus.FAILED, reason=REASON_DEADLINE, code="deadline_passed", now=now, attention=True
        )
        _move_to_window(moves, now=now)
    if not ready:
        return []
    # --- calling-frequency rules (calls/rules.py): defer the picked calls that would break the
    # daily or weekly limit before claiming; they leave the due set (next_attempt_at moves forward).
    deferred = rules.defer_capped_due_calls(due=ready, now=now)
    # --- end calling-frequency rules
    return [call.pk for call in ready if call.pk not in deferred]


def _claim_listed(ids: list[int], *, now: datetime) -> list[tuple[Any, ...]]:
    """Claim every call of `ids` that is still claimable, in one UPDATE with the conditions on the row.

    For a batch that fits the free slots: no LIMIT, so no subquery to pick the rows first (the
    pick and the update would each look every row up). The conditions are those of `_claim`'s
    candidates (pending, due, in time, patient not do-not-call); PostgreSQL re-checks the row's
    own ones on a row another transaction changed meanwhile.
    """
    meta = CallScheduleItem._meta
    qn = connection.ops.quote_name
    table = qn(meta.db_table)
    patients = qn(Patient._meta.db_table)

    def col(name: str) -> str:
        return f"{table}.{qn(meta.get_field(name).column)}"

    def prep(name: str, value: Any) -> Any:
        return meta.get_field(name).get_db_prep_save(value, connection)

    values = {
        "status": CallStatus.QUEUED,
        "claimed_at": now,
        "lease_expires_at": now + _lease(),
        "status_reason": "",
        "updated_at": now,
    }
    listed, listed_params = id_list_sql(col("id"), ids, connection.vendor)
    due_at = qn(meta.get_field("next_attempt_at").column)
    sortable = f"CAST({due_at} AS TEXT)" if connection.vendor == "postgresql" else due_at
    # Only quoted model identifiers are interpolated; values are parameters.
    sql = (
        f"UPDATE {table} SET {', '.join(f'{qn(meta.get_field(name).column)} = %s' for name in values)} "  # noqa: S608
        f"WHERE {listed} AND {col('status')} = %s AND {col('next_attempt_at')} <= %s "
        f"AND ({col('deadline')} IS NULL OR {col('deadline')} >= %s) "
        f"AND NOT EXISTS (SELECT 1 FROM {patients} WHERE {patients}.{qn(Patient._meta.pk.column)} = {col('patient')} "
        f"AND {patients}.{qn(Patient._meta.get_field('do_not_call').column)}) "
        f"RETURNING {', '.join(qn(meta.get_field(name).column) for name in ('id', 'priority', 'attempts'))}, {sortable}"
    )
    params = [
        *(prep(name, value) for name, value in values.items()),
        *listed_params,
        CallStatus.PENDING,
        prep("next_attempt_at", now),
        prep("deadline", now),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def _claim(ready_ids: list[int], *, now: datetime, batch_size: int) -> list[tuple[Any, ...]] | None:
    """Claim up to the free capacity of `ready_ids` (pending -> queued); None when no slot is free.

    No row locks in the read: dispatchers are serialised (advisory lock on PostgreSQL,
    IMMEDIATE transactions on SQLite) and the UPDATE re-checks that each call is still pending,
    due, callable and in time, so a call moved meanwhile is skipped. A batch that fits the free
    slots is claimed whole (`_claim_listed`); a larger one through a LIMITed pick in due order.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_DISPATCH_LOCK_KEY])
        free = settings.MAX_CONCURRENT_CALLS - CallScheduleItem.objects.filter(status__in=ACTIVE_STATUSES).count()
        if free <= 0:
            return None
        if not ready_ids:
            return []
        if len(ready_ids) <= free:
            return _claim_listed(ready_ids, now=now)
        candidates = (
            _due(now)
            .filter(IdIn("pk", ready_ids), patient__do_not_call=False)
            .filter(Q(deadline__isnull=True) | Q(deadline__gte=now))
            .order_by("next_attempt_at", "priority", "id")
        )
        return _update_returning(
            candidates.values("pk")[: min(free, batch_size)],
            values={
                "status": CallStatus.QUEUED,
                "claimed_at": now,
                "lease_expires_at": now + _lease(),
                "status_reason": "",
                "updated_at": now,
            },
            from_statuses=[CallStatus.PENDING],
            returning=("id", "priority", "attempts"),
            sortable_time="next_attempt_at",
        )


def call_dispatch_due(*, now: datetime | None = None) -> list[int]:
    """Claim the calls that are due now (pending -> queued) and return their ids, most overdue first.

    Due: pending, next_attempt_at reached, deadline not passed, patient not do-not-call and
    inside their calling window. Never more than MAX_CONCURRENT_CALLS calls queued or in
    progress; the others wait, in order of due time then priority. Each round reads the free
    slots' worth of due calls plus a few spares (DISPATCH_LOOKAHEAD), screens them once and
    claims them in batches of DISPATCH_BATCH_SIZE, each one statement in its own short transaction.
    """
    now = now or timezone.now()
    _sweep_past_deadline(now)
    capacity = settings.MAX_CONCURRENT_CALLS
    batch_size = settings.DISPATCH_BATCH_SIZE
    claimed: list[tuple[int, Any, int]] = []
    last_picked: list[int] = []
    for _round in range(DISPATCH_MAX_ROUNDS):
        free = capacity - CallScheduleItem.objects.filter(status__in=ACTIVE_STATUSES).count()
        if free <= 0:
            break
        take = min(free, DISPATCH_PICK_MAX)
        size = take + min(take * DISPATCH_LOOKAHEAD, DISPATCH_LOOKAHEAD_MAX)
        picked = [
            _Picked(*row)
            for row in _due(now).order_by("next_attempt_at", "priority", "id").values_list(*_SCREEN_FIELDS)[:size]
        ]
        picked_ids = [call.pk for call in picked]
        if not picked or picked_ids == last_picked:
            break  # nothing due, or the same calls the last round looked at and left
        last_picked = picked_ids
        ready_ids = _screen(picked, now)
        full = False
        for start in range(0, len(ready_ids), batch_size):
            rows = _claim(ready_ids[start : start + batch_size], now=now, batch_size=batch_size)
            if rows is None:
                full = True
                break
            claimed.extend((pk, due_at, priority) for pk, priority, _, due_at in rows)
            _log_dispatched(rows)
        if full or len(picked) < size:
            break  # no slot left, or the whole due set was read
    else:
        logger.info("dispatch stopped after %s rounds; the next run continues", DISPATCH_MAX_ROUNDS)
    claimed.sort(key=lambda row: (row[1], row[2], row[0]))
    return [pk for pk, _, _ in claimed]


# --- execution ----------------------------------------------------------------------------------


def _move_queued(call: CallScheduleItem, *, to: str, reason: str, code: str, **fields: Any) -> bool:
    now = timezone.now()
    moved = CallScheduleItem.objects.filter(pk=call.pk, status=CallStatus.QUEUED).update(
        status=to, status_reason=reason, lease_expires_at=None, updated_at=now, **fields
    )
    if moved:
        _log_transition(call_id=call.pk, attempt=call.attempts, old="queued", new=to, reason=code)
    return bool(moved)


def call_execute(*, call_id: int) -> None:
    """Place one attempt of a queued call. A second execution of the same call does nothing."""
    call = CallScheduleItem.objects.select_related("patient").filter(pk=call_id).first()
    if call is None or call.status != CallStatus.QUEUED:
        logger.info("call_execute skipped call=call-%s status=%s", call_id, call.status if call else "missing")
        return
    patient = call.patient
    now = timezone.now()
    window = patient.calling_window()
    if patient.do_not_call:
        _move_queued(call, to=CallStatus.CANCELLED, reason=REASON_DNC, code="do_not_call")
        return
    if call.deadline is not None and call.deadline < now:
        _move_queued(call, to=CallStatus.FAILED, reason=REASON_DEADLINE, code="deadline_passed", needs_attention=True)
        return
    if not in_window(now, patient.time_zone, window):
        _move_queued(
            call,
            to=CallStatus.PENDING,
            reason=REASON_OUT_OF_WINDOW,
            code="outside_window",
            next_attempt_at=move_into_window(now, patient.time_zone, window),
        )
        return

    with transaction.atomic():
        # --- calling-frequency rules (calls/rules.py): re-checked at dial time under the patient's row lock.
        if rules.defer_at_dial(call=call, now=now):
            return
        # --- end calling-frequency rules
        claimed = CallScheduleItem.objects.filter(pk=call_id, status=CallStatus.QUEUED).update(
            status=CallStatus.IN_PROGRESS,
            attempts=F("attempts") + 1,
            claimed_at=now,
            lease_expires_at=now + _lease(),
            status_reason="",
            updated_at=now,
        )
        if not claimed:
            logger.info("call_execute skipped call=call-%s reason=claimed_elsewhere", call_id)
            return
        call.refresh_from_db()
        record = CallRecord.objects.create(
            call=call,
            patient_id=call.patient_id,
            attempt=call.attempts,
            backend=settings.DIALER_BACKEND,
            started_at=now,
            last_activity_at=now,
        )
    _log_transition(call_id=call.pk, attempt=call.attempts, old="queued", new="in_progress", reason="dialling")

    try:
        result = dialer.place_call(call, record)
    except Exception as exc:  # the dialer is the outside edge: never lose the call to it
        logger.warning("dialer raised call=call-%s attempt=%s error=%s", call.pk, record.attempt, type(exc).__name__)
        call_finish(
            record=record,
            outcome=CallOutcome.FAILED,
            error=f"The dialer failed unexpectedly ({type(exc).__name__}: {exc})"[:2000],
            retryable=True,
        )
        return
    _record_dial_result(record=record, result=result)


def _record_dial_result(*, record: CallRecord, result: dialer.DialResult) -> None:
    now = timezone.now()
    with transaction.atomic():
        locked = CallRecord.objects.select_for_update().get(pk=record.pk)
        if result.room_name and not locked.room_name:
            locked.room_name = result.room_name
        if result.dispatch_id and not locked.dispatch_id:
            locked.dispatch_id = result.dispatch_id
        if result.answered and locked.answered_at is None:
            locked.answered_at = result.answered_at or now
        if locked.ended_at is None:
            locked.last_activity_at = now
        locked.save(update_fields=["room_name", "dispatch_id", "answered_at", "last_activity_at"])
        if result.answered:
            if locked.ended_at is None:
                # The agent owns the call now; its completion arrives through the agent API.
                CallScheduleItem.objects.filter(
                    pk=locked.call_id, status=CallStatus.IN_PROGRESS, attempts=locked.attempt
                ).update(lease_expires_at=now + _lease(), updated_at=now)
            record.refresh_from_db()
            return
    call_finish(
        record=locked,
        outcome=result.outcome or CallOutcome.NO_ANSWER,
        error=result.error,
        sip_status_code=result.sip_status_code,
        sip_status=result.sip_status,
        retryable=result.retryable,
        configuration_problem=result.configuration_problem,
        transport_failure=result.transport_failure,
    )
    record.refresh_from_db()


# --- completion ---------------------------------------------------------------------------------


def _permanent_reason(outcome: str, configuration_problem: bool) -> str:
    if configuration_problem:
        return (
            "The call could not be placed because of a problem with the clinic's phone setup "
            "(LiveKit credentials or SIP trunk); see the attempt's error, fix the setup, then reschedule."
        )
    if outcome == CallOutcome.WRONG_NUMBER:
        return "Wrong or unreachable number. Check the phone number on the patient's record, then reschedule."
    if outcome == CallOutcome.DECLINED:
        return "The patient declined the call. Decide whether a nurse should call back."
    return "The call failed and will not be retried; see the attempt's error."


def call_finish(
    *,
    record: CallRecord,
    outcome: str,
    summary: str = "",
    error: str = "",
    sip_status_code: int | None = None,
    sip_status: str = "",
    retryable: bool | None = None,
    configuration_problem: bool = False,
    transport_failure: bool = False,
    event_id: str = "",
) -> CallScheduleItem:
    """Close one attempt and move its call on. An attempt that already ended is left alone.

    completed / voicemail: final. Retryable (busy, no answer, failures by default): pending
    again after backoff, inside the calling window, or failed + needs attention when out of
    attempts or past the deadline. Permanent (wrong number, declined): failed at once.
    """
    now = timezone.now()
    outcome = CallOutcome(outcome)
    with transaction.atomic():
        locked = CallRecord.objects.select_for_update().get(pk=record.pk)
        call = CallScheduleItem.objects.select_for_update().get(pk=locked.call_id)
        if locked.ended_at is not None:
            return call
        locked.outcome = outcome
        locked.ended_at = now
        locked.last_activity_at = now
        locked.summary = summary or locked.summary
        locked.error = error or locked.error
        locked.sip_status_code = sip_status_code if sip_status_code is not None else locked.sip_status_code
        locked.sip_status = sip_status or locked.sip_status
        locked.configuration_problem = configuration_problem or locked.configuration_problem
        locked.transport_failure = transport_failure or locked.transport_failure
        locked.completion_event_id = event_id or locked.completion_event_id
        locked.save()

        old = call.status
        if old not in ACTIVE_STATUSES or locked.attempt != call.attempts:
            # The call moved on without this attempt (cancelled, recovered, or a newer attempt).
            logger.info(
                "call_finish closed a stale attempt call=call-%s attempt=%s outcome=%s status=%s",
                call.pk,
                locked.attempt,
                outcome,
                old,
            )
            record.refresh_from_db()
            return call

        if retryable is None:
            retryable = outcome in RETRYABLE_OUTCOMES
        code = str(outcome)
        call.lease_expires_at = None
        if outcome in (CallOutcome.COMPLETED, CallOutcome.VOICEMAIL):
            call.status = CallStatus.COMPLETED if outcome == CallOutcome.COMPLETED else CallStatus.VOICEMAIL
            call.status_reason = ""
            call.last_error = ""
        elif outcome == CallOutcome.CANCELLED:
            call.status = CallStatus.CANCELLED
            call.status_reason = "The call was cancelled during the attempt."
        elif retryable:
            call.last_error = error or outcome.label
            if call.attempts >= call.max_attempts:
                call.status = CallStatus.FAILED
                call.needs_attention = True
                call.status_reason = (
                    f"Not reached after {call.attempts} attempts (last: {outcome.label.lower()}). "
                    "Call the patient yourself or reschedule the call."
                )[:300]
                code = "out_of_attempts"
            else:
                patient = call.patient
                next_at = move_into_window(
                    now + retry_delay(call.attempts), patient.time_zone, patient.calling_window()
                )
                if call.deadline is not None and next_at > call.deadline:
                    call.status = CallStatus.FAILED
                    call.needs_attention = True
                    call.status_reason = REASON_DEADLINE
                    code = "deadline_passed"
                else:
                    call.status = CallStatus.PENDING
                    call.next_attempt_at = next_at
                    call.status_reason = (
                        f"{outcome.label} on attempt {call.attempts} of {call.max_attempts}; will try again."
                    )
                    code = f"retry_{outcome}"
                    if transport_failure:
                        call.status_reason = REASON_TRANSPORT.format(
                            attempt=call.attempts, max_attempts=call.max_attempts
                        )
                        code = "retry_livekit_unreachable"
        else:
            call.status = CallStatus.FAILED
            call.needs_attention = True
            call.last_error = error or outcome.label
            call.status_reason = _permanent_reason(outcome, configuration_problem)
            code = f"permanent_{outcome}"
        if configuration_problem or transport_failure:
            # The clinic's side failed (setup or a LiveKit outage), not the patient: a nurse should know.
            call.needs_attention = True
        call.save()
        # --- transitional care (patients/contact.py): a call that reached the patient becomes a
        # follow-up task for a nurse; an AI call never counts as the nurse's contact on its own.
        if outcome == CallOutcome.COMPLETED:
            from patients.contact import followup_task_from_call

            followup_task_from_call(record=locked)
        # --- end transitional care
        # --- structured capture (calls/capture/): declared questions never answered are recorded as such.
        if outcome == CallOutcome.COMPLETED:
            from calls.capture.services import capture_call_completed

            capture_call_completed(record=locked, now=now)
    _log_transition(call_id=call.pk, attempt=locked.attempt, old=old, new=call.status, outcome=outcome, reason=code)
    record.refresh_from_db()
    return call


# --- recovery -----------------------------------------------------------------------------------


def call_recover_stale(*, now: datetime | None = None) -> list[int]:
    """Calls left queued or in progress past their lease go back to pending (or fail when out of attempts).

    An in-progress call keeps the attempt it used (its open record is closed as failed,
    "worker lost"); a queued call was never dialled, so it keeps its attempts. An open
    attempt that showed activity within the lease gets its lease extended instead.
    """
    now = now or timezone.now()
    stale_ids = list(
        CallScheduleItem.objects.filter(status__in=ACTIVE_STATUSES, lease_expires_at__lt=now)
        .order_by("lease_expires_at")
        .values_list("pk", flat=True)
    )
    recovered: list[int] = []
    for call_id in stale_ids:
        with transaction.atomic():
            open_record = (
                CallRecord.objects.select_for_update()
                .filter(call_id=call_id, ended_at__isnull=True)
                .order_by("-attempt")
                .first()
            )
            call = (
                CallScheduleItem.objects.select_for_update()
                .filter(pk=call_id, status__in=ACTIVE_STATUSES, lease_expires_at__lt=now)
                .first()
            )
            if call is None:
                continue
            if (
                open_record is not None
                and open_record.attempt == call.attempts
                and open_record.last_activity_at is not None
                and open_record.last_activity_at + _lease() > now
            ):
                call.lease_expires_at = open_record.last_activity_at + _lease()
                call.save(update_fields=["lease_expires_at", "updated_at"])
                continue
            if open_record is not None:
                open_record.outcome = CallOutcome.FAILED
                open_record.error = REASON_WORKER_LOST
                open_record.ended_at = now
                open_record.save(update_fields=["outcome", "error", "ended_at"])
            old = call.status
            call.lease_expires_at = None
            call.last_error = REASON_WORKER_LOST
            patient = call.patient
            if old == CallStatus.IN_PROGRESS and call.attempts >= call.max_attempts:
                call.status = CallStatus.FAILED
                call.needs_attention = True
                call.status_reason = (
                    f"The worker placing attempt {call.attempts} of {call.max_attempts} stopped responding and no "
                    "attempts are left. Call the patient yourself or reschedule the call."
                )
            elif call.deadline is not None and call.deadline < now:
                call.status = CallStatus.FAILED
                call.needs_attention = True
                call.status_reason = REASON_DEADLINE
            else:
                call.status = CallStatus.PENDING
                call.next_attempt_at = move_into_window(now, patient.time_zone, patient.calling_window())
                call.status_reason = "The worker placing this call stopped responding; the call is back in the queue."
            call.save()
        recovered.append(call_id)
        _log_transition(
            call_id=call_id,
            attempt=call.attempts,
            old=old,
            new=call.status,
            outcome=CallOutcome.FAILED if open_record is not None else "",
            reason="worker_lost",
        )
    return recovered


# --- nurse actions ------------------------------------------------------------------------------


def _refuse_for_status(call: CallScheduleItem, action: str) -> CallActionError:
    if call.status == CallStatus.ON_HOLD and call.language_hold:
        return CallActionError(f"{call.status_reason} It cannot be {action} while on hold.", code="on_hold")
    if call.status == CallStatus.ON_HOLD:
        return CallActionError(
            f"This call is on hold because the patient is back in the hospital, so it cannot be {action}. "
            "Resume or replace the held calls from the discharges worklist first.",
            code="on_hold",
        )
    if call.status == CallStatus.IN_PROGRESS:
        return CallActionError(
            f"This call is in progress right now, so it cannot be {action}. Wait for it to finish, "
            "then look at its outcome.",
            code="in_progress",
        )
    if call.status == CallStatus.QUEUED:
        return CallActionError(
            f"This call is being dialled right now, so it cannot be {action}. Refresh in a minute.",
            code="queued",
        )
    label = CallStatus(call.status).label.lower()
    return CallActionError(
        f"This call is already {label}, so it cannot be {action}. Schedule a new call instead if one is needed.",
        code=f"already_{call.status}",
    )


def call_cancel(*, call: CallScheduleItem, by: Any = None, reason: str) -> CallScheduleItem:
    """Cancel a call that has not been dialled yet (pending, waiting in the queue, or on hold)."""
    reason = (reason or "").strip()
    if not reason:
        raise CallActionError("Say why the call is cancelled; the reason is kept with the call.", code="reason")
    now = timezone.now()
    who = f" by {by.get_username()}" if by is not None and getattr(by, "pk", None) else ""
    status_reason = f"Cancelled{who}: {reason}"[:300]
    with transaction.atomic():
        current = CallScheduleItem.objects.select_for_update().get(pk=call.pk)
        if current.status not in (CallStatus.PENDING, CallStatus.QUEUED, CallStatus.ON_HOLD):
            call.refresh_from_db()
            raise _refuse_for_status(current, "cancelled")
        old = current.status
        CallScheduleItem.objects.filter(pk=call.pk, status=old).update(
            status=CallStatus.CANCELLED,
            status_reason=status_reason,
            lease_expires_at=None,
            needs_attention=False,
            updated_at=now,
        )
        call.refresh_from_db()
        # A conditional UPDATE sends no signals: record the change in the audit log ourselves.
        audit_updated(before=current, after=call)
    _log_transition(call_id=call.pk, attempt=call.attempts, old=old, new=call.status, reason="nurse_cancelled")
    return call


def _reopen(current: CallScheduleItem, *, when: datetime, reason: str, code: str) -> str:
    old = current.status
    current.status = CallStatus.PENDING
    current.next_attempt_at = when
    current.needs_attention = False
    current.status_reason = reason[:300]
    current.lease_expires_at = None
    if current.attempts >= current.max_attempts:
        # A failed call brought back by a nurse gets a fresh set of attempts.
        current.max_attempts = current.attempts + settings.CALL_MAX_ATTEMPTS
    current.save()
    _log_transition(call_id=current.pk, attempt=current.attempts, old=old, new=current.status, reason=code)
    return old


def _check_reopenable(current: CallScheduleItem, action: str) -> None:
    if current.status not in (CallStatus.PENDING, CallStatus.FAILED):
        raise _refuse_for_status(current, action)
    if current.patient.do_not_call:
        raise CallActionError(
            "This patient asked not to be called (do not call). Remove the do-not-call flag on the "
            "patient's record first if they agreed to calls again.",
            code="do_not_call",
        )


def call_reschedule(*, call: CallScheduleItem, when: datetime, by: Any = None, reason: str = "") -> CallScheduleItem:
    """Move a pending (or failed) call to `when`, which must be in the future and inside the patient's window."""
    if timezone.is_naive(when):
        raise CallActionError("Give the new time with its time zone.", code="naive")
    now = timezone.now()
    if when <= now:
        raise CallActionError("Pick a time in the future, or use “Call now”.", code="past")
    with transaction.atomic():
        current = CallScheduleItem.objects.select_for_update().select_related("patient").get(pk=call.pk)
        _check_reopenable(current, "rescheduled")
        patient = current.patient
        start, end = patient.calling_window()
        if not in_window(when, patient.time_zone, (start, end)):
            local = when.astimezone(ZoneInfo(patient.time_zone))
            raise CallActionError(
                f"{local:%H:%M} is outside the patient's calling window "
                f"{_window_text(start, end, patient.time_zone)}. Pick a time inside it.",
                code="outside_window",
            )
        if current.deadline is not None and when > current.deadline:
            local_deadline = current.deadline.astimezone(ZoneInfo(patient.time_zone))
            raise CallActionError(
                f"This call has a deadline of {local_deadline:%a %d %b %Y %H:%M} (patient's time). "
                "Pick an earlier time, or schedule a new call.",
                code="after_deadline",
            )
        who = f" by {by.get_username()}" if by is not None and getattr(by, "pk", None) else ""
        text = f"Rescheduled{who}" + (f": {reason.strip()}" if reason.strip() else ".")
        _reopen(current, when=when, reason=text, code="nurse_rescheduled")
    call.refresh_from_db()
    return call


def call_now(*, call: CallScheduleItem, by: Any = None) -> CallScheduleItem:
    """Make a pending (or failed) call due immediately; the dispatcher picks it up within the minute."""
    now = timezone.now()
    with transaction.atomic():
        current = CallScheduleItem.objects.select_for_update().select_related("patient").get(pk=call.pk)
        _check_reopenable(current, "placed now")
        patient = current.patient
        start, end = patient.calling_window()
        if not in_window(now, patient.time_zone, (start, end)):
            local = now.astimezone(ZoneInfo(patient.time_zone))
            raise CallActionError(
                f"It is {local:%H:%M} for the patient, outside their calling window "
                f"{_window_text(start, end, patient.time_zone)}. Reschedule the call inside the window instead.",
                code="outside_window",
            )
        if current.deadline is not None and current.deadline < now:
            raise CallActionError(
                "This call's deadline has passed. Schedule a new call if the patient still needs one.",
                code="after_deadline",
            )
        who = f" by {by.get_username()}" if by is not None and getattr(by, "pk", None) else ""
        # The calling-frequency limits hold for a nurse's "Call now" too (calls/rules.py): when the
        # patient already had today's call, the call waits for the first allowed slot, and says so.
        deferral = rules.deferral_for(
            rules.usage_for_patients(
                patient_ids=[patient.pk], zones=[patient.time_zone], now=now, include_queued=True
            ).get(patient.pk),
            zone_name=patient.time_zone,
            window=(start, end),
            now=now,
        )
        if deferral is not None:
            if current.deadline is not None and current.deadline < deferral.until:
                raise CallActionError(
                    "Not placed: " + deferral.reason.removeprefix("Deferred: ").rstrip(".") + ", and the next "
                    "allowed time is after this call's deadline. Call the patient yourself if it still matters.",
                    code="deferred_past_deadline",
                )
            _reopen(
                current, when=deferral.until, reason=f"Call now requested{who}. {deferral.reason}", code=deferral.code
            )
        else:
            _reopen(current, when=now, reason=f"Call now requested{who}.", code="nurse_call_now")
            transaction.on_commit(_kick_dispatcher)
    call.refresh_from_db()
    return call


def call_clear_attention(*, call: CallScheduleItem, by: Any, note: str) -> CallScheduleItem:
    """A nurse has looked at the call: it leaves "Needs attention" (audited, with what they did)."""
    note = (note or "").strip()
    if not note:
        raise CallActionError("Say what you did about this call; it is kept with the call.", code="reason")
    with transaction.atomic():
        current = CallScheduleItem.objects.select_for_update().get(pk=call.pk)
        if not current.needs_attention:
            call.refresh_from_db()
            return call
        who = f" by {by.get_username()}" if by is not None and getattr(by, "pk", None) else ""
        CallScheduleItem.objects.filter(pk=call.pk).update(
            needs_attention=False, status_reason=f"Looked at{who}: {note}"[:300], updated_at=timezone.now()
        )
        call.refresh_from_db()
        audit_updated(before=current, after=call)
    _log_transition(
        call_id=call.pk, attempt=call.attempts, old=call.status, new=call.status, reason="attention_cleared"
    )
    return call


def _kick_dispatcher() -> None:
    """Run the dispatcher now rather than at the next minute tick (best effort)."""
    from django_q.tasks import async_task

    try:
        async_task("calls.tasks.process_pending_calls", task_name="dispatch (call now)")
    except Exception:
        logger.warning("could not enqueue an immediate dispatch; the minute schedule will pick the call up")
