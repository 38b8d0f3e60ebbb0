"""Integration API keys and the PHI access log."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

API_KEY_PREFIX_LENGTH = 8


def hash_api_secret(raw_key: str) -> str:
    """sha256 of the whole key: the secret is random and long, so no salt or slow hash is needed."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


def generate_raw_api_key() -> tuple[str, str]:
    """A new key as (prefix, full key). The prefix is visible and finds the row; the rest is secret."""
    prefix = secrets.token_hex(API_KEY_PREFIX_LENGTH // 2)
    return prefix, f"{prefix}.{secrets.token_urlsafe(32)}"


class ApiKeyQuerySet(models.QuerySet["ApiKey"]):
    def usable(self) -> ApiKeyQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiKey(models.Model):
    """One integration's credential. Its rights are its service user's Django permissions."""

    name = models.CharField(max_length=100, unique=True, help_text="Which integration uses it, e.g. epic-adt-feed.")
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(max_length=64, editable=False)
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
