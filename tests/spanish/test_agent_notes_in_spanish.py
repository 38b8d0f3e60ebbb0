"""What the portal gives the model to say on a Spanish call is Spanish: the reason a recorded answer is
refused (with the question to ask again in the words the patient hears) and the calling-limit note when a
reminder moves; the nurse-facing reason stays English. English calls are unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import timezone

from calls.capture.questions import QUESTION_LIBRARY, AnswerError, parse_answer, resolve_questions
from calls.capture.questions_es import QUESTION_TEXT_ES
from calls.models import CallStatus
from calls.tokens import make_agent_token
from tests.calls.scripted_dialer import zone_at_local_hour
from tests.factories import CallRecordFactory, CallScheduleItemFactory, PatientFactory
from tests.spanish.spanish_check import english_words

NOW = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)


def _record(catalog, language: str, **patient):
    call = CallScheduleItemFactory(
        order=catalog["vm_compression"], status=CallStatus.IN_PROGRESS, attempts=1,
        patient=PatientFactory(preferred_language=language, **patient),
    )  # fmt: skip
    return CallRecordFactory(call=call, attempt=1, identity_verified_at=timezone.now(), started_at=timezone.now())


def _client(record) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "english", "spanish"),
    [
        ("muchísimo", "that answer is not a number", "no es un número"),
        ("once", "11 is outside that range", "11 está fuera de ese rango"),
        ("entre tres y cinco", "one number", "un solo número"),
    ],
)
def test_a_refused_answer_on_a_spanish_call_says_why_in_spanish_and_keeps_the_english_reason(
    catalog, value, english, spanish
):
    record = _record(catalog, "es")
    response = _client(record).post(
        f"/api/v1/agent/calls/{record.call_id}/answers/",
        {"event_id": "a1", "question_id": "pain_score", "value": value},
        content_type="application/json",
    )
    assert response.status_code == 400
    body = response.json()
    assert english in body["reason"]  # the nurse's record
    assert spanish in body["say"] and english_words(body["say"]) == []
    assert body["ask_again"] == QUESTION_TEXT_ES["pain_score"]["text"]


@pytest.mark.django_db
def test_an_english_call_gets_the_english_reason_and_question_only(catalog):
    record = _record(catalog, "en")
    response = _client(record).post(
        f"/api/v1/agent/calls/{record.call_id}/answers/",
        {"event_id": "a1", "question_id": "pain_score", "value": "a lot"},
        content_type="application/json",
    )
    body = response.json()
    assert "say" not in body and "not a number" in body["reason"]
    assert body["ask_again"] == QUESTION_LIBRARY["pain_score"]["text"]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("bandage_removed", "quizás"),
        ("bandage_removed", "   "),
        ("pain_score", "mucho"),
        ("pain_score", "7,5"),
        ("pain_score", "doce"),
        ("pain_score", "entre dos y cuatro"),
        ("temperature", "no sé"),
        ("temperature", "5 grados"),
        ("temperature", "treinta y nueve y cien"),
        ("followup_appointment_date", "pronto"),
        ("wound_appearance", "morada"),
    ],
)
def test_every_refusal_reason_has_reviewed_spanish_words(question, value):
    from calls.capture.questions_es import localize

    [item] = resolve_questions([question])  # as the call declares it
    with pytest.raises(AnswerError) as refused:
        parse_answer(item, value, now=NOW, language="es")
    said = refused.value.said_in("es")
    assert said != str(refused.value) and english_words(said) == [], (question, value, said)
    if question == "wound_appearance":  # the choices named as the patient hears them
        assert all(c["display"] in said for c in localize(item, "es")["choices"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Llamamos como máximo 1 vez al día y 3 veces a la semana"), ("en", "We call at most 1 time a day")],
)
def test_the_calling_limit_note_is_in_the_calls_language(catalog, language, expected):
    # This call rang today: with one call a day, a reminder later today moves to tomorrow and says why.
    record = _record(catalog, language, time_zone=zone_at_local_hour(11))
    response = _client(record).post(
        f"/api/v1/agent/calls/{record.call_id}/reminders/",
        {"event_id": "rem-1", "when": "in 2 hours", "purpose": "Bandage check"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    note = response.json()["note"]
    assert note.startswith(expected)
    if language == "es":
        assert english_words(note) == [] and " de la mañana" in note


@pytest.mark.anyio
async def test_the_agent_gives_the_model_the_spanish_reason_not_the_english_one():
    from agent_worker.agents import CallState, ScheduledFollowupAgent
    from agent_worker.portal_client import PortalClient, PortalError
    from tests.agent_worker.conftest import make_context

    context = make_context("http://127.0.0.1:9", language="es")
    client = PortalClient(base_url=context["portal_url"], token=context["token"], call_id=41, retry_base=0.01)
    agent = ScheduledFollowupAgent(state=CallState(context=context, portal=client))

    async def refuse(method: str, path: str, payload: dict) -> dict:
        body = {"reason": "I need one number for a whole number from 0 to 10, not several.", "ask_again": "¿Cuánto?"}
        raise PortalError(400, {**body, "say": "Necesito un solo número para un número entero del 0 al 10."})

    client.request = refuse  # type: ignore[method-assign]
    ctx = SimpleNamespace(function_call=SimpleNamespace(call_id="c1"))
    try:
        output = json.loads(await agent._record_answer(ctx, "¿Cuánto?", "entre tres y cinco", "pain_score", True))
    finally:
        await client.aclose(flush_timeout=1)
    assert output["reason"] == "Necesito un solo número para un número entero del 0 al 10."
    assert output["ask_again"] == "¿Cuánto?"
