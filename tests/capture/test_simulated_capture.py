"""A simulated call for every catalog order asks each declared question and records a typed value or
"unanswered"; the call's QuestionnaireResponse validates as FHIR. Parametrized over the shipped catalog,
so an order added to it is covered without touching this file."""

from __future__ import annotations

from decimal import Decimal

import pytest
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from calls.capture.fhir import observations_for, questionnaire_for, questionnaire_response_for
from calls.capture.models import AnswerStatus
from calls.models import CallStatus
from calls.tasks import process_pending_calls
from orders.catalog import ORDER_CATALOG
from tests.capture.helpers import daytime_zone
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)

ORDERS_WITH_CALLS = [entry["key"] for entry in ORDER_CATALOG if entry.get("call_template")]


def _due_call(order):
    patient = PatientFactory(first_name="Maya", time_zone=daytime_zone())
    return CallScheduleItemFactory(
        patient=patient,
        order=order,
        call_type=order.call_template["call_type"],
        llm_prompt=f"You are calling about {order.title}. {order.instructions}",
    )


def test_every_catalog_order_declares_questions(catalog):
    for key in ORDERS_WITH_CALLS:
        assert catalog[key].call_template.get("questions"), f"{key} declares no questions"


@pytest.mark.parametrize("order_key", ORDERS_WITH_CALLS)
def test_a_simulated_call_records_every_declared_question(order_key, catalog, portal, scripted_dialer):
    scripted_dialer("cooperative")
    order = catalog[order_key]
    call = _due_call(order)
    assert process_pending_calls() == 1

    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    capture = call.capture
    declared = [item["id"] for item in capture.questionnaire.items]
    answers = {a.question_id: a for a in capture.answers.all()}
    assert sorted(answers) == sorted(declared)
    for question_id, answer in answers.items():
        if answer.status == AnswerStatus.ANSWERED:
            typed = [answer.value_boolean, answer.value_integer, answer.value_decimal, answer.value_date]
            assert any(v is not None for v in typed) or answer.value_text, question_id
        else:
            assert answer.unanswered_reason, question_id
    # The cooperative patient answers every question this catalog declares.
    assert all(a.status == AnswerStatus.ANSWERED for a in answers.values()), {
        k: a.unanswered_reason for k, a in answers.items() if not a.is_answered
    }

    response = questionnaire_response_for(call=call)
    assert QuestionnaireResponse.model_validate_json(response.model_dump_json()) == response  # valid FHIR round-trip
    assert response.status == "completed"
    assert [item.linkId for item in response.item] == declared
    assert response.questionnaire == questionnaire_for(capture.questionnaire).url + f"|{capture.questionnaire.version}"
    coded = sorted(item["loinc"]["code"] for item in capture.questionnaire.items if item.get("loinc"))
    observations = observations_for(call=call)
    assert sorted(o.code.coding[0].code for o in observations) == coded  # one per coded answer
    assert all(o.code.coding[0].system == "http://loinc.org" for o in observations)


def test_the_simulated_calls_fill_every_answer_type(catalog, portal, scripted_dialer):
    scripted_dialer("cooperative")
    for key in ("post_wellness_check", "post_wound_check"):
        _due_call(catalog[key])
    assert process_pending_calls() == 2
    from calls.capture.models import Answer

    kinds = set(Answer.objects.filter(status=AnswerStatus.ANSWERED).values_list("answer_type", flat=True))
    assert kinds == {"boolean", "scale", "quantity", "date", "choice", "text"}
    temperature = Answer.objects.get(question_id="temperature", capture__call__order__key="post_wellness_check")
    assert (temperature.value_decimal, temperature.unit) == (Decimal("99.1"), "[degF]")
