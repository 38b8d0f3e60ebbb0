"""/api/v1/calls/: answers and review state on calls, the awaiting-review filter, and the FHIR answers."""

from __future__ import annotations

import pytest
from fhir.resources.R4B.bundle import Bundle

from calls.capture.fhir import observations_for, questionnaire_response_for
from calls.capture.services import capture_sign_off
from postop.models import AccessEvent
from tests.capture.helpers import completed_call
from tests.factories import CallScheduleItemFactory

pytestmark = pytest.mark.django_db

CALLS = "/api/v1/calls/"
FINE = {"pain_score": "2", "pain_controlled": "yes", "medicines_as_prescribed": "yes"}


def ids(response) -> list[int]:
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["results"]]


def test_the_review_filter_lists_calls_awaiting_review(api, catalog, nurse):
    order = catalog["vm_pain_medication"]
    fine = completed_call(order=order, answers=FINE)
    painful = completed_call(order=order, answers={**FINE, "pain_score": "8"})
    signed = completed_call(order=order, answers={**FINE, "pain_score": "9"})
    capture_sign_off(call=signed, by=nurse, note="Called back.")
    pending = CallScheduleItemFactory(order=order)

    assert ids(api.get(CALLS, {"review_state": "awaiting_review"})) == [painful.pk]
    assert ids(api.get(CALLS, {"review_state": "signed_off"})) == [signed.pk]
    assert ids(api.get(CALLS, {"review_state": "not_needed"})) == [fine.pk]
    assert ids(api.get(CALLS, {"review_state": "not_due"})) == [pending.pk]
    states = {row["id"]: row["review_state"] for row in api.get(CALLS).json()["results"]}
    assert states[painful.pk] == "awaiting_review" and states[fine.pk] == "not_needed"
    bad = api.get(CALLS, {"review_state": "whenever"})
    assert bad.status_code == 400 and "review_state" in bad.json()


def test_the_detail_has_typed_answers_and_the_review(api, catalog, nurse):
    call = completed_call(order=catalog["vm_warning_signs"], answers={"pain_score": "8", "temperature": "101.4 F"})
    capture_sign_off(call=call, by=nurse, note="Seen.")
    body = api.get(f"{CALLS}{call.pk}/").json()
    answers = {a["question_id"]: a for a in body["answers"]}
    assert (answers["pain_score"]["value"], answers["pain_score"]["abnormal"]) == (8, True)
    assert (answers["temperature"]["value"], answers["temperature"]["unit"]) == (101.4, "[degF]")
    assert answers["temperature"]["abnormal"] is True
    assert (
        answers["red_flag_understanding"]["status"] == "unanswered"
        and answers["red_flag_understanding"]["value"] is None
    )
    review = body["review"]
    assert (review["state"], review["signed_off_by"], review["note"]) == ("signed_off", nurse.username, "Seen.")
    assert review["questionnaire"] == "vm_warning_signs|1"


def test_the_fhir_answers_validate_and_code_pain_and_temperature(api, catalog):
    call = completed_call(order=catalog["vm_warning_signs"], answers={"pain_score": "8", "temperature": "38.2 C"})
    response = api.get(f"{CALLS}{call.pk}/questionnaire-response/")
    assert response.status_code == 200
    bundle = Bundle.model_validate(response.json())
    kinds = [entry.resource.get_resource_type() for entry in bundle.entry]
    assert kinds == ["Questionnaire", "QuestionnaireResponse", "Observation", "Observation"]
    assert AccessEvent.objects.filter(object_id=str(call.pk), patient=call.patient).exists()

    qr = questionnaire_response_for(call=call)
    items = {item.linkId: item for item in qr.item}
    assert items["pain_score"].answer[0].valueInteger == 8
    assert items["temperature"].answer[0].valueQuantity.code == "Cel"
    assert not items["red_flag_understanding"].answer
    assert items["red_flag_understanding"].extension[0].valueCode == "asked-unknown"
    pain, temperature = sorted(observations_for(call=call), key=lambda o: o.code.coding[0].code)
    assert (pain.code.coding[0].code, pain.valueInteger, pain.interpretation[0].coding[0].code) == ("72514-3", 8, "A")
    assert (temperature.code.coding[0].code, float(temperature.valueQuantity.value)) == ("8310-5", 38.2)
    assert temperature.interpretation is None  # 38.2 °C is below the 38.3 °C line
    assert temperature.subject.reference == f"Patient/{call.patient_id}"


def test_a_call_without_questions_has_an_empty_bundle(api):
    call = CallScheduleItemFactory()
    response = api.get(f"{CALLS}{call.pk}/questionnaire-response/")
    assert response.status_code == 200 and response.json().get("entry") in (None, [])


def test_the_order_catalog_lists_each_orders_questions(api, catalog):
    order = api.get("/api/v1/orders/vm_warning_signs/").json()
    questions = {q["id"]: q for q in order["call"]["questions"]}
    assert list(questions) == ["red_flag_understanding", "pain_score", "temperature"]
    assert (questions["pain_score"]["loinc"], questions["temperature"]["loinc"]) == ("72514-3", "8310-5")
    assert questions["temperature"]["required"] is False and questions["red_flag_understanding"]["type"] == "text"
