"""/api/v1/orders/: the discharge order catalog, read-only."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import viewsets

from orders.models import DischargeOrder
from orders.serializers import DischargeOrderSerializer
from postop.api_base import ERROR_RESPONSES, IntegrationApiMixin
from postop.datetimes import StrictBooleanFilter

ORDER_EXAMPLE = {
    "key": "vm_school",
    "title": "Return to school",
    "instructions": "Your child may return to school on the date the nurse gave you.",
    "procedure_group": "Venous malformation",
    "active": True,
    "parameters": [{"name": "return_date", "label": "Return date", "type": "date", "required": True}],
    "call": {"timing": "day_before_date:{return_date}", "call_type": "school_return", "priority": 3},
}


class OrderFilter(django_filters.FilterSet):
    active = StrictBooleanFilter()
    procedure_group = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = DischargeOrder
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="List discharge orders",
        description="The catalog a discharge picks from; `parameters` says what each order needs.",
        responses={200: DischargeOrderSerializer(many=True), **ERROR_RESPONSES},
        examples=[OpenApiExample("A page of orders", value=ORDER_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Read one discharge order",
        responses={200: DischargeOrderSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Order with a date parameter", value=ORDER_EXAMPLE, response_only=True)],
    ),
)
class DischargeOrderViewSet(IntegrationApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = DischargeOrder.objects.all()
    serializer_class = DischargeOrderSerializer
    filterset_class = OrderFilter
    lookup_field = "key"
    lookup_value_converter = "str"
