"""Readiness checks for /readyz: each answers (ok, detail) and never raises.

Details are for operators (shown to staff and metrics scrapers only): component names, counts
and error class names, never a connection string or a patient record.

Why not django-health-check: of its plugins only the database, Redis and migrations checks
apply; the qcluster heartbeat within a configurable window, LiveKit's reachability and the
split between a bare status for anyone and detail for staff or the metrics token would all be
custom code on top of it, so these five small checks are kept here instead.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
import redis
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

CHECK_TIMEOUT_SECONDS = 3


@dataclass(frozen=True)
class CheckResult:
    name: str
    ok: bool
    detail: str
    skipped: bool = False


def check_database() -> CheckResult:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return CheckResult("database", False, f"unreachable ({type(exc).__name__})")
    return CheckResult("database", True, connections[DEFAULT_DB_ALIAS].vendor)


def check_broker() -> CheckResult:
    if not settings.REDIS_URL:
        # The ORM broker is the database: check_database covers it.
        return CheckResult("broker", True, "database (django-q2 ORM broker)")
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=CHECK_TIMEOUT_SECONDS, socket_connect_timeout=CHECK_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except redis.RedisError as exc:
        return CheckResult("broker", False, f"Redis unreachable ({type(exc).__name__})")
    finally:
        client.close()
    return CheckResult("broker", True, "redis")


_last_heartbeat_lock = threading.Lock()
_last_heartbeat: datetime | None = None


def qcluster_heartbeats(*, max_age: timedelta) -> list[datetime]:
    """Heartbeat times of running clusters no older than max_age.

    django-q2 keeps each cluster's status in the broker for 3 seconds and rewrites it every
    guard cycle (about 0.5 s); a stopped cluster writes "Stopped" or simply expires.
    """
    from django_q.conf import Conf
    from django_q.status import Stat

    now = timezone.now()
    return [
        stat.timestamp for stat in Stat.get_all() if stat.status != Conf.STOPPED and now - stat.timestamp <= max_age
    ]


def check_qcluster() -> CheckResult:
    """A qcluster heartbeat within QCLUSTER_HEARTBEAT_SECONDS.

    This process remembers the newest heartbeat it has seen, so the few seconds between two
    status writes of a busy cluster do not flip readiness: only a cluster silent for the whole
    window counts as gone.
    """
    global _last_heartbeat
    window = timedelta(seconds=settings.QCLUSTER_HEARTBEAT_SECONDS)
    try:
        beats = qcluster_heartbeats(max_age=window)
    except Exception as exc:
        return CheckResult("qcluster", False, f"cluster status unreadable ({type(exc).__name__})")
    now = timezone.now()
    with _last_heartbeat_lock:
        if beats:
            newest = max(beats)
            if _last_heartbeat is None or newest > _last_heartbeat:
                _last_heartbeat = newest
        last = _last_heartbeat
    if last is None or now - last > window:
        seen = f"last heartbeat {round((now - last).total_seconds())} s ago" if last else "no heartbeat seen"
        return CheckResult("qcluster", False, f"no job cluster running ({seen}); start `manage.py qcluster`")
    return CheckResult(
        "qcluster", True, f"{len(beats)} cluster(s), heartbeat {round((now - last).total_seconds())} s ago"
    )


def reset_heartbeat_memory() -> None:
    global _last_heartbeat
    with _last_heartbeat_lock:
        _last_heartbeat = None


_migrations_applied = False


def check_migrations() -> CheckResult:
    """Every migration applied. Once true it stays true for the life of the process (a deploy
    that adds migrations restarts the processes), so the migration graph is loaded only until then."""
    global _migrations_applied
    if _migrations_applied:
        return CheckResult("migrations", True, "all applied")
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return CheckResult("migrations", False, f"could not read the migration state ({type(exc).__name__})")
    if plan:
        return CheckResult("migrations", False, f"{len(plan)} migration(s) not applied; run `manage.py migrate`")
    _migrations_applied = True
    return CheckResult("migrations", True, "all applied")


def livekit_http_url(url: str) -> str:
    return url.replace("wss://", "https://", 1).replace("ws://", "http://", 1)


def check_livekit() -> CheckResult:
    if settings.DIALER_BACKEND != "livekit":
        return CheckResult("livekit", True, "not configured (simulated calls)", skipped=True)
    started = time.perf_counter()
    try:
        # Any HTTP answer means the server is up; Twirp needs a token only for real calls.
        httpx.get(livekit_http_url(settings.LIVEKIT_URL), timeout=CHECK_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        return CheckResult("livekit", False, f"API unreachable ({type(exc).__name__})")
    return CheckResult("livekit", True, f"answered in {round((time.perf_counter() - started) * 1000)} ms")


def run_checks() -> list[CheckResult]:
    database = check_database()
    results = [database, check_broker()]
    if database.ok:
        results.append(check_migrations())
    else:
        results.append(CheckResult("migrations", False, "database unreachable"))
    if results[1].ok and (settings.REDIS_URL or database.ok):
        results.append(check_qcluster())
    else:
        results.append(CheckResult("qcluster", False, "broker unreachable"))
    results.append(check_livekit())
    return results
