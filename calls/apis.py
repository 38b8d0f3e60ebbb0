"""/api/v1/calls/ and /api/v1/call-records/: views validate, call calls.services, serialize."""

from __future__ import annotations

import json
from typing import Any

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from calls.capture.selectors import REVIEW_STATES, filter_review_state, with_review
from calls.fhir.api import FhirJsonRenderer, check_fhir_permissions, fhir_response, fhir_schema
from calls.fhir.bundles import call_bundle
from calls.models import CallOutcome, CallRecord, CallScheduleItem, CallStatus, CallType
from calls.serializers import (
    CallCancelSerializer,
    CallDetailSerializer,
    CallRecordDetailSerializer,
    CallRecordSerializer,
    CallRescheduleSerializer,
    CallSerializer,
)
from calls.services import call_cancel, call_now, call_reschedule
from calls.timing import TimingSpecError, parse_when
from postop.api_base import ERROR_RESPONSES, IdFilter, IntegrationApiMixin, as_api_validation_error
from postop.audit import log_access

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
    "status": "completed",
    "status_reason": "",
    "attempts": 1,
    "max_attempts": 3,
    "needs_attention": False,
    "created_by": "order",
    "created_at": "2025-06-20T14:05:00Z",
    "updated_at": "2025-06-21T14:04:10Z",
}
RECORD_EXAMPLE = {
    "id": 3301,
    "call": 901,
    "attempt": 1,
    "backend": "livekit",
    "outcome": "completed",
    "sip_status_code": 200,
    "sip_status": "OK",
    "started_at": "2025-06-21T14:00:02Z",
    "answered_at": "2025-06-21T14:00:09Z",
    "ended_at": "2025-06-21T14:04:08Z",
    "summary": "Bandage removed this morning; no swelling. No questions.",
    "error": "",
    "configuration_problem": False,
}
RECORD_DETAIL_EXAMPLE = {
    **RECORD_EXAMPLE,
    "transcript": [
        {"sequence": 0, "speaker": "agent", "text": "Hello, this is the clinic.", "spoken_at": "2025-06-21T14:00:10Z"},
        {"sequence": 1, "speaker": "patient", "text": "Hi.", "spoken_at": "2025-06-21T14:00:12Z"},
    ],
    "responses": [
        {
            "question": "Have you removed the compression bandage?",
            "response": "Yes, this morning.",
            "recorded_at": "2025-06-21T14:02:00Z",
        }
    ],
}
CALL_DETAIL_EXAMPLE = {
    **CALL_EXAMPLE,
    "llm_prompt": "You are calling Maria about removing the compression bandage.",
    "last_error": "",
    "summary": RECORD_EXAMPLE["summary"],
    "attempts_detail": [RECORD_DETAIL_EXAMPLE],
}
PENDING_CALL_EXAMPLE = {**CALL_EXAMPLE, "status": "pending", "attempts": 0}


class CallFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=CallStatus.choices)
    call_type = django_filters.MultipleChoiceFilter(choices=CallType.choices)
    patient = IdFilter(field_name="patient_id")
    discharge = IdFilter(field_name="discharge_id")
    needs_attention = django_filters.BooleanFilter()
    scheduled_after = django_filters.IsoDateTimeFilter(field_name="scheduled_for", lookup_expr="gte")
    scheduled_before = django_filters.IsoDateTimeFilter(field_name="scheduled_for", lookup_expr="lt")
    review_state = django_filters.ChoiceFilter(
        choices=list(REVIEW_STATES.items()),
        method="filter_review_state",
        help_text="awaiting_review: completed calls with an abnormal answer, an escalation or an unanswered "
        "required question that no nurse has signed off.",
    )

    class Meta:
        model = CallScheduleItem
        fields: list[str] = []

    def filter_review_state(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return filter_review_state(queryset, value)


def _with_transcripts(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.prefetch_related(
        Prefetch("records", queryset=CallRecord.objects.prefetch_related("turns", "responses"))
    )


@extend_schema_view(
    list=extend_schema(
        summary="List calls",
        description="Filter by status, call type, patient, discharge, a scheduled-time range and review state "
        "(`review_state=awaiting_review`: the calls a nurse must still sign off).",
        responses={200: CallSerializer(many=True), **ERROR_RESPONSES},
        examples=[OpenApiExample("A page of calls", value=CALL_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Read a call with its attempts, transcripts, responses and summary",
        description="Reading a transcript is recorded in the access log.",
        responses={200: CallDetailSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Completed call", value=CALL_DETAIL_EXAMPLE, response_only=True)],
    ),
)
class CallViewSet(IntegrationApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = CallScheduleItem.objects.select_related("order")
    serializer_class = CallSerializer
    filterset_class = CallFilter
    lookup_value_converter = "str"  # any id reaches the view, so a malformed one is a JSON 404 too
    # A POST to an action changes an existing call: it needs change_, not add_.
    action_permissions = {"cancel": "change", "reschedule": "change", "call_now": "change"}

    def get_queryset(self) -> QuerySet[CallScheduleItem]:
        queryset = with_review(super().get_queryset())
        if self.action == "retrieve":
            return (
                _with_transcripts(queryset)
                .select_related("capture__questionnaire__order", "capture__signed_off_by")
                .prefetch_related("capture__answers")
            )
        return queryset

    def get_serializer_class(self) -> type[CallSerializer]:
        return CallDetailSerializer if self.action == "retrieve" else CallSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        call = self.get_object()
        log_access(request=request, obj=call, action="transcript")
        return Response(CallDetailSerializer(call).data)

    @fhir_schema(
        summary="Read a call as a FHIR R4 Bundle",
        description="Patient, the discharge's Encounter, the call as a CommunicationRequest and each attempt as a "
        "Communication (outcome, times, summary).",
    )
    @action(detail=True, methods=["get"], url_path="fhir", renderer_classes=[FhirJsonRenderer, JSONRenderer])
    def fhir(self, request: Request, pk: str | None = None) -> Response:
        check_fhir_permissions(request)
        call = self.get_object()
        log_access(request=request, obj=call, action="export")
        return fhir_response(call_bundle(call))

    def _done(self, call: CallScheduleItem) -> Response:
        call.refresh_from_db()
        return Response(CallSerializer(call).data)

    @extend_schema(
        summary="Cancel a pending call",
        request=CallCancelSerializer,
        responses={200: CallSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample("Reason", value={"reason": "Patient readmitted"}, request_only=True),
            OpenApiExample("Cancelled", value={**PENDING_CALL_EXAMPLE, "status": "cancelled"}, response_only=True),
        ],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        call = self.get_object()
        serializer = CallCancelSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            call_cancel(call=call, by=request.user, reason=serializer.validated_data["reason"])
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        return self._done(call)

    @extend_schema(
        summary="Move a call to another time",
        description=(
            "`when` is words in the patient's time zone ('tomorrow morning', 'in 2 hours', 'June 22 at 10am') or "
            "an ISO 8601 datetime (without an offset it is the patient's wall clock). The time is moved into "
            "the patient's calling window."
        ),
        request=CallRescheduleSerializer,
        responses={200: CallSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample("In words", value={"when": "tomorrow morning", "reason": "Asked"}, request_only=True),
            OpenApiExample("As a datetime", value={"when": "2025-06-22T10:00:00-04:00"}, request_only=True),
            OpenApiExample("Rescheduled", value=PENDING_CALL_EXAMPLE, response_only=True),
            OpenApiExample(
                "Unreadable time",
                value={"when": ["Say when to call, e.g. 'tomorrow morning' or 'June 22 at 10am'."]},
                response_only=True,
                status_codes=["400"],
            ),
        ],
    )
    @action(detail=True, methods=["post"])
    def reschedule(self, request: Request, pk: str | None = None) -> Response:
        call = self.get_object()
        serializer = CallRescheduleSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        text = serializer.validated_data["when"]
        patient = call.patient
        when = CallRescheduleSerializer.as_datetime(text)
        if when is None:
            try:
                when = parse_when(text, timezone.now(), patient.zone, patient.calling_window())
            except TimingSpecError as exc:
                raise ValidationError({"when": [str(exc)]}) from None
        elif timezone.is_naive(when):
            when = timezone.make_aware(when, patient.zone)
        try:
            call_reschedule(call=call, when=when, by=request.user, reason=serializer.validated_data["reason"])
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc, field="when") from None
        return self._done(call)

    @extend_schema(
        summary="Place a pending call now",
        request=None,
        responses={200: CallSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Queued", value={**PENDING_CALL_EXAMPLE, "status": "queued"}, response_only=True)],
    )
    @action(detail=True, methods=["post"], url_path="call-now")
    def call_now(self, request: Request, pk: str | None = None) -> Response:
        call = self.get_object()
        try:
            call_now(call=call, by=request.user)
        except DjangoValidationError as exc:
            raise as_api_validation_error(exc) from None
        return self._done(call)

    @extend_schema(
        summary="The call's answers as FHIR R4: Questionnaire version, QuestionnaireResponse and Observations",
        description=(
            "A FHIR Bundle (type collection, R4B models, valid R4 JSON) with the questionnaire version the call "
            "asked, the QuestionnaireResponse (unanswered questions carry a data-absent-reason) and one Observation "
            "per coded answer (LOINC 72514-3 pain severity 0-10, 8310-5 body temperature). Empty for a call that "
            "asks no questions. Recorded in the access log."
        ),
        responses={200: OpenApiTypes.OBJECT, **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"], url_path="questionnaire-response")
    def questionnaire_response(self, request: Request, pk: str | None = None) -> Response:
        from calls.capture.fhir import capture_bundle

        call = self.get_object()
        log_access(request=request, obj=call, action="view")
        return Response(json.loads(capture_bundle(call=call).model_dump_json()))


class CallRecordFilter(django_filters.FilterSet):
    call = IdFilter(field_name="call_id")
    patient = IdFilter(field_name="call__patient_id")
    outcome = django_filters.MultipleChoiceFilter(choices=CallOutcome.choices)
    started_after = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="gte")
    started_before = django_filters.IsoDateTimeFilter(field_name="started_at", lookup_expr="lt")

    class Meta:
        model = CallRecord
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="List call attempts",
        description="One record per attempt: outcome, SIP status, times, summary. Transcripts are on the detail.",
        responses={200: CallRecordSerializer(many=True), **ERROR_RESPONSES},
        examples=[OpenApiExample("A page of records", value=RECORD_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary="Read one call attempt with its transcript and responses",
        description="Recorded in the access log.",
        responses={200: CallRecordDetailSerializer, **ERROR_RESPONSES},
        examples=[OpenApiExample("Attempt", value=RECORD_DETAIL_EXAMPLE, response_only=True)],
    ),
)
class CallRecordViewSet(IntegrationApiMixin, viewsets.ReadOnlyModelViewSet):
    queryset = CallRecord.objects.select_related("call")
    serializer_class = CallRecordSerializer
    filterset_class = CallRecordFilter
    lookup_value_converter = "str"

    def get_serializer_class(self) -> type[CallRecordSerializer]:
        return CallRecordDetailSerializer if self.action == "retrieve" else CallRecordSerializer

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        log_access(request=request, obj=record, action="transcript")
        return Response(CallRecordDetailSerializer(record).data)
