from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import push_url

from calls.capture.views import patient_answers_context
from calls.language import language_notice
from calls.models import CallRecord, CallScheduleItem
from calls.portal.preview import expected_times
from calls.scheduler import CallPlan, preview_calls
from orders.models import DischargeOrder
from patients.contact import NEAR, SHARE_PERIODS, discharge_contact_met, nurse_contact_record, tcm_share, tcm_worklist
from patients.contact_forms import NurseContactForm
from patients.forms import (
    EXISTING,
    NEW,
    DischargeForm,
    NewPatientForm,
    PatientContactForm,
    PatientSearchForm,
    zone_suggestions,
)
from patients.models import ContactKind, Discharge, NurseContact, Patient
from patients.services import discharge_create, discharge_submission_claim, patient_contact_update, patient_upsert
from postop.audit import log_access
from postop.clock import clinic_zone

PAGE_SIZE = 25
PICKER_LIMIT = 8
PROMPT_PREVIEW_CHARS = 260
TCM_LIST_LIMIT = 15


SEARCH_TOKEN_PARAM = "s"
SEARCHES_KEPT = 20


def _remember_search(request: HttpRequest, text: str) -> str:
    """Keep the search text in the session under an opaque token: the address then carries the token,
    never a patient's name, MRN or phone (addresses reach access logs, history and referrers)."""
    searches: dict[str, str] = request.session.get("patient_searches", {})
    token = secrets.token_urlsafe(9)
    searches[token] = text
    request.session["patient_searches"] = dict(list(searches.items())[-SEARCHES_KEPT:])
    return token


def patient_list(request: HttpRequest) -> HttpResponse:
    """The patient list. Searching is a POST (the text in the body); the results' address holds an
    opaque token (?s=...) so paging and the back button work without the text in any URL."""
    token = ""
    expired = False
    if request.method == "POST":
        form = PatientSearchForm(request.POST)
        text = form.cleaned_data["q"].strip() if form.is_valid() else ""
        if request.POST.get("picker"):
            return _picker(request, text)
        token = _remember_search(request, text) if text else ""
    else:
        token = request.GET.get(SEARCH_TOKEN_PARAM, "")
        text = request.session.get("patient_searches", {}).get(token, "") if token else ""
        expired = bool(token) and not text
        token = token if text else ""
        form = PatientSearchForm(initial={"q": text})
    patients = Patient.objects.search(text)
    page = Paginator(patients, PAGE_SIZE).get_page(request.POST.get("page") or request.GET.get("page"))
    query = f"{SEARCH_TOKEN_PARAM}={token}" if token else ""
    address = f"{request.path}?{query}" if query else request.path
    if request.method == "POST" and not request.htmx:
        return redirect(address)  # post/redirect/get: reload and back work, the text stays out of the URL
    template = "patients/patient_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    context = {"form": form, "page": page, "query": query, "text": text, "expired": expired}
    response = render(request, template, context)
    if request.method == "POST":
        response = push_url(response, address)
    return response


def _picker(request: HttpRequest, text: str) -> HttpResponse:
    """The discharge page's patient picker (POST): a few matches as radio buttons."""
    found = list(Patient.objects.search(text)[: PICKER_LIMIT + 1]) if text else []
    context = {"found": found[:PICKER_LIMIT], "more": len(found) > PICKER_LIMIT, "text": text}
    return render(request, "patients/patient_list.html#picker", context)


def patient_detail(request: HttpRequest, pk: int) -> HttpResponse:
    patient = get_object_or_404(Patient, pk=pk)
    log_access(request=request, obj=patient)
    discharges = list(
        Discharge.objects.filter(patient=patient).select_related("discharged_by").prefetch_related("orders")
    )
    calls = list(
        CallScheduleItem.objects.filter(patient=patient)
        .select_related("order")
        .prefetch_related(Prefetch("records", queryset=CallRecord.objects.order_by("attempt")))
        .order_by("scheduled_for", "id")
    )
    context = {"patient": patient, "discharges": discharges, "calls": calls, "calls_poll_seconds": _calls_poll(calls)}
    if request.htmx and request.htmx.target == "patient-calls":
        # The call list refreshes itself while any call can still change (patients/patient_detail.html#calls).
        return render(request, "patients/patient_detail.html#calls", context)
    # Transitional care section, from the discharges read above (same order: newest first).
    context.update(tcm_patient_context(patient=patient, user=request.user, discharges=discharges))
    context.update(patient_answers_context(patient=patient))  # structured answers: chart + table
    return render(request, "patients/patient_detail.html", context)


def _calls_poll(calls: list[CallScheduleItem]) -> int | None:
    """Seconds between refreshes: fast while a call is live, slower while one waits, none when all ended."""
    if any(call.is_live for call in calls):
        return 3
    now = timezone.now()
    if any(not call.is_final and call.next_attempt_at <= now + timedelta(minutes=10) for call in calls):
        return 5
    return 30 if any(not call.is_final for call in calls) else None


def patient_edit_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit phone, time zone, language, calling hours and the caregiver; audited with the nurse's reason."""
    patient = get_object_or_404(Patient, pk=pk)
    if not request.user.has_perm("patients.change_patient"):
        raise PermissionDenied("You do not have permission to change patients' contact details.")
    form = PatientContactForm(request.POST or None, instance=patient)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in PatientContactForm.Meta.fields}
            try:
                changed = patient_contact_update(
                    patient=patient, by=request.user, reason=form.cleaned_data["reason"], **data
                )
            except ValidationError as exc:
                for name, problems in (
                    exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
                ):
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem)
            else:
                if changed:
                    labels = ", ".join(str(form.fields[name].label).lower() for name in changed)
                    messages.success(request, f"Saved: {labels}. The change and its reason are in the audit log.")
                else:
                    messages.info(request, "Nothing changed; nothing was saved.")
                return redirect("patients:detail", pk=patient.pk)
        status = 400
    log_access(request=request, obj=patient)
    context = {"patient": patient, "form": form, "zones": zone_suggestions()}
    return render(request, "patients/patient_contact_form.html", context, status=status)


@dataclass
class DischargeAttempt:
    """The discharge page's forms after validation, and the calls they would create."""

    form: DischargeForm
    patient_form: NewPatientForm
    patient: Patient | None = None
    plan: CallPlan | None = None
    problems: list[str] = field(default_factory=list)
    duplicates: list[Patient] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.form.errors or self.form.order_errors or self.problems) and (
            self.form.cleaned_data.get("patient_mode") == EXISTING or not self.patient_form.errors
        )


def _catalog() -> list[DischargeOrder]:
    return list(DischargeOrder.objects.active().order_by("procedure_group", "sort_order", "key"))


def _apply_errors(attempt: DischargeAttempt, error: ValidationError) -> None:
    """Put the scheduler's and services' errors beside the inputs they are about."""
    form, patient_form = attempt.form, attempt.patient_form
    order_keys = {order.key for order in form.catalog}
    for key, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]:
        if key in order_keys:
            form.order_errors.setdefault(key, []).extend(messages_)
        elif key in ("discharged_at", "procedure", "orders", "patient") and key in form.fields:
            for message in messages_:
                if message not in form.errors.get(key, []):
                    form.add_error(key, message)
        elif key in patient_form.fields and form.cleaned_data.get("patient_mode") == NEW:
            for message in messages_:
                patient_form.add_error(key, message)
        else:
            attempt.problems.extend(messages_)


def _evaluate(request: HttpRequest, catalog: list[DischargeOrder]) -> DischargeAttempt:
    form = DischargeForm(request.POST, catalog=catalog)
    patient_form = NewPatientForm(request.POST, prefix="new")
    attempt = DischargeAttempt(form=form, patient_form=patient_form)
    form.is_valid()
    new_valid = patient_form.is_valid()
    mode = form.cleaned_data.get("patient_mode", EXISTING)
    if mode == NEW:
        attempt.patient = patient_form.unsaved_patient()
        attempt.duplicates = _duplicates(patient_form)
        if not new_valid and "time_zone" in patient_form.errors:
            return attempt  # no preview in a zone the nurse did not mean
    elif form.cleaned_data.get("patient"):
        attempt.patient = Patient.objects.filter(pk=form.cleaned_data["patient"]).first()
        if attempt.patient is None:
            form.add_error("patient", "This patient no longer exists; search again.")
    discharged_at = form.cleaned_data.get("discharged_at")
    if attempt.patient is None or discharged_at is None:
        return attempt
    try:
        attempt.plan = preview_calls(
            patient=attempt.patient,
            discharged_at=discharged_at,
            orders=form.cleaned_data.get("orders", []),
            order_params=form.order_params(),
            procedure=form.cleaned_data.get("procedure", ""),
            now=timezone.now(),
        )
    except ValidationError as exc:
        _apply_errors(attempt, exc)
    return attempt


def _duplicates(patient_form: NewPatientForm) -> list[Patient]:
    """Existing patients the new one may be (same name + date of birth, or + phone), unless the MRN says who."""
    data = getattr(patient_form, "cleaned_data", {})
    first, last = data.get("first_name", ""), data.get("last_name", "")
    if data.get("external_id") and Patient.objects.filter(external_id=data["external_id"]).exists():
        return []  # the MRN names an existing record: the discharge updates that one
    return list(
        Patient.objects.possible_duplicates(
            first_name=first, last_name=last, date_of_birth=data.get("date_of_birth"), phone=data.get("phone", "")
        )[:PICKER_LIMIT]
    )


def _page_context(attempt: DischargeAttempt, *, preview: bool = False) -> dict[str, Any]:
    form = attempt.form
    selected = attempt.patient if form.data.get("patient_mode", EXISTING) == EXISTING else None
    if preview:
        # While the nurse is still typing, "this field is required" is noise; show real problems only.
        for bound in (form, attempt.patient_form):
            for name in list(bound.errors):
                kept = [m for e in bound.errors.as_data()[name] if e.code != "required" for m in e.messages]
                if kept:
                    bound.errors[name] = bound.error_class(kept)
                else:
                    del bound.errors[name]
    expected = (
        expected_times(patient=attempt.patient, calls=list(attempt.plan)) if attempt.plan and attempt.patient else []
    )
    calls = [
        {
            "call": item.call,
            "expected": item,
            "spoken": item.call.spoken,
            "prompt": item.call.llm_prompt,
        }
        for item in expected
    ]
    patient = attempt.patient
    notice = language_notice(patient.preferred_language, patient.get_preferred_language_display()) if patient else None
    return {
        "form": form,
        "patient_form": attempt.patient_form,
        "selected_patient": selected,
        "order_groups": form.order_groups(),
        "plan": attempt.plan,
        "preview_calls": calls,
        "problems": attempt.problems,
        "no_calls": _no_calls_reason(attempt),
        "duplicates": attempt.duplicates,
        "confirm_new_patient": attempt.form.data.get("confirm_new_patient") == "1",
        "confirm_no_calls": attempt.form.data.get("confirm_no_calls") == "1",
        "patient": attempt.patient,
        "language_notice": notice,
        "oob": preview,
        "patient_zone": attempt.patient.time_zone if attempt.patient else clinic_zone().key,
        "clinic_zone": clinic_zone().key,
    }


def _no_calls_reason(attempt: DischargeAttempt) -> str:
    """Why this discharge would make no follow-up call ("" when it makes at least one)."""
    if attempt.plan is None or len(attempt.plan):
        return ""
    if attempt.patient is not None and attempt.patient.do_not_call:
        return "The patient is marked do not call: no follow-up call will be made."
    if not attempt.form.cleaned_data.get("orders"):
        return "No discharge order is chosen, so no follow-up call will be made."
    if not any(order.makes_call for order in attempt.plan.orders):
        return "None of the chosen orders makes a call, so no follow-up call will be made."
    return "Every call of the chosen orders falls before the discharge, so no follow-up call will be made."


def _blank_context(request: HttpRequest, catalog: list[DischargeOrder]) -> dict[str, Any]:
    form = DischargeForm(catalog=catalog)
    patient_form = NewPatientForm(prefix="new")
    selected = None
    if request.GET.get("patient", "").isdigit():
        selected = Patient.objects.filter(pk=int(request.GET["patient"])).first()
    return {
        "form": form,
        "patient_form": patient_form,
        "selected_patient": selected,
        "order_groups": form.order_groups(),
        "plan": None,
        "preview_calls": [],
        "problems": [],
        "oob": False,
        "clinic_zone": clinic_zone().key,
    }


def _extras(context: dict[str, Any], catalog: list[DischargeOrder]) -> dict[str, Any]:
    context["zones"] = zone_suggestions()
    context["procedures"] = sorted({order.procedure_group for order in catalog})
    return context


def discharge(request: HttpRequest) -> HttpResponse:
    catalog = _catalog()
    if request.method != "POST":
        return render(request, "patients/discharge.html", _extras(_blank_context(request, catalog), catalog))

    key = request.POST.get("submission_key", "")
    done = Discharge.objects.filter(submission_key=key).select_related("patient").first() if key else None
    if done is not None:
        messages.info(request, "This discharge was already recorded; nothing was created twice.")
        return redirect("patients:detail", pk=done.patient_id)

    attempt = _evaluate(request, catalog)
    if attempt.ok and attempt.duplicates and request.POST.get("confirm_new_patient") != "1":
        # The same name and date of birth (or phone) is already on file: a second record would split the chart.
        messages.error(
            request,
            "The discharge was not recorded. A patient with this name and date of birth or phone is already "
            "on file: choose “Use this patient”, or tick “This is a different person” to create a new record.",
        )
        context = _extras(_page_context(attempt), catalog)
        return render(request, "patients/discharge.html", context, status=400)
    no_calls = _no_calls_reason(attempt)
    if attempt.ok and no_calls and request.POST.get("confirm_no_calls") != "1":
        # Never a green "recorded" for a discharge nobody will call: the nurse confirms it first.
        messages.error(
            request,
            f"The discharge was not recorded. {no_calls} Choose orders that make calls, or tick "
            "“Record it without follow-up calls” to record it anyway.",
        )
        context = _extras(_page_context(attempt), catalog)
        return render(request, "patients/discharge.html", context, status=400)
    if attempt.ok:
        try:
            done, replayed = _save(request, attempt)
        except ValidationError as exc:
            _apply_errors(attempt, exc)
        else:
            if replayed:
                # The same form sent again while the first was being saved (double click, retry).
                messages.info(request, "This discharge was already recorded; nothing was created twice.")
                return redirect("patients:detail", pk=done.patient_id)
            count = done.calls.count()
            if count:
                messages.success(
                    request, f"Discharge recorded. {count} follow-up call{'s' if count != 1 else ''} scheduled."
                )
            else:
                messages.warning(request, "Discharge recorded with no follow-up call, as you confirmed.")
            for note in done.warnings:
                messages.warning(request, note)
            return redirect("patients:detail", pk=done.patient_id)
    messages.error(request, "The discharge was not recorded. Fix the problems marked below; nothing was lost.")
    context = _extras(_page_context(attempt), catalog)
    return render(request, "patients/discharge.html", context, status=400)


def _save(request: HttpRequest, attempt: DischargeAttempt) -> tuple[Discharge, bool]:
    """Record the discharge (and the new patient); (discharge, True) when this form was already saved."""
    form, patient_form = attempt.form, attempt.patient_form
    with transaction.atomic():
        earlier = discharge_submission_claim(form.cleaned_data["submission_key"])
        if earlier is not None:
            return earlier, True
        if form.cleaned_data["patient_mode"] == NEW:
            data = patient_form.cleaned_data
            patient = patient_upsert(
                external_id=data["external_id"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                phone=data["phone"],
                date_of_birth=data["date_of_birth"],
                time_zone=data["time_zone"],
                preferred_language=data["preferred_language"],
                clinic=patient_form.chosen_clinic(),
            )
        else:
            assert attempt.patient is not None
            patient = attempt.patient
        discharge = discharge_create(
            patient=patient,
            discharged_at=form.cleaned_data["discharged_at"],
            procedure=form.cleaned_data["procedure"],
            order_keys=form.cleaned_data["orders"],
            order_params=form.order_params(),
            by=request.user,
            notes=form.cleaned_data["notes"],
            submission_key=form.cleaned_data["submission_key"],
        )
    return discharge, False


@require_POST
def discharge_preview(request: HttpRequest) -> HttpResponse:
    catalog = _catalog()
    attempt = _evaluate(request, catalog)
    return render(request, "patients/discharge.html#preview", _page_context(attempt, preview=True))


# --- transitional care contact (patients/contact.py) -------------------------------------------


def tcm_patient_context(
    *, patient: Patient, user: Any, form: NurseContactForm | None = None, discharges: list[Discharge] | None = None
) -> dict[str, Any]:
    """The patient page's transitional-care section: each discharge's deadline and every contact.
    `discharges`: the patient's discharges newest first, when the caller has read them already."""
    now = timezone.now()
    contacts = list(
        NurseContact.objects.filter(patient=patient)
        .select_related("staff", "call_record")
        .order_by("-contacted_at", "-id")
    )
    rows = []
    if discharges is None:
        discharges = list(Discharge.objects.filter(patient=patient).order_by("-discharged_at", "-id"))
    for discharge in discharges:
        mine = [c for c in contacts if c.discharge_id == discharge.pk]
        met = discharge_contact_met(discharge=discharge)
        reached = any(c.kind == ContactKind.CONTACT for c in mine)
        deadline = discharge.contact_deadline
        rows.append(
            {
                "discharge": discharge,
                "met": met,
                "late": reached and not met,
                "overdue": not reached and deadline is not None and deadline < now,
                "near": not reached and deadline is not None and now <= deadline < now + NEAR,
            }
        )
    return {
        "tcm_rows": rows,
        "tcm_contacts": contacts,
        "tcm_form": form or NurseContactForm(patient=patient, user=user, discharges=discharges),
        "tcm_can_record": user.has_perm("patients.add_nursecontact"),
        "tcm_days": settings.TCM_CONTACT_BUSINESS_DAYS,
        "clinic_zone": clinic_zone().key,
    }


@require_POST
def nurse_contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a nurse's interactive contact or attempt (HTMX: the section comes back; else a redirect)."""
    patient = get_object_or_404(Patient, pk=pk)
    if not request.user.has_perm("patients.add_nursecontact"):
        raise PermissionDenied("You do not have permission to record patient contacts.")
    form = NurseContactForm(request.POST, patient=patient, user=request.user)
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            nurse_contact_record(
                patient=patient,
                discharge=data["discharge"],
                by=request.user,
                staff=data["staff"],
                kind=data["kind"],
                method=data["method"],
                contacted_at=data["contacted_at"],
                note=data["note"],
            )
        except ValidationError as exc:
            for field_name, problems in (
                exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
            ):
                for problem in problems:
                    form.add_error(field_name if field_name in form.fields else None, problem)
        else:
            text = "Contact recorded." if data["kind"] == ContactKind.CONTACT else "Attempt recorded."
            if not request.htmx:
                messages.success(request, text)
                return redirect("patients:detail", pk=patient.pk)
            form = None
    if form is not None and form.errors:
        status = 400
        if not request.htmx:
            problems = "; ".join(str(m) for errors in form.errors.values() for m in errors)
            messages.error(request, f"The contact was not recorded: {problems}")
            return redirect("patients:detail", pk=patient.pk)
    context = {"patient": patient, **tcm_patient_context(patient=patient, user=request.user, form=form)}
    return render(request, "patients/_tcm_patient.html", context, status=status)


def tcm_dashboard_context(*, now: datetime) -> dict[str, Any]:
    """The dashboard's transitional-care panel: the worklist and the share contacted in time."""
    worklist = tcm_worklist(now=now)
    shown = list(worklist[:TCM_LIST_LIMIT])
    return {
        "worklist": shown,
        # Two queries in all (rows, share); a third only when the list is longer than shown.
        "worklist_count": len(shown) if len(shown) < TCM_LIST_LIMIT else worklist.count(),
        "share": tcm_share(now=now, days=30),
        "periods": SHARE_PERIODS,
        "now": now,
        "near": now + NEAR,
        "clinic_zone": clinic_zone().key,
    }


def tcm_share_panel(request: HttpRequest) -> HttpResponse:
    """HTMX: the share of discharges contacted in time over 7, 30 or 90 days."""
    try:
        days = int(request.GET.get("days", "30"))
    except ValueError:
        days = 30
    context = {"share": tcm_share(now=timezone.now(), days=days), "periods": SHARE_PERIODS}
    return render(request, "patients/_tcm_share.html", context)
