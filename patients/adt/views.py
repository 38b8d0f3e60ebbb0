"""The "Discharges to set up" worklist and its actions (pick orders; resume or replace held calls)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from orders.models import DischargeOrder
from patients.adt.forms import SetUpForm
from patients.adt.models import CallHold, HospitalEncounter
from patients.adt.worklist import encounter_set_up, hold_replace, hold_resume, worklist
from postop.audit import log_access
from postop.clock import clinic_zone


@permission_required("adt.view_hospitalencounter", raise_exception=True)
def worklist_page(request: HttpRequest) -> HttpResponse:
    context = {"worklist": worklist(), "clinic_zone": clinic_zone().key}
    return render(request, "adt/worklist.html", context)


@permission_required("adt.set_up_hospitalencounter", raise_exception=True)
def set_up(request: HttpRequest, pk: int) -> HttpResponse:
    encounter = get_object_or_404(HospitalEncounter.objects.select_related("discharge", "patient"), pk=pk)
    log_access(request=request, obj=encounter.patient)
    catalog = list(DischargeOrder.objects.active())
    form = SetUpForm(request.POST if request.method == "POST" else None, catalog=catalog)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                calls = encounter_set_up(
                    encounter=encounter,
                    orders=form.cleaned_data["orders"],
                    order_params=form.order_params(),
                    by=request.user,
                )
            except ValidationError as exc:
                found = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                for key, problems in found.items():
                    if key in form.fields or key == "__all__":
                        form.add_error(None if key == "__all__" else key, problems)
                    else:
                        form.order_errors.setdefault(key, []).extend(problems)
            else:
                messages.success(
                    request, f"Discharge set up: {len(calls)} call{'s' if len(calls) != 1 else ''} scheduled."
                )
                return redirect("adt:worklist")
        status = 400
    context = {"encounter": encounter, "form": form, "clinic_zone": clinic_zone().key}
    return render(request, "adt/set_up.html", context, status=status)


def _hold_action(request: HttpRequest, pk: int, *, replace: bool) -> HttpResponse:
    hold = get_object_or_404(CallHold, pk=pk)
    try:
        if replace:
            count = hold_replace(hold=hold, by=request.user)
            messages.success(
                request, f"{count} held call{'s' if count != 1 else ''} cancelled; set up the new discharge."
            )
        else:
            count = len(hold_resume(hold=hold, by=request.user))
            messages.success(request, f"{count} held call{'s' if count != 1 else ''} resumed.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("adt:worklist")


@require_POST
@permission_required("adt.change_callhold", raise_exception=True)
def hold_resume_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hold_action(request, pk, replace=False)


@require_POST
@permission_required("adt.change_callhold", raise_exception=True)
def hold_replace_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _hold_action(request, pk, replace=True)
