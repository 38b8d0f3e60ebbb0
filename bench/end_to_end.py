"""Row `end to end`: due call -> queued -> executed by a real qcluster (simulated backend, scripted
LLM, the portal over HTTP) -> completed; against the same cluster running an empty task as often."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone

from bench.harness import RESULTS_DIR, Report, Row, make_patients, zone_inside_window

CALLS = 30
TIMEOUT = 240
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


def run(report: Report) -> None:
    from django_q.models import Success
    from django_q.tasks import async_task

    from calls.models import CallScheduleItem, CallStatus, CallType
    from calls.tasks import process_pending_calls

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LIVEKIT_", "SIP_", "OPENAI", "REDIS_URL"))}
    env.update(
        DATABASE_URL=_database_url(),
        PORTAL_URL=f"http://127.0.0.1:{port}",
        # The ORM broker's queue is named after the cluster: the same name as this process's.
        Q_CLUSTER_NAME=str(settings.Q_CLUSTER["name"]),
        Q_WORKERS="2",
        MAX_CONCURRENT_CALLS=str(CALLS),
        LOG_LEVEL="WARNING",
        DJANGO_DEBUG="1",
    )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    logs = {name: (RESULTS_DIR / f"e2e-{name}.log").open("w") for name in ("portal", "qcluster")}
    manage = [sys.executable, "manage.py"]
    procs = [
        subprocess.Popen(  # noqa: S603
            [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
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
        # Warm up: the cluster is ready when it has run one empty task.
        async_task("math.floor", 1.5, group="warmup")
        _wait(lambda: Success.objects.filter(group="warmup").exists(), "cluster warm-up")

        started = time.monotonic()
        for _ in range(CALLS):
            async_task("math.floor", 1.5, group="baseline")
        _wait(lambda: Success.objects.filter(group="baseline").count() >= CALLS, "empty tasks")
        baseline = time.monotonic() - started

        patients = make_patients(CALLS, zone=zone_inside_window())
        due = timezone.now() - timedelta(minutes=1)
        CallScheduleItem.objects.bulk_create(
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
        final = [CallStatus.COMPLETED, CallStatus.VOICEMAIL, CallStatus.FAILED]
        started = time.monotonic()
        with override_settings(MAX_CONCURRENT_CALLS=CALLS):
            queued = process_pending_calls()
        if queued != CALLS:
            raise RuntimeError(f"dispatch queued {queued} of {CALLS} calls")
        _wait(lambda: CallScheduleItem.objects.filter(status__in=final).count() >= CALLS, "simulated calls")
        measured = time.monotonic() - started
        completed = CallScheduleItem.objects.filter(status=CallStatus.COMPLETED).count()
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
    per_min, base_per_min = CALLS / measured * 60, CALLS / baseline * 60
    report.add(
        Row(
            "end to end",
            f"{CALLS} due calls -> queued -> real qcluster, 2 workers, simulated backend + scripted LLM "
            f"-> completed ({completed} completed)",
            f"{per_min:,.0f} calls/min",
            f"empty task x{CALLS}: {base_per_min:,.0f} tasks/min",
            f"{per_min / base_per_min:.3f}",
            "report the ratio",
            None,
        )
    )
