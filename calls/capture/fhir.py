"""FHIR R4 resources for a call's structured answers, built and validated with fhir.resources.

fhir.resources 8 ships FHIR R5 (the default package), R4B (4.3.0) and STU3; there is no 4.0.1
package any more. R4B is used: Questionnaire, QuestionnaireResponse and Observation have the same
elements and value types in R4 and R4B for everything built here, so the JSON is valid R4.

Each builder returns a fhir.resources model (validated on construction), so the call's FHIR
Bundle (GET /api/v1/calls/<id>/fhir) can add them as entries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from calls.capture.models import Answer, AnswerStatus, CallCapture, Questionnaire
from calls.capture.questions import LOINC
from calls.models import CallScheduleItem

FHIR_VERSION = "4.3.0 (R4B; wire-compatible with R4 for these resources)"
UCUM = "http://unitsofmeasure.org"
DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
INTERPRETATION = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
ITEM_TYPES = {
    "boolean": "boolean",
    "scale": "integer",
    "quantity": "quantity",
    "date": "date",
    "choice": "choice",
    "text": "text",
}


def _base() -> str:
    return settings.PORTAL_URL.rstrip("/") + "/fhir"


def questionnaire_url(questionnaire: Questionnaire) -> str:
    return f"{_base()}/Questionnaire/{questionnaire.order.key}"


def choice_system(questionnaire: Questionnaire, question_id: str) -> str:
    return f"{questionnaire_url(questionnaire)}/{question_id}"


def _item(questionnaire: Questionnaire, declared: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = {
        "linkId": declared["id"],
        "text": declared["text"],
        "type": ITEM_TYPES[declared["type"]],
        "required": bool(declared.get("required", True)),
    }
    if declared.get("loinc"):
        item["code"] = [{"system": LOINC, **declared["loinc"]}]
    if declared["type"] == "scale":
        item["extension"] = [
            {"url": MIN_VALUE, "valueInteger": int(declared["min"])},
            {"url": MAX_VALUE, "valueInteger": int(declared["max"])},
        ]
    if declared["type"] == "choice":
        system = choice_system(questionnaire, declared["id"])
        item["answerOption"] = [
            {"valueCoding": {"system": system, "code": c["code"], "display": c["display"]}} for c in declared["choices"]
        ]
    return item


def questionnaire_for(questionnaire: Questionnaire) -> FhirQuestionnaire:
    """One version of an order's questions as a FHIR Questionnaire."""
    return FhirQuestionnaire.model_validate(
        {
            "id": f"{questionnaire.order.key}-v{questionnaire.version}".replace("_", "-"),
            "url": questionnaire_url(questionnaire),
            "version": str(questionnaire.version),
            "name": "".join(part.capitalize() for part in questionnaire.order.key.split("_")),
            "title": questionnaire.title,
            "status": "active",
            "subjectType": ["Patient"],
            "date": questionnaire.created_at.isoformat(),
            "item": [_item(questionnaire, declared) for declared in questionnaire.items],
        }
    )


def _answer_value(answer: Answer, declared: dict[str, Any], questionnaire: Questionnaire) -> dict[str, Any]:
    kind = declared["type"]
    if kind == "boolean":
        return {"valueBoolean": answer.value_boolean}
    if kind == "scale":
        return {"valueInteger": answer.value_integer}
    if kind == "quantity":
        return {"valueQuantity": _quantity(answer)}
    if kind == "date":
        return {"valueDate": answer.value_date.isoformat()}
    if kind == "choice":
        display = next((c["display"] for c in declared["choices"] if c["code"] == answer.value_text), answer.display)
        system = choice_system(questionnaire, declared["id"])
        return {"valueCoding": {"system": system, "code": answer.value_text, "display": display}}
    return {"valueString": answer.value_text}


def _quantity(answer: Answer) -> dict[str, Any]:
    return {"value": float(answer.value_decimal), "unit": answer.unit_display, "system": UCUM, "code": answer.unit}


def _subject(call: CallScheduleItem) -> dict[str, str]:
    return {"reference": f"Patient/{call.patient_id}"}


def _capture(call: CallScheduleItem) -> CallCapture | None:
    try:
        return call.capture
    except CallCapture.DoesNotExist:
        return None


def questionnaire_response_for(*, call: CallScheduleItem) -> QuestionnaireResponse | None:
    """The call's answers against the questionnaire version it asked; None when the call asks no questions.

    An unanswered question keeps its item with a data-absent-reason (asked-unknown), so a reader
    sees it was asked and not answered, not that it was forgotten.
    """
    capture = _capture(call)
    if capture is None or capture.questionnaire is None:
        return None
    questionnaire = capture.questionnaire
    answers = {a.question_id: a for a in capture.answers.all()}
    items = []
    for declared in questionnaire.items:
        answer = answers.get(declared["id"])
        item: dict[str, Any] = {"linkId": declared["id"], "text": declared["text"]}
        if answer is not None and answer.status == AnswerStatus.ANSWERED:
            item["answer"] = [_answer_value(answer, declared, questionnaire)]
        else:
            item["extension"] = [{"url": DATA_ABSENT, "valueCode": "asked-unknown"}]
        items.append(item)
    authored = max((a.recorded_at for a in answers.values()), default=capture.created_at)
    return QuestionnaireResponse.model_validate(
        {
            "id": f"call-{call.pk}",
            "questionnaire": f"{questionnaire_url(questionnaire)}|{questionnaire.version}",
            "status": "completed" if call.status == "completed" else "in-progress",
            "subject": _subject(call),
            "authored": authored.isoformat(),
            "source": _subject(call),
            "item": items,
        }
    )


def observations_for(*, call: CallScheduleItem) -> list[Observation]:
    """One Observation per answered question that has a LOINC code (pain 72514-3, body temperature 8310-5)."""
    capture = _capture(call)
    if capture is None or capture.questionnaire is None:
        return []
    observations = []
    for answer in capture.answers.all():
        declared = capture.questionnaire.item(answer.question_id) or {}
        if not declared.get("loinc") or answer.status != AnswerStatus.ANSWERED:
            continue
        category = "vital-signs" if declared["type"] == "quantity" else "survey"
        resource: dict[str, Any] = {
            "id": f"call-{call.pk}-{answer.question_id.replace('_', '-')}",
            "status": "final",
            "category": [{"coding": [{"system": OBSERVATION_CATEGORY, "code": category}]}],
            "code": {"coding": [{"system": LOINC, **declared["loinc"]}], "text": declared["text"]},
            "subject": _subject(call),
            "effectiveDateTime": answer.recorded_at.isoformat(),
            "issued": answer.recorded_at.isoformat(),
            "derivedFrom": [{"reference": f"QuestionnaireResponse/call-{call.pk}"}],
        }
        if declared["type"] == "quantity":
            resource["valueQuantity"] = _quantity(answer)
        elif declared["type"] == "scale":
            resource["valueInteger"] = answer.value_integer
        else:
            resource["valueString"] = answer.display
        if answer.abnormal:
            resource["interpretation"] = [
                {
                    "coding": [{"system": INTERPRETATION, "code": "A", "display": "Abnormal"}],
                    "text": answer.abnormal_reason,
                }
            ]
        observations.append(Observation.model_validate(resource))
    return observations


def capture_bundle(*, call: CallScheduleItem) -> Bundle:
    """A collection Bundle: the Questionnaire version, the QuestionnaireResponse and its Observations."""
    capture = _capture(call)
    entries: list[dict[str, Any]] = []
    if capture is not None and capture.questionnaire is not None:
        questionnaire = questionnaire_for(capture.questionnaire)
        entries.append({"fullUrl": f"{questionnaire.url}|{questionnaire.version}", "resource": questionnaire})
        response = questionnaire_response_for(call=call)
        if response is not None:
            entries.append({"fullUrl": f"{_base()}/QuestionnaireResponse/{response.id}", "resource": response})
        for observation in observations_for(call=call):
            entries.append({"fullUrl": f"{_base()}/Observation/{observation.id}", "resource": observation})
    return Bundle.model_validate({"type": "collection", "entry": entries})
