"""Realistic call history for the dispatch rows: what a year of use leaves in the tables.

Per 100 calls: 20 pending in the next 30 days (later calls of open care plans), 80 final in the
past year (60 completed, 8 voicemail, 8 failed, 4 cancelled), each past one with its CallRecord
(started when it was placed), spread over the year so the last week holds its share and the
calling-frequency rules have real attempts to count. Patients share the history: several calls
per patient. One set-based INSERT ... SELECT per table, on PostgreSQL and SQLite alike.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bench.harness import _sql_literal, analyze, insert_columns

DUE_PURPOSE = "bench due"


def _series(count: int, vendor: str) -> tuple[str, str]:
    if vendor == "postgresql":
        return "", f"generate_series(1, {count}) AS s(g)"
    return f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {count}) ", "s"


def _ts(base: datetime, seconds: str, vendor: str) -> str:
    if vendor == "postgresql":
        return f"(TIMESTAMPTZ {_sql_literal(base.isoformat())} + ({seconds}) * INTERVAL '1 second')"
    start = _sql_literal(base.strftime("%Y-%m-%d %H:%M:%S"))
    return f"strftime('%Y-%m-%d %H:%M:%S', {start}, '+' || ({seconds}) || ' seconds')"


def _insert(model: Any, expressions: dict[str, str], count: int, *, source: str | None = None) -> None:
    from django.db import connection

    vendor = connection.vendor
    columns, values = insert_columns(model, expressions)
    table = connection.ops.quote_name(model._meta.db_table)
    if source is None:
        prefix, series = _series(count, vendor)
        sql = f"{prefix}INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {series}"
    else:
        sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {source}"
    with connection.cursor() as cursor:
        cursor.execute(sql)


def _call_expressions(
    *, patient: str, when: str, status: str, purpose: str, now_literal: str, changed: str | None = None
) -> dict[str, str]:
    return {
        "patient": patient,
        "call_type": "'wellness_check'",
        "priority": "1 + (g % 5)",
        "llm_prompt": "'You are calling about the compression bandage.'",
        "purpose": _sql_literal(purpose),
        "scheduled_for": when,
        "next_attempt_at": when,
        "status": status,
        "attempts": "0",
        "max_attempts": "3",
        "created_by": "'order'",
        "created_at": changed or now_literal,
        "updated_at": changed or now_literal,
    }


def insert_history(*, count: int, patient_ids: list[int]) -> None:
    """`count` calls of history (future pending and past final, see the module docstring) with their records."""
    from django.db import connection

    from calls.models import CallRecord, CallScheduleItem

    vendor = connection.vendor
    now = datetime.now(UTC).replace(microsecond=0)
    now_literal = _sql_literal(now.isoformat() if vendor == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S"))
    lo, n = min(patient_ids), len(patient_ids)
    future = count // 5
    past = count - future
    # Future pending: spread over the next 30 days (from one hour ahead).
    step = max(30 * 86_400 // max(future, 1), 1)
    _insert(
        CallScheduleItem,
        _call_expressions(
            patient=f"{lo} + (g % {n})",
            when=_ts(now + timedelta(hours=1), f"g * {step}", vendor),
            status="'pending'",
            purpose="bench future",
            now_literal=now_literal,
        ),
        future,
    )
    # Past final: spread over the past year, newest last; 60/8/8/4 of every 80.
    step = max(365 * 86_400 // max(past, 1), 1)
    status = (
        "CASE WHEN g % 20 < 15 THEN 'completed' WHEN g % 20 < 17 THEN 'voicemail' "
        "WHEN g % 20 < 19 THEN 'failed' ELSE 'cancelled' END"
    )
    _insert(
        CallScheduleItem,
        _call_expressions(
            patient=f"{lo} + ((g * 7) % {n})",
            when=_ts(now - timedelta(days=365), f"g * {step}", vendor),
            status=status,
            purpose="bench past",
            now_literal=now_literal,
            # A past call was created and last changed around when it was placed, not today.
            changed=_ts(now - timedelta(days=365), f"g * {step}", vendor),
        ),
        past,
    )
    # One attempt per past call that was dialled (all but the cancelled ones).
    call_table = connection.ops.quote_name(CallScheduleItem._meta.db_table)
    outcome = "CASE c.status WHEN 'failed' THEN 'no_answer' ELSE c.status END"
    _insert(
        CallRecord,
        {
            "call": "c.id",
            "patient": "c.patient_id",
            "attempt": "1",
            "backend": "'simulated'",
            "outcome": outcome,
            "started_at": "c.scheduled_for",
            "ended_at": "c.scheduled_for",
            "last_activity_at": "c.scheduled_for",
        },
        0,
        source=f"{call_table} c WHERE c.purpose = 'bench past' AND c.status <> 'cancelled'",
    )
    analyze()


def insert_due(*, count: int, patient_ids: list[int]) -> None:
    """A backlog of `count` due calls (due over the last two hours), marked so `reset_due` can restore them."""
    from django.db import connection

    from calls.models import CallScheduleItem

    vendor = connection.vendor
    now = datetime.now(UTC).replace(microsecond=0)
    now_literal = _sql_literal(now.isoformat() if vendor == "postgresql" else now.strftime("%Y-%m-%d %H:%M:%S"))
    lo, n = min(patient_ids), len(patient_ids)
    step = max(7_200 // max(count, 1), 1)
    _insert(
        CallScheduleItem,
        _call_expressions(
            patient=f"{lo} + ((g * 13) % {n})",
            when=_ts(now - timedelta(hours=2), f"g * {step} % 7200", vendor),
            status="'pending'",
            purpose=DUE_PURPOSE,
            now_literal=now_literal,
        ),
        count,
    )
    analyze()


def reset_due() -> None:
    """Every backlog call pending and due again (as inserted), its jobs dropped: the next repetition starts equal."""
    from django.db import transaction
    from django.db.models import F
    from django_q.models import OrmQ

    from calls.models import CallScheduleItem, CallStatus

    with transaction.atomic():
        CallScheduleItem.objects.filter(purpose=DUE_PURPOSE).update(
            status=CallStatus.PENDING,
            next_attempt_at=F("scheduled_for"),
            claimed_at=None,
            lease_expires_at=None,
            status_reason="",
            needs_attention=False,
        )
        OrmQ.objects.all().delete()
