"""Worker and call-queue health: the guide's PostOpCallWorker.get_worker_stats, on django-q2.

Shown on the dashboard, at the API and by `manage.py callstats`. Counts only: no patient data.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Aggregate, Count, DateTimeField, Max, Min, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_q.brokers import Broker, get_broker
from django_q.brokers.orm import ORM
from django_q.conf import Conf
from django_q.models import OrmQ, Task
from django_q.status import Stat

from calls.models import ACTIVE_STATUSES, CallScheduleItem, CallStatus


def _clusters(broker: Any) -> list[dict[str, Any]]:
    clusters = []
    for stat in Stat.get_all(broker=broker):
        clusters.append(
            {
                "cluster_id": str(stat.cluster_id),
                "host": str(stat.host),
                "status": str(stat.status),
                "workers": len(stat.workers),
                "worker_pids": list(stat.workers),
                "reincarnations": stat.reincarnations,
                "uptime_seconds": round(stat.uptime()) if stat.tob else 0,
                "task_queue": stat.task_q_size,
            }
        )
    return sorted(clusters, key=lambda c: (c["host"], c["cluster_id"]))


@functools.cache
def _broker() -> Broker:
    """One broker per process: get_broker() makes a new one, with a new Redis connection pool, every time
    (and the ORM broker's constructor closes the request's database connection, see _queue_size)."""
    return get_broker()


def _queue_size(broker: Broker) -> int:
    if isinstance(broker, ORM):
        # What ORM.queue_size() counts, without its close_old_connections(): with CONN_MAX_AGE=0 that
        # closes the request's database connection, so every dashboard refresh reconnected mid-page.
        return OrmQ.objects.using(Conf.ORM).filter(key=broker.list_key, lock__lte=timezone.now()).count()
    return broker.queue_size()


def queue_figures(now: datetime) -> tuple[Q, dict[str, Aggregate]]:
    """The calls behind the queue figures and their aggregates: one pass over the rows the indexes pick
    (active through the lease index, due through the due index, attention through its partial index).
    The dashboard folds them into its own aggregate (postop/views.py) and hands the row to get_worker_stats."""
    active_q = Q(status__in=ACTIVE_STATUSES)
    due_q = Q(status=CallStatus.PENDING, next_attempt_at__lte=now)
    attention_q = Q(needs_attention=True) & ~Q(status=CallStatus.CANCELLED)
    return active_q | due_q | Q(needs_attention=True), {
        "active": Count("id", filter=active_q),
        "due": Count("id", filter=due_q),
        "oldest": Min("next_attempt_at", filter=due_q),
        "stale": Count("id", filter=active_q & Q(lease_expires_at__lt=now)),
        "attention": Count("id", filter=attention_q),
    }


def get_worker_stats(
    *, now: datetime | None = None, all_time_counts: bool = True, call_counts: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Queue, clusters, task results in the last hour and the calls' state, as plain JSON-able values.

    `all_time_counts=False` (the dashboard, refreshed every few seconds) leaves out
    calls_by_status, which counts every call ever made and so grows with the history; the
    active calls are then counted through the lease index. `call_counts`: queue_figures(now)'s
    aggregates already read by the caller (the dashboard's one pass over its panels' calls).
    """
    now = now or timezone.now()
    stats: dict[str, Any] = {"generated_at": now.isoformat()}

    broker = _broker()
    try:
        stats["broker"] = broker.info()
        stats["queue_size"] = _queue_size(broker)
        stats["clusters"] = _clusters(broker)
        stats["broker_error"] = ""
    except Exception as exc:  # Redis down: report it, keep the call counts
        stats["broker"] = type(broker).__name__
        stats["queue_size"] = None
        stats["clusters"] = []
        stats["broker_error"] = f"The job broker is unreachable ({type(exc).__name__})."
    stats["clusters_alive"] = len(stats["clusters"])
    stats["workers_alive"] = sum(c["workers"] for c in stats["clusters"])

    hour = Task.objects.filter(stopped__gte=now - timedelta(hours=1)).aggregate(
        ok=Count("id", filter=Q(success=True)), failed=Count("id", filter=Q(success=False))
    )
    stats["tasks_succeeded_last_hour"] = hour["ok"]
    stats["tasks_failed_last_hour"] = hour["failed"]

    if all_time_counts:
        by_status = dict(
            CallScheduleItem.objects.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        stats["calls_by_status"] = {value: by_status.get(value, 0) for value in CallStatus.values}
    counts = call_counts
    if counts is None:
        rows, aggregates = queue_figures(now)
        counts = CallScheduleItem.objects.filter(rows).order_by().aggregate(**aggregates)
    active = counts["active"]
    capacity = settings.MAX_CONCURRENT_CALLS
    stats["capacity"] = capacity
    stats["calls_active"] = active
    stats["calls_due_now"] = counts["due"]
    stats["backlog_beyond_capacity"] = max(counts["due"] - max(capacity - active, 0), 0)
    oldest = counts["oldest"]
    stats["oldest_overdue_at"] = oldest.isoformat() if oldest else None
    stats["oldest_overdue_seconds"] = round((now - oldest).total_seconds()) if oldest else 0
    stats["stale_leases"] = counts["stale"]
    stats["needs_attention"] = counts["attention"]
    return stats


def format_worker_stats(stats: dict[str, Any]) -> str:
    """The stats as a few readable lines (manage.py callstats)."""
    lines = [f"Job broker: {stats['broker']}"]
    if stats["broker_error"]:
        lines.append(f"  ! {stats['broker_error']}")
    else:
        lines.append(f"  tasks waiting in the queue: {stats['queue_size']}")
    lines.append(f"Clusters alive: {stats['clusters_alive']} ({stats['workers_alive']} workers)")
    for cluster in stats["clusters"]:
        lines.append(
            f"  {cluster['host']} {cluster['cluster_id']}: {cluster['status']}, {cluster['workers']} workers, "
            f"up {cluster['uptime_seconds']} s, {cluster['reincarnations']} worker restarts"
        )
    if not stats["clusters"]:
        lines.append("  no qcluster is running: start one with `manage.py qcluster`; calls will not be placed")
    lines.append(
        f"Tasks in the last hour: {stats['tasks_succeeded_last_hour']} succeeded, "
        f"{stats['tasks_failed_last_hour']} failed"
    )
    lines.append("Calls by status: " + ", ".join(f"{k} {v}" for k, v in stats["calls_by_status"].items()))
    lines.append(
        f"Calls active: {stats['calls_active']} of {stats['capacity']} lines; due now: {stats['calls_due_now']}; "
        f"waiting beyond capacity: {stats['backlog_beyond_capacity']}"
    )
    if stats["oldest_overdue_at"]:
        minutes = stats["oldest_overdue_seconds"] / 60
        lines.append(f"Oldest overdue call: due {stats['oldest_overdue_at']} ({minutes:.1f} min late)")
    else:
        lines.append("Oldest overdue call: none")
    lines.append(f"Calls past their lease (recovered within 5 min): {stats['stale_leases']}")
    lines.append(f"Calls that need attention: {stats['needs_attention']}")
    return "\n".join(lines)


# A LiveKit attempt that could not reach LiveKit this recently, with no attempt that reached it
# since, means LiveKit is down: the dashboard says so until an attempt gets through again.
OUTAGE_WINDOW = timedelta(minutes=30)
CONFIG_WINDOW = timedelta(days=1)


def record_alerts(*, now: datetime | None = None) -> dict[str, Any]:
    """The dashboard's attempt alerts in one query: configuration problems in the last day, and the
    LiveKit outage ({"count", "since", "last"} while the latest LiveKit attempts could not reach
    LiveKit, else None)."""
    from calls.models import CallRecord, DialerBackend

    now = now or timezone.now()
    window_start = now - OUTAGE_WINDOW
    livekit = Q(backend=DialerBackend.LIVEKIT, started_at__gte=window_start)
    last_reached = (
        CallRecord.objects.filter(livekit, transport_failure=False)
        .filter(Q(answered_at__isnull=False) | Q(ended_at__isnull=False))
        .order_by("-started_at")
        .values("started_at")[:1]
    )
    after = Coalesce(
        Subquery(last_reached, output_field=DateTimeField()),
        Value(window_start - timedelta(seconds=1), output_field=DateTimeField()),
    )
    failing = livekit & Q(transport_failure=True, started_at__gt=after)
    row = CallRecord.objects.filter(started_at__gte=min(now - CONFIG_WINDOW, window_start)).aggregate(
        config_count=Count("id", filter=Q(configuration_problem=True, started_at__gte=now - CONFIG_WINDOW)),
        count=Count("id", filter=failing),
        since=Min("started_at", filter=failing),
        last=Max("started_at", filter=failing),
    )
    outage = {key: row[key] for key in ("count", "since", "last")} if row["count"] else None
    return {"config_count": row["config_count"], "livekit_outage": outage}


def livekit_outage(*, now: datetime | None = None) -> dict[str, Any] | None:
    """{"count", "since", "last"} while the latest LiveKit attempts failed to reach LiveKit, else None."""
    return record_alerts(now=now)["livekit_outage"]
