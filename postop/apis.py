"""/api/v1/knowledge/search/ and /api/v1/worker-stats/: integration reads that span apps."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calls.monitoring import get_worker_stats
from postop.api_base import ERROR_RESPONSES, IntegrationApiMixin
from postop.permissions import HasPermissions

TOPICS = ("procedure", "medication", "symptom", "recovery")


class KnowledgeSearchSerializer(serializers.Serializer):
    topic = serializers.ChoiceField(choices=TOPICS, help_text="What kind of question this is.")
    subject = serializers.CharField(
        max_length=200, help_text="The procedure, medication or symptom asked about, in the patient's words."
    )
    question = serializers.CharField(
        max_length=500,
        required=False,
        allow_blank=True,
        default="",
        help_text="The question (procedure, medication) or the activity (recovery); unused for symptoms.",
    )


class KnowledgeAnswerSerializer(serializers.Serializer):
    found = serializers.BooleanField()
    answer = serializers.CharField(help_text="Plain language the agent may say.")
    sources = serializers.ListField(child=serializers.CharField())
    urgency = serializers.ChoiceField(choices=["routine", "call_clinic", "emergency"], allow_null=True)
    document_ids = serializers.ListField(child=serializers.IntegerField())


def knowledge_lookup(*, topic: str, subject: str, question: str) -> dict[str, Any]:
    from knowledge import rag  # imported on use: the retrieval stack is heavy to load at startup

    if topic == "procedure":
        answer = rag.lookup_procedure_info(subject, question)
    elif topic == "medication":
        answer = rag.lookup_medication_info(subject, question)
    elif topic == "symptom":
        answer = rag.lookup_symptom_guidance(subject)
    else:
        answer = rag.lookup_recovery_timeline(subject, question)
    return answer.as_dict()


class KnowledgeSearchApi(IntegrationApiMixin, APIView):
    permission_classes = [HasPermissions]
    required_permissions = ("knowledge.view_knowledgedocument",)

    @extend_schema(
        summary="Ask the clinic's knowledge base",
        description="The same reviewed answers the phone agent gives, with their sources and, for symptoms, urgency.",
        parameters=[KnowledgeSearchSerializer],
        responses={200: KnowledgeAnswerSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Symptom",
                value={
                    "found": True,
                    "answer": "Some swelling for two or three days is expected. Call the clinic if it keeps growing.",
                    "sources": ["Sclerotherapy aftercare (clinic handout)"],
                    "urgency": "routine",
                    "document_ids": [12],
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params = KnowledgeSearchSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        return Response(KnowledgeAnswerSerializer(knowledge_lookup(**params.validated_data)).data)


class WorkerStatsApi(IntegrationApiMixin, APIView):
    permission_classes = [HasPermissions]
    required_permissions = ("calls.view_callscheduleitem",)

    @extend_schema(
        summary="Job cluster and call queue health",
        description="What calls.monitoring.get_worker_stats reports: queue depth, live calls, workers seen.",
        responses={200: OpenApiResponse(OpenApiTypes.OBJECT), **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Stats",
                value={
                    "generated_at": "2025-06-21T14:00:00+00:00",
                    "queue_size": 0,
                    "clusters_alive": 1,
                    "workers_alive": 2,
                    "tasks_succeeded_last_hour": 60,
                    "tasks_failed_last_hour": 0,
                    "calls_by_status": {"pending": 12, "queued": 0, "in_progress": 1, "completed": 40},
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        return Response(get_worker_stats())
