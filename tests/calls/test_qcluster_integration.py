"""A real `manage.py qcluster` (workers + scheduler) and a real portal place a due call end to end.

Nothing is shared with the test process: a fresh database (an SQLite file, or a fresh
PostgreSQL database when the suite runs on PostgreSQL), `manage.py migrate` and
`setup_schedules`, a due call created through `manage.py shell`, then `runserver` (the portal
the simulated agent reports to at PORTAL_URL) and `qcluster` as subprocesses. The minute
schedule must dispatch the call and the simulated backend complete it within the time limit.
The same again with the Redis broker when REDIS_TEST_URL is set.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from tests.patience import patience

pytestmark = [pytest.mark.integration]

ROOT = Path(settings.BASE_DIR)
DEADLINE_SECONDS = 150  # the scheduler's first pass comes ~30 s after the cluster starts
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "")

CREATE_CALL = """
from datetime import timedelta
from django.utils import timezone
from calls.models import CallScheduleItem
from patients.models import Patient
from tests.calls.scripted_dialer import zone_at_local_hour
patient = Patient.objects.create(first_name="Rosa", last_name="Integration", phone="+12125550123",
                                 time_zone=zone_at_local_hour(12), preferred_language="en")
when = timezone.now() - timedelta(minutes=1)
call = CallScheduleItem.objects.create(patient=patient, call_type="wellness_check", priority=1,
    llm_prompt="You are calling Rosa to check how she is recovering.", scheduled_for=when, next_attempt_at=when)
print("CALL_ID", call.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def fresh_database(tmp_path: Path) -> Iterator[str]:
    default = settings.DATABASES["default"]
    if default["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'qcluster.sqlite3'}"
        return
    import psycopg

    name = f"test_postop_qcluster_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    params = {"host": default["HOST"] or "127.0.0.1", "port": default["PORT"] or 5432, "user": default["USER"]}
    if default.get("PASSWORD"):
        params["password"] = default["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        password = f":{default['PASSWORD']}" if default.get("PASSWORD") else ""
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def call_status(database_url: str, call_id: int) -> tuple[str, int]:
    sql = "SELECT status, attempts FROM calls_callscheduleitem WHERE id = %s"
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            return conn.execute(sql.replace("%s", "?"), (call_id,)).fetchone()
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql, (call_id,)).fetchone()


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=patience(180)
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def run_end_to_end(tmp_path: Path, *, redis_url: str = "") -> None:
    port = free_port()
    with fresh_database(tmp_path) as database_url:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("LIVEKIT_", "SIP_", "DJANGO_SETTINGS", "PYTEST", "REDIS_URL", "OPENAI"))
        }
        env.update(
            DATABASE_URL=database_url,
            PORTAL_URL=f"http://127.0.0.1:{port}",
            Q_CLUSTER_NAME=f"itest{uuid.uuid4().hex[:8]}",
            Q_STATS_DIR=str(tmp_path / "qstats"),
            Q_WORKERS="2",
            LOG_LEVEL="WARNING",
            DJANGO_DEBUG="1",
            PYTHONUNBUFFERED="1",
        )
        if redis_url:
            env["REDIS_URL"] = redis_url
        manage(env, "migrate", "--no-input", "-v", "0")
        manage(env, "setup_schedules")
        call_id = int(manage(env, "shell", "-c", CREATE_CALL).split("CALL_ID")[1].split()[0])

        logs = {name: (tmp_path / f"{name}.log").open("w") for name in ("portal", "qcluster")}
        portal = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
            cwd=ROOT,
            env=env,
            stdout=logs["portal"],
            stderr=subprocess.STDOUT,
        )
        cluster = subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"],
            cwd=ROOT,
            env=env,
            stdout=logs["qcluster"],
            stderr=subprocess.STDOUT,
        )
        try:
            started = time.monotonic()
            status, attempts = call_status(database_url, call_id)
            stats: dict[str, object] = {}
            while status != "completed" and time.monotonic() - started < patience(DEADLINE_SECONDS):
                assert cluster.poll() is None, (tmp_path / "qcluster.log").read_text()[-3000:]
                assert portal.poll() is None, (tmp_path / "portal.log").read_text()[-3000:]
                # A cluster's first heartbeat can come before its workers have reported in:
                # keep sampling until the snapshot shows the whole cluster.
                if not (stats.get("clusters_alive") and stats.get("workers_alive")):
                    stats = json.loads(manage(env, "callstats", "--json"))
                time.sleep(2)
                status, attempts = call_status(database_url, call_id)
            elapsed = time.monotonic() - started
        finally:
            for process in (cluster, portal):
                process.terminate()
            for process in (cluster, portal):
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            for handle in logs.values():
                handle.close()
        log_tail = (tmp_path / "qcluster.log").read_text()[-3000:] + (tmp_path / "portal.log").read_text()[-2000:]
        assert (status, attempts) == ("completed", 1), f"after {elapsed:.0f} s: {status}, {attempts}\n{log_tail}"
        assert stats.get("clusters_alive") == 1 and stats.get("workers_alive") == 2, stats
        final = json.loads(manage(env, "callstats", "--json"))
        assert final["tasks_succeeded_last_hour"] >= 2  # the dispatch and the call
        assert final["tasks_failed_last_hour"] == 0
        assert final["calls_by_status"]["completed"] == 1


def test_qcluster_places_a_due_call_with_the_orm_broker(tmp_path):
    run_end_to_end(tmp_path)


@pytest.mark.skipif(not REDIS_TEST_URL, reason="set REDIS_TEST_URL (e.g. redis://127.0.0.1:6379/15) to run on Redis")
def test_qcluster_places_a_due_call_with_the_redis_broker(tmp_path):
    run_end_to_end(tmp_path, redis_url=REDIS_TEST_URL)
