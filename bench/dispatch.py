"""Rows `dispatch` and `dispatch scale`: claiming due calls, against a raw UPDATE ... RETURNING."""

from __future__ import annotations

from django.db import connection, transaction
from django.test.utils import override_settings

from bench.harness import Report, Row, clear_calls, insert_calls, make_patients, median, timed, zone_inside_window

DUE = 5_000
FUTURE = 100_000
REPEATS = 3


def _reset_due() -> None:
    """Put the claimed calls back to pending and drop the queued tasks, for the next repetition."""
    from django_q.models import OrmQ

    from calls.models import CallScheduleItem, CallStatus

    with transaction.atomic():
        CallScheduleItem.objects.filter(status=CallStatus.QUEUED).update(
            status=CallStatus.PENDING, claimed_at=None, lease_expires_at=None
        )
        OrmQ.objects.all().delete()


def _raw_claim(limit: int) -> int:
    """The baseline: one hand-written UPDATE ... RETURNING through the driver's cursor."""
    lock = " FOR UPDATE SKIP LOCKED" if connection.vendor == "postgresql" else ""
    sql = (
        "UPDATE calls_callscheduleitem SET status = 'queued' WHERE id IN ("
        "SELECT id FROM calls_callscheduleitem WHERE status = 'pending' AND next_attempt_at <= %s "
        f"ORDER BY next_attempt_at, priority, id LIMIT %s{lock}) RETURNING id"
    )
    from django.utils import timezone

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), limit])
        return len(cursor.fetchall())


def _measure(fn, expected: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(REPEATS):
        _reset_due()
        seconds, got = timed(fn)
        if got != expected:
            raise RuntimeError(f"expected {expected} claimed calls, got {got}")
        times.append(seconds)
    _reset_due()
    return median(times)


def run(report: Report) -> None:
    from calls.services import call_dispatch_due
    from calls.tasks import process_pending_calls

    zone = zone_inside_window()
    # One due call per patient: a patient gets at most one call a day (calls/rules.py defers the rest).
    patients = make_patients(DUE, zone=zone)
    clear_calls()
    insert_calls(count=FUTURE, patient_ids=patients, due=False)
    insert_calls(count=DUE, patient_ids=patients, due=True)
    with override_settings(MAX_CONCURRENT_CALLS=10**7):
        raw = _measure(lambda: _raw_claim(DUE), DUE)
        claim = _measure(lambda: len(call_dispatch_due()), DUE)
        full = _measure(process_pending_calls, DUE)
    raw_rate, claim_rate, full_rate = DUE / raw, DUE / claim, DUE / full
    report.add(
        Row(
            "dispatch",
            f"process_pending_calls: claim {DUE:,} due among {FUTURE:,} future calls and enqueue their jobs",
            f"{full_rate:,.0f} calls/s",
            f"raw UPDATE ... RETURNING {raw_rate:,.0f} calls/s",
            f"{full_rate / raw_rate:.2f}",
            ">= 0.5",
            full_rate / raw_rate >= 0.5,
            f"claim alone (call_dispatch_due) {claim_rate:,.0f} calls/s = {claim_rate / raw_rate:.2f} of raw",
        )
    )

    # Scale: the same dispatch of 1,000 due calls beside 10,000 vs 1,000,000 non-due calls.
    scale_due = 1_000
    results = {}
    for non_due in (10_000, 1_000_000):
        clear_calls()
        insert_calls(count=non_due, patient_ids=patients, due=False)
        insert_calls(count=scale_due, patient_ids=patients, due=True)
        with override_settings(MAX_CONCURRENT_CALLS=10**7):
            results[non_due] = _measure(process_pending_calls, scale_due)
    clear_calls()
    ratio = results[1_000_000] / results[10_000]
    report.add(
        Row(
            "dispatch scale",
            f"process_pending_calls, {scale_due:,} due calls beside 1,000,000 vs 10,000 non-due",
            f"{results[1_000_000] * 1000:,.0f} ms",
            f"{results[10_000] * 1000:,.0f} ms",
            f"{ratio:.2f}",
            "<= 1.5",
            ratio <= 1.5,
        )
    )
