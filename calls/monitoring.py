"""Worker and call-queue health: the guide's PostOpCallWorker.get_worker_stats, on django-q2.

Shown on the dashboard, at the API and by `manage.py callstats`. Counts only: no patient data.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from django_q.brokers import get_broker
from django_q.models import Task
from django_q.status import Stat

from calls.models import CallScheduleItem, CallStatus


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


def get_worker_stats(*, now: datetime | None = None, all_time_counts: bool = True) -> dict[str, Any]:
    """Queue, clusters, task results in the last hour and the calls' state, as plain JSON-able values.

    `all_time_counts=False` (the dashboard, refreshed every few seconds) leaves out
    calls_by_status, which counts every call ever made and so grows with the history; the
    active calls are then counted through the lease index.
    """
    now = now or timezone.now()
    stats: dict[str, Any] = {"generated_at": now.isoformat()}

    broker = get_broker()
    try:
        stats["broker"] = broker.info()
        stats["queue_size"] = broker.queue_size()
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
        active = by_status.get(CallStatus.QUEUED, 0) + by_status.get(CallStatus.IN_PROGRESS, 0)
    else:
        active = CallScheduleItem.objects.active().count()
    due = CallScheduleItem.objects.due(now).aggregate(n=Count("id"), oldest=Min("next_attempt_at"))
    capacity = settings.MAX_CONCURRENT_CALLS
    stats["capacity"] = capacity
    stats["calls_active"] = active
    stats["calls_due_now"] = due["n"]
    stats["backlog_beyond_capacity"] = max(due["n"] - max(capacity - active, 0), 0)
    oldest = due["oldest"]
    stats["oldest_overdue_at"] = oldest.isoformat() if oldest else None
    stats["oldest_overdue_seconds"] = round((now - oldest).total_seconds()) if oldest else 0
    stats["stale_leases"] = CallScheduleItem.objects.active().filter(lease_expires_at__lt=now).count()
    stats["needs_attention"] = (
        CallScheduleItem.objects.filter(needs_attention=True).exclude(status=CallStatus.CANCELLED).count()
    )
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
