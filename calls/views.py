from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from calls import services as call_services
from calls.capture.selectors import with_review
from calls.forms import CallFilterForm, CancelForm, RescheduleForm
from calls.language import NAMES as LANGUAGE_NAMES
from calls.models import CallRecord, CallScheduleItem, CallStatus, PatientResponse, TranscriptTurn
from calls.portal.feedback import call_now_feedback, reschedule_feedback
from calls.portal.progress import call_steps, poll_seconds
from calls.portal.transcript import transcript_lines
from postop.audit import log_access
from postop.clock import clinic_zone

PAGE_SIZE = 50


def call_list(request: HttpRequest) -> HttpResponse:
    form = CallFilterForm(request.GET or None)
    calls = form.filter(CallScheduleItem.objects.select_related("patient", "order").order_by("-scheduled_for", "-id"))
    page = Paginator(calls, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "calls/call_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#calls-table"
    context = {"form": form, "page": page, "query": query.urlencode(), "clinic_zone": clinic_zone().key}
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
    zone_label = f"patient's time, {timezone.now().astimezone(call.patient.zone).tzname()}"
    spoken = call.spoken  # the call's language and its first words in it (calls.language)
    for record in records:
        record.lines = transcript_lines(record.turns.all(), zone_label=zone_label)
        record.language_name = LANGUAGE_NAMES.get(record.language) or spoken.label
    return {
        "call": call,
        "spoken": spoken,
        "patient": call.patient,
        "clinic_zone": clinic_zone().key,
        "records": records,
        "latest": records[-1] if records else None,
        "steps": call_steps(call, records),
        "poll_seconds": poll_seconds(call, timezone.now()),
        "can_cancel": call.status in (CallStatus.PENDING, CallStatus.QUEUED, CallStatus.ON_HOLD),
        "can_reschedule": call.status in (CallStatus.PENDING, CallStatus.FAILED),
        "can_call_now": call.status in (CallStatus.PENDING, CallStatus.FAILED),
        "can_clear_attention": call.needs_attention and not call.language_hold,
        # Held for its language (calls/holds/language.py): the nurse may choose English for it, or cancel.
        "can_release_english": call.status == CallStatus.ON_HOLD and call.language_hold,
    }


def _get_call(pk: int) -> CallScheduleItem:
    # with_review: the answers panel's review state and "has an escalation" come with the call, not as two
    # more queries (calls/capture/selectors.py review_state reads these flags when they are there).
    return get_object_or_404(
        with_review(
            CallScheduleItem.objects.select_related("patient", "order", "discharge", "created_by_user", "parent_record")
        ),
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
    # A poll of the live part: the status, progress, attempts, responses and transcript. It runs in
    # every state that can still change (pending, queued, in progress) and stops at a final one.
    context = {**_detail_context(call), "oob": True}
    html = render_to_string("calls/call_detail.html#live", context, request=request)
    html += render_to_string("calls/call_detail.html#status", context, request=request)
    html += render_to_string("calls/call_detail.html#schedule", context, request=request)
    if request.GET.get("shown") != call.status:
        # The status moved since the page last looked: the actions that apply changed with it. Only
        # then, so a nurse typing a reschedule reason is not interrupted by every poll.
        context.update(
            cancel_form=CancelForm(prefix="cancel"), reschedule_form=RescheduleForm(call=call, prefix="reschedule")
        )
        html += render_to_string("calls/call_detail.html#actions", context, request=request)
    if call.is_final and request.GET.get("banner") == "call-now":
        # The page still says "Calling ... now" from the click: say what became of the call instead.
        html += render_to_string("calls/_call_now_ended.html", context, request=request)
    if not call.is_final:
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
            level, text = reschedule_feedback(call=call, asked=form.cleaned_data["when"])
            messages.add_message(request, messages.SUCCESS if level == "success" else messages.WARNING, text)
            return redirect("calls:detail", pk=call.pk)
    return _render_detail(request, call, status=400, reschedule_form=form, open_action="reschedule")


@require_POST
def call_now(request: HttpRequest, pk: int) -> HttpResponse:
    call = _get_call(pk)
    now = timezone.now()
    try:
        call_services.call_now(call=call, by=request.user)
    except call_services.CallActionError as exc:
        messages.error(request, "Not dialled. " + " ".join(exc.messages))
        return _render_detail(request, call, status=400, open_action="call_now")
    level, text = call_now_feedback(call=call, now=now)
    if level == "success":
        # "Calling Maya now" is true only until the call ends: the live poll replaces it then.
        messages.success(request, text, extra_tags="live-call")
    else:
        messages.warning(request, text)
    return redirect("calls:detail", pk=call.pk)


@require_POST
def call_clear_attention(request: HttpRequest, pk: int) -> HttpResponse:
    call = _get_call(pk)
    if not request.user.has_perm("calls.change_callscheduleitem"):
        raise PermissionDenied("You do not have permission to change calls.")
    note = request.POST.get("attention-note", "")
    try:
        call_services.call_clear_attention(call=call, by=request.user, note=note)
    except call_services.CallActionError as exc:
        messages.error(request, "“Needs attention” was not cleared. " + " ".join(exc.messages))
        return _render_detail(request, call, status=400, open_action="attention")
    messages.success(request, "The call no longer shows “Needs attention”. What you did is kept with the call.")
    return redirect("calls:detail", pk=call.pk)


@require_POST
def call_release_english(request: HttpRequest, pk: int) -> HttpResponse:
    """A call held because its order has no reviewed text in the patient's language: make it in English."""
    from django.core.exceptions import ValidationError

    from calls.holds.language import call_release_in_english

    call = _get_call(pk)
    try:
        call_release_in_english(call=call, by=request.user, reason=request.POST.get("english-reason", ""))
    except ValidationError as exc:
        messages.error(request, "The call is still on hold. " + " ".join(exc.messages))
        return _render_detail(request, call, status=400, open_action="english")
    messages.success(request, "The call will be made in English. Your reason is kept with the call.")
    return redirect("calls:detail", pk=call.pk)
