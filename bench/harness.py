"""Shared pieces of `make bench`: a throwaway database, timers, bulk row generation, the table."""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Row:
    name: str
    what: str
    measured: str
    baseline: str
    ratio: str
    target: str
    met: bool | None  # None: report only
    note: str = ""


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    context: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        verdict = {True: "met", False: "NOT MET", None: "reported"}[row.met]
        print(f"  {row.name}: {row.measured} vs {row.baseline} -> {row.ratio} ({verdict})", flush=True)

    def markdown(self) -> str:
        lines = [
            "| row | what | measured | baseline (same run) | ratio | target | verdict |",
            "|---|---|---|---|---|---|---|",
        ]
        for r in self.rows:
            verdict = {True: "met", False: "**not met**", None: "reported"}[r.met]
            if r.note:
                verdict += f" ({r.note})"
            lines.append(f"| {r.name} | {r.what} | {r.measured} | {r.baseline} | {r.ratio} | {r.target} | {verdict} |")
        return "\n".join(lines) + "\n\n" + "\n".join(f"- {c}" for c in self.context) + "\n"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: list[float]) -> float:
    return statistics.median(values)


@contextmanager
def bench_database() -> Iterator[str]:
    """Create a fresh database (test_ prefixed, never the real one), migrate it, drop it afterwards."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        path = RESULTS_DIR / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        db["TEST"]["NAME"] = str(path)
    else:
        # Named after the configured database, so benches on other databases of one server never collide.
        db["TEST"]["NAME"] = os.environ.get("BENCH_DATABASE_NAME", f"test_{db['NAME']}_bench")
    old = setup_databases(verbosity=0, interactive=False)
    try:
        yield connection.vendor
    finally:
        _end_other_sessions()
        teardown_databases(old, verbosity=0)


def _end_other_sessions() -> None:
    """Close this process's connections and end any session a row left on the throwaway bench database.

    PostgreSQL refuses to drop a database others are connected to; a row's servers and workers close
    their own connections when they stop, so this only reports (and ends) a leak.
    """
    from django.db import connection, connections

    connections.close_all()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        ended = len(cursor.fetchall())
    connection.close()
    if ended:
        print(f"bench: ended {ended} database session(s) a row left open", file=sys.stderr)


def zone_inside_window(now: datetime | None = None) -> str:
    """A fixed-offset IANA zone whose local time is mid-afternoon now, so due calls are callable."""
    now = now or datetime.now(UTC)
    best, best_gap = "UTC", 99.0
    for offset in range(-12, 15):
        name = "UTC" if offset == 0 else f"Etc/GMT{'-' if offset > 0 else '+'}{abs(offset)}"
        local = now.astimezone(ZoneInfo(name))
        gap = abs(local.hour + local.minute / 60 - 14)
        if gap < best_gap:
            best, best_gap = name, gap
    return best


_patients_made = 0


def make_patients(count: int, *, zone: str) -> list[int]:
    """`count` new patients; MRNs stay unique across rows of one run."""
    global _patients_made
    from patients.models import Patient

    first = _patients_made
    _patients_made += count
    rows = [
        Patient(
            first_name=f"Bench{i}",
            last_name=f"Patient{i:06d}",
            external_id=f"BENCH{i:07d}",
            phone=f"+1212555{i % 10000:04d}",
            time_zone=zone,
        )
        for i in range(first, first + count)
    ]
    created = Patient.objects.bulk_create(rows, batch_size=2000)
    analyze()
    return [p.pk for p in created]


def insert_columns(model: Any, expressions: dict[str, str]) -> tuple[list[str], list[str]]:
    """The quoted columns of an INSERT ... SELECT of `model` and their SQL values: `expressions` where
    given, else NULL, the field's default, or an empty string."""
    from django.db import connection

    columns, values = [], []
    if (
        "clinic" not in expressions
        and "patient" in expressions
        and any(f.name == "clinic" for f in model._meta.concrete_fields)
    ):
        # Calls and escalations copy their patient's clinic (calls.models.PatientClinicMixin).
        patients = connection.ops.quote_name("patients_patient")
        expressions = {
            **expressions,
            "clinic": f"(SELECT clinic_id FROM {patients} WHERE id = {expressions['patient']})",
        }
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        columns.append(connection.ops.quote_name(f.column))
        if f.name in expressions:
            values.append(expressions[f.name])
        elif f.null:
            values.append("NULL")
        elif f.has_default():
            values.append(_sql_literal(f.get_default()))
        else:
            values.append("''")
    return columns, values


def _sql_literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def insert_calls(
    *, count: int, patient_ids: list[int], due: bool, status: str = "pending", start_offset: int = 0
) -> None:
    """Insert `count` calls with one set-based INSERT ... SELECT (1,000,000 rows in seconds).

    Columns come from the model, so a field added later needs no change here unless it is
    NOT NULL without a default.
    """
    from django.db import connection

    from calls.models import CallScheduleItem

    vendor = connection.vendor
    now = datetime.now(UTC).replace(microsecond=0)
    base = now - timedelta(days=2) if due else now + timedelta(days=30)
    lo, n_patients = min(patient_ids), len(patient_ids)
    if vendor == "postgresql":
        series = f"generate_series(1, {count}) AS s(g)"
        ts = f"(TIMESTAMPTZ {_sql_literal(base.isoformat())} + (g + {start_offset}) * INTERVAL '1 second')"
        prefix = ""
    else:
        prefix = f"WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < {count}) "
        series = "s"
        start = _sql_literal(base.strftime("%Y-%m-%d %H:%M:%S"))
        ts = f"strftime('%Y-%m-%d %H:%M:%S', {start}, '+' || (g + {start_offset}) || ' seconds')"
    expressions = {
        "patient": f"{lo} + (g % {n_patients})",
        "call_type": "'wellness_check'",
        "priority": "1 + (g % 5)",
        "llm_prompt": "'You are calling about the compression bandage.'",
        "purpose": "'Benchmark call'",
        "scheduled_for": ts,
        "next_attempt_at": ts,
        "status": _sql_literal(status),
        "attempts": "0",
        "max_attempts": "3",
        "created_by": "'order'",
        "created_at": _sql_literal(now.isoformat())
        if vendor == "postgresql"
        else _sql_literal(now.strftime("%Y-%m-%d %H:%M:%S")),
        "updated_at": _sql_literal(now.isoformat())
        if vendor == "postgresql"
        else _sql_literal(now.strftime("%Y-%m-%d %H:%M:%S")),
    }
    columns, values = insert_columns(CallScheduleItem, expressions)
    table = connection.ops.quote_name(CallScheduleItem._meta.db_table)
    sql = f"{prefix}INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {series}"
    with connection.cursor() as cursor:
        cursor.execute(sql)
    analyze()


def analyze() -> None:
    """Refresh planner statistics after a bulk load, as autovacuum would in production."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def clear_rows(model: Any) -> None:
    """Empty `model`'s table and every table that points at it (records, transcripts, audit rows)."""
    from django.db import connection

    def dependants(current: Any, seen: set[Any]) -> list[Any]:
        found = []
        for rel in current._meta.related_objects:
            related = rel.related_model
            if related in seen or related is current:
                continue
            seen.add(related)
            found.extend(dependants(related, seen))
            found.append(related)
        return found

    qn = connection.ops.quote_name
    models = [*dependants(model, {model}), model]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE, not DELETE: a million deleted rows would leave a bloated heap that every
            # later row's scans (and DELETEs) crawl through until autovacuum gets to it.
            cursor.execute(f"TRUNCATE {', '.join(qn(m._meta.db_table) for m in models)} CASCADE")
            return
        # SQLite: every row of these tables goes, so the order of the DELETEs does not matter.
        cursor.execute("PRAGMA foreign_keys = OFF")
        try:
            for m in models:
                for field in m._meta.local_many_to_many:
                    cursor.execute(f"DELETE FROM {qn(field.remote_field.through._meta.db_table)}")
                cursor.execute(f"DELETE FROM {qn(m._meta.db_table)}")
        finally:
            cursor.execute("PRAGMA foreign_keys = ON")


def clear_calls() -> None:
    from calls.models import CallScheduleItem

    clear_rows(CallScheduleItem)
