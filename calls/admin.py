from __future__ import annotations

import csv
from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone

from calls.models import CallRecord, CallScheduleItem, Escalation, PatientResponse, TranscriptTurn
from postop.admin_base import ReadOnlyAdmin
from postop.clock import clinic_zone
from postop.datetimes import BoundedDateField


@admin.register(CallScheduleItem)
class CallScheduleItemAdmin(ReadOnlyAdmin):
    """Read-only for everyone, superusers too: a call changes only through calls.services (the
    state machine keeps attempts, leases and records consistent; an edit here once sent a completed
    call back to pending and broke its next attempt)."""

    list_display = ("id", "patient", "call_type", "status", "scheduled_for", "attempts", "created_by")
    list_filter = ("status", "call_type", "created_by", "scheduled_for")
    search_fields = ("patient__last_name", "patient__external_id")
    raw_id_fields = ("patient", "discharge", "order", "parent_record", "created_by_user")


class TranscriptTurnInline(admin.TabularInline):
    model = TranscriptTurn
    extra = 0
    can_delete = False
    readonly_fields = ("sequence", "speaker", "text", "spoken_at", "event_id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PatientResponseInline(admin.TabularInline):
    model = PatientResponse
    extra = 0
    can_delete = False
    readonly_fields = ("question", "response", "recorded_at", "event_id")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


CSV_COLUMNS = [
    "record_id",
    "call_id",
    "patient_id",
    "patient_mrn",
    "call_type",
    "attempt",
    "backend",
    "outcome",
    "sip_status_code",
    "answered_by",
    "started_at",
    "answered_at",
    "ended_at",
    "summary",
    "transcript",
    "responses",
]


def _cell(value: object) -> object:
    # Spoken words become spreadsheet cells: a leading = + - @ would run as a formula.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


class _Echo:
    def write(self, value: str) -> str:
        return value


def call_records_csv(*, request: HttpRequest, records: QuerySet[CallRecord], filename: str) -> StreamingHttpResponse:
    """Records with their transcripts and responses as CSV; every exported record is an access event."""
    from postop.audit import log_access_many
    from postop.clock import clinic_iso

    records = records.select_related("call__patient").prefetch_related("turns", "responses").order_by("started_at")
    rows = list(records)
    log_access_many(request=request, objs=rows, action="export")
    writer = csv.writer(_Echo())

    def lines() -> Any:
        yield writer.writerow(CSV_COLUMNS)
        for record in rows:
            yield writer.writerow(
                _cell(value)
                for value in [
                    record.pk,
                    record.call_id,
                    record.call.patient_id,
                    record.call.patient.external_id or "",
                    record.call.call_type,
                    record.attempt,
                    record.backend,
                    record.outcome,
                    record.sip_status_code or "",
                    record.answered_by,
                    # One clock: the clinic's zone, with its offset (postop/clock.py).
                    clinic_iso(record.started_at),
                    clinic_iso(record.answered_at),
                    clinic_iso(record.ended_at),
                    record.summary,
                    "\n".join(f"{turn.speaker}: {turn.text}" for turn in record.turns.all()),
                    "\n".join(f"Q: {r.question} A: {r.response}" for r in record.responses.all()),
                ]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class ExportRangeForm(forms.Form):
    start = BoundedDateField(label="From (first day)", widget=forms.DateInput(attrs={"type": "date"}))
    end = BoundedDateField(label="To (last day, included)", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "The last day must be on or after the first day.")
        return data


@admin.register(CallRecord)
class CallRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "id", "call", "attempt", "backend", "outcome", "answered_by", "sip_status_code", "started_at", "ended_at"
    )  # fmt: skip
    list_filter = ("outcome", "backend", "answered_by", "started_at", "configuration_problem")
    search_fields = ("call__patient__last_name", "call__patient__external_id", "room_name")
    inlines = [TranscriptTurnInline, PatientResponseInline]
    actions = ["export_csv"]
    change_list_template = "admin/calls/callrecord/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        export = path("export/", self.admin_site.admin_view(self.export_range_view), name="calls_callrecord_export")
        return [export, *super().get_urls()]

    def has_export_permission(self, request: HttpRequest) -> bool:
        # Bulk transcripts are more than a nurse's one-call view: a separate, grantable permission.
        return request.user.has_perm("postop.export_call_records")

    @admin.action(description="Export the selected records with transcripts (CSV)", permissions=["export"])
    def export_csv(self, request: HttpRequest, queryset: QuerySet[CallRecord]) -> HttpResponse:
        return call_records_csv(request=request, records=queryset, filename="call-records.csv")

    def export_range_view(self, request: HttpRequest) -> HttpResponse:
        """Records started between two days (clinic time zone, both included), as CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        form = ExportRangeForm(request.GET or None)
        if form.is_valid():
            zone = clinic_zone()
            start = datetime.combine(form.cleaned_data["start"], time.min, zone)
            end = datetime.combine(form.cleaned_data["end"] + timedelta(days=1), time.min, zone)
            records = CallRecord.objects.filter(started_at__gte=start, started_at__lt=end)
            name = f"call-records-{form.cleaned_data['start']:%Y%m%d}-{form.cleaned_data['end']:%Y%m%d}.csv"
            return call_records_csv(request=request, records=records, filename=name)
        context = {
            **self.admin_site.each_context(request),
            "title": "Export call records (CSV)",
            "form": form,
            "opts": self.model._meta,
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/calls/callrecord/export.html", context)


@admin.register(TranscriptTurn)
class TranscriptTurnAdmin(ReadOnlyAdmin):
    list_display = ("record", "sequence", "speaker", "spoken_at")
    list_filter = ("speaker", "spoken_at")


@admin.register(PatientResponse)
class PatientResponseAdmin(ReadOnlyAdmin):
    list_display = ("record", "question", "recorded_at")
    list_filter = ("recorded_at",)


@admin.register(Escalation)
class EscalationAdmin(ReadOnlyAdmin):
    """Read-only: nurses acknowledge and resolve on the portal's escalation pages (audited there)."""

    list_display = ("id", "patient", "tier", "reason", "source", "status", "created_at", "due_by", "acknowledged_by")
    list_filter = ("tier", "status", "source", "created_at")
    search_fields = ("patient__last_name", "patient__external_id", "reason")
    date_hierarchy = "created_at"
