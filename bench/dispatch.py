"""Rows `dispatch` and `dispatch scale`: claiming due calls, against a raw UPDATE ... RETURNING."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test.utils import override_settings

from bench.harness import Report, Row, clear_calls, insert_calls, make_patients, median, timed, zone_inside_window
from bench.history import insert_due, insert_history, reset_due

DUE = 5_000
FUTURE = 100_000
REPEATS = 5
SCALE_CAPACITY = 5  # production MAX_CONCURRENT_CALLS
SCALE_BACKLOG = 2_000
SCALE_PATIENTS = 10_000
SCALE_REPEATS = 15


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


def _measure(fns: dict[str, Any], expected: int) -> dict[str, list[float]]:
    """Each of `fns` REPEATS times, interleaved (a, b, c, a, b, c, ...) so load drifts hit them alike."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(REPEATS):
        for name, fn in fns.items():
            _reset_due()
            seconds, got = timed(fn)
            if got != expected:
                raise RuntimeError(f"expected {expected} claimed calls, got {got} ({name})")
            times[name].append(seconds)
    _reset_due()
    return times


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
        times = _measure(
            {
                "raw": lambda: _raw_claim(DUE),
                "claim": lambda: len(call_dispatch_due()),
                "full": process_pending_calls,
            },
            DUE,
        )
    raw, claim, full = (median(times[name]) for name in ("raw", "claim", "full"))
    raw_rate, claim_rate, full_rate = DUE / raw, DUE / claim, DUE / full
    spread = "; ".join(f"{name} {min(t):.2f}-{max(t):.2f} s" for name, t in times.items())
    report.add(
        Row(
            "dispatch",
            f"process_pending_calls: claim {DUE:,} due among {FUTURE:,} future calls and enqueue their jobs",
            f"{full_rate:,.0f} calls/s",
            f"raw UPDATE ... RETURNING {raw_rate:,.0f} calls/s",
            f"{full_rate / raw_rate:.2f}",
            ">= 0.5",
            full_rate / raw_rate >= 0.5,
            f"claim alone (call_dispatch_due) {claim_rate:,.0f} calls/s = {claim_rate / raw_rate:.2f} of raw; "
            f"median of {REPEATS} interleaved, spread {spread}",
        )
    )

    clear_calls()
    _scale(report, patients=make_patients(SCALE_PATIENTS, zone=zone))


def _dispatch_once(capacity: int) -> float:
    from calls.tasks import process_pending_calls

    reset_due()
    with override_settings(MAX_CONCURRENT_CALLS=capacity):
        seconds, got = timed(process_pending_calls)
    if got != capacity:
        raise RuntimeError(f"expected {capacity} claimed calls, got {got}")
    return seconds


@contextmanager
def _twin_database() -> Iterator[Any]:
    """A second database copied from the bench database as it is now (schema, patients), and its connection.

    The two histories live side by side, one per database, so the repetitions at 10,000 and at
    1,000,000 can alternate: a change in the machine's load hits both alike instead of one phase.
    """
    from django.db import connections
    from django.db.utils import load_backend

    default = connections["default"]
    qn = default.ops.quote_name
    if default.vendor == "postgresql":
        name = f"{default.settings_dict['NAME']}_twin"
        default.close()  # a template database must have no other session
        with default._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {qn(name)}")
            cursor.execute(f"CREATE DATABASE {qn(name)} TEMPLATE {qn(default.settings_dict['NAME'])}")
    else:
        name = f"{default.settings_dict['NAME']}-twin"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        with default.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [name])
    twin = load_backend(default.settings_dict["ENGINE"]).DatabaseWrapper({**default.settings_dict, "NAME": name})
    try:
        yield twin
    finally:
        twin.close()
        if default.vendor == "postgresql":
            with default._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {qn(name)}")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{name}{suffix}").unlink(missing_ok=True)


@contextmanager
def _on(wrapper: Any) -> Iterator[None]:
    """Every query of the block (process_pending_calls included) goes to `wrapper`'s database."""
    from django.db import connections

    default = connections["default"]
    connections["default"] = wrapper
    try:
        yield
    finally:
        connections["default"] = default


def _scale(report: Report, *, patients: list[int]) -> None:
    """Dispatch at the production capacity (5) with a due backlog, beside a small and a large history.

    The history is what a year of use leaves (bench/history.py): future pending and past final
    calls with their attempts, several per patient, so the calling-frequency rules count real
    attempts and defer some of the backlog. The two histories sit in two copies of the bench
    database (same schema and patients) and the repetitions alternate between them, small then
    large, so load drifts hit both sizes alike. Each repetition restores the backlog first.
    """
    from django.db import connection, connections

    from calls.models import CallScheduleItem

    small = 10_000
    large = 300_000 if connection.vendor == "sqlite" else 1_000_000
    if os.environ.get("BENCH_QUICK"):
        large = 100_000
    limit = 2.0 if connection.vendor == "sqlite" else 1.5
    clear_calls()
    results: dict[int, list[float]] = {small: [], large: []}
    with _twin_database() as twin:
        databases = {small: connections["default"], large: twin}
        for size, wrapper in databases.items():
            with _on(wrapper):
                insert_history(count=size, patient_ids=patients)
                insert_due(count=SCALE_BACKLOG, patient_ids=patients)
                rows = CallScheduleItem.objects.count()
                if rows != size + SCALE_BACKLOG:  # each size in its own database, never both in one
                    raise RuntimeError(
                        f"expected {size + SCALE_BACKLOG:,} calls in the {size:,} database, found {rows:,}"
                    )
                _dispatch_once(SCALE_CAPACITY)  # warm-up: caches, plans
        for _ in range(SCALE_REPEATS):
            for size, wrapper in databases.items():
                with _on(wrapper):
                    results[size].append(_dispatch_once(SCALE_CAPACITY))
    clear_calls()
    lo, hi = median(results[small]), median(results[large])
    ratio = hi / lo
    spread = ", ".join(
        f"{size:,}: {min(times) * 1000:.1f}-{max(times) * 1000:.1f} ms" for size, times in results.items()
    )
    report.add(
        Row(
            "dispatch scale",
            f"process_pending_calls at capacity {SCALE_CAPACITY}, {SCALE_BACKLOG:,} due backlog, "
            f"{len(patients):,} patients; history {large:,} vs {small:,} calls (1/5 future pending, "
            "4/5 past final with attempts)",
            f"{hi * 1000:,.1f} ms",
            f"{lo * 1000:,.1f} ms",
            f"{ratio:.2f}",
            f"<= {limit}",
            ratio <= limit,
            f"median of {SCALE_REPEATS}, alternating small and large; spread {spread}",
        )
    )
