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


class OrderCallSerializer(serializers.Serializer):
    timing = serializers.CharField(help_text="Timing spec, e.g. 24_hours_after_discharge.")
    call_type = serializers.CharField()
    priority = serializers.IntegerField()


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
        return {key: template.get(key) for key in ("timing", "call_type", "priority")}
