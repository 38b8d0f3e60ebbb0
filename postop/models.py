"""Clinics and their members, integration API keys and the PHI access log."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import time
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from postop.clinics import ClinicScopedQuerySet, current_clinic_id, scoped_manager

API_KEY_PREFIX_LENGTH = 8
LEGAL_START, LEGAL_END = time(8, 0), time(21, 0)  # settings.LEGAL_CALLING_WINDOW


def hash_api_secret(raw_key: str) -> str:
    """sha256 of the whole key: the secret is random and long, so no salt or slow hash is needed."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def generate_raw_api_key() -> tuple[str, str]:
    """A new key as (prefix, full key). The prefix is visible and finds the row; the rest is secret."""
    prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


class Clinic(models.Model):
    """A clinic or unit: its patients, calls and keys are seen only by its members (postop/clinics.py).

    Blank settings fall back to the environment (CLINIC_TIME_ZONE, CALLING_WINDOW, CLINIC_NAME,
    CLINIC_CALLBACK_NUMBER), so the default clinic made at install follows the environment.
    """

    name = models.CharField(max_length=100, unique=True, help_text="Shown to staff; blank caller name uses it.")
    slug = models.SlugField(max_length=50, unique=True, help_text="Used by `manage.py clinic` and the demo.")
    is_default = models.BooleanField(
        default=False, help_text="Rows with no other clinic (ADT from an unmapped facility) go here."
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="clinics",
        blank=True,
        help_text="Nurses, clinical leads and compliance auditors who see this clinic's patients.",
    )
    time_zone = models.CharField(max_length=64, blank=True, help_text="Blank: CLINIC_TIME_ZONE.")
    calling_window_start = models.TimeField(null=True, blank=True, help_text="Blank: CALLING_WINDOW.")
    calling_window_end = models.TimeField(null=True, blank=True, help_text="Blank: CALLING_WINDOW.")
    caller_name = models.CharField(
        max_length=100, blank=True, help_text="Who the agent says is calling; blank: CLINIC_NAME."
    )
    callback_number = models.CharField(
        max_length=20, blank=True, help_text="E.164 number patients call back; blank: CLINIC_CALLBACK_NUMBER."
    )
    oidc_group = models.CharField(
        max_length=150,
        blank=True,
        help_text="The identity provider's group whose members belong to this clinic (SSO sign-in).",
    )
    facility_codes = models.CharField(
        max_length=300,
        blank=True,
        help_text="Comma-separated HL7 sending facilities (MSH-4) whose ADT patients belong here.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="one_default_clinic"),
            models.CheckConstraint(
                condition=Q(calling_window_start__isnull=True) | Q(calling_window_start__gte=LEGAL_START),
                name="clinic_window_start_legal",
                violation_error_message="Calls may not start before 08:00 (healthcare calling hours).",
            ),
            models.CheckConstraint(
                condition=Q(calling_window_end__isnull=True) | Q(calling_window_end__lte=LEGAL_END),
                name="clinic_window_end_legal",
                violation_error_message="Calls may not go on after 21:00 (healthcare calling hours).",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.time_zone:
            from patients.models import validate_time_zone

            validate_time_zone(self.time_zone)
        start, end = self.calling_window_start, self.calling_window_end
        if bool(start) != bool(end):
            raise ValidationError({"calling_window_end": "Give both ends of the calling window, or neither."})
        if start and end and start >= end:
            raise ValidationError({"calling_window_end": "The calling window must end after it starts."})

    @property
    def zone_name(self) -> str:
        return self.time_zone or settings.CLINIC_TIME_ZONE

    @property
    def calling_window(self) -> tuple[time, time]:
        if self.calling_window_start and self.calling_window_end:
            return self.calling_window_start, self.calling_window_end
        return settings.CALLING_WINDOW

    @property
    def caller(self) -> str:
        return self.caller_name or (settings.CLINIC_NAME if self.is_default else self.name)

    @property
    def callback(self) -> str:
        return self.callback_number or settings.CLINIC_CALLBACK_NUMBER

    @property
    def facilities(self) -> list[str]:
        return [code.strip() for code in self.facility_codes.split(",") if code.strip()]


class ApiKeyQuerySet(ClinicScopedQuerySet):
    def usable(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiKey(models.Model):
    """One integration's credential. Its rights are its service user's Django permissions."""

    name = models.CharField(max_length=100, unique=True, help_text="Which integration uses it, e.g. epic-adt-feed.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
    clinic = models.ForeignKey(
        Clinic,
        on_delete=models.PROTECT,
        related_name="api_keys",
        blank=True,
        help_text="The key reads and writes this clinic's patients only. Left blank: the default clinic.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_keys",
        help_text="The service user whose permissions (and groups) the key has.",
    )
    throttle_rate = models.CharField(
        max_length=20,
        blank=True,
        help_text="Requests allowed, e.g. 600/min; blank uses the default API_KEY_THROTTLE_RATE.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.clinic_id is None:
            self.clinic_id = current_clinic_id()
        super().save(*args, **kwargs)

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def matches(self, raw_key: str) -> bool:
        return hmac.compare_digest(self.hashed_key, hash_api_secret(raw_key))

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class AccessAction(models.TextChoices):
    VIEW = "view", "Viewed the record"
    TRANSCRIPT = "transcript", "Read a call transcript"
    LIST = "list", "Listed records"
    EXPORT = "export", "Exported records"


class AccessEvent(models.Model):
    """Someone read protected health information: who, when, from where, what.

    Written, never edited. The actor label and patient id are copied so the row stays
    meaningful after a user or key is removed.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    api_key = models.ForeignKey(ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.CharField(max_length=150, help_text="Username, or 'api-key:<name>' for an integration.")
    action = models.CharField(max_length=16, choices=AccessAction.choices, default=AccessAction.VIEW)
    patient = models.ForeignKey("patients.Patient", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    patient_ref = models.CharField(max_length=40, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=300, blank=True)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    objects = scoped_manager("patient__clinic")

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "access event"
        permissions = [("export_call_records", "Can export call records with transcripts (CSV)")]
        indexes = [
            models.Index(fields=["patient", "at"], name="access_patient_time_idx"),
            models.Index(fields=["user", "at"], name="access_user_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} {self.action} {self.content_type.model} {self.object_id}"
