"""Lifting do-not-call: only a nurse, only with a note saying why calls may resume (audited)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from patients.models import Patient
from patients.services import patient_lift_opt_out


@permission_required("patients.change_patient", raise_exception=True)
def lift_do_not_call(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_object_or_404(Patient, pk=pk)
    if not patient.do_not_call:
        messages.info(request, "This patient is not on do-not-call.")
        return redirect("patients:detail", pk=patient.pk)
    error = ""
    note = ""
    if request.method == "POST":
        note = request.POST.get("note", "")
        try:
            patient_lift_opt_out(patient=patient, by=request.user, note=note)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, "Do-not-call is lifted. Cancelled calls stay cancelled; schedule new ones.")
            return redirect("patients:detail", pk=patient.pk)
    context = {"patient": patient, "error": error, "note": note}
    return render(request, "patients/lift_do_not_call.html", context, status=400 if error else 200)
