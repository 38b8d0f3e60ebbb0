"""API shapes for patients and discharges."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from calls.serializers import CallSerializer
from patients.models import Discharge, Patient, normalize_phone
from postop.api_base import StrictCharField, StrictModelSerializer
from postop.datetimes import BoundedDateTimeSerializerField, WallClockTimeField, check_discharge_time


class PatientSerializer(StrictModelSerializer):
    mrn = StrictCharField(
        source="external_id",
        required=False,
        allow_null=True,
        allow_blank=True,
        max_length=64,
        help_text="The hospital's medical record number (unique).",
    )
    calling_window_start = WallClockTimeField(
        required=False, allow_null=True, help_text="Earliest local time to call; empty means the clinic's window."
    )
    calling_window_end = WallClockTimeField(
        required=False, allow_null=True, help_text="Latest local time to call; empty means the clinic's window."
    )

    class Meta:
        model = Patient
        fields = [
            "id",
            "mrn",
            "first_name",
            "last_name",
            "phone",
            "date_of_birth",
            "time_zone",
            "preferred_language",
            "calling_window_start",
            "calling_window_end",
            "do_not_call",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "do_not_call", "created_at", "updated_at"]

    def validate_phone(self, value: str) -> str:
        try:
            return normalize_phone(value)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages) from None

    def validate_mrn(self, value: str | None) -> str | None:
        value = (value or "").strip() or None
        if value is None:
            return None
        others = Patient.objects.filter(external_id=value)
        if self.instance is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise serializers.ValidationError("Another patient already has this MRN.")
        return value


class PatientSearchSerializer(serializers.Serializer):
    q = serializers.CharField(required=False, help_text="Words of the name, an MRN, or 4+ digits of the phone.")


class DischargeCreateSerializer(serializers.Serializer):
    patient = serializers.PrimaryKeyRelatedField(queryset=Patient.objects.all(), help_text="The patient's id.")
    discharged_at = BoundedDateTimeSerializerField(
        check=check_discharge_time,
        help_text="When the patient left (ISO 8601 with offset); at most DISCHARGE_MAX_PAST_DAYS (default 30) ago.",
    )
    procedure = StrictCharField(max_length=200)
    orders = serializers.ListField(
        child=serializers.SlugField(max_length=64),
        allow_empty=False,
        max_length=50,
        help_text="Order keys from the catalog (/api/v1/orders/).",
    )
    order_params = serializers.DictField(
        child=serializers.DictField(child=StrictCharField(allow_blank=True, max_length=200)),
        required=False,
        default=dict,
        help_text='Parameters per order key, e.g. {"vm_school": {"return_date": "2025-06-23"}}.',
    )
    notes = StrictCharField(required=False, allow_blank=True, default="", max_length=5000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(attrs.get("order_params", {})) - set(attrs["orders"]))
        if unknown:
            raise serializers.ValidationError(
                {"order_params": [f"Parameters given for order(s) not in 'orders': {', '.join(unknown)}."]}
            )
        return attrs


class DischargeSerializer(serializers.ModelSerializer):
    orders = serializers.SlugRelatedField(slug_field="key", many=True, read_only=True)
    order_params = serializers.DictField(child=serializers.DictField(child=serializers.CharField()), read_only=True)
    calls = CallSerializer(many=True, read_only=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="What the care team should know: orders that made no call and why (e.g. a return date that "
        "has passed). Empty when every order made its calls.",
    )

    class Meta:
        model = Discharge
        fields = [
            "id",
            "patient",
            "discharged_at",
            "procedure",
            "orders",
            "order_params",
            "notes",
            "warnings",
            "contact_deadline",
            "created_at",
            "calls",
        ]
        read_only_fields = fields
