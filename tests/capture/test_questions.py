"""Question declarations on call templates: checked when an order is saved, versioned when they change."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from calls.capture.models import Questionnaire
from calls.capture.questions import QUESTION_LIBRARY, resolve_questions
from calls.capture.services import capture_for_call, questionnaire_for_order
from tests.factories import CallScheduleItemFactory, DischargeOrderFactory

pytestmark = pytest.mark.django_db

TEMPLATE = {
    "timing": "24_hours_after_discharge",
    "call_type": "wellness_check",
    "priority": 2,
    "prompt_template": "Hi {patient_first_name}.",
}
CUSTOM = {
    "id": "nausea_level",
    "label": "Nausea",
    "text": "How bad is the nausea, from 0 to 5?",
    "type": "scale",
    "min": 0,
    "max": 5,
    "abnormal": {"op": "gte", "value": 4, "label": "Severe nausea"},
}


@pytest.mark.parametrize(
    ("questions", "problem"),
    [
        (["pain_scor"], "'pain_scor' is not in the question library"),
        (["pain_score", "pain_score"], "repeated: pain_score"),
        ([{**CUSTOM, "type": "slider"}], "'slider' is not one of"),
        ([{**CUSTOM, "min": 5}], "needs numbers 'min' < 'max'"),
        ([{**CUSTOM, "id": "Nausea Level"}], "'id' must be lower-case"),
        ([{**CUSTOM, "abnormal": {"op": "approx", "value": 4}}], "'abnormal' must be"),
        ([{"id": "wound", "text": "How is it?", "type": "choice", "choices": [{"code": "ok"}]}], "at least two"),
        ([{"id": "temp", "text": "Temperature?", "type": "quantity", "min": 30, "max": 45, "unit": "K"}], "'unit'"),
        ("pain_score", "must be a list"),
    ],
)
def test_a_bad_question_declaration_is_refused_with_what_to_fix(questions, problem):
    order = DischargeOrderFactory.build(key="bad_questions", call_template={**TEMPLATE, "questions": questions})
    with pytest.raises(ValidationError) as exc:
        order.full_clean()
    assert problem in " ".join(exc.value.message_dict["call_template"])


def test_library_ids_custom_questions_and_required_overrides_resolve():
    items = resolve_questions(["pain_score", CUSTOM, {"id": "medicines_as_prescribed", "required": False}])
    assert [i["id"] for i in items] == ["pain_score", "nausea_level", "medicines_as_prescribed"]
    assert items[0]["loinc"]["code"] == "72514-3" and items[0]["required"] is True
    assert items[2]["required"] is False and items[2]["text"] == QUESTION_LIBRARY["medicines_as_prescribed"]["text"]


def test_changed_questions_make_a_new_version_and_old_calls_keep_theirs():
    order = DischargeOrderFactory(call_template={**TEMPLATE, "questions": ["pain_score"]})
    first_call = CallScheduleItemFactory(order=order, call_type="wellness_check")
    v1 = capture_for_call(call=first_call).questionnaire
    assert questionnaire_for_order(order=order) == v1  # unchanged questions: the same version

    order.call_template = {**TEMPLATE, "questions": ["pain_score", "temperature"]}
    order.save()
    second_call = CallScheduleItemFactory(order=order, call_type="wellness_check")
    v2 = capture_for_call(call=second_call).questionnaire
    assert (v1.version, v2.version) == (1, 2)
    assert [i["id"] for i in v2.items] == ["pain_score", "temperature"]
    assert capture_for_call(call=first_call).questionnaire == v1
    assert Questionnaire.objects.filter(order=order).count() == 2


def test_reminder_calls_and_orders_without_questions_ask_nothing():
    order = DischargeOrderFactory(call_template={**TEMPLATE, "questions": ["pain_score"]})
    assert capture_for_call(call=CallScheduleItemFactory(order=order, call_type="patient_requested")) is None
    assert capture_for_call(call=CallScheduleItemFactory(order=DischargeOrderFactory())) is None
    assert capture_for_call(call=CallScheduleItemFactory(order=None)) is None


def test_the_agent_context_lists_the_questions_but_not_what_counts_as_abnormal(catalog):
    from calls.selectors import call_agent_context
    from tests.factories import CallRecordFactory

    call = CallScheduleItemFactory(order=catalog["post_wound_check"], call_type="wound_check")
    questions = call_agent_context(record=CallRecordFactory(call=call))["questions"]
    assert [q["id"] for q in questions] == ["wound_appearance", "temperature"]
    assert questions[0]["choices"] == ["Clean and dry", "Red or swollen", "Draining", "Bleeding"]
    assert questions[1]["units"] == ["[degF]", "Cel"] and questions[1]["required"] is False
    assert not any("abnormal" in q or "loinc" in q for q in questions)  # the agent asks; it does not judge


@pytest.mark.parametrize(
    ("said", "code"),
    [("a bit red", "red_swollen"), ("clean, dry", "clean_dry"), ("It's bleeding a little", "bleeding")],
)
def test_a_choice_is_recognised_from_its_words(said, code):
    from django.utils import timezone

    from calls.capture.questions import parse_answer

    assert parse_answer(resolve_questions(["wound_appearance"])[0], said, now=timezone.now()).text == code


def test_an_answer_that_fits_two_choices_is_refused_with_the_options():
    from django.utils import timezone

    from calls.capture.questions import AnswerError, parse_answer

    with pytest.raises(AnswerError) as exc:
        parse_answer(resolve_questions(["wound_appearance"])[0], "red and draining", now=timezone.now())
    assert str(exc.value) == (
        "That matches more than one answer. Please choose one of: Clean and dry, Red or swollen, Draining, Bleeding."
    )
