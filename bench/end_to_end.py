"""Rows `end to end` and `lookup round trip`.

end to end: due call -> queued -> executed by a real qcluster (simulated backend, scripted LLM, the
portal over HTTP, logging at INFO) -> completed, over CALLS calls after WARMUP warm-up calls; against
the same cluster running an empty task as often. The agent's HTTP requests per call are counted from
the portal's access log (gunicorn's, as in production), every /api/v1/agent/ request of the measured calls.

lookup round trip: the agent's PortalClient.lookup against the same running portal (HTTP, token
auth, the knowledge API, retrieval, the answer) over the held-out test questions, beside the bare
lookup functions on the same questions in this process, in the same run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from bench.harness import RESULTS_DIR, Report, Row, make_patients, percentile, zone_inside_window

CALLS = int(os.environ.get("BENCH_E2E_CALLS", "200"))
WARMUP = 10
TIMEOUT = 1200
ROUND_TRIP_P95_MS = 25.0
REQUESTS_PER_CALL = 6
ROOT = Path(settings.BASE_DIR)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait(condition, what: str) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > TIMEOUT:
            raise RuntimeError(f"{what} did not finish within {TIMEOUT} s")
        time.sleep(0.25)
    return time.monotonic() - started


def _due_calls(count: int) -> list[int]:
    from calls.models import CallScheduleItem, CallType

    patients = make_patients(count, zone=zone_inside_window())
    due = timezone.now() - timedelta(minutes=1)
    rows = CallScheduleItem.objects.bulk_create(
        CallScheduleItem(
            patient_id=pk,
            call_type=CallType.WELLNESS_CHECK,
            priority=2,
            llm_prompt="You are calling to check how the patient is recovering after their procedure.",
            scheduled_for=due,
            next_attempt_at=due,
        )
        for pk in patients
    )
    return [row.pk for row in rows]


def _run_calls(ids: list[int]) -> float:
    from calls.models import CallScheduleItem, CallStatus
    from calls.tasks import process_pending_calls

    final = [CallStatus.COMPLETED, CallStatus.VOICEMAIL, CallStatus.FAILED]
    started = time.monotonic()
    with override_settings(MAX_CONCURRENT_CALLS=len(ids)):
        queued = process_pending_calls()
    if queued != len(ids):
        raise RuntimeError(f"dispatch queued {queued} of {len(ids)} calls")
    _wait(lambda: CallScheduleItem.objects.filter(pk__in=ids, status__in=final).count() >= len(ids), "calls")
    return time.monotonic() - started


def _agent_requests(log: Path) -> Counter[str]:
    """gunicorn's access log lines for /api/v1/agent/..., by endpoint (the path's last word)."""
    counts: Counter[str] = Counter()
    for line in log.read_text(errors="replace").splitlines():
        found = re.search(r'"path": "/api/v1/agent/([^"?]+)"', line) if "gunicorn.access" in line else None
        if found:
            counts[found.group(1).rstrip("/").split("/")[-1]] += 1
    return counts


def _open_attempt() -> tuple[int, str]:
    """An in-progress call attempt and its agent token (the lookups need an open attempt)."""
    from calls.models import CallRecord, CallScheduleItem, CallStatus, CallType
    from calls.tokens import make_agent_token

    (patient,) = make_patients(1, zone=zone_inside_window())
    now = timezone.now()
    call = CallScheduleItem.objects.create(
        patient_id=patient,
        call_type=CallType.WELLNESS_CHECK,
        scheduled_for=now,
        next_attempt_at=now,
        status=CallStatus.IN_PROGRESS,
        attempts=1,
    )
    CallRecord.objects.create(call=call, attempt=1, backend="simulated", started_at=now)
    return call.pk, make_agent_token(call_id=call.pk, attempt=1)


def _round_trips(url: str) -> dict[str, list[float]]:
    """Milliseconds per lookup over the held-out test questions: through the portal ("round trip"), the
    portal's knowledge service in this process ("service": retrieval plus the symptom triage), and the
    bare lookup functions with the same scope ("bare")."""
    import asyncio
    import dataclasses

    from agent_worker.portal_client import PortalClient
    from calls.agent_api.services import call_procedure_groups, knowledge_lookup
    from calls.models import CallRecord
    from knowledge.evaluation import question_sets, run_lookup

    questions = question_sets()["test"]
    by_tool = {q.tool: [p for p in questions if p.tool == q.tool] for q in questions}
    # Warm-up: a few of each tool, so each portal worker has built its index and its triage pipeline.
    warmers = [q for tool_questions in by_tool.values() for q in tool_questions[:3]]
    call_id, token = _open_attempt()
    record = CallRecord.objects.select_related("call__patient").get(call_id=call_id)
    # The API scopes a lookup to the call's procedures; the bare lookups get the same scope.
    scope = tuple(call_procedure_groups(record.call))
    scoped = [dataclasses.replace(q, groups=scope) for q in [*warmers, *questions]]
    warm = len(warmers)

    escalated: list[float] = []

    async def lookups() -> list[float]:
        client = PortalClient(base_url=url, token=token, call_id=call_id)
        times = []
        try:
            for n, question in enumerate([*warmers, *questions]):
                t0 = time.perf_counter()
                answer = await client.lookup(question.tool, **question.args)
                times.append((time.perf_counter() - t0) * 1000)
                if n >= warm and answer.get("escalation"):
                    escalated.append(times[-1])
        finally:
            await client.aclose()
        return times[warm:]

    def each(fn) -> list[float]:  # type: ignore[no-untyped-def]
        times = []
        for question in scoped:
            t0 = time.perf_counter()
            fn(question)
            times.append((time.perf_counter() - t0) * 1000)
        return times[warm:]

    return {
        "round trip": asyncio.run(lookups()),
        "service": each(lambda q: knowledge_lookup(topic=q.tool, record=record, **q.args)),
        "bare": each(run_lookup),
        "escalated": escalated,
    }


def run(report: Report) -> None:
    from django_q.models import Success
    from django_q.tasks import async_task

    from calls.models import CallScheduleItem, CallStatus
    from knowledge.services import sample_corpus_load

    sample_corpus_load()  # the knowledge base the lookups read (the portal builds its index from it)
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "SIP_", "OPENAI", "REDIS_URL"))}
    env.update(
        DATABASE_URL=_database_url(),
        PORTAL_URL=f"http://127.0.0.1:{port}",
        # The ORM broker's queue is named after the cluster: the same name as this process's.
        Q_CLUSTER_NAME=str(settings.Q_CLUSTER["name"]),
        Q_WORKERS="2",
        MAX_CONCURRENT_CALLS=str(CALLS),
        LOG_LEVEL="INFO",  # production logging; the portal's access log counts the agent's requests
        DJANGO_DEBUG="1",  # plain HTTP on 127.0.0.1 (DJANGO_DEBUG=0 insists on HTTPS)
        # The production web server and its settings (deploy/gunicorn.conf.py, deploy/postop.env.example):
        # 2 sync workers on these 2 cores, database connections kept for a minute.
        GUNICORN_BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="2",
        DB_CONN_MAX_AGE="60",
    )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    paths = {name: RESULTS_DIR / f"e2e-{name}.log" for name in ("portal", "portal-measured", "qcluster")}
    logs = {name: paths[name].open("w") for name in ("portal", "qcluster")}
    manage = [sys.executable, "manage.py"]
    procs = [
        subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=logs["portal"],
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(  # noqa: S603
            [*manage, "qcluster"], cwd=ROOT, env=env, stdout=logs["qcluster"], stderr=subprocess.STDOUT
        ),
    ]
    try:
        # Warm up: the cluster is ready when it has run one empty task; then WARMUP whole calls.
        async_task("math.floor", 1.5, group="warmup")
        _wait(lambda: Success.objects.filter(group="warmup").exists(), "cluster warm-up")
        _run_calls(_due_calls(WARMUP))
        logs["portal"].flush()
        before = paths["portal"].stat().st_size

        started = time.monotonic()
        for _ in range(CALLS):
            async_task("math.floor", 1.5, group="baseline")
        _wait(lambda: Success.objects.filter(group="baseline").count() >= CALLS, "empty tasks")
        baseline = time.monotonic() - started

        ids = _due_calls(CALLS)
        measured = _run_calls(ids)
        completed = CallScheduleItem.objects.filter(pk__in=ids, status=CallStatus.COMPLETED).count()
        with paths["portal"].open("rb") as whole:
            whole.seek(before)
            paths["portal-measured"].write_bytes(whole.read())
        requests = _agent_requests(paths["portal-measured"])
        lookups = _round_trips(env["PORTAL_URL"])
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    per_min, base_per_min = CALLS / measured * 60, CALLS / baseline * 60
    per_call = sum(requests.values()) / CALLS
    breakdown = ", ".join(f"{name} {count / CALLS:.2f}" for name, count in requests.most_common())
    report.add(
        Row(
            "end to end",
            f"{CALLS} due wellness calls (after {WARMUP} warm-up calls) -> queued -> real qcluster, 2 workers, "
            f"simulated backend + scripted LLM, logging at INFO -> completed ({completed} completed)",
            f"{per_min:,.0f} calls/min; agent requests per call {per_call:.2f} ({breakdown})",
            f"empty task x{CALLS}: {base_per_min:,.0f} tasks/min",
            f"{per_min / base_per_min:.3f}",
            f"report the ratio; requests per call <= {REQUESTS_PER_CALL}",
            per_call <= REQUESTS_PER_CALL,
        )
    )
    round_trip, service, bare = lookups["round trip"], lookups["service"], lookups["bare"]
    escalated = lookups["escalated"]
    p95, bare_p95 = percentile(round_trip, 95), percentile(bare, 95)
    report.add(
        Row(
            "lookup round trip",
            f"PortalClient.lookup -> portal HTTP API (gunicorn, 2 workers; token, knowledge API, retrieval, symptom "
            f"triage) -> answer, {len(round_trip)} held-out test questions after 3 warm-up lookups per tool",
            f"p50 {percentile(round_trip, 50):.1f} ms, p95 {p95:.1f} ms; the {len(escalated)} symptom lookups that "
            f"raised an escalation (red flag: written and alerted before answering) p50 "
            f"{percentile(escalated, 50):.1f} ms, p95 {percentile(escalated, 95):.1f} ms",
            f"bare lookup functions in-process p50 {percentile(bare, 50):.2f} ms, p95 {bare_p95:.2f} ms; "
            f"the knowledge service in-process (with the symptom triage) p50 {percentile(service, 50):.1f} ms, "
            f"p95 {percentile(service, 95):.1f} ms",
            f"p95 {p95 / bare_p95:.0f}x",
            f"p95 <= {ROUND_TRIP_P95_MS:g} ms",
            p95 <= ROUND_TRIP_P95_MS,
        )
    )
