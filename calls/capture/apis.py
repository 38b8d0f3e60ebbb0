"""The agent's endpoint for typed answers: POST /api/v1/agent/calls/<id>/answers/.

Same authentication and per-call grant as the rest of the agent API (AgentApi.get_record ->
record_for_grant). A value that does not fit its question is refused with HTTP 400 and a
`reason` the agent reads back before asking again; nothing is stored then.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from calls.agent_api.views import AgentApi
from calls.capture.models import Answer, AnswerStatus
from calls.capture.questions import AnswerError
from calls.capture.services import answer_record, capture_for_call


class AnswerInputSerializer(serializers.Serializer):
    event_id = serializers.CharField(max_length=64, required=False, default="")
    question_id = serializers.CharField(max_length=64)
    value = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The patient's answer: a value ('8', 'yes', '101.2 F', 'June 23', a choice) or their words.",
    )
    answered = serializers.BooleanField(
        default=True, help_text="false: the patient did not or could not answer (say why in `reason`)."
    )
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["answered"] and not attrs["value"].strip():
            raise serializers.ValidationError({"value": "Give the patient's answer, or send answered=false."})
        return attrs


AnswerStored = inline_serializer(
    "AgentAnswerStored",
    {
        "recorded": serializers.BooleanField(),
        "created": serializers.BooleanField(),
        "question_id": serializers.CharField(),
        "status": serializers.ChoiceField(choices=AnswerStatus.choices),
        "display": serializers.CharField(),
        "remaining": serializers.ListField(child=serializers.CharField()),
    },
)
AnswerRefused = inline_serializer(
    "AgentAnswerRefused",
    {
        "recorded": serializers.BooleanField(),
        "question_id": serializers.CharField(),
        "reason": serializers.CharField(help_text="Why, in English (the nurse's record)."),
        "say": serializers.CharField(
            required=False, help_text="On a call not in English: the reason in the call's language (to say)."
        ),
        "ask_again": serializers.CharField(help_text="The question in the words the patient hears."),
    },
)


def _remaining(capture: Any) -> list[str]:
    have = set(Answer.objects.filter(capture=capture).values_list("question_id", flat=True))
    return [item["id"] for item in capture.questionnaire.items if item["id"] not in have]


class AnswersApi(AgentApi):
    @extend_schema(
        summary="Record the typed answer to one of the call's declared questions (refused when it does not fit)",
        request=AnswerInputSerializer,
        responses={
            201: AnswerStored,
            200: OpenApiResponse(AnswerStored, description="Already stored (same event id)."),
            400: OpenApiResponse(AnswerRefused, description="Refused: `reason` is what to tell the patient."),
        },
        examples=[
            OpenApiExample("Pain score", value={"question_id": "pain_score", "value": "8"}, request_only=True),
            OpenApiExample(
                "Not measured",
                value={"question_id": "temperature", "answered": False, "reason": "Not measured"},
                request_only=True,
            ),
            OpenApiExample(
                "Refused",
                value={
                    "recorded": False,
                    "question_id": "pain_score",
                    "reason": "The answer must be a whole number from 0 to 10; 11 is outside that range.",
                    "ask_again": "On a scale from 0 to 10, ...",
                },
                response_only=True,
                status_codes=["400"],
            ),
        ],
        tags=["agent"],
    )
    def post(self, request: Request, call_id: int) -> Response:
        record = self.get_record(request, call_id)
        data = AnswerInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        question_id = values["question_id"]
        try:
            answer, created = answer_record(
                record=record,
                question_id=question_id,
                value=values["value"],
                answered=values["answered"],
                reason=values["reason"],
                event_id=values["event_id"],
            )
        except AnswerError as exc:
            from calls.capture.questions_es import localize
            from calls.language import record_language

            capture = capture_for_call(call=record.call)
            item = capture.questionnaire.item(question_id) if capture and capture.questionnaire else None
            language = record_language(record)
            # `reason` in English for the nurse's record; on a Spanish call `say`, the same reason in
            # reviewed Spanish, and the question to ask again in the words the patient hears.
            body = {"recorded": False, "question_id": question_id, "reason": str(exc)}
            if language != "en":
                body["say"] = exc.said_in(language)
            body["ask_again"] = localize(item, language)["text"] if item else ""
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except DjangoValidationError as exc:
            detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            reason = " ".join(" ".join(v) for v in detail.values())
            return Response(
                {"recorded": False, "question_id": question_id, "reason": reason, "ask_again": ""},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "recorded": True,
                "created": created,
                "question_id": question_id,
                "status": answer.status,
                "display": answer.display,
                "remaining": _remaining(answer.capture),
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )
