from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from calls.models import CallRecord, CallScheduleItem, PatientResponse, TranscriptTurn


class ReadOnlyAdmin(admin.ModelAdmin):
    """Call audit: what happened on a call is never edited after the fact."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CallScheduleItem)
class CallScheduleItemAdmin(admin.ModelAdmin):
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


@admin.register(CallRecord)
class CallRecordAdmin(ReadOnlyAdmin):
    list_display = ("id", "call", "attempt", "backend", "outcome", "sip_status_code", "started_at", "ended_at")
    list_filter = ("outcome", "backend", "started_at", "configuration_problem")
    search_fields = ("call__patient__last_name", "call__patient__external_id", "room_name")
    inlines = [TranscriptTurnInline, PatientResponseInline]


@admin.register(TranscriptTurn)
class TranscriptTurnAdmin(ReadOnlyAdmin):
    list_display = ("record", "sequence", "speaker", "spoken_at")
    list_filter = ("speaker", "spoken_at")


@admin.register(PatientResponse)
class PatientResponseAdmin(ReadOnlyAdmin):
    list_display = ("record", "question", "recorded_at")
    list_filter = ("recorded_at",)
