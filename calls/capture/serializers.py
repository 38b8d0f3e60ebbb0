"""API shapes of a call's typed answers and its review, for the integration API (/api/v1/calls/)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from calls.capture.models import Answer, AnswerStatus
from calls.capture.selectors import REVIEW_STATES


class AnswerSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    status = serializers.ChoiceField(choices=AnswerStatus.choices, read_only=True)
    value = serializers.SerializerMethodField(
        help_text="The typed value: boolean, integer (scale), number (quantity, see unit), ISO date, a choice's code "
        "or text; null when unanswered."
    )

    class Meta:
        model = Answer
        fields = [
            "question_id",
            "label",
            "answer_type",
            "status",
            "value",
            "unit",
            "display",
            "abnormal",
            "abnormal_reason",
            "required",
            "unanswered_reason",
            "recorded_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.ANY)
    def get_value(self, answer: Answer) -> Any:
        if answer.status != AnswerStatus.ANSWERED:
            return None
        if answer.value_boolean is not None:
            return answer.value_boolean
        if answer.value_integer is not None:
            return answer.value_integer
        if answer.value_decimal is not None:
            return float(answer.value_decimal)
        if answer.value_date is not None:
            return answer.value_date.isoformat()
        return answer.value_text


class ReviewSerializer(serializers.Serializer):
    state = serializers.ChoiceField(choices=list(REVIEW_STATES.items()))
    signed_off_by = serializers.CharField(allow_null=True)
    signed_off_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    questionnaire = serializers.CharField(
        allow_null=True, help_text="The questionnaire asked: '<order key>|<version>'."
    )
