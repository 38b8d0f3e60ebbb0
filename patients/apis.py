"""/api/v1/patients/ and /api/v1/discharges/: views validate, call patients.services, serialize."""

from __future__ import annotations

import hashlib
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from calls.fhir.api import FhirJsonRenderer, check_fhir_permissions, fhir_response, fhir_schema
from calls.fhir.bundles import discharge_bundle
from calls.scheduler import normalized_order_params
from patients.models import Discharge, Patient
from patients.serializers import DischargeCreateSerializer, DischargeSerializer, PatientSerializer
from patients.services import discharge_create, patient_language_calls_flag, patient_upsert
from postop.api_base import (
    ERROR_RESPONSES,
    DetailSerializer,
    IdFilter,
    IntegrationApiMixin,
    StrictCharField,
    as_api_validation_error,
)
from postop.audit import log_access, log_access_many, request_api_key
from postop.datetimes import BoundedIsoDateTimeFilter

IDEMPOTENCY_HEADER = "Idempotency-Key"

PATIENT_EXAMPLE = {
    "id": 42,
    "mrn": "MRN123456",
    "first_name": "Maria",
    "last_name": "Lopez",
    "phone": "+12125550123",
    "date_of_birth": "2012-04-03",
    "time_zone": "America/New_York",
    "preferred_language": "es",
    "calling_window_start": "10:00:00",
    "calling_window_end": "18:00:00",
    "do_not_call": False,
    "created_at": "2025-06-20T14:03:00Z",
    "updated_at": "2025-06-20T14:03:00Z",
}
PATIENT_INPUT = {k: v for k, v in PATIENT_EXAMPLE.items() if k not in ("id", "do_not_call", "created_at", "updated_at")}
CALL_EXAMPLE = {
    "id": 901,
    "patient": 42,
    "discharge": 77,
    "order": "vm_compression",
    "call_type": "discharge_reminder",
    "priority": 2,
    "purpose": "",
    "scheduled_for": "2025-06-21T14:00:00Z",
    "deadline": None,
    "next_attempt_at": "2025-06-21T14:00:00Z",
    "status": "pending",
    "status_reason": "",
    "attempts": 0,
    "max_attempts": 3,
    "needs_attention": False,
    "created_by": "order",
    "created_at": "2025-06-20T14:05:00Z",
    "updated_at": "2025-06-20T14:05:00Z",
}
DISCHARGE_INPUT = {
    "patient": 42,
    "discharged_at": "2025-06-20T14:00:00-04:00",
    "procedure": "Sclerotherapy of a venous malformation",
    "orders": ["vm_compression", "vm_school"],
    "order_params": {"vm_school": {"return_date": "2025-06-23"}},
    "notes": "",
}
DISCHARGE_EXAMPLE = {
    "id": 77,
    "patient": 42,
    "discharged_at": "2025-06-20T18:00:00Z",
    "procedure": "Sclerotherapy of a venous malformation",
    "orders": ["vm_compression", "vm_school"],
    "order_params": {"vm_school": {"return_date": "2025-06-23"}},
    "notes": "",
    "warnings": [],
    "contact_deadline": None,
    "created_at": "2025-06-20T18:05:00Z",
    "calls": [CALL_EXAMPLE],
}


# Patient details never go in a URL (access logs, proxies and browser history keep URLs):
# searching by them is POST /api/v1/patients/search/ with the text in the body.
PHI_QUERY_PARAMS = ("q", "name", "mrn", "phone", "first_name", "last_name", "dob", "date_of_birth")


class PatientFilter(django_filters.FilterSet):
    class Meta:
        model = Patient
        fields: list[str] = []


class PatientSearchSerializer(serializers.Serializer):
    # Lengths apply to what was sent (validate() strips afterwards): a padded value is not quietly shortened.
    q = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=100,
        help_text="Name words, an MRN, or 4+ digits of the phone.",
    )
    name = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=100,
        help_text="Words of the first or last name.",
    )
    mrn = StrictCharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=64, help_text="Exact MRN."
    )
    phone = StrictCharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=40,
        help_text="Phone digits (4 or more), any format.",
    )

    def validate_phone(self, value: str) -> str:
        digits = "".join(ch for ch in value if ch.isdigit())
        if value.strip() and len(digits) < 4:
            raise serializers.ValidationError("Search with at least 4 digits of the phone number.")
        return digits

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        data = {key: value.strip() for key, value in data.items() if value and value.strip()}
        if not data:
            raise serializers.ValidationError(
                {"non_field_errors": ["Give at least one of q, name, mrn or phone to search by."]}
            )
        return data

    def search(self, queryset: QuerySet[Patient]) -> QuerySet[Patient]:
        data = self.validated_data
        for key in ("q", "name"):
            if key in data:
                queryset = queryset.search(data[key])
        if "mrn" in data:
            queryset = queryset.filter(external_id__iexact=data["mrn"])
        if "phone" in data:
            queryset = queryset.filter(phone__contains=data["phone"])
        return queryset


class PatientSearchPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PatientSerializer(many=True)


@transaction.atomic
def _patient_update(*, patient: Patient, data: dict[str, Any]) -> Patient:
    # patients.services.patient_upsert keys on the MRN, which a patient may not have (or may be changing).
    language_before = patient.preferred_language
    for field, value in data.items():
        setattr(patient, field, value)
    patient.full_clean()
    patient.save()
    if patient.preferred_language != language_before:
        patient_language_calls_flag(patient=patient)  # waiting calls planned for the old language
    return patient


@extend_schema_view(
    list=extend_schema(
        summary="List patients",
        description=(
            "Every patient, a page at a time; each one returned is recorded in the access log. To find "
            "patients by name, MRN or phone use POST /api/v1/patients/search/: those never go in a URL, "
            "and a list request carrying them (q, name, mrn, phone, ...) is refused with 400."
        ),
        responses={200: PatientSerializer(many=True), **ERROR_RESPONSES},
        examples=[OpenApiExample("A page of patients", value=PATIENT_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Read a patient",
        description="Recorded in the access log.",
        responses={200: PatientSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Patient", value=PATIENT_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary="Create a patient",
        responses={201: PatientSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample("New patient", value=PATIENT_INPUT, request_only=True),
            OpenApiExample("Created", value=PATIENT_EXAMPLE, response_only=True, status_codes=["201"]),
            OpenApiExample(
                "Bad phone",
                value={"phone": ["This is not a phone number. Enter it with the country code, for example +1 ..."]},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    ),
    update=extend_schema(
        summary="Replace a patient's details",
        responses={200: PatientSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Patient", value=PATIENT_INPUT, request_only=True)],
    ),
    partial_update=extend_schema(
        summary="Change some of a patient's details",
        responses={200: PatientSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("New phone", value={"phone": "+1 212 555 0199"}, request_only=True)],
    ),
)
class PatientViewSet(
    IntegrationApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Patient.objects.all()
    serializer_class = PatientSerializer
    filterset_class = PatientFilter
    lookup_value_converter = "str"  # any id reaches the view, so a malformed one is a JSON 404 too
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    action_permissions = {"search": "view"}  # a POST that reads

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        in_url = sorted(name for name in PHI_QUERY_PARAMS if name in request.query_params)
        if in_url:
            raise ValidationError(
                {
                    name: ["Patient details may not be sent in the URL; search with POST /api/v1/patients/search/."]
                    for name in in_url
                }
            )
        queryset = self.filter_queryset(self.get_queryset())
        return self._page(request, queryset)

    def _page(self, request: Request, queryset: QuerySet[Patient]) -> Response:
        page = self.paginate_queryset(queryset)
        log_access_many(request=request, objs=list(page), action="list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="Search patients by name, MRN or phone",
        description=(
            "The search terms go in the JSON body, never in the URL. `q` matches name words, the start of "
            "an MRN or 4+ phone digits; `name`, `mrn` (exact) and `phone` (4+ digits) narrow further; all "
            "given terms must match. Paged like the list (`?page=`, `?page_size=`); every patient returned "
            "is recorded in the access log."
        ),
        request=PatientSearchSerializer,
        responses={200: PatientSearchPageSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample("By name and phone", value={"name": "Lopez", "phone": "0123"}, request_only=True),
            OpenApiExample(
                "Found",
                value={"count": 1, "next": None, "previous": None, "results": [PATIENT_EXAMPLE]},
                response_only=True,
            ),
        ],
    )
    @action(detail=False, methods=["post"], url_path="search")
    def search(self, request: Request) -> Response:
        terms = PatientSearchSerializer(data=request.data)
        terms.is_valid(raise_exception=True)
        return self._page(request, terms.search(self.get_queryset()))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        patient = self.get_object()
        log_access(request=request, obj=patient, action="view")
        return Response(self.get_serializer(patient).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        try:
            patient = patient_upsert(
                external_id=data.pop("external_id", None),
                first_name=data.pop("first_name"),
                last_name=data.pop("last_name"),
                phone=data.pop("phone"),
                **data,
            )
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        return Response(self.get_serializer(patient).data, status=status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        patient = self.get_object()
        serializer = self.get_serializer(patient, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        try:
            patient = _patient_update(patient=patient, data=dict(serializer.validated_data))
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        return Response(self.get_serializer(patient).data)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, partial=True, **kwargs)


class DischargeFilter(django_filters.FilterSet):
    patient = IdFilter(field_name="patient_id")
    discharged_after = BoundedIsoDateTimeFilter(field_name="discharged_at", lookup_expr="gte")
    discharged_before = BoundedIsoDateTimeFilter(field_name="discharged_at", lookup_expr="lt")

    class Meta:
        model = Discharge
        fields: list[str] = []


def submission_key_for(request: Request) -> str | None:
    """The Idempotency-Key, scoped to the caller, in the 64 characters Discharge.submission_key holds."""
    raw = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not raw:
        return None
    if len(raw) > 255:
        raise ValidationError({IDEMPOTENCY_HEADER: ["Use at most 255 characters, e.g. a UUID."]})
    key = request_api_key(request)
    scope = f"k{key.pk}" if key is not None else f"u{request.user.pk}"
    return f"api:{scope}:{hashlib.sha256(raw.encode()).hexdigest()[:48]}"


@extend_schema_view(
    list=extend_schema(
        summary="List discharges",
        responses={200: DischargeSerializer(many=True), **ERROR_RESPONSES},
        examples=[OpenApiExample("A page of discharges", value=DISCHARGE_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Read a discharge and its calls",
        description="Recorded in the access log.",
        responses={200: DischargeSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Discharge", value=DISCHARGE_EXAMPLE, response_only=True)],
    ),
)
class DischargeViewSet(
    IntegrationApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Discharge.objects.select_related("patient").prefetch_related("orders", "calls__order")
    serializer_class = DischargeSerializer
    filterset_class = DischargeFilter
    lookup_value_converter = "str"

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        discharge = self.get_object()
        log_access(request=request, obj=discharge, action="view")
        return Response(self.get_serializer(discharge).data)

    @fhir_schema(
        summary="Read a discharge as a FHIR R4 Bundle",
        description="Patient, Encounter (the discharge), a CommunicationRequest per call and a Communication "
        "per call attempt.",
    )
    @action(detail=True, methods=["get"], url_path="fhir", renderer_classes=[FhirJsonRenderer, JSONRenderer])
    def fhir(self, request: Request, pk: str | None = None) -> Response:
        check_fhir_permissions(request)
        discharge = self.get_object()
        log_access(request=request, obj=discharge, action="export")
        return fhir_response(discharge_bundle(discharge))

    @extend_schema(
        summary="Record a discharge and schedule its calls",
        description=(
            "Creates the discharge and the follow-up calls its orders make, all or nothing. Send an "
            "`Idempotency-Key` (e.g. a UUID) so a retried request returns the first discharge instead of "
            "creating another; a replay answers with the header `Idempotent-Replayed: true`."
        ),
        request=DischargeCreateSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=False,
                description="A unique value per discharge; retries reuse it.",
            )
        ],
        responses={
            201: DischargeSerializer,
            409: OpenApiResponse(
                DetailSerializer,
                description=(
                    "The Idempotency-Key was already used for a discharge with other values (patient, time, "
                    "procedure, orders, order parameters or notes)."
                ),
            ),
            **ERROR_RESPONSES,
        },
        examples=[
            OpenApiExample("Discharge with two orders", value=DISCHARGE_INPUT, request_only=True),
            OpenApiExample(
                "Created with its calls",
                value=DISCHARGE_EXAMPLE,
                response_only=True,
                status_codes=["201"],
            ),
            OpenApiExample(
                "Unknown order and a missing parameter",
                value={
                    "orders": ["Unknown order(s): vm_typo. Pick orders from the catalog."],
                    "order_params": ["Return to school: enter the return date (return_date)."],
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = DischargeCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        submission_key = submission_key_for(request)
        replayed = None
        if submission_key:
            replayed = Discharge.objects.filter(submission_key=submission_key).prefetch_related("orders").first()
            if replayed is not None and not _same_discharge(replayed, data):
                return Response(
                    {"detail": "This Idempotency-Key was already used for a different discharge; use a new key."},
                    status=status.HTTP_409_CONFLICT,
                )
        try:
            created = discharge_create(
                patient=data["patient"],
                discharged_at=data["discharged_at"],
                procedure=data["procedure"],
                order_keys=data["orders"],
                order_params=data["order_params"],
                by=request.user,
                notes=data["notes"],
                submission_key=submission_key,
            )
        except DjangoValidationError as exc:
            raise _nest_order_errors(as_api_validation_error(exc), order_keys=data["orders"]) from None
        discharge = self.get_queryset().get(pk=created.pk)
        headers = {"Idempotent-Replayed": "true"} if replayed is not None else {}
        return Response(self.get_serializer(discharge).data, status=status.HTTP_201_CREATED, headers=headers)


def _nest_order_errors(error: ValidationError, *, order_keys: list[str]) -> ValidationError:
    """The scheduler reports an order's parameter problems under the order key; the API nests
    them under order_params, the request field they are about: {"order_params": {"vm_school": [...]}}."""
    detail = dict(error.detail) if isinstance(error.detail, dict) else {}
    nested = {key: detail.pop(key) for key in list(detail) if key in order_keys}
    if nested:
        if "order_params" in detail:
            nested["non_field_errors"] = detail["order_params"]
        detail["order_params"] = nested
        return ValidationError(detail)
    return error


def _same_discharge(discharge: Discharge, data: dict[str, Any]) -> bool:
    """Whether a request repeats the discharge its Idempotency-Key created: every field it sent, normalised
    the way the discharge stores it (a changed return date, procedure or note is another discharge)."""
    orders = list(discharge.orders.all())
    return (
        discharge.patient_id == data["patient"].pk
        and discharge.discharged_at == data["discharged_at"]
        and {order.key for order in orders} == set(data["orders"])
        and discharge.procedure == " ".join(str(data["procedure"] or "").split())
        and (discharge.notes or "") == (data["notes"] or "")
        and normalized_order_params(orders, data["order_params"]) == (discharge.order_params or {})
    )
