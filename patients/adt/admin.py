from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from patients.adt.models import AdtMessage, CallHold, HospitalEncounter, OrderSetRule, PatientMerge
from postop.admin_base import ReadOnlyAdmin
from postop.audit import log_access


@admin.register(AdtMessage)
class AdtMessageAdmin(ReadOnlyAdmin):
    """The interface log. The raw text is PHI: only the detail page shows it, and each view is recorded."""

    list_display = ("id", "received_at", "sending_facility", "message_type", "control_id", "ack_code", "outcome")
    list_filter = ("ack_code", "outcome", "event", "sending_facility", "received_at")
    search_fields = ("control_id",)
    readonly_fields = (
        "received_at",
        "control_id",
        "sending_application",
        "sending_facility",
        "message_type",
        "event",
        "outcome",
        "ack_code",
        "ack_text",
        "patient",
        "discharge",
        "peer",
        "raw_segments",
    )
    exclude = ("raw",)

    @admin.display(description="raw message")
    def raw_segments(self, obj: AdtMessage) -> str:
        return obj.raw.replace("\r", "\n")

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        message = self.get_object(request, object_id)
        if message is not None and self.has_view_permission(request, message):
            log_access(request=request, obj=message, action="view")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(OrderSetRule)
class OrderSetRuleAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "active", "updated_at")
    list_filter = ("kind", "active")
    search_fields = ("name", "code")
    filter_horizontal = ("orders",)


@admin.register(HospitalEncounter)
class HospitalEncounterAdmin(ReadOnlyAdmin):
    list_display = ("id", "discharge", "sending_facility", "setup_status", "hospital_service", "created_at")
    list_filter = ("setup_status", "sending_facility")
    raw_id_fields = ("discharge", "patient")


@admin.register(CallHold)
class CallHoldAdmin(ReadOnlyAdmin):
    list_display = ("id", "patient", "event", "status", "created_at", "resolved_at")
    list_filter = ("status", "event")


@admin.register(PatientMerge)
class PatientMergeAdmin(ReadOnlyAdmin):
    list_display = ("id", "survivor", "merged", "prior_mrn", "created_at")
