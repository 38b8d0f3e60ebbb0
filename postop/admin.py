"""Admin: clinics, API keys (issued once, revocable) and the read-only audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from calls.models import CallScheduleItem
from patients.models import Discharge, Patient
from postop.admin_base import ReadOnlyAdmin
from postop.clinics import ClinicScopedQuerySet, visible_clinic_ids, visible_clinics
from postop.models import AccessEvent, ApiKey, Clinic
from postop.services import api_key_check, api_key_issue, api_key_revoke


def resolve_patient_id(value: str) -> int | None:
    value = value.strip()
    if value.isdigit() and Patient.objects.filter(pk=int(value)).exists():
        return int(value)
    return Patient.objects.filter(external_id__iexact=value).values_list("pk", flat=True).first()


class PatientInputFilter(admin.SimpleListFilter):
    """A text box: patient id or MRN (a list of every patient would not fit a sidebar)."""

    title = "patient"
    parameter_name = "patient"
    template = "admin/postop/input_filter.html"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("", "")]  # one entry so the filter is shown; the template draws a text box

    def choices(self, changelist: Any) -> Iterator[dict[str, Any]]:
        hidden = [
            (name, value)
            for name, values in changelist.get_filters_params().items()
            if name != self.parameter_name
            for value in (values if isinstance(values, list) else [values])
        ]
        yield {"value": self.value() or "", "hidden": hidden, "parameter_name": self.parameter_name}

    def patient_id(self) -> int | None:
        return resolve_patient_id(self.value()) if self.value() else None

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        if not self.value():
            return queryset
        patient_id = self.patient_id()
        if patient_id is None:
            return queryset.none()
        return queryset.filter(patient_id=patient_id)


class LogEntryPatientFilter(PatientInputFilter):
    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any] | None:
        if not self.value():
            return queryset
        patient_id = self.patient_id()
        if patient_id is None:
            return queryset.none()
        types = ContentType.objects.get_for_models(Patient, Discharge, CallScheduleItem)
        return queryset.filter(
            Q(content_type=types[Patient], object_id=patient_id)
            | Q(
                content_type=types[Discharge],
                object_id__in=Discharge.objects.filter(patient_id=patient_id).values("pk"),
            )
            | Q(
                content_type=types[CallScheduleItem],
                object_id__in=CallScheduleItem.objects.filter(patient_id=patient_id).values("pk"),
            )
        )


@admin.register(AccessEvent)
class AccessEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor", "action", "patient_ref", "content_type", "object_id", "remote_addr", "path")
    list_filter = (
        "action",
        ("user", admin.RelatedOnlyFieldListFilter),
        ("api_key", admin.RelatedOnlyFieldListFilter),
        PatientInputFilter,
        "at",
    )
    date_hierarchy = "at"
    search_fields = ("actor", "patient_ref", "path", "remote_addr")
    list_select_related = ("content_type",)


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    """auditlog's read-only change log, filterable by who and by patient too."""

    list_display = [*AuditlogLogEntryAdmin.list_display, "remote_addr"]
    list_filter = [
        *AuditlogLogEntryAdmin.list_filter,
        ("actor", admin.RelatedOnlyFieldListFilter),
        LogEntryPatientFilter,
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[LogEntry]:
        """An auditor of some clinics sees the changes to those clinics' rows (and to shared ones)."""
        queryset = super().get_queryset(request)
        if visible_clinic_ids() is None:
            return queryset
        scoped = [
            model
            for model in apps.get_models()
            if issubclass(getattr(model._default_manager, "_queryset_class", object), ClinicScopedQuerySet)
        ]
        types = ContentType.objects.get_for_models(*scoped)
        visible = Q(~Q(content_type__in=list(types.values())))
        for model, content_type in types.items():
            visible |= Q(content_type=content_type, object_id__in=model.objects.values("pk"))
        return queryset.filter(visible)


@admin.register(Clinic)
class ClinicAdmin(admin.ModelAdmin):
    """Clinics and who belongs to them (`manage.py clinic` does the same from a shell)."""

    list_display = ("name", "slug", "is_default", "time_zone", "oidc_group", "facility_codes")
    search_fields = ("name", "slug", "oidc_group")
    filter_horizontal = ("members",)
    prepopulated_fields = {"slug": ("name",)}


class ApiKeyAddForm(forms.ModelForm):
    access = forms.ChoiceField(
        choices=[("read", "Read-only"), ("write", "Read and write (patients, discharges, call actions)")],
        initial="read",
        help_text="Sets the new service user's group. To use an existing user's permissions, use "
        "manage.py create_api_key --user.",
    )

    class Meta:
        model = ApiKey
        fields = ["name", "clinic", "throttle_rate"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clinic"].queryset = Clinic.objects.filter(pk__in=[c.pk for c in visible_clinics()])
        self.fields[
            "clinic"
        ].help_text = "The key reads and writes this clinic's patients only (blank: default clinic)."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        try:
            api_key_check(name=" ".join(data.get("name", "").split()), throttle_rate=data.get("throttle_rate", ""))
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    self.add_error(field, error)
        return data


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ("name", "clinic", "prefix", "user", "created_at", "last_used_at", "revoked_at")
    list_filter = ("clinic", "revoked_at")
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("clinic", "prefix", "user", "created_at", "created_by", "last_used_at", "revoked_at")
    actions = ["revoke_keys"]

    def get_form(self, request: HttpRequest, obj: ApiKey | None = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApiKeyAddForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> list[str]:
        if obj is None:
            return ["name", "clinic", "access", "throttle_rate"]
        return ["name", "throttle_rate", *self.readonly_fields]

    def get_readonly_fields(self, request: HttpRequest, obj: ApiKey | None = None) -> tuple[str, ...]:
        return self.readonly_fields if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # revoke instead: the audit trail points at the key

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # The add form ran api_key_check, so issuing does not fail on the name or rate here.
        request._new_api_key = api_key_issue(  # type: ignore[attr-defined]
            key=obj, write=form.cleaned_data["access"] == "write", by=request.user
        )

    def response_add(self, request: HttpRequest, obj: ApiKey, post_url_continue: str | None = None) -> HttpResponse:
        raw_key = getattr(request, "_new_api_key", None)
        if raw_key is None:
            return super().response_add(request, obj, post_url_continue)
        # Rendered directly, never put in a message or the session: the key exists in clear only here.
        context = {**self.admin_site.each_context(request), "key": obj, "raw_key": raw_key}
        response = TemplateResponse(request, "admin/postop/apikey/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description="Revoke the selected keys (they stop working at once)")
    def revoke_keys(self, request: HttpRequest, queryset: QuerySet[ApiKey]) -> None:
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(key=key)
            count += 1
        self.message_user(request, f"Revoked {count} key(s).", messages.SUCCESS)
