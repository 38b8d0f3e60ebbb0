"""API shapes for calls, their attempts (records), transcripts and responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calls.capture.selectors import REVIEW_STATES, review_state, state_from_flags
from calls.capture.serializers import AnswerSerializer, ReviewSerializer
from calls.models import AnsweredBy, CallOutcome, CallRecord, CallScheduleItem, PatientResponse, TranscriptTurn
from postop.api_base import StrictCharField


def _review_state(call: CallScheduleItem) -> str:
    return state_from_flags(call) if hasattr(call, "has_abnormal") else review_state(call=call)


class CallSerializer(serializers.ModelSerializer):
    order = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    review_state = serializers.SerializerMethodField(
        help_text="Nurse review of the call's answers: " + "; ".join(f"{k}: {v}" for k, v in REVIEW_STATES.items())
    )

    class Meta:
        model = CallScheduleItem
        fields = [
            "id",
            "patient",
            "discharge",
            "order",
            "call_type",
            "priority",
            "purpose",
            "scheduled_for",
            "deadline",
            "next_attempt_at",
            "status",
            "status_reason",
            "attempts",
            "max_attempts",
            "needs_attention",
            "created_by",
            "created_at",
            "updated_at",
            "review_state",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=list(REVIEW_STATES)))
    def get_review_state(self, call: CallScheduleItem) -> str:
        return _review_state(call)


class TranscriptTurnSerializer(serializers.ModelSerializer):
    class Meta:
        model = TranscriptTurn
        fields = ["sequence", "speaker", "text", "spoken_at"]
        read_only_fields = fields


class PatientResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = PatientResponse
        fields = ["question", "response", "recorded_at"]
        read_only_fields = fields


class CallRecordSerializer(serializers.ModelSerializer):
    # Declared so the schema lists "" beside the outcomes: an attempt still in progress has none yet.
    outcome = serializers.ChoiceField(
        choices=[("", "None yet (in progress)"), *CallOutcome.choices],
        read_only=True,
        help_text="How the attempt ended; blank while it is still in progress.",
    )
    # Declared so the schema lists "" (not known) beside the choices: most attempts never say who answered.
    answered_by = serializers.ChoiceField(
        choices=[("", "Not known"), *AnsweredBy.choices],
        read_only=True,
        help_text="Who answered, as they said at the identity check: patient, caregiver, or blank when not known.",
    )

    class Meta:
        model = CallRecord
        fields = [
            "id",
            "call",
            "attempt",
            "backend",
            "outcome",
            "sip_status_code",
            "sip_status",
            "started_at",
            "answered_at",
            "ended_at",
            "summary",
            "error",
            "configuration_problem",
            "answered_by",
        ]
        read_only_fields = fields


class CallRecordDetailSerializer(CallRecordSerializer):
    transcript = TranscriptTurnSerializer(source="turns", many=True, read_only=True)
    responses = PatientResponseSerializer(many=True, read_only=True)

    class Meta(CallRecordSerializer.Meta):
        fields = [*CallRecordSerializer.Meta.fields, "transcript", "responses"]
        read_only_fields = fields


class CallDetailSerializer(CallSerializer):
    attempts_detail = CallRecordDetailSerializer(source="records", many=True, read_only=True)
    summary = serializers.SerializerMethodField(help_text="The summary of the latest attempt that has one.")
    answers = serializers.SerializerMethodField(help_text="Typed answers to the call's declared questions.")
    review = serializers.SerializerMethodField(help_text="The nurse review of the call's answers.")

    class Meta(CallSerializer.Meta):
        fields = [
            *CallSerializer.Meta.fields,
            "llm_prompt",
            "last_error",
            "summary",
            "answers",
            "review",
            "attempts_detail",
        ]
        read_only_fields = fields

    def _capture(self, call: CallScheduleItem) -> Any:
        from calls.capture.models import CallCapture

        try:
            return call.capture
        except CallCapture.DoesNotExist:
            return None

    @extend_schema_field(AnswerSerializer(many=True))
    def get_answers(self, call: CallScheduleItem) -> list[dict[str, Any]]:
        capture = self._capture(call)
        return AnswerSerializer(capture.answers.all(), many=True).data if capture is not None else []

    @extend_schema_field(ReviewSerializer)
    def get_review(self, call: CallScheduleItem) -> dict[str, Any]:
        capture = self._capture(call)
        questionnaire = capture.questionnaire if capture is not None else None
        signed_by = capture.signed_off_by if capture is not None else None
        return {
            "state": _review_state(call),
            "signed_off_by": signed_by.get_username() if signed_by is not None else None,
            "signed_off_at": capture.signed_off_at if capture is not None else None,
            "note": capture.sign_off_note if capture is not None else "",
            "questionnaire": f"{questionnaire.order.key}|{questionnaire.version}" if questionnaire else None,
        }

    @extend_schema_field(serializers.CharField())
    def get_summary(self, call: CallScheduleItem) -> str:
        summaries = [record.summary for record in call.records.all() if record.summary]
        return summaries[-1] if summaries else ""


class CallCancelSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=300, help_text="Why the call is cancelled (shown to nurses).")


class CallRescheduleSerializer(serializers.Serializer):
    when = StrictCharField(
        max_length=200,
        help_text="A time in words in the patient's zone ('tomorrow morning', 'in 2 hours', 'June 22 at 10am') "
        "or an ISO 8601 datetime with offset. Moved into the patient's calling window.",
    )
    reason = StrictCharField(max_length=300, required=False, allow_blank=True, default="")

    @staticmethod
    def as_datetime(text: str) -> datetime | None:
        """`when` as an ISO datetime (naive means the patient's wall clock), or None for words."""
        text = text.strip()
        if len(text) <= 10:  # "2025-06-22" alone is a day: parse_when gives it the default call time
            return None
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            return None
