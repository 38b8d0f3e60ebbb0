"""A reminder the portal cannot book, on a Spanish call: the patient hears why in Spanish (`say`), the
nurse's record keeps the English reason (`when`), and the agent passes the Spanish words on."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from calls.models import CallScheduleItem, CallStatus, CreatedBy
from calls.tokens import make_agent_token
from tests.factories import CallRecordFactory
from tests.spanish.spanish_check import english_words

pytestmark = pytest.mark.django_db


def _agent(language: str, *, do_not_call: bool = False) -> tuple[Client, int]:
    record = CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS, call__attempts=1, call__patient__preferred_language=language,
        call__patient__do_not_call=do_not_call,
    )  # fmt: skip
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}"), record.call_id


def _ask(agent: Client, call_id: int, when: str) -> dict:
    response = agent.post(
        f"/api/v1/agent/calls/{call_id}/reminders/", {"when": when, "purpose": "x"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert not CallScheduleItem.objects.filter(created_by=CreatedBy.AGENT).exists()
    return response.json()


@pytest.mark.parametrize(
    ("when", "english", "spanish"),
    [
        ("cuando la luna sea azul", "could not be understood", "No entendí para cuándo."),
        ("tomorrow at 11 pm", "outside the calling hours", "está fuera del horario de llamadas, de 09:00 a 19:00"),
    ],
)
def test_a_refused_reminder_says_why_in_spanish_and_keeps_the_english_reason(when, english, spanish):
    agent, call_id = _agent("es")
    body = _ask(agent, call_id, when)
    assert english in body["when"][0]
    [say] = body["say"]
    assert spanish in say and english_words(say) == []


def test_a_do_not_call_patient_hears_it_in_spanish():
    agent, call_id = _agent("es", do_not_call=True)
    [say] = _ask(agent, call_id, "mañana en la mañana")["say"]
    assert say.startswith("Usted pidió que no le llamemos") and english_words(say) == []


def test_an_english_call_gets_no_say():
    agent, call_id = _agent("en")
    assert "say" not in _ask(agent, call_id, "tomorrow at 11 pm")


def test_the_scripted_model_says_the_spanish_reason():
    from livekit.agents import llm

    from agent_worker.scripted import _after_tools

    output = json.dumps({"scheduled": False, "reason": "x is outside the calling hours", "say": "Está fuera."})
    call = llm.FunctionCallOutput(name="schedule_reminder_call", call_id="c1", output=output, is_error=False)
    decision = _after_tools(
        [call], confirmed=True, first_name="Lucía", clinic_name="Clínica", number="212", context={}, language="es"
    )
    assert decision.text.startswith("Lo siento, no pude programarla: Está fuera.")
