"""/api/v1/agent/...: the voice agent's endpoints. Views validate, call a service, serialize.

Auth: `Authorization: Bearer <token>` from calls.tokens, naming one call and attempt
(expired or forged -> 401; another call, a later attempt, or an attempt that has ended -> 403: see
record_for_grant for what an ended attempt's token may still post). The inbound-callback lookup alone takes
the worker's service key instead (`X-Agent-Service-Key`, settings.AGENT_SERVICE_KEY).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed, NotFound, PermissionDenied
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.agent_api import services as agent_services
from calls.agent_api.services import (
    AGENT_OUTCOMES,
    FINAL,
    LIVE,
    AgentAccessError,
    CompletionConflictError,
    EventIdConflictError,
)
from calls.models import AnsweredBy, CallRecord, Speaker
from calls.selectors import call_agent_context
from calls.tokens import AgentGrant, AgentTokenError, read_agent_token
from postop.clinics import restrict_request_to


class AgentTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[None, AgentGrant] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _, token = header.partition(" ")
        if keyword != self.keyword or not token.strip():
            raise AuthenticationFailed("Use 'Authorization: Bearer <agent token>'.")
        try:
            return None, read_agent_token(token.strip())
        except AgentTokenError as exc:
            raise AuthenticationFailed(str(exc)) from None

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class HasAgentGrant(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.auth, AgentGrant)


class ServiceKeyAuthentication(BaseAuthentication):
    header = "HTTP_X_AGENT_SERVICE_KEY"

    def authenticate(self, request: Request) -> tuple[None, str] | None:
        key = request.META.get(self.header, "")
        if not key:
            return None
        if not agent_services.service_key_valid(key):
            raise AuthenticationFailed("The agent service key is not valid (or AGENT_SERVICE_KEY is not set).")
        return None, "agent-service"

    def authenticate_header(self, request: Request) -> str:
        return "X-Agent-Service-Key"


class HasServiceKey(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return request.auth == "agent-service"


class AgentApi(APIView):
    authentication_classes = [AgentTokenAuthentication]
    permission_classes = [HasAgentGrant]

    def get_record(self, request: Request, call_id: int | None = None, *, access: str = LIVE) -> CallRecord:
        """The token's attempt; 403 when the token does not (or no longer does) open it for `access`."""
        try:
            record = agent_services.record_for_grant(grant=request.auth, call_id=call_id, access=access)
        except AgentAccessError as exc:
            raise PermissionDenied(str(exc)) from None
        # The rest of the request sees the call's clinic only (postop/clinics.py); its number is the callback.
        restrict_request_to(record.call.patient.clinic)
        return record

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, CompletionConflictError | EventIdConflictError):
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        if isinstance(exc, AgentAccessError):
            exc = PermissionDenied(str(exc))
        return super().handle_exception(exc)


def _field_errors(exc: DjangoValidationError) -> dict[str, Any]:
    return exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}


class ContextApi(AgentApi):
    @extend_schema(summary="The call's context for the agent", responses={200: OpenApiTypes.OBJECT}, tags=["agent"])
    def get(self, request: Request, call_id: int) -> Response:
        context = call_agent_context(record=self.get_record(request, call_id))
        context.pop("token", None)
        return Response(context)


class EventInputSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64)
    kind = serializers.ChoiceField(
        choices=["turn", "tool", "response", "escalation", "message", "language"],
        help_text="language: the patient asked for the other language; text is its code (en, es).",
    )
    speaker = serializers.ChoiceField(choices=[Speaker.AGENT, Speaker.PATIENT], required=False)
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    name = serializers.CharField(required=False, max_length=100)
    arguments = serializers.CharField(required=False, allow_blank=True)
    output = serializers.CharField(required=False, allow_blank=True)
    question = serializers.CharField(required=False)
    response = serializers.CharField(required=False, allow_blank=True)
    severity = serializers.ChoiceField(
        choices=["emergent", "urgent", "routine"], required=False, help_text="For kind=escalation; default urgent."
    )
    at = serializers.FloatField(required=False, help_text="When it happened, Unix seconds.")
    triage = serializers.DictField(
        required=False,
        help_text="For a patient's turn: the agent's own red-flag reading ({tier, keys, catalogue}); the portal "
        "triages the turn itself, and in a batch answers its reading and whether the two agree.",
    )

    REQUIRED = {
        "turn": ("speaker", "text"),
        "tool": ("name",),
        "response": ("question", "response"),
        "escalation": ("text",),
        "message": ("text",),
        "language": ("text",),
    }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        missing = {f: "This field is required for this kind." for f in self.REQUIRED[attrs["kind"]] if f not in attrs}
        if missing:
            raise serializers.ValidationError(missing)
        if attrs["kind"] in ("turn", "escalation", "message") and not attrs["text"].strip():
            raise serializers.ValidationError({"text": "This field may not be blank."})
        if attrs["kind"] == "language" and attrs["text"].strip() not in ("en", "es"):
            raise serializers.ValidationError({"text": "The calls are in English (en) or Spanish (es)."})
        if "at" in attrs:
            from datetime import UTC, datetime

            try:
                attrs["at"] = datetime.fromtimestamp(attrs["at"], tz=UTC)
            except (OverflowError, OSError, ValueError):
                raise serializers.ValidationError({"at": "Not a valid Unix time."}) from None
        return attrs


LIVE_EVENT_KINDS = ("escalation", "message")


class EventsApi(AgentApi):
    @extend_schema(
        summary="Post one transcript turn, tool call, recorded response, escalation or message (idempotent)",
        request=EventInputSerializer,
        responses={
            201: inline_serializer(
                "AgentEventStored", {"event_id": serializers.CharField(), "created": serializers.BooleanField()}
            ),
            200: OpenApiResponse(description="Already stored (same event id)."),
        },
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        # Transcript turns, tool calls and responses may arrive just after the line closed; an
        # escalation or a message for the nurse changes the patient's care and needs an open attempt.
        record = self.get_record(request, call_id, access=FINAL)
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["kind"] in LIVE_EVENT_KINDS:
            try:
                agent_services.check_access(record=record, access=LIVE)
            except AgentAccessError as exc:
                raise PermissionDenied(str(exc)) from None
        event = dict(data.validated_data)
        event.pop("triage", None)
        _, created = agent_services.agent_event_record(record=record, **event)
        return Response(
            {"event_id": data.validated_data["event_id"], "created": created},
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ReminderInputSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64, required=False)
    when = serializers.CharField(max_length=200)
    purpose = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReminderOutputSerializer(serializers.Serializer):
    call_id = serializers.IntegerField(source="call.pk")
    scheduled_for = serializers.DateTimeField(source="call.scheduled_for")
    local_time = serializers.CharField()
    created = serializers.BooleanField()
    note = serializers.CharField(
        help_text="Why the time differs from the one asked for (calling limits), in the call's language, or empty."
    )


class RemindersApi(AgentApi):
    @extend_schema(
        summary="Schedule the extra call the patient asked for; answers the local time to read back",
        request=ReminderInputSerializer,
        responses={201: ReminderOutputSerializer, 400: OpenApiResponse(description="Why not: {'when': [...]}")},
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id)
        data = ReminderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)

        def schedule() -> dict[str, Any]:
            result = agent_services.reminder_schedule(
                record=record, when=data.validated_data["when"], purpose=data.validated_data["purpose"]
            )
            return dict(ReminderOutputSerializer(result).data)

        try:
            answer, first = agent_services.agent_action_once(
                record=record, event_id=data.validated_data.get("event_id"), kind="reminder", action=schedule
            )
        except DjangoValidationError as exc:
            return Response(_field_errors(exc), status=status.HTTP_400_BAD_REQUEST)
        created = first and answer.get("created", False)
        return Response(answer, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CompleteInputSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64)
    outcome = serializers.ChoiceField(choices=[(o.value, o.label) for o in AGENT_OUTCOMES])
    summary = serializers.CharField(max_length=4000, allow_blank=True, default="")


class CompleteApi(AgentApi):
    @extend_schema(
        summary="The attempt's outcome and summary (accepted once)",
        request=CompleteInputSerializer,
        responses={
            200: inline_serializer(
                "AgentCompletion", {"call_id": serializers.IntegerField(), "status": serializers.CharField()}
            ),
            409: OpenApiResponse(description="Already completed by another event."),
        },
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id, access=FINAL)
        data = CompleteInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = agent_services.agent_call_complete(record=record, **data.validated_data)
        return Response({"call_id": call.pk, "status": call.status})


KNOWLEDGE_FIELDS: dict[str, tuple[str, ...]] = {
    "procedure": ("procedure", "question"),
    "medication": ("medication", "question"),
    "symptom": ("symptom",),
    "recovery": ("procedure", "activity"),
}


class KnowledgeInputSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=300, required=False, allow_blank=True)
    question = serializers.CharField(max_length=1000, required=False)
    medication = serializers.CharField(max_length=200, required=False)
    symptom = serializers.CharField(max_length=500, required=False)
    activity = serializers.CharField(max_length=200, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        topic = self.context["topic"]
        needed = [f for f in KNOWLEDGE_FIELDS[topic] if f != "procedure"]
        missing = {f: "This field is required." for f in needed if not attrs.get(f)}
        if missing:
            raise serializers.ValidationError(missing)
        return {f: attrs.get(f, "") for f in KNOWLEDGE_FIELDS[topic]}


class KnowledgeApi(AgentApi):
    @extend_schema(
        summary="Look up the knowledge base: procedure | medication | symptom | recovery",
        request=KnowledgeInputSerializer,
        responses={200: OpenApiTypes.OBJECT},
        tags=["agent"],
    )
    def post(self, request: Request, topic: str) -> Response:
        if topic not in KNOWLEDGE_FIELDS:
            raise NotFound("Unknown topic; use procedure, medication, symptom or recovery.")
        record = self.get_record(request)
        data = KnowledgeInputSerializer(data=request.data, context={"topic": topic})
        data.is_valid(raise_exception=True)
        # Symptoms: the red-flag triage runs on the patient's words first and escalates server-side.
        answer = agent_services.knowledge_lookup(topic=topic, record=record, **data.validated_data)
        return Response(answer)


class TriageInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000, help_text="What the patient just said, as transcribed.")


class TriageApi(AgentApi):
    @extend_schema(
        summary="Check what the patient just said for red flags before replying; answers what to say first",
        request=TriageInputSerializer,
        responses={
            200: inline_serializer(
                "AgentTriage",
                {
                    "red_flags": serializers.ListField(child=serializers.DictField()),
                    "tier": serializers.CharField(allow_null=True),
                    "title": serializers.CharField(),
                    "say": serializers.CharField(help_text="Say this, word for word, before anything else."),
                    "escalation": serializers.DictField(allow_null=True),
                    "bystander": serializers.CharField(
                        required=False,
                        help_text="Present when the words named someone else's emergency (no escalation raised): "
                        "its concept's title; `say` holds the 911 line for them.",
                    ),
                },
            )
        },
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id)
        data = TriageInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(agent_services.agent_triage_turn(record=record, text=data.validated_data["text"]))


class EscalationInputSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64, required=False)
    reason = serializers.CharField(max_length=300)
    severity = serializers.ChoiceField(choices=["emergent", "urgent", "routine"])
    patient_words = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class EscalationsApi(AgentApi):
    @extend_schema(
        summary="Escalate a concern to a nurse (escalate_to_nurse); answers the tier and what to tell the patient",
        request=EscalationInputSerializer,
        responses={201: OpenApiTypes.OBJECT, 200: OpenApiResponse(description="Already covered by an escalation.")},
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id)
        data = EscalationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result, first = agent_services.agent_action_once(
            record=record,
            event_id=data.validated_data.get("event_id"),
            kind="escalate",
            action=lambda: agent_services.agent_escalate(
                record=record,
                reason=data.validated_data["reason"],
                severity=data.validated_data["severity"],
                patient_words=data.validated_data["patient_words"],
            ),
        )
        created = first and result.get("created", False)
        return Response(result, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class OptOutInputSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64, required=False)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class OptOutApi(AgentApi):
    @extend_schema(
        summary="The patient asked not to be called: set do-not-call and cancel every pending call",
        request=OptOutInputSerializer,
        responses={200: OpenApiTypes.OBJECT},
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id)
        data = OptOutInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer, _ = agent_services.agent_action_once(
            record=record,
            event_id=data.validated_data.get("event_id"),
            kind="opt_out",
            action=lambda: agent_services.agent_opt_out(record=record, reason=data.validated_data["reason"]),
        )
        return Response(answer)


class IdentityInputSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100, allow_blank=True)
    identifier = serializers.CharField(max_length=100, allow_blank=True)
    speaking_with = serializers.ChoiceField(
        choices=AnsweredBy.choices,
        required=False,
        help_text="Who the person on the line said they are: the patient, or a caregiver speaking for them "
        "(a parent, spouse, relative). Leave it out when they did not say.",
        error_messages={"invalid_choice": agent_services.SPEAKING_WITH_CHOICES},
    )


class IdentityApi(AgentApi):
    @extend_schema(
        summary="Check the first name and identifier the person on the line gave (never returns the record's values)",
        request=IdentityInputSerializer,
        responses={
            200: inline_serializer(
                "AgentIdentity",
                {
                    "verified": serializers.BooleanField(),
                    "attempts_left": serializers.IntegerField(),
                    "method": serializers.CharField(),
                    "end_call": serializers.BooleanField(required=False),
                    "speaker": serializers.ChoiceField(
                        choices=AnsweredBy.choices,
                        allow_null=True,
                        required=False,
                        help_text="Once verified: who the red-flag triage hears speaking on this call from now on "
                        "(null: the words decide); the agent's own reading of later turns uses it.",
                    ),
                },
            )
        },
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id)
        data = IdentityInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(agent_services.agent_verify_identity(record=record, **data.validated_data))


class CallbackInputSerializer(serializers.Serializer):
    caller_number = serializers.CharField(max_length=40)
    room_name = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")


class CallbackApi(APIView):
    authentication_classes = [ServiceKeyAuthentication]
    permission_classes = [HasServiceKey]

    @extend_schema(
        summary="Inbound call: find the patient by caller number and open a call for the callback agent",
        request=CallbackInputSerializer,
        responses={200: OpenApiTypes.OBJECT},
        tags=["agent"],
    )
    def post(self, request: Request) -> Response:
        data = CallbackInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = agent_services.inbound_call_open(**data.validated_data)
        if record is None:
            return Response({"found": False})
        return Response({"found": True, "context": call_agent_context(record=record)})


class AgentTokenScheme(OpenApiAuthenticationExtension):
    target_class = AgentTokenAuthentication
    name = "agentToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "http", "scheme": "bearer", "description": "The per-call agent token (calls.tokens)."}


class ServiceKeyScheme(OpenApiAuthenticationExtension):
    target_class = ServiceKeyAuthentication
    name = "agentServiceKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {"type": "apiKey", "in": "header", "name": "X-Agent-Service-Key"}
