"""The nurse's side of red-flag triage: the escalation worklist, the dashboard panel, acknowledge and resolve."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from calls.models import Escalation, EscalationStatus, EscalationTier
from calls.triage import EscalationActionError, escalation_acknowledge, escalation_resolve
from postop.clock import clinic_zone

PANEL_LIMIT = 20
LIST_LIMIT = 200
PANEL_POLL_SECONDS = 5


def _by_urgency(queryset: QuerySet[Escalation]) -> QuerySet[Escalation]:
    """Emergent first, then urgent, then routine; unacknowledged before acknowledged; earliest due first."""
    return queryset.annotate(
        tier_order=Case(
            When(tier=EscalationTier.EMERGENT, then=Value(0)),
            When(tier=EscalationTier.URGENT, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        status_order=Case(When(status=EscalationStatus.OPEN, then=Value(0)), default=Value(1)),
    ).order_by("tier_order", "status_order", "due_by", "id")


def open_escalations() -> QuerySet[Escalation]:
    unresolved = Escalation.objects.exclude(status=EscalationStatus.RESOLVED)
    return _by_urgency(unresolved.select_related("patient", "call", "acknowledged_by"))


def escalation_panel_context(now: datetime | None = None) -> dict[str, Any]:
    """The dashboard's escalation panel: open first, emergent unacknowledged ones as an alert."""
    now = now or timezone.now()
    rows = list(open_escalations()[: PANEL_LIMIT + 1])
    emergent = [e for e in rows if e.tier == EscalationTier.EMERGENT and e.status == EscalationStatus.OPEN]
    count = len(rows) if len(rows) <= PANEL_LIMIT else open_escalations().count()
    return {
        "escalations": rows[:PANEL_LIMIT],
        "escalation_count": count,
        "escalation_more": count > PANEL_LIMIT,
        "emergent_open": emergent,
        "escalation_now": now,
        "escalation_poll_seconds": PANEL_POLL_SECONDS,
        "clinic_zone": clinic_zone().key,
    }


@permission_required("calls.view_escalation", raise_exception=True)
def escalation_panel(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/_escalation_panel.html", escalation_panel_context())


@permission_required("calls.view_escalation", raise_exception=True)
def escalation_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "unresolved")
    tier = request.GET.get("tier", "")
    queryset = Escalation.objects.select_related("patient", "call", "acknowledged_by", "resolved_by")
    if status == "unresolved":
        queryset = queryset.exclude(status=EscalationStatus.RESOLVED)
    elif status in EscalationStatus.values:
        queryset = queryset.filter(status=status)
    else:
        status = "all"
    if tier in EscalationTier.values:
        queryset = queryset.filter(tier=tier)
    else:
        tier = ""
    ordered = _by_urgency(queryset) if status != EscalationStatus.RESOLVED else queryset.order_by("-resolved_at")
    context = {
        "escalations": list(ordered[:LIST_LIMIT]),
        "total": queryset.count(),
        "limit": LIST_LIMIT,
        "status": status,
        "tier": tier,
        "statuses": [("unresolved", "Open or acknowledged"), *EscalationStatus.choices, ("all", "All")],
        "tiers": EscalationTier.choices,
        "now": timezone.now(),
        "clinic_zone": clinic_zone().key,
    }
    return render(request, "calls/escalation_list.html", context)


STATUS_WORDS = {
    EscalationStatus.OPEN: "Raised",
    EscalationStatus.ACKNOWLEDGED: "Acknowledged",
    EscalationStatus.RESOLVED: "Resolved",
}


def _history(escalation: Escalation) -> list[dict[str, Any]]:
    """The audit log of the escalation as sentences ("Acknowledged", "Tier raised to emergent"), not field diffs."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(escalation).select_related("actor").order_by("timestamp", "id")
    rows = []
    for entry in entries:
        changes = entry.changes_dict or {}
        words: list[str] = []
        status = changes.get("status")
        if status and len(status) == 2:
            words.append(STATUS_WORDS.get(status[1], f"Marked {status[1]}"))
        elif entry.action == LogEntry.Action.CREATE:
            words.append("Raised")
        tier = changes.get("tier")
        if tier and len(tier) == 2 and tier[0] not in (None, "None"):
            label = dict(EscalationTier.choices).get(tier[1], tier[1])
            words.append(f"tier changed to {label}")
        if "triggers" in changes and entry.action != LogEntry.Action.CREATE:
            words.append("the same concern was reported again")
        if not words:
            words.append("Details updated" if entry.action == LogEntry.Action.UPDATE else entry.get_action_display())
        text = "; ".join(words)
        actor = entry.actor.get_full_name() or entry.actor.get_username() if entry.actor else "the system"
        rows.append({"at": entry.timestamp, "text": text[:1].upper() + text[1:], "actor": actor})
    return rows


@permission_required("calls.view_escalation", raise_exception=True)
def escalation_detail(request: HttpRequest, pk: int, *, status: int = 200, note_error: str = "") -> HttpResponse:
    escalation = get_object_or_404(
        Escalation.objects.select_related("patient", "call", "record", "acknowledged_by", "resolved_by"), pk=pk
    )
    context = {
        "escalation": escalation,
        "history": _history(escalation),
        "now": timezone.now(),
        "clinic_zone": clinic_zone().key,
        "note_error": note_error,
        "note": request.POST.get("note", "") if request.method == "POST" else "",
        "other_open": Escalation.objects.filter(call_id=escalation.call_id)
        .exclude(pk=escalation.pk)
        .exclude(status=EscalationStatus.RESOLVED)
        .count(),
    }
    return render(request, "calls/escalation_detail.html", context, status=status)


def _back(request: HttpRequest, escalation: Escalation) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("calls:escalation_detail", pk=escalation.pk)


@require_POST
@permission_required("calls.change_escalation", raise_exception=True)
def escalation_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = get_object_or_404(Escalation, pk=pk)
    try:
        escalation_acknowledge(escalation=escalation, by=request.user)
    except EscalationActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"You acknowledged the escalation for {escalation.patient.full_name}.")
    return _back(request, escalation)


@require_POST
@permission_required("calls.change_escalation", raise_exception=True)
def escalation_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    escalation = get_object_or_404(Escalation, pk=pk)
    try:
        escalation_resolve(escalation=escalation, by=request.user, note=request.POST.get("note", ""))
    except EscalationActionError as exc:
        if escalation.status == EscalationStatus.RESOLVED or getattr(exc, "code", "") == "resolved":
            messages.error(request, " ".join(exc.messages))
            return redirect("calls:escalation_detail", pk=escalation.pk)
        return escalation_detail(request, pk, status=400, note_error=" ".join(exc.messages))
    text = "The escalation is resolved."
    if request.POST.get("clear_attention"):
        from calls.services import call_clear_attention

        call_clear_attention(call=escalation.call, by=request.user, note=f"Escalation {escalation.pk} resolved.")
        text += f" Call {escalation.call_id} no longer shows “Needs attention”."
    else:
        escalation.call.refresh_from_db(fields=["needs_attention"])
        if escalation.call.needs_attention:
            text += f" Call {escalation.call_id} still shows “Needs attention”; clear it on the call's page when done."
    messages.success(request, text)
    return redirect("calls:escalation_detail", pk=escalation.pk)
