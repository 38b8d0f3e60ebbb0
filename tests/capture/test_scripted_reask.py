"""The scripted model and the agent API together: a refused value is read back and the question re-asked;
a second refusal records the question as unanswered and the call moves on."""

from __future__ import annotations

import pytest

from calls.capture.models import AnswerStatus
from calls.capture.selectors import review_state
from calls.models import CallStatus
from calls.tasks import process_pending_calls
from tests.capture.helpers import daytime_zone
from tests.factories import CallScheduleItemFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAIN_QUESTION = "how much pain do you have right now?"


def _run(order, scripted_dialer, scenario: str, answers: dict | None = None):
    scripted_dialer(scenario, answers)
    call = CallScheduleItemFactory(
        patient=PatientFactory(first_name="Maya", time_zone=daytime_zone()),
        order=order,
        call_type=order.call_template["call_type"],
        llm_prompt="You are checking on pain after the procedure.",
    )
    assert process_pending_calls() == 1
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    turns = list(call.records.get().turns.order_by("sequence").values_list("speaker", "text"))
    return call, turns


def test_a_refused_pain_score_is_read_back_and_asked_again(catalog, portal, scripted_dialer):
    call, turns = _run(catalog["vm_pain_medication"], scripted_dialer, "high_pain")

    said = [text for speaker, text in turns if speaker == "patient"]
    assert "It hurts a lot." in said and "Eight." in said
    refused = next(i for i, (s, t) in enumerate(turns) if s == "tool" and '"recorded": false' in t)
    assert "It hurts a lot." in turns[refused][1]  # the value the agent sent
    reask = next(t for s, t in turns[refused:] if s == "agent")
    assert "I need to ask that again" in reask and "that answer is not a number" in reask
    assert reask.endswith(PAIN_QUESTION)
    assert turns.index(("patient", "Eight.")) > refused

    pain = call.capture.answers.get(question_id="pain_score")
    assert (pain.status, pain.value_integer, pain.abnormal) == (AnswerStatus.ANSWERED, 8, True)
    assert review_state(call=call) == "awaiting_review"


def test_a_second_refusal_records_unanswered_and_the_next_question_follows(catalog, portal, scripted_dialer):
    answers = {"pain_score": ["It hurts a lot.", "Really bad."]}
    call, turns = _run(catalog["vm_pain_medication"], scripted_dialer, "cooperative", answers)

    pain = call.capture.answers.get(question_id="pain_score")
    assert (pain.status, pain.unanswered_reason) == (AnswerStatus.UNANSWERED, "No valid answer after asking again")
    others = call.capture.answers.exclude(question_id="pain_score")
    assert {a.question_id: a.status for a in others} == {
        "pain_controlled": AnswerStatus.ANSWERED,
        "medicines_as_prescribed": AnswerStatus.ANSWERED,
    }
    asked_pain = [t for s, t in turns if s == "agent" and t.endswith(PAIN_QUESTION)]
    assert len(asked_pain) == 2  # asked, and asked again once
    # A required question left unanswered puts the call in front of a nurse.
    assert review_state(call=call) == "awaiting_review"


def test_a_patient_who_did_not_measure_is_recorded_unanswered_not_refused(catalog, portal, scripted_dialer):
    call, _ = _run(catalog["vm_wound_care"], scripted_dialer, "cooperative", {"temperature": ["I didn't take it."]})
    temperature = call.capture.answers.get(question_id="temperature")
    assert temperature.status == AnswerStatus.UNANSWERED and not temperature.required
    assert call.capture.answers.get(question_id="wound_appearance").value_text == "clean_dry"
    assert review_state(call=call) == "not_needed"  # an optional question may stay unanswered
