from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from calls import services as call_services
from calls.forms import CallFilterForm, CancelForm, RescheduleForm
from calls.models import CallRecord, CallScheduleItem, CallStatus, PatientResponse, TranscriptTurn
from postop.audit import log_access

PAGE_SIZE = 50
POLL_SECONDS = 3


def call_list(request: HttpRequest) -> HttpResponse:
    form = CallFilterForm(request.GET or None)
    calls = form.filter(CallScheduleItem.objects.select_related("patient", "order").order_by("-scheduled_for", "-id"))
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "calls/call_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#calls-table"
    context = {"form": form, "page": page, "query": query.urlencode(), "clinic_zone": settings.CLINIC_TIME_ZONE}
    return render(request, template, context)


def _detail_context(call: CallScheduleItem) -> dict[str, Any]:
    records = list(
        CallRecord.objects.filter(call=call)
        .order_by("attempt")
        .prefetch_related(
            Prefetch("turns", queryset=TranscriptTurn.objects.order_by("sequence", "id")),
            Prefetch("responses", queryset=PatientResponse.objects.order_by("recorded_at", "id")),
        )
    )
    return {
        "call": call,
        "clinic_zone": settings.CLINIC_TIME_ZONE,
        "records": records,
        "latest": records[-1] if records else None,
        "poll_seconds": POLL_SECONDS,
        "can_cancel": call.status in (CallStatus.PENDING, CallStatus.QUEUED, CallStatus.ON_HOLD),
        "can_reschedule": call.status in (CallStatus.PENDING, CallStatus.FAILED),
        "can_call_now": call.status in (CallStatus.PENDING, CallStatus.FAILED),
    }


def _get_call(pk: int) -> CallScheduleItem:
    return get_object_or_404(
        CallScheduleItem.objects.select_related("patient", "order", "discharge", "created_by_user", "parent_record"),
        pk=pk,
    )


def _render_detail(request: HttpRequest, call: CallScheduleItem, *, status: int = 200, **forms: Any) -> HttpResponse:
    context = _detail_context(call)
    context["cancel_form"] = forms.get("cancel_form") or CancelForm(prefix="cancel")
    context["reschedule_form"] = forms.get("reschedule_form") or RescheduleForm(call=call, prefix="reschedule")
    context["open_action"] = forms.get("open_action", "")
    log_access(request=request, obj=call)
    return render(request, "calls/call_detail.html", context, status=status)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _get_call(pk)
    if not request.htmx:
        return _render_detail(request, call)
    # A poll of the live part: the status, attempts, responses and transcript.
    context = {**_detail_context(call), "oob": True}
    html = render_to_string("calls/call_detail.html#live", context, request=request)
    html += render_to_string("calls/call_detail.html#status", context, request=request)
    if not call.is_live:
        # The call ended: offer the actions that now apply (e.g. reschedule a failed call).
        context.update(
            cancel_form=CancelForm(prefix="cancel"), reschedule_form=RescheduleForm(call=call, prefix="reschedule")
        )
        html += render_to_string("calls/call_detail.html#actions", context, request=request)
    if call.is_live:
        return HttpResponse(html)
    response = HttpResponseStopPolling()
    response.content = html.encode()
    return response


@require_POST
def call_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    call = _get_call(pk)
    form = CancelForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            call_services.call_cancel(call=call, by=request.user, reason=form.cleaned_data["reason"])
        except call_services.CallActionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "The call is cancelled. Nothing will be dialled.")
            return redirect("calls:detail", pk=call.pk)
    return _render_detail(request, call, status=400, cancel_form=form, open_action="cancel")


@require_POST
def call_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    call = _get_call(pk)
    form = RescheduleForm(request.POST, call=call, prefix="reschedule")
    if form.is_valid():
        try:
            call_services.call_reschedule(
                call=call, when=form.cleaned_data["when"], by=request.user, reason=form.cleaned_data["reason"]
            )
        except call_services.CallActionError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            call.refresh_from_db()
            local = call.next_attempt_at.astimezone(call.patient.zone)
            messages.success(request, f"The call is rescheduled for {local:%a %d %b %Y, %H:%M} (patient's time).")
            return redirect("calls:detail", pk=call.pk)
    return _render_detail(request, call, status=400, reschedule_form=form, open_action="reschedule")


@require_POST
def call_now(request: HttpRequest, pk: int) -> HttpResponse:
    call = _get_call(pk)
    try:
        call_services.call_now(call=call, by=request.user)
    except call_services.CallActionError as exc:
        messages.error(request, " ".join(exc.messages))
        return _render_detail(request, call, status=400, open_action="call_now")
    messages.success(request, "The call is queued and will be dialled within a minute.")
    return redirect("calls:detail", pk=call.pk)
