"""Row `pages`: portal pages with 10,000 patients and 50,000 calls of realistic history, against a bare SELECT of the
same page of rows; the query count must not grow with the rows."""

from __future__ import annotations

import time
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bench.harness import Report, Row, analyze, clear_calls, clear_rows, make_patients, percentile, timed
from bench.history import insert_due, insert_history

REQUESTS = 30
SIZES = ((1_000, 5_000), (10_000, 50_000))


def _populate(patients: int, calls: int) -> int:
    """Fill the tables; return the id of a call with an attempt, a transcript and responses."""
    from calls.models import CallRecord, CallStatus, PatientResponse, TranscriptTurn
    from patients.models import Patient

    clear_rows(Patient)
    ids = make_patients(patients, zone="America/New_York")
    # A year of use (bench/history.py): future pending and past final calls with their attempts,
    # plus a due backlog, so the dashboard's today / due / attention panels all have rows.
    insert_history(count=calls - calls // 50, patient_ids=ids)
    insert_due(count=calls // 50, patient_ids=ids)
    from calls.models import CallScheduleItem

    call = CallScheduleItem.objects.filter(status=CallStatus.COMPLETED).order_by("-scheduled_for").first()
    now = timezone.now()
    record = CallRecord.objects.get(call=call, attempt=1)
    TranscriptTurn.objects.bulk_create(
        TranscriptTurn(
            record=record,
            sequence=i,
            speaker="agent" if i % 2 else "patient",
            text="How is the bandage?",
            event_id=f"e{i}",
            spoken_at=now + timedelta(seconds=i),
        )
        for i in range(40)
    )
    PatientResponse.objects.create(
        record=record, question="Bandage removed?", response="Yes", event_id="r1", recorded_at=now
    )
    _settle()
    return call.pk


def _settle() -> None:
    """The tables as production's autovacuum leaves them after a load: analysed and, on PostgreSQL,
    vacuumed (since PostgreSQL 13 inserts alone trigger it), so the visibility map is set and counts
    can be answered from an index. This machine's PostgreSQL runs with autovacuum off."""
    if connection.vendor != "postgresql":
        analyze()
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _pages(call_id: int, patient_id: int) -> dict[str, tuple[str, str]]:
    """page -> (url, the bare SELECT of the same page of rows)."""
    return {
        "dashboard": (
            "/",
            "SELECT id, status, scheduled_for FROM calls_callscheduleitem ORDER BY scheduled_for LIMIT 50",
        ),
        "patients": ("/patients/", "SELECT * FROM patients_patient ORDER BY last_name, first_name, id LIMIT 25"),
        "calls list": ("/calls/", "SELECT * FROM calls_callscheduleitem ORDER BY scheduled_for, priority, id LIMIT 50"),
        "call detail": (
            f"/calls/{call_id}/",
            f"SELECT * FROM calls_transcriptturn WHERE record_id IN "
            f"(SELECT id FROM calls_callrecord WHERE call_id = {int(call_id)}) ORDER BY sequence",
        ),
        "patient detail": (
            f"/patients/{patient_id}/",
            f"SELECT * FROM calls_callscheduleitem WHERE patient_id = {int(patient_id)} ORDER BY scheduled_for",
        ),
    }


def _measure(client: Client, url: str) -> tuple[list[float], list[float], int]:
    """(wall ms, CPU ms of this process, queries) per request; the rest of the wall time is the
    database and waiting for a CPU on the shared machine."""
    client.get(url)  # warm caches
    times, cpu = [], []
    for _ in range(REQUESTS):
        cpu_start = time.process_time()
        seconds, response = timed(lambda: client.get(url))
        cpu.append((time.process_time() - cpu_start) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        times.append(seconds * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    return times, cpu, len(ctx.captured_queries)


def _bare(sql: str) -> list[float]:
    times = []
    for _ in range(REQUESTS):
        with connection.cursor() as cursor:
            seconds, _ = timed(lambda: (cursor.execute(sql), cursor.fetchall()))
        times.append(seconds * 1000)
    return times


def _verify_second_factor(client: Client, user: object) -> None:
    """A password session that has passed its TOTP code, as a nurse's is (MFA_REQUIRED, on by default)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def run(report: Report) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from calls.models import CallScheduleItem
    from postop.clinics import default_clinic
    from postop.roles import NURSE_GROUP

    # A nurse of the clinic every bench patient belongs to, as the portal is used: the pages are
    # clinic-scoped for her (postop/clinics.py), where a superuser's would not be.
    user = get_user_model().objects.create_user("bench.nurse", password="bench-password-123", is_staff=True)
    user.groups.add(Group.objects.get(name=NURSE_GROUP))
    user.clinics.set([default_clinic()])
    client = Client()
    client.force_login(user)
    _verify_second_factor(client, user)
    counts: dict[tuple[int, int], dict[str, int]] = {}
    results: dict[str, tuple[list[float], list[float], list[float]]] = {}
    for patients, calls in SIZES:
        call_id = _populate(patients, calls)
        patient_id = CallScheduleItem.objects.get(pk=call_id).patient_id
        counts[(patients, calls)] = {}
        for name, (url, sql) in _pages(call_id, patient_id).items():
            times, cpu, queries = _measure(client, url)
            counts[(patients, calls)][name] = queries
            results[name] = (times, _bare(sql), cpu)
    small, large = SIZES
    for name, (times, bare, cpu) in results.items():
        p50, p95 = percentile(times, 50), percentile(times, 95)
        q_small, q_large = counts[small][name], counts[large][name]
        met = p95 <= 150 and q_small == q_large
        report.add(
            Row(
                f"pages: {name}",
                f"GET with {large[0]:,} patients and {large[1]:,} calls, {REQUESTS} requests",
                f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (CPU p50 {percentile(cpu, 50):.1f} ms, p95 "
                f"{percentile(cpu, 95):.1f} ms), {q_large} queries (at {small[0]:,}/{small[1]:,}: {q_small})",
                f"bare SELECT p50 {percentile(bare, 50):.2f} ms, p95 {percentile(bare, 95):.2f} ms",
                f"p95 {p95 / max(percentile(bare, 95), 0.001):.0f}x",
                "p95 <= 150 ms; queries constant",
                met,
            )
        )
    clear_calls()
