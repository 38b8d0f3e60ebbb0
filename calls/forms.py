from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus, CallType
from postop.clock import clinic_zone
from postop.datetimes import BoundedDateField, BoundedDateTimeFormField, check_future_time


def _choices_with_all(choices: list[tuple[str, str]], label: str) -> list[tuple[str, str]]:
    return [("", label), *choices]


class CallFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=_choices_with_all(CallStatus.choices, "Any status"))
    call_type = forms.ChoiceField(
        required=False, label="Call type", choices=_choices_with_all(CallType.choices, "Any type")
    )
    date_from = BoundedDateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    date_to = BoundedDateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    attention = forms.BooleanField(required=False, label="Needs attention only")
    patient = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The end date is before the start date.")
        return data

    def filter(self, queryset: QuerySet[CallScheduleItem]) -> QuerySet[CallScheduleItem]:
        """Apply the valid filters; dates are whole days in the clinic's time zone."""
        data = self.cleaned_data if self.is_valid() else {}
        zone = clinic_zone()
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("call_type"):
            queryset = queryset.filter(call_type=data["call_type"])
        if data.get("date_from"):
            queryset = queryset.filter(scheduled_for__gte=_day_start(data["date_from"], zone))
        if data.get("date_to"):
            queryset = queryset.filter(scheduled_for__lt=_day_start(data["date_to"] + timedelta(days=1), zone))
        if data.get("attention"):
            queryset = queryset.filter(needs_attention=True)
        if data.get("patient"):
            queryset = queryset.filter(patient_id=data["patient"])
        return queryset


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Reason for cancelling",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "e.g. patient re-admitted"}),
        error_messages={"required": "Say why the call is cancelled; it is kept in the call's history."},
    )


class RescheduleForm(forms.Form):
    when_text = forms.CharField(
        label="New time, in words",
        required=False,
        max_length=100,
        help_text="For example “tomorrow morning”, “in 2 hours”, “Friday at 3pm”. Patient's local time.",
    )
    when_at = BoundedDateTimeFormField(
        label="…or pick a date and time",
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text="Patient's local time.",
    )
    reason = forms.CharField(label="Reason", required=False, max_length=300)

    def __init__(self, *args: Any, call: CallScheduleItem, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.call = call

    def clean(self) -> dict[str, Any]:
        from calls.timing import TimingSpecError, parse_when

        data = super().clean()
        text, picked = data.get("when_text", "").strip(), data.get("when_at")
        if self.errors:
            return data
        if not text and not picked:
            raise ValidationError("Enter the new time in words or pick a date and time.")
        patient = self.call.patient
        if picked:
            # The picker shows the patient's wall clock: attach their zone, not the server's.
            wall = timezone.make_naive(picked) if timezone.is_aware(picked) else picked
            try:
                when = check_future_time(wall.replace(tzinfo=patient.zone), what="This time")
            except ValidationError as exc:
                self.add_error("when_at", exc)
                return data
        else:
            try:
                when = parse_when(text, timezone.now(), patient.zone, patient.calling_window())
            except TimingSpecError as exc:
                self.add_error("when_text", str(exc))
                return data
        data["when"] = when
        return data
