"""The nurse's transitional-care contact form on the patient page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from patients.models import ContactKind, ContactMethod, Discharge, Patient
from postop.clock import clinic_zone
from postop.datetimes import BoundedDateTimeFormField


class _PlainChoices(forms.models.ModelChoiceIterator):
    """The choices from one plain SELECT. ModelChoiceIterator reads them through QuerySet.iterator(), a
    server-side cursor on PostgreSQL: DECLARE, FETCH and CLOSE, three round trips for a handful of rows."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        listed = self.field.listed
        for obj in self.queryset if listed is None else listed:
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    """`listed`: the queryset's rows, when the page has read them already (the choices then cost no query)."""

    iterator = _PlainChoices
    listed: list[Any] | None = None


class NurseContactForm(forms.Form):
    kind = forms.ChoiceField(
        label="Result",
        choices=[
            (ContactKind.CONTACT, "Reached the patient (interactive contact)"),
            (ContactKind.ATTEMPT, "Tried, not reached"),
        ],
        initial=ContactKind.CONTACT,
    )
    method = forms.ChoiceField(label="How", choices=ContactMethod.choices, initial=ContactMethod.PHONE)
    discharge = ListedModelChoiceField(label="Discharge", queryset=Discharge.objects.none(), required=False)
    staff = ListedModelChoiceField(
        label="Who", queryset=get_user_model().objects.none(), help_text="The clinician or clinical staff member."
    )
    contacted_at = BoundedDateTimeFormField(
        label="When", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    note = forms.CharField(label="Note", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(
        self, *args: Any, patient: Patient, user: Any, discharges: list[Discharge] | None = None, **kwargs: Any
    ) -> None:
        """`discharges`: the patient's discharges newest first, when the page has read them already."""
        super().__init__(*args, **kwargs)
        queryset = Discharge.objects.filter(patient=patient).order_by("-discharged_at", "-id")
        self.fields["discharge"].queryset = queryset
        self.fields["discharge"].listed = discharges
        self.fields["discharge"].label_from_instance = lambda d: (
            f"{d.procedure} ({d.discharged_at.astimezone(self.zone):%d %b %Y})"
        )
        listed = discharges if discharges is not None else list(queryset[:1])
        latest = listed[0] if listed else None
        if latest is not None:
            self.fields["discharge"].initial = latest.pk
        staff = (
            get_user_model()
            .objects.filter(is_active=True, is_staff=True)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["staff"].queryset = staff
        self.fields["staff"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["staff"].initial = getattr(user, "pk", None)
        self.fields["contacted_at"].initial = timezone.now().astimezone(self.zone).strftime("%Y-%m-%dT%H:%M")

    @property
    def zone(self) -> ZoneInfo:
        return clinic_zone()

    def clean_contacted_at(self) -> datetime:
        value = self.cleaned_data["contacted_at"]
        # The picker shows the clinic's wall clock; Django read it in UTC.
        wall = timezone.make_naive(value) if timezone.is_aware(value) else value
        return wall.replace(tzinfo=self.zone)
