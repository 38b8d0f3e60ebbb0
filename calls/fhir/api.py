"""What the /fhir/ actions of the discharge and call endpoints share: the renderer, permissions, schema."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from fhir.resources.R4B.bundle import Bundle
from rest_framework.exceptions import PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from postop.api_base import ERROR_RESPONSES

FHIR_JSON = "application/fhir+json"
# A bundle carries the patient's demographics and the call attempts, not just the discharge or call row.
FHIR_PERMISSIONS = ("patients.view_patient", "calls.view_callrecord")


class FhirJsonRenderer(JSONRenderer):
    media_type = FHIR_JSON
    format = "fhir"


def check_fhir_permissions(request: Request) -> None:
    if not request.user.has_perms(FHIR_PERMISSIONS):
        raise PermissionDenied("Reading a FHIR bundle needs permission to view patients and call records.")


def fhir_response(bundle: Bundle) -> Response:
    return Response(bundle.model_dump(mode="json", exclude_none=True))


_EXAMPLE = {
    "resourceType": "Bundle",
    "type": "collection",
    "timestamp": "2025-06-22T15:00:00+00:00",
    "entry": [
        {
            "fullUrl": "urn:uuid:1b4e28ba-2fa1-5ed0-8b7a-9a1c1d9f0a01",
            "resource": {"resourceType": "Patient", "id": "patient-42", "name": [{"family": "Lopez"}]},
        },
        {
            "fullUrl": "urn:uuid:1b4e28ba-2fa1-5ed0-8b7a-9a1c1d9f0a02",
            "resource": {"resourceType": "Communication", "id": "call-901-attempt-1", "status": "completed"},
        },
    ],
}


def fhir_schema(*, summary: str, description: str) -> Any:
    return extend_schema(
        summary=summary,
        description=description
        + " Served as `application/fhir+json` (or `application/json`). Needs view permission on patients and "
        "call records besides the endpoint's own; every read is recorded in the access log.",
        responses={
            (200, FHIR_JSON): OpenApiResponse(OpenApiTypes.OBJECT, description="A FHIR R4 Bundle (type collection)."),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT, description="The same Bundle."),
            **ERROR_RESPONSES,
        },
        examples=[OpenApiExample("Bundle", value=_EXAMPLE, response_only=True)],
    )
