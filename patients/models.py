from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery

from postop.clinics import ClinicScopedQuerySet, clinic_by_id, current_clinic, current_clinic_id, scoped_manager
from postop.datetimes import check_birth_date

if TYPE_CHECKING:
    from postop.models import Clinic

# TCPA healthcare exemption: postop/settings.py refuses a wider CALLING_WINDOW at startup.
LEGAL_WINDOW = (time(8, 0), time(21, 0))


def normalize_phone(raw: str, *, region: str | None = None) -> str:
    """Return `raw` as E.164, or raise ValidationError saying what to fix.

    Numbers without a leading + are read in the clinic's country.
    """
    text = (raw or "").strip()
    if not text:
        raise ValidationError("Enter the patient's phone number, for example +1 212 555 0123.", code="required")
    try:
        parsed = phonenumbers.parse(text, region or settings.CLINIC_COUNTRY)
    except phonenumbers.NumberParseException:
        raise ValidationError(
            "This is not a phone number. Enter it with the country code, for example +1 212 555 0123.",
            code="invalid_phone",
        ) from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(
            "This phone number does not exist in its country's numbering plan; check the digits "
            "and the country code (for example +1 212 555 0123).",
            code="invalid_phone",
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """A stored E.164 number as a nurse dials it: national format at home, international abroad."""
    if not e164:
        return ""
    try:
        parsed = phonenumbers.parse(e164, settings.CLINIC_COUNTRY)
    except phonenumbers.NumberParseException:
        return e164
    home = phonenumbers.region_code_for_number(parsed) == settings.CLINIC_COUNTRY
    style = phonenumbers.PhoneNumberFormat.NATIONAL if home else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(parsed, style)


def age_on(born: date | None, today: date) -> str:
    """Age as a nurse says it: years from 2, months under 2 (a child's dose depends on it)."""
    if born is None or born > today:
        return ""
    months = (today.year - born.year) * 12 + today.month - born.month - (today.day < born.day)
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months // 12}"


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"{value!r} is not a time zone. Use an IANA name such as America/New_York or Europe/London.",
            code="invalid_time_zone",
        ) from None


def default_time_zone() -> str:
    """A new patient's zone: their clinic's (the request's clinic), else CLINIC_TIME_ZONE."""
    clinic = current_clinic()
    return clinic.zone_name if clinic is not None else settings.CLINIC_TIME_ZONE


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Spanish"
    FRENCH = "fr", "French"
    CHINESE = "zh", "Chinese"
    VIETNAMESE = "vi", "Vietnamese"
    OTHER = "other", "Other"


def carry_clinic_to_calls(*, patient_ids: list[int]) -> None:
    """Copy these patients' clinic onto their calls and escalations (calls.models.PatientClinicMixin)."""
    from calls.models import CallScheduleItem, Escalation

    clinic = Subquery(Patient._base_manager.filter(pk=OuterRef("patient_id")).values("clinic_id")[:1])
    for model in (CallScheduleItem, Escalation):
        model._base_manager.filter(patient_id__in=patient_ids).update(clinic_id=clinic)


class PatientQuerySet(ClinicScopedQuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[Patient]:
        """Like Patient.save: a patient without a clinic goes to the creator's (postop/clinics.py)."""
        objs = list(objs)
        if any(obj.clinic_id is None for obj in objs):
            clinic_id = current_clinic_id()
            for obj in objs:
                if obj.clinic_id is None:
                    obj.clinic_id = clinic_id
        return super().bulk_create(objs, *args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        """A patient moved to another clinic takes their calls and escalations along (they copy its clinic)."""
        if "clinic" not in kwargs and "clinic_id" not in kwargs:
            return super().update(**kwargs)
        ids = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        carry_clinic_to_calls(patient_ids=ids)
        return count

    def possible_duplicates(
        self, *, first_name: str, last_name: str, date_of_birth: date | None, phone: str = ""
    ) -> PatientQuerySet:
        """Patients who may be this person: same name and date of birth, or same name and phone.

        Best matches first (name + date of birth + phone). A new record for one of them would
        split the patient's calls and history across two charts.
        """
        first, last = " ".join(first_name.split()), " ".join(last_name.split())
        if not first or not last or not (date_of_birth or phone):
            return self.none()
        same_name = Q(first_name__iexact=first, last_name__iexact=last)
        matches = Q()
        if date_of_birth:
            matches |= Q(date_of_birth=date_of_birth)
        if phone:
            matches |= Q(phone=phone)
        return (
            self.filter(same_name & matches)
            .annotate(
                score=models.Case(
                    models.When(date_of_birth=date_of_birth, phone=phone, then=models.Value(0)),
                    default=models.Value(1),
                    output_field=models.IntegerField(),
                )
            )
            .order_by("score", "-created_at", "id")
        )

    def search(self, text: str) -> PatientQuerySet:
        text = text.strip()
        if not text:
            return self
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(external_id__iexact=word)
                | Q(external_id__istartswith=word)
            )
        digits = "".join(ch for ch in text if ch.isdigit())
        if len(digits) >= 4:
            query |= Q(phone__contains=digits)
        return self.filter(query)

    def callable(self) -> PatientQuerySet:
        return self.filter(do_not_call=False)


class Patient(models.Model):
    clinic = models.ForeignKey(
        "postop.Clinic",
        on_delete=models.PROTECT,
        related_name="patients",
        blank=True,
        help_text="Only this clinic's staff and keys see the patient, their discharges, calls and escalations. "
        "Left blank: the clinic of whoever creates the patient.",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    external_id = models.CharField(
        "MRN / external id",
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="The hospital's medical record number or the EHR's patient id.",
    )
    phone = models.CharField(max_length=20, help_text="Stored in E.164, e.g. +12125550123.")
    date_of_birth = models.DateField(null=True, blank=True, validators=[check_birth_date])
    time_zone = models.CharField(max_length=64, default=default_time_zone, validators=[validate_time_zone])
    preferred_language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    calling_window_start = models.TimeField(
        null=True, blank=True, help_text="Earliest local time to call; blank uses the clinic's window."
    )
    calling_window_end = models.TimeField(
        null=True, blank=True, help_text="Latest local time to call; blank uses the clinic's window."
    )
    caregiver_name = models.CharField(
        max_length=100,
        blank=True,
        help_text="A parent, guardian or carer the agent may speak with once identity is confirmed.",
    )
    caregiver_relationship = models.CharField(
        max_length=50, blank=True, help_text="E.g. mother, father, guardian, spouse."
    )
    caregiver_phone = models.CharField(max_length=20, blank=True, help_text="Stored in E.164; optional.")
    do_not_call = models.BooleanField(default=False)
    do_not_call_reason = models.TextField(blank=True)
    do_not_call_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PatientQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="patient_name_idx"),
            models.Index(fields=["phone"], name="patient_phone_idx"),
        ]
        constraints = [
            # TCPA healthcare exemption: never before 08:00 or after 21:00 in the patient's zone,
            # whatever the clinic's settings or a direct database write say.
            models.CheckConstraint(
                condition=Q(calling_window_start__isnull=True) | Q(calling_window_start__gte=time(8, 0)),
                name="patient_window_start_legal",
                violation_error_message="Calls may not start before 08:00 (healthcare calling hours).",
            ),
            models.CheckConstraint(
                condition=Q(calling_window_end__isnull=True) | Q(calling_window_end__lte=time(21, 0)),
                name="patient_window_end_legal",
                violation_error_message="Calls may not go on after 21:00 (healthcare calling hours).",
            ),
        ]

    def __str__(self) -> str:
        # Admin and audit screens show this; logs use `patient_ref` instead.
        return f"{self.last_name}, {self.first_name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.clinic_id is None:
            self.clinic_id = current_clinic_id()  # the creator's clinic (postop/clinics.py)
        stored = getattr(self, "_stored_clinic_id", None)
        super().save(*args, **kwargs)
        if stored is not None and stored != self.clinic_id:
            carry_clinic_to_calls(patient_ids=[self.pk])
        self._stored_clinic_id = self.clinic_id

    @classmethod
    def from_db(cls, db: str | None, field_names: Any, values: Any) -> Patient:
        patient = super().from_db(db, field_names, values)
        patient._stored_clinic_id = patient.__dict__.get("clinic_id")  # None when deferred: unknown
        return patient

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def ref(self) -> str:
        """An identifier safe for logs and URLs: no name, no phone."""
        return f"patient-{self.pk}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def phone_display(self) -> str:
        return display_phone(self.phone)

    @property
    def interpreter_note(self) -> str:
        """What the nurse must arrange when the calls cannot be in the patient's language ("" when they can)."""
        from calls.language import interpreter_note

        return interpreter_note(self)

    @property
    def caregiver_phone_display(self) -> str:
        return display_phone(self.caregiver_phone)

    @property
    def caregiver_first_name(self) -> str:
        return (self.caregiver_name or "").split(" ")[0]

    @property
    def age(self) -> str:
        """Today's age in the clinic's calendar (blank without a date of birth)."""
        from django.utils import timezone

        return age_on(self.date_of_birth, timezone.localdate(timezone=ZoneInfo(self.clinic_settings.zone_name)))

    @property
    def clinic_settings(self) -> Clinic:
        """The patient's clinic (time zone, window, caller name, callback number); unsaved: the request's."""
        from postop.models import Clinic

        if Patient.clinic.field.is_cached(self):
            return self.clinic
        if self.clinic_id is not None:
            return clinic_by_id(self.clinic_id)
        return current_clinic() or Clinic(name=settings.CLINIC_NAME, is_default=True)

    def calling_window(self) -> tuple[time, time]:
        """The patient's window, never wider than their clinic's (which settings keep legal)."""
        clinic_start, clinic_end = self.clinic_settings.calling_window
        # Never outside 08:00-21:00, even when CALLING_WINDOW was overridden after startup.
        clinic_start, clinic_end = max(clinic_start, LEGAL_WINDOW[0]), min(clinic_end, LEGAL_WINDOW[1])
        start = max(self.calling_window_start or clinic_start, clinic_start)
        end = min(self.calling_window_end or clinic_end, clinic_end)
        if start >= end:
            return clinic_start, clinic_end
        return start, end

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[ValidationError]] = {}
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as exc:
                errors.setdefault("phone", []).append(exc)
        if self.external_id is not None:
            self.external_id = self.external_id.strip() or None
        if self.caregiver_phone:
            try:
                self.caregiver_phone = normalize_phone(self.caregiver_phone)
            except ValidationError as exc:
                errors.setdefault("caregiver_phone", []).append(exc)
        self.caregiver_name = (self.caregiver_name or "").strip()
        self.caregiver_relationship = (self.caregiver_relationship or "").strip()
        if bool(self.caregiver_name) != bool(self.caregiver_relationship):
            missing = "caregiver_relationship" if self.caregiver_name else "caregiver_name"
            errors.setdefault(missing, []).append(
                ValidationError("Give both the caregiver's name and how they are related to the patient, or neither.")
            )
        if (self.caregiver_phone or "").strip() and not self.caregiver_name:
            errors.setdefault("caregiver_name", []).append(
                ValidationError("Give the name of the caregiver at this number.")
            )
        if self.date_of_birth and self.date_of_birth > date.today():
            errors.setdefault("date_of_birth", []).append(ValidationError("The date of birth is in the future."))
        start, end = self.calling_window_start, self.calling_window_end
        clinic_start, clinic_end = self.clinic_settings.calling_window
        if start and end and start >= end:
            errors.setdefault("calling_window_end", []).append(
                ValidationError("The calling window must end after it starts.")
            )
        if start and start < clinic_start:
            errors.setdefault("calling_window_start", []).append(
                ValidationError(f"The clinic does not call before {clinic_start:%H:%M}.")
            )
        if end and end > clinic_end:
            errors.setdefault("calling_window_end", []).append(
                ValidationError(f"The clinic does not call after {clinic_end:%H:%M}.")
            )
        if errors:
            raise ValidationError(errors)


class Discharge(models.Model):
    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="discharges")
    discharged_at = models.DateTimeField()
    procedure = models.CharField(max_length=200)
    orders = models.ManyToManyField("orders.DischargeOrder", related_name="discharges", blank=True)
    order_params = models.JSONField(
        default=dict, blank=True, help_text='Per-order parameters, e.g. {"vm_school": {"return_date": "2025-06-23"}}.'
    )
    discharged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(blank=True)
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Orders that made no call when the discharge was recorded, and why.",
    )
    submission_key = models.CharField(
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text="Form token or Idempotency-Key that created this discharge; a retry with it creates nothing.",
    )
    contact_deadline = models.DateTimeField(
        null=True, blank=True, help_text="Interactive nurse contact due by (transitional care)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # A discharge, its calls and escalations belong to the patient's clinic (one source of truth).
    objects = scoped_manager("patient__clinic")

    class Meta:
        ordering = ["-discharged_at", "-id"]
        indexes = [models.Index(fields=["discharged_at"], name="discharge_time_idx")]

    def __str__(self) -> str:
        return f"Discharge {self.pk} ({self.procedure})"


class ContactKind(models.TextChoices):
    TASK = "task", "Follow-up task (after an AI call)"
    CONTACT = "contact", "Interactive contact"
    ATTEMPT = "attempt", "Unsuccessful attempt"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"


class NurseContact(models.Model):
    """Transitional care: what clinical staff did to reach the patient after a discharge.

    kind=contact is an interactive contact by clinical staff (the only kind that meets the
    discharge's contact deadline); kind=attempt an unsuccessful try; kind=task a follow-up a
    nurse owes after an AI call reached the patient (an automated call never counts on its own).
    """

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="nurse_contacts")
    discharge = models.ForeignKey(
        Discharge, on_delete=models.PROTECT, null=True, blank=True, related_name="nurse_contacts"
    )
    kind = models.CharField(max_length=16, choices=ContactKind.choices)
    method = models.CharField(max_length=16, choices=ContactMethod.choices, blank=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The clinician or clinical staff member who made (or tried) the contact.",
    )
    contacted_at = models.DateTimeField(
        help_text="When the contact or attempt happened; for a task, when the call ended."
    )
    note = models.TextField(blank=True, help_text="What was discussed; for a task, the AI call's summary.")
    call_record = models.OneToOneField(
        "calls.CallRecord",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nurse_task",
        help_text="The AI call attempt this follow-up task came from.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="A task is resolved by a nurse's contact.")
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager("patient__clinic")

    class Meta:
        ordering = ["-contacted_at", "-id"]
        indexes = [
            models.Index(fields=["discharge", "kind", "contacted_at"], name="nursecontact_discharge_idx"),
            models.Index(fields=["patient", "contacted_at"], name="nursecontact_patient_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="task") | (Q(staff__isnull=False) & ~Q(method="")),
                name="nursecontact_has_who_and_how",
                violation_error_message="Say who contacted the patient and how (phone or in person).",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk} for {self.patient.ref}"

    @property
    def is_open_task(self) -> bool:
        return self.kind == ContactKind.TASK and self.resolved_at is None
