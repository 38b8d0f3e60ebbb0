from __future__ import annotations

import secrets
from datetime import datetime
from itertools import groupby
from typing import Any
from zoneinfo import available_timezones

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from orders.models import DischargeOrder
from patients.models import Language, Patient, normalize_phone, validate_time_zone
from postop.clinics import visible_clinics
from postop.clock import clinic_zone
from postop.datetimes import BoundedDateTimeFormField, check_birth_date, check_discharge_time
from postop.models import Clinic

NEW, EXISTING = "new", "existing"
# Offered first in the time-zone picker; any IANA name is accepted.
COMMON_ZONES = [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
]


def zone_suggestions() -> list[str]:
    return COMMON_ZONES + sorted(available_timezones() - set(COMMON_ZONES) - {"localtime"})


class PatientSearchForm(forms.Form):
    q = forms.CharField(
        label="Search patients",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name, MRN or phone", "autocomplete": "off"}),
    )


class NewPatientForm(forms.Form):
    """A patient entered on the discharge page; saved through patients.services.patient_upsert."""

    first_name = forms.CharField(label="First name", max_length=100)
    last_name = forms.CharField(label="Last name", max_length=100)
    external_id = forms.CharField(label="MRN", max_length=64, required=False, help_text="Medical record number.")
    phone = forms.CharField(
        label="Phone",
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "placeholder": "+1 212 555 0123"}),
        help_text="The number the follow-up calls go to.",
    )
    date_of_birth = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=[check_birth_date],
    )
    time_zone = forms.CharField(
        label="Time zone",
        max_length=64,
        initial=lambda: clinic_zone().key,
        widget=forms.TextInput(attrs={"list": "zone-list", "autocomplete": "off"}),
        help_text="Where the patient will be; calls are placed in their local calling hours.",
    )
    preferred_language = forms.ChoiceField(label="Language", choices=Language.choices, initial=Language.ENGLISH)
    clinic = forms.ModelChoiceField(
        label="Clinic",
        queryset=Clinic.objects.none(),
        help_text="Whose patient this is: only that clinic's staff will see them.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A nurse of several clinics picks one (validated against theirs); a nurse of one is not asked.
        choices = visible_clinics()
        if len(choices) > 1:
            self.fields["clinic"].queryset = Clinic.objects.filter(pk__in=[c.pk for c in choices])
        else:
            del self.fields["clinic"]

    def chosen_clinic(self) -> Clinic | None:
        """The picked clinic; None means the request's clinic (postop/clinics.py)."""
        return getattr(self, "cleaned_data", {}).get("clinic")

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data["phone"])

    def clean_time_zone(self) -> str:
        value = self.cleaned_data["time_zone"].strip()
        validate_time_zone(value)
        return value

    def clean_external_id(self) -> str | None:
        value = self.cleaned_data["external_id"].strip() or None
        if value and Patient.objects.filter(external_id=value).exists():
            raise ValidationError(
                "A patient with this MRN is already registered. Choose “Existing patient” and search for the MRN."
            )
        return value

    def unsaved_patient(self) -> Patient:
        """A Patient built from what is valid so far, for the preview; invalid fields fall back to defaults."""
        data = getattr(self, "cleaned_data", {})
        raw = self.data
        zone = data.get("time_zone")
        clinic = self.chosen_clinic()
        return Patient(
            **({"clinic": clinic} if clinic is not None else {}),
            first_name=data.get("first_name") or raw.get(self.add_prefix("first_name"), "").strip() or "the patient",
            last_name=data.get("last_name") or raw.get(self.add_prefix("last_name"), "").strip(),
            time_zone=zone or clinic_zone().key,
            preferred_language=data.get("preferred_language") or Language.ENGLISH,
        )


def clinic_now_local() -> str:
    return timezone.now().astimezone(clinic_zone()).strftime("%Y-%m-%dT%H:%M")


class DischargeForm(forms.Form):
    patient_mode = forms.ChoiceField(
        label="Patient",
        choices=[(EXISTING, "Existing patient"), (NEW, "New patient")],
        initial=EXISTING,
        widget=forms.RadioSelect,
    )
    patient = forms.IntegerField(required=False)
    discharged_at = BoundedDateTimeFormField(
        label="Discharge time",
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Clinic time.",
    )
    procedure = forms.CharField(
        label="Procedure", max_length=200, widget=forms.TextInput(attrs={"list": "procedure-list"})
    )
    orders = forms.MultipleChoiceField(label="Discharge orders", required=False, widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label="Notes for the care team", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    submission_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, catalog: list[DischargeOrder], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "discharged_at": clinic_now_local(),
                "submission_key": secrets.token_urlsafe(24),
                "patient_mode": EXISTING,
            },
        )
        super().__init__(*args, **kwargs)
        self.catalog = catalog
        self.fields["orders"].choices = [(order.key, order.title) for order in catalog]
        self.order_errors: dict[str, list[str]] = {}
        for order in catalog:
            for param in order.parameters or []:
                attrs = {"aria-required": "true"} if param.get("required", True) else {}
                if param.get("type") == "date":
                    widget: forms.Widget = forms.DateInput(attrs={"type": "date", **attrs})
                else:
                    widget = forms.TextInput(attrs=attrs)
                # Required-ness is checked by the scheduler, and only when the order is ticked.
                self.fields[self.param_field(order.key, param["name"])] = forms.CharField(
                    label=param.get("label") or param["name"].replace("_", " ").capitalize(),
                    required=False,
                    widget=widget,
                )
                self.fields[self.param_field(order.key, param["name"])].marked_required = bool(attrs)

    @staticmethod
    def param_field(order_key: str, name: str) -> str:
        return f"param__{order_key}__{name}"

    def clean_discharged_at(self) -> datetime:
        value = self.cleaned_data["discharged_at"]
        # The picker shows the clinic's wall clock; Django read it in UTC.
        wall = timezone.make_naive(value) if timezone.is_aware(value) else value
        return check_discharge_time(wall.replace(tzinfo=clinic_zone()))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("patient_mode") == EXISTING and not data.get("patient"):
            self.add_error(
                "patient",
                ValidationError("Search for the patient and select them, or choose “New patient”.", code="required"),
            )
        return data

    def order_params(self) -> dict[str, dict[str, str]]:
        """Parameters of the ticked orders, as typed (the scheduler validates them)."""
        chosen = set(self.data.getlist(self.add_prefix("orders"))) if hasattr(self.data, "getlist") else set()
        params: dict[str, dict[str, str]] = {}
        for order in self.catalog:
            if order.key not in chosen or not order.parameters:
                continue
            params[order.key] = {
                p["name"]: self.data.get(self.add_prefix(self.param_field(order.key, p["name"])), "").strip()
                for p in order.parameters
            }
        return params

    def order_groups(self) -> list[tuple[str, list[dict[str, Any]]]]:
        """The catalog grouped by procedure, each order with its ticked state, parameter fields and errors."""
        chosen = set(self.data.getlist(self.add_prefix("orders"))) if self.is_bound else set()
        rows = [
            {
                "order": order,
                "checked": order.key in chosen,
                "params": [self[self.param_field(order.key, p["name"])] for p in order.parameters or []],
                "errors": self.order_errors.get(order.key, []),
            }
            for order in self.catalog
        ]
        return [(group, list(items)) for group, items in groupby(rows, key=lambda r: r["order"].procedure_group)]


class PatientContactForm(forms.ModelForm):
    """A nurse keeps the patient's contact details right; every change is audited with the reason."""

    reason = forms.CharField(
        label="Reason for the change",
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text="Kept in the audit log, e.g. “patient gave a new mobile number on the phone”.",
    )

    class Meta:
        model = Patient
        fields = [
            "phone",
            "time_zone",
            "preferred_language",
            "calling_window_start",
            "calling_window_end",
            "caregiver_name",
            "caregiver_relationship",
            "caregiver_phone",
        ]
        labels = {
            "calling_window_start": "Calls not before",
            "calling_window_end": "Calls not after",
            "caregiver_name": "Caregiver's name",
            "caregiver_relationship": "Relationship to the patient",
            "caregiver_phone": "Caregiver's phone",
        }
        help_texts = {
            "phone": "The number the follow-up calls go to, e.g. (212) 555-0187 or +44 20 7946 0018.",
            "time_zone": "Where the patient is now (IANA name, e.g. America/Denver): calls follow their local time.",
            "calling_window_start": "Patient's local time; blank uses the clinic's hours.",
            "calling_window_end": "Patient's local time; blank uses the clinic's hours.",
            "caregiver_name": "A parent, guardian or carer the agent may speak with once identity is confirmed.",
        }
        widgets = {
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
            "time_zone": forms.TextInput(attrs={"list": "zone-list", "autocomplete": "off"}),
            "calling_window_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "calling_window_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "caregiver_phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.initial["phone"] = self.instance.phone_display
            self.initial["caregiver_phone"] = self.instance.caregiver_phone_display

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_caregiver_phone(self) -> str:
        raw = (self.cleaned_data.get("caregiver_phone") or "").strip()
        return normalize_phone(raw) if raw else ""

    def _post_clean(self) -> None:
        # The service validates and saves (patients.services.patient_contact_update); no model save here.
        pass
