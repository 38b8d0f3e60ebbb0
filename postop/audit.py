"""Audit trail: who read protected health information, and who changed what.

Reads go to AccessEvent through `log_access`; writes are recorded by django-auditlog for the
models in AUDITED_MODELS. For an API-key request the auditlog actor is the key's service user
(the auditlog middleware ran before DRF authenticated the key, so it saw nobody).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

logger = logging.getLogger(__name__)

# app_label.Model -> auditlog.register() options. Models that do not exist yet are skipped.
AUDITED_MODELS: dict[str, dict[str, Any]] = {
    "patients.Patient": {"exclude_fields": ["updated_at"]},
    "patients.Discharge": {"m2m_fields": {"orders"}},
    # Lease bookkeeping changes on every dispatch; the status and times are what matter.
    "calls.CallScheduleItem": {"exclude_fields": ["updated_at", "claimed_at", "lease_expires_at"]},
    "calls.Escalation": {},
    # Sign-off of a call's answers in the review queue: who, when, the note.
    "capture.CallCapture": {},
    "patients.NurseContact": {},
    "postop.ApiKey": {"exclude_fields": ["last_used_at"], "mask_fields": ["hashed_key"]},
    # Patient-education content: every edit, status change and publication (who reviewed it, against what).
    "knowledge.KnowledgeDocument": {"exclude_fields": ["updated_at"]},
    "knowledge.KnowledgeDocumentVersion": {},
    # The hospital feed (patients/adt/): what it set up, held, merged, and the clinic's rules.
    "adt.HospitalEncounter": {"exclude_fields": ["updated_at"]},
    "adt.OrderSetRule": {"exclude_fields": ["updated_at"], "m2m_fields": {"orders"}},
    "adt.CallHold": {"m2m_fields": {"calls"}},
    "adt.PatientMerge": {},
}


def register_audited_models() -> None:
    from auditlog.registry import auditlog

    for label, options in AUDITED_MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not auditlog.contains(model):
            auditlog.register(model, **options)


def client_address(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a client-supplied X-Forwarded-For would let anyone choose what the log says.
    return request.META.get("REMOTE_ADDR") or None


def request_api_key(request: Any) -> Any:
    from postop.models import ApiKey

    key = getattr(request, "auth", None)
    return key if isinstance(key, ApiKey) else None


def actor_label(*, user: Any, api_key: Any = None) -> str:
    if api_key is not None:
        return f"api-key:{api_key.name}"
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_username()
    return "anonymous"


def bind_audit_actor(*, user: Any, api_key: Any) -> None:
    """Make auditlog attribute this request's writes to the key's service user and name the key."""
    from auditlog.context import auditlog_value

    try:
        context = auditlog_value.get()
    except LookupError:
        return
    context["actor"] = user
    context["additional_data"] = {"api_key": api_key.name, "api_key_id": api_key.pk}


def _patient_id(obj: models.Model) -> int | None:
    from patients.models import Patient

    if isinstance(obj, Patient):
        return obj.pk
    if hasattr(obj, "patient_id"):
        return obj.patient_id
    if hasattr(obj, "call_id"):  # a call record
        return obj.call.patient_id
    if hasattr(obj, "record_id"):  # a transcript turn or response
        return obj.record.call.patient_id
    return None


def log_access(*, request: HttpRequest | Any, obj: models.Model, action: str = "view") -> None:
    """Record that the current user (or API key) read `obj`: a patient's record or a call's transcript.

    `request` may be a Django HttpRequest or a DRF Request.
    """
    from postop.models import AccessEvent

    api_key = request_api_key(request)
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    patient_id = _patient_id(obj)
    meta = request.META
    AccessEvent.objects.create(
        user=user,
        api_key=api_key,
        actor=actor_label(user=user, api_key=api_key)[:150],
        action=action,
        patient_id=patient_id,
        patient_ref=f"patient-{patient_id}" if patient_id else "",
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        method=request.method or "",
        path=request.path[:300],
        remote_addr=client_address(request),
        user_agent=meta.get("HTTP_USER_AGENT", "")[:300],
    )
    logger.info(
        "access actor_user=%s api_key=%s action=%s object=%s.%s patient=%s",
        getattr(user, "pk", None),
        getattr(api_key, "pk", None),
        action,
        obj._meta.model_name,
        obj.pk,
        f"patient-{patient_id}" if patient_id else "-",
    )


def log_access_many(*, request: HttpRequest | Any, objs: list[models.Model], action: str = "list") -> None:
    """One access event per object shown, e.g. each patient on a page of search results."""
    from postop.models import AccessEvent

    if not objs:
        return
    api_key = request_api_key(request)
    user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    common = {
        "user": user,
        "api_key": api_key,
        "actor": actor_label(user=user, api_key=api_key)[:150],
        "action": action,
        "method": request.method or "",
        "path": request.path[:300],
        "remote_addr": client_address(request),
        "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
    }
    events = []
    for obj in objs:
        patient_id = _patient_id(obj)
        events.append(
            AccessEvent(
                **common,
                patient_id=patient_id,
                patient_ref=f"patient-{patient_id}" if patient_id else "",
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
                object_id=str(obj.pk),
            )
        )
    AccessEvent.objects.bulk_create(events)


def audit_bulk_created(*, instances: Iterable[models.Model]) -> None:
    """Record rows saved with bulk_create, which sends no signals, as auditlog would on save().

    For services that create audited rows in bulk (e.g. a discharge's calls). The entries are
    built as log_create builds them, passed through LogEntry's pre_save (where auditlog's
    context fills in the actor and remote address) and written with one INSERT. Rows without
    a pk (bulk_create with ignore_conflicts) are skipped.
    """
    from auditlog.cid import get_cid
    from auditlog.context import auditlog_disabled
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.contrib.contenttypes.models import ContentType
    from django.db.models.signals import pre_save

    if auditlog_disabled.get():
        return
    entries = []
    context_fields = ("actor", "actor_email", "remote_addr", "remote_port", "additional_data")
    cid = get_cid()
    for obj in instances:
        if obj.pk is None or not auditlog.contains(type(obj)):
            continue
        entry = LogEntry(
            content_type=ContentType.objects.get_for_model(obj),
            object_pk=str(obj.pk),
            object_id=obj.pk if isinstance(obj.pk, int) else None,
            object_repr=str(obj)[:255],
            action=LogEntry.Action.CREATE,
            changes=model_instance_diff(None, obj),
            serialized_data=LogEntry.objects._get_serialized_data_or_none(obj),
            cid=cid,
        )
        if not entries:
            # auditlog's context (actor, address) is filled in on pre_save; once is enough.
            pre_save.send(sender=LogEntry, instance=entry, raw=False, using="default", update_fields=None)
        else:
            for name in context_fields:
                setattr(entry, name, getattr(entries[0], name))
        entries.append(entry)
    if entries:
        LogEntry.objects.bulk_create(entries)


def audit_updated(*, before: models.Model, after: models.Model) -> None:
    """Record a change made with QuerySet.update() (no signals): `before` and `after` are the row's two states."""
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog

    if not auditlog.contains(type(after)):
        return
    changes = model_instance_diff(before, after)
    if changes:
        LogEntry.objects.log_create(after, action=LogEntry.Action.UPDATE, changes=changes)
