"""The nurse's side of structured capture: the review queue, sign-off, and the patient page's answers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from calls.capture.charts import build_chart
from calls.capture.selectors import patient_answers, patient_series, review_queue, review_reasons
from calls.capture.services import ReviewActionError, capture_sign_off
from calls.models import CallScheduleItem
from postop.clock import clinic_zone

QUEUE_LIMIT = 200


@permission_required("capture.view_callcapture", raise_exception=True)
def review_queue_view(request: HttpRequest) -> HttpResponse:
    calls = review_queue(limit=QUEUE_LIMIT)
    rows = []
    for call in calls:
        try:
            answers = list(call.capture.answers.all())
        except CallScheduleItem.capture.RelatedObjectDoesNotExist:
            answers = []
        escalations = list(call.escalations.all())
        rows.append(
            {
                "call": call,
                "answers": answers,
                "abnormal": [a for a in answers if a.abnormal],
                "unanswered": [a for a in answers if a.required and not a.is_answered],
                "escalations": escalations,
                "reasons": review_reasons(call, answers, escalations),
            }
        )
    return render(
        request,
        "capture/review_queue.html",
        {"rows": rows, "limit": QUEUE_LIMIT, "clinic_zone": clinic_zone().key},
    )


@require_POST
@permission_required("capture.sign_off_callcapture", raise_exception=True)
def review_sign_off_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = get_object_or_404(CallScheduleItem.objects.select_related("patient"), pk=pk)
    try:
        capture_sign_off(call=call, by=request.user, note=request.POST.get("note", ""))
    except ReviewActionError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Signed off the call with {call.patient.full_name}.")
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("calls:review_queue")


def patient_answers_context(*, patient: Any) -> dict[str, Any]:
    """What templates/capture/_patient_answers.html needs: one chart per numeric question and the table."""
    charts = [build_chart(series, zone=patient.zone) for series in patient_series(patient=patient)]
    return {"answer_charts": charts, "answer_rows": patient_answers(patient=patient)}
