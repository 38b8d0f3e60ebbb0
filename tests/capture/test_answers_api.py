"""POST /api/v1/agent/calls/<id>/answers/: typed values stored, bad values refused with a reason to read back."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from calls.capture.models import Answer, AnswerStatus
from calls.models import CallStatus
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory, CallScheduleItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(catalog):
    call = CallScheduleItemFactory(
        order=catalog["post_wellness_check"], call_type="wellness_check", status=CallStatus.IN_PROGRESS, attempts=1
    )
    return CallRecordFactory(call=call, attempt=1, identity_verified_at=timezone.now())


@pytest.fixture
def answer(record):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")

    def post(payload: dict, call_id: int | None = None) -> object:
        url = f"/api/v1/agent/calls/{call_id or record.call_id}/answers/"
        return client.post(url, payload, content_type="application/json")

    return post


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("eleven", "11 is outside that range"),
        ("a lot", "that answer is not a number"),
        ("7.5", "not a whole number"),
        ("between 3 and 5", "one number"),
    ],
)
def test_it_refuses_a_pain_score_that_does_not_fit_and_says_why(answer, value, reason):
    response = answer({"event_id": "a1", "question_id": "pain_score", "value": value})
    assert response.status_code == 400
    body = response.json()
    assert body["recorded"] is False and reason in body["reason"]
    assert body["ask_again"].startswith("On a scale from 0 to 10")
    assert not Answer.objects.exists()


def test_it_stores_a_pain_of_eight_as_abnormal_and_lists_what_is_left(answer):
    response = answer({"event_id": "a1", "question_id": "pain_score", "value": "about an eight out of ten"})
    assert response.status_code == 201
    body = response.json()
    assert (body["recorded"], body["display"]) == (True, "8 / 10")
    assert "pain_score" not in body["remaining"] and "temperature" in body["remaining"]
    stored = Answer.objects.get()
    assert (stored.value_integer, stored.abnormal, stored.abnormal_reason) == (8, True, "Pain 7 or more out of 10")


def test_the_same_event_is_stored_once_and_a_new_answer_replaces_the_old(answer):
    assert answer({"event_id": "a1", "question_id": "pain_score", "value": "3"}).status_code == 201
    assert answer({"event_id": "a1", "question_id": "pain_score", "value": "3"}).status_code == 200
    assert answer({"event_id": "a2", "question_id": "pain_score", "value": "5"}).status_code == 201
    assert list(Answer.objects.values_list("value_integer", flat=True)) == [5]


@pytest.mark.parametrize(
    ("question_id", "value", "field", "expected", "abnormal"),
    [
        ("temperature", "101.5", "value_decimal", Decimal("101.5"), True),
        ("temperature", "38.6 degrees C", "value_decimal", Decimal("38.6"), True),
        ("temperature", "98.6 F", "value_decimal", Decimal("98.6"), False),
        ("medicines_as_prescribed", "No, I missed two doses", "value_boolean", False, True),
        ("medicines_as_prescribed", "yes", "value_boolean", True, False),
        ("pain_score", "No pain at all", "value_integer", 0, False),
        ("pain_score", "one", "value_integer", 1, False),
        ("followup_appointment_date", "the 5th of January", "value_date", None, False),
        (
            "red_flag_understanding",
            "If the wound got red I'd call.",
            "value_text",
            "If the wound got red I'd call.",
            False,
        ),
    ],
)
def test_it_types_each_answer(answer, question_id, value, field, expected, abnormal):
    assert answer({"question_id": question_id, "value": value}).status_code == 201
    stored = Answer.objects.get(question_id=question_id)
    if field == "value_date":  # the next 5 January, in the patient's time zone
        expected = stored.recorded_at.date().replace(month=1, day=5)
        expected = expected if expected >= stored.recorded_at.date() else expected.replace(year=expected.year + 1)
    assert (getattr(stored, field), stored.abnormal) == (expected, abnormal)


@pytest.mark.parametrize(
    ("question_id", "value", "reason"),
    [
        ("temperature", "250", "not a plausible reading"),
        ("pain_score", "seven and a half", "not a whole number"),
        ("medicines_as_prescribed", "I'm not sure", "yes or a no"),
        ("followup_appointment_date", "whenever", "I need a date"),
        ("pain_score", "", "Give the patient's answer"),
    ],
)
def test_it_refuses_other_bad_values(answer, question_id, value, reason):
    response = answer({"question_id": question_id, "value": value})
    assert response.status_code == 400
    assert reason in str(response.json())


def test_unanswered_is_recorded_with_the_reason(answer):
    response = answer({"question_id": "temperature", "answered": False, "reason": "Did not take it"})
    assert response.status_code == 201
    stored = Answer.objects.get()
    assert (stored.status, stored.unanswered_reason, stored.required) == (
        AnswerStatus.UNANSWERED,
        "Did not take it",
        False,
    )


def test_it_refuses_a_question_the_call_does_not_ask(answer):
    response = answer({"question_id": "bandage_removed", "value": "yes"})
    assert response.status_code == 400
    assert "does not ask 'bandage_removed'" in response.json()["reason"]


def test_it_refuses_answers_before_identity_is_confirmed(answer, record):
    record.identity_verified_at = None
    record.save()
    response = answer({"question_id": "pain_score", "value": "3"})
    assert response.status_code == 400 and "verify_identity" in response.json()["reason"]


def test_another_calls_token_is_forbidden(answer, catalog):
    other = CallScheduleItemFactory(order=catalog["post_wellness_check"])
    assert answer({"question_id": "pain_score", "value": "3"}, call_id=other.pk).status_code == 403
