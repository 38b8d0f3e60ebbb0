from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, Subquery
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import defaults

from calls.models import ACTIVE_STATUSES, CallRecord, CallScheduleItem, CallStatus
from calls.monitoring import queue_figures, record_alerts
from postop.clock import clinic_zone

logger = logging.getLogger(__name__)

DUE_WINDOW_HOURS = 4
LIST_LIMIT = 15
ATTENTION_DAYS = 7
# The dashboard refreshes its call lists by itself: quickly while a call is on the line.
POLL_SECONDS = 15
LIVE_POLL_SECONDS = 3


def _clinic_day(now: datetime) -> tuple[datetime, datetime]:
    zone = clinic_zone()
    local = now.astimezone(zone)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    # Add a calendar day in local time so a DST change does not shift midnight.
    end = (start + timedelta(days=1)).replace(tzinfo=zone)
    return start, end


def _worker_stats(now: datetime, call_counts: dict[str, Any]) -> dict[str, Any] | None:
    """calls.monitoring.get_worker_stats(), or None before the monitoring module is installed."""
    try:
        from calls.monitoring import get_worker_stats
    except ImportError:
        return None
    try:
        # Not the all-time counts by status: the dashboard does not show them, and they read every call.
        stats = get_worker_stats(now=now, all_time_counts=False, call_counts=call_counts)
    except Exception:
        # The dashboard must stay up when the job broker or its tables are unreachable.
        logger.exception("worker stats unavailable")
        return {"broker_error": "Worker statistics are unavailable right now."}
    oldest = stats.get("oldest_overdue_seconds") or 0
    stats["oldest_overdue_minutes"] = round(oldest / 60)
    return stats


def dashboard_context(now: datetime) -> dict[str, Any]:
    calls = CallScheduleItem.objects.select_related("patient")
    start, end = _clinic_day(now)
    # What happened today, not what was planned for today: calls that ended or were cancelled today,
    # calls on the line now, and calls still due before the clinic's midnight.
    happened_today = (
        Q(status__in=[CallStatus.COMPLETED, CallStatus.VOICEMAIL, CallStatus.FAILED, CallStatus.CANCELLED])
        & Q(updated_at__gte=start, updated_at__lt=end)
        | Q(status__in=[CallStatus.QUEUED, CallStatus.IN_PROGRESS])
        | Q(status=CallStatus.PENDING, next_attempt_at__lt=end)
    )
    by_status = dict(
        CallScheduleItem.objects.filter(happened_today)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    today = [{"status": value, "label": label, "count": by_status.get(value, 0)} for value, label in CallStatus.choices]
    since = now - timedelta(days=ATTENTION_DAYS)
    attention_filter = Q(needs_attention=True) & ~Q(status=CallStatus.CANCELLED) | Q(
        status=CallStatus.FAILED, updated_at__gte=since
    )
    # The 15 newest through the partial indexes first, then their patients: joined up front, the planner's
    # estimate of "failed in the last week" (hundreds of rows) has it hash-join every patient of the clinic.
    attention_ids = (
        CallScheduleItem.objects.filter(attention_filter).order_by("-updated_at", "-id").values("pk")[:LIST_LIMIT]
    )
    attention = list(
        calls.filter(pk__in=Subquery(attention_ids))
        .annotate(out_of_attempts=Q(attempts__gte=F("max_attempts")))
        .order_by("-updated_at", "-id")
    )
    due_until = now + timedelta(hours=DUE_WINDOW_HOURS)
    active = list(calls.active().order_by("claimed_at", "id")[:LIST_LIMIT])
    # The panels' counts and the worker panel's call figures in one pass over the rows the indexes
    # pick, not one query per count. (Today's tiles stay a query of their own: folded in here, the
    # planner's estimate of all the branches together tips it into scanning the whole table.)
    active_q = Q(status__in=ACTIVE_STATUSES)
    due_soon_q = Q(status=CallStatus.PENDING, next_attempt_at__lt=due_until)
    _, queue_aggregates = queue_figures(now)
    counts = (
        # Every row queue_figures reads is here (due now is due soon); its due branch is not repeated, as
        # a second estimate of the due rows would add up to a whole-table scan in the planner's eyes.
        CallScheduleItem.objects.filter(active_q | due_soon_q | attention_filter | Q(needs_attention=True))
        .order_by()
        .aggregate(
            due=Count("id", filter=due_soon_q),
            active=Count("id", filter=active_q),
            attention=Count("id", filter=attention_filter),
            backlog=Count("id", filter=Q(status=CallStatus.PENDING, next_attempt_at__lte=now)),
            **{f"queue_{name}": aggregate for name, aggregate in queue_aggregates.items()},
        )
    )
    alerts = record_alerts(now=now)  # one query for both attempt alerts (configuration problems, a LiveKit outage)
    config_problems = []
    if alerts["config_count"]:
        config_problems = list(
            CallRecord.objects.filter(configuration_problem=True, started_at__gte=now - timedelta(days=1))
            .select_related("call__patient")
            .order_by("-started_at")[:5]
        )
    return {
        "poll_seconds": LIVE_POLL_SECONDS if active else POLL_SECONDS,
        "now": now,
        "clinic_zone": clinic_zone().key,
        "today": today,
        "today_total": sum(by_status.values()),
        "due_hours": DUE_WINDOW_HOURS,
        "due_count": counts["due"],
        "due": list(
            calls.filter(status=CallStatus.PENDING, next_attempt_at__lt=due_until).order_by(
                "next_attempt_at", "priority", "id"
            )[:LIST_LIMIT]
        ),
        "active": active,
        "active_count": counts["active"],
        "attention_count": counts["attention"],
        "attention": attention,
        **alerts,
        "config_problems": config_problems,
        "backlog": counts["backlog"],
        "capacity": settings.MAX_CONCURRENT_CALLS,
        "worker_stats": _worker_stats(now, {name: counts[f"queue_{name}"] for name in queue_aggregates}),
        "list_limit": LIST_LIMIT,
        # Transitional care panel (patients/views.py), outside the 15-second live block: evaluated
        # only when the template renders it, never on the live refresh.
        "tcm": lambda: _tcm_dashboard_context(now),
    }


def _tcm_dashboard_context(now: datetime) -> dict[str, Any]:
    from patients.views import tcm_dashboard_context

    return tcm_dashboard_context(now=now)


def dashboard(request: HttpRequest) -> HttpResponse:
    template = "dashboard.html"
    now = timezone.now()
    context = dashboard_context(now)
    if request.htmx:
        template += "#live"
    elif request.user.has_perm("calls.view_escalation"):
        # Open escalations first; the panel then refreshes itself every few seconds (calls/triage/views.py).
        from calls.triage.views import escalation_panel_context

        context["escalation_panel"] = escalation_panel_context(now)
    return render(request, template, context)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the API answers JSON (no exception text); pages get the plain error page."""
    if request.path.startswith("/api/"):
        from postop.api_base import SERVER_ERROR_DETAIL

        return JsonResponse({"detail": SERVER_ERROR_DETAIL}, status=500)
    return defaults.server_error(request)
