"""API shape of the discharge order catalog."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from orders.models import DischargeOrder


class OrderParameterSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField(required=False)
    type = serializers.ChoiceField(choices=["date", "text"], required=False)
    required = serializers.BooleanField(required=False)


class OrderQuestionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField(help_text="What the patient is asked.")
    type = serializers.ChoiceField(choices=["boolean", "scale", "quantity", "date", "choice", "text"])
    required = serializers.BooleanField()
    loinc = serializers.CharField(allow_null=True, help_text="LOINC code of the answer, e.g. 72514-3 for pain 0-10.")


class OrderCallSerializer(serializers.Serializer):
    timing = serializers.CharField(help_text="Timing spec, e.g. 24_hours_after_discharge.")
    call_type = serializers.CharField()
    priority = serializers.IntegerField()
    questions = OrderQuestionSerializer(
        many=True, help_text="The questions the call asks and records as typed answers."
    )
    languages = serializers.ListField(
        child=serializers.CharField(),
        help_text="The languages the call can be made in (its reviewed text is complete): en, es. A discharge "
        "for a patient whose preferred language PostOp AI speaks (Spanish) is refused with an order lacking it.",
    )


class DischargeOrderSerializer(serializers.ModelSerializer):
    parameters = OrderParameterSerializer(many=True, read_only=True)
    call = serializers.SerializerMethodField(help_text="The call this order schedules; null when it makes none.")

    class Meta:
        model = DischargeOrder
        fields = ["key", "title", "instructions", "procedure_group", "active", "parameters", "call"]
        read_only_fields = fields

    @extend_schema_field(OrderCallSerializer(allow_null=True))
    def get_call(self, order: DischargeOrder) -> dict[str, Any] | None:
        template = order.call_template or {}
        if not template:
            return None
        from calls.capture.questions import resolve_questions

        call = {key: template.get(key) for key in ("timing", "call_type", "priority")}
        try:
            items = resolve_questions(template.get("questions"))
        except ValueError:
            items = []  # an order saved before its questions were checked: none until an administrator fixes it
        call["questions"] = [
            {
                "id": item["id"],
                "text": item["text"],
                "type": item["type"],
                "required": bool(item.get("required", True)),
                "loinc": (item.get("loinc") or {}).get("code"),
            }
            for item in items
        ]
        from calls.language import SPOKEN

        call["languages"] = [language for language in SPOKEN if not order.missing_language(language)]
        return call
