"""Compliance view of structured capture: read-only, like every call record."""

from __future__ import annotations

from django.contrib import admin

from calls.capture.models import Answer, CallCapture, Questionnaire
from postop.admin_base import ReadOnlyAdmin


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ("order", "version", "title", "created_at")
    list_filter = ("order",)


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question_id", "status", "display", "abnormal", "abnormal_reason", "unanswered_reason", "recorded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(CallCapture)
class CallCaptureAdmin(ReadOnlyAdmin):
    list_display = ("call", "questionnaire", "signed_off_by", "signed_off_at")
    list_filter = ("signed_off_at",)
    list_select_related = ("call", "questionnaire__order", "signed_off_by")
    inlines = [AnswerInline]
