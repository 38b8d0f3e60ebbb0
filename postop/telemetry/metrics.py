"""Prometheus metrics: request counters kept by the middleware, domain gauges read at scrape time.

Gunicorn runs several worker processes; with PROMETHEUS_MULTIPROC_DIR set (deploy/ and
`make serve` set it) prometheus-client keeps the counters in files there and /metrics adds up
every worker's. The domain gauges (calls, escalations, the job cluster) are computed from the
database on each scrape, so every worker answers the same numbers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

DURATION_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
DB_BUCKETS = (0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5)
# Dispatch lag is measured over the calls claimed this recently.
DISPATCH_LAG_WINDOW = timedelta(minutes=15)

REQUESTS = Counter("postop_http_requests", "HTTP requests answered", ["method", "view", "status"])
REQUEST_SECONDS = Histogram(
    "postop_http_request_duration_seconds", "Time to answer a request", ["view"], buckets=DURATION_BUCKETS
)
REQUEST_DB_SECONDS = Histogram(
    "postop_http_request_db_seconds", "Database time spent answering a request", ["view"], buckets=DB_BUCKETS
)
DB_QUERIES = Counter("postop_db_queries", "Database queries made while answering requests", ["view"])
AGENT_API_ERRORS = Counter(
    "postop_agent_api_errors", "Agent API answers with an error status (4xx/5xx)", ["endpoint", "status"]
)


def observe_request(*, method: str, view: str, status: int, seconds: float, db_seconds: float, db_queries: int) -> None:
    REQUESTS.labels(method=method, view=view, status=str(status)).inc()
    REQUEST_SECONDS.labels(view=view).observe(seconds)
    REQUEST_DB_SECONDS.labels(view=view).observe(db_seconds)
    DB_QUERIES.labels(view=view).inc(db_queries)
    if view.startswith("agent:") and status >= 400:
        AGENT_API_ERRORS.labels(endpoint=view.removeprefix("agent:"), status=str(status)).inc()


class DomainCollector(Collector):
    """Calls, escalations and the job cluster, counted from the database at scrape time (no PHI)."""

    def collect(self) -> Iterator[Metric]:
        from calls.models import CallRecord, CallScheduleItem, CallStatus, Escalation, EscalationStatus, EscalationTier

        now = timezone.now()
        due = CallScheduleItem.objects.due(now).order_by().aggregate(n=Count("id"), oldest=Min("next_attempt_at"))
        yield GaugeMetricFamily("postop_calls_due_waiting", "Pending calls whose time has come", value=due["n"])
        oldest = (now - due["oldest"]).total_seconds() if due["oldest"] else 0.0
        yield GaugeMetricFamily(
            "postop_calls_oldest_overdue_seconds", "How long the most overdue pending call has waited", value=oldest
        )

        lag = _dispatch_lag(now)
        family = GaugeMetricFamily(
            "postop_dispatch_lag_seconds",
            f"Seconds from a call falling due to a worker claiming it, over calls claimed in the last "
            f"{int(DISPATCH_LAG_WINDOW.total_seconds() // 60)} minutes",
            labels=["stat"],
        )
        family.add_metric(["max"], lag[0])
        family.add_metric(["mean"], lag[1])
        yield family

        by_status = dict(
            CallScheduleItem.objects.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n")
        )
        family = GaugeMetricFamily("postop_calls", "Scheduled calls by status", labels=["status"])
        for status in CallStatus.values:
            family.add_metric([status], by_status.get(status, 0))
        yield family

        by_outcome = dict(
            CallRecord.objects.order_by().values_list("outcome").annotate(n=Count("id")).values_list("outcome", "n")
        )
        family = GaugeMetricFamily(
            "postop_call_attempts", "Call attempts by outcome (empty: still running)", labels=["outcome"]
        )
        for outcome in sorted(by_outcome, key=str):
            family.add_metric([outcome or "none"], by_outcome[outcome])
        yield family

        unresolved = Escalation.objects.exclude(status=EscalationStatus.RESOLVED).order_by()
        rows = unresolved.values_list("tier").annotate(n=Count("id"), late=Count("id", filter=Q(due_by__lt=now)))
        counts = {tier: (n, late) for tier, n, late in rows.values_list("tier", "n", "late")}
        open_family = GaugeMetricFamily("postop_escalations_open", "Unresolved escalations by tier", labels=["tier"])
        late_family = GaugeMetricFamily(
            "postop_escalations_past_target",
            "Unresolved escalations whose callback target time has passed",
            labels=["tier"],
        )
        for tier in EscalationTier.values:
            n, late = counts.get(tier, (0, 0))
            open_family.add_metric([tier], n)
            late_family.add_metric([tier], late)
        yield open_family
        yield late_family

        from postop.health.checks import qcluster_heartbeats

        try:
            alive = len(qcluster_heartbeats(max_age=timedelta(seconds=settings.QCLUSTER_HEARTBEAT_SECONDS)))
        except Exception:  # broker unreachable: no cluster can be seen
            alive = 0
        yield GaugeMetricFamily(
            "postop_qcluster_alive", "Job clusters with a recent heartbeat (QCLUSTER_HEARTBEAT_SECONDS)", value=alive
        )


def _dispatch_lag(now: datetime) -> tuple[float, float]:
    """(max, mean) seconds between next_attempt_at and claimed_at for recently claimed calls.

    A retried call gets a later next_attempt_at when it is rescheduled; only claims at or after
    the call's current due time are counted, so a rescheduled call never shows a negative lag.
    """
    from calls.models import CallScheduleItem

    rows = CallScheduleItem.objects.filter(claimed_at__gte=now - DISPATCH_LAG_WINDOW).values_list(
        "claimed_at", "next_attempt_at"
    )
    lags = [max((claimed - due).total_seconds(), 0.0) for claimed, due in rows if claimed and due and due <= claimed]
    if not lags:
        return 0.0, 0.0
    return max(lags), sum(lags) / len(lags)


def render_metrics() -> bytes:
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, REQUEST_SECONDS, REQUEST_DB_SECONDS, DB_QUERIES, AGENT_API_ERRORS):
            registry.register(collector)
    registry.register(DomainCollector())
    return generate_latest(registry)
