from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from calls.scheduler import plan_calls
from patients.adt.models import AdtMessage, CallHold, HospitalEncounter, OrderSetRule, PatientMerge
from patients.models import Patient
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


class OrderSetRuleForm(forms.ModelForm):
    class Meta:
        model = OrderSetRule
        fields = ["name", "kind", "code", "orders", "order_params", "active"]

    def clean(self) -> dict[str, Any]:
        """Plan the rule's calls for a discharge now, so a rule that cannot schedule is refused here."""
        data = super().clean()
        orders = list(data.get("orders") or [])
        params = data.get("order_params") or {}
        if not isinstance(params, dict):
            self.add_error("order_params", 'Give the parameters as an object: {"order_key": {"name": "value"}}.')
            return data
        stray = sorted(set(params) - {order.key for order in orders})
        if stray:
            self.add_error("order_params", f"Parameters for orders the rule does not include: {', '.join(stray)}.")
            return data
        patient = Patient(first_name="Rule", last_name="Check", time_zone=settings.CLINIC_TIME_ZONE)
        try:
            plan_calls(
                patient=patient, discharged_at=timezone.now(), orders=orders, order_params=params, procedure="check"
            )
        except ValidationError as exc:
            problems = exc.message_dict if hasattr(exc, "error_dict") else {"orders": exc.messages}
            self.add_error("order_params", [message for messages in problems.values() for message in messages])
        return data


@admin.register(OrderSetRule)
class OrderSetRuleAdmin(admin.ModelAdmin):
    form = OrderSetRuleForm
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
