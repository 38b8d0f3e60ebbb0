"""Through the agent API, a Spanish call: every way the care guide declines or escalates is said in Spanish.

No reviewed answer, a procedure that is not the patient's, words the guide does not match, and the
red flag a symptom lookup raises: the patient hears Spanish (the answer, the escalation's line); the
nurse's note stays English and is kept on the call, as the decline promises. A language the patient
asks for mid-call is the one the lookups use.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from calls.models import CallScheduleItem, CallStatus, Escalation, PatientResponse
from calls.tokens import make_agent_token
from knowledge.models import KnowledgeDocument
from knowledge.rag import reset_index
from knowledge.services import sample_corpus_load
from orders.models import DischargeOrder
from tests.factories import CallRecordFactory, DischargeFactory
from tests.spanish.spanish_check import english_words

pytestmark = pytest.mark.django_db

CHOLE = ["chole_incision_care", "chole_warning_signs"]


@pytest.fixture
def call_for():
    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    sample_corpus_load()

    def make(language: str = "es") -> tuple[Client, int]:
        discharge = DischargeFactory(procedure="Laparoscopic cholecystectomy", patient__preferred_language=language)
        discharge.orders.set(DischargeOrder.objects.filter(key__in=CHOLE))
        record = CallRecordFactory(
            call__status=CallStatus.IN_PROGRESS, call__attempts=1, call__patient=discharge.patient,
            call__discharge=discharge,
        )  # fmt: skip
        token = make_agent_token(call_id=record.call_id, attempt=1)
        return Client(HTTP_AUTHORIZATION=f"Bearer {token}"), record.call_id

    return make


def _ask(agent: Client, topic: str, **params: str) -> dict:
    response = agent.post(f"/api/v1/agent/knowledge/{topic}/", params, content_type="application/json")
    assert response.status_code == 200
    return response.json()


def _heard(body: dict) -> list[str]:
    """What the patient may hear from a lookup: the answer, and the escalation's and instruction's lines."""
    escalation = body.get("escalation") or {}
    return [body["answer"], escalation.get("say", ""), escalation.get("instruction", "")]


@pytest.mark.parametrize(
    ("topic", "params"),
    [
        # No reviewed answer at all.
        ("recovery", {"procedure": "", "activity": "paracaidismo"}),
        # A procedure that is not this patient's (a gallbladder patient asking about tonsils).
        ("procedure", {"procedure": "amigdalectomía", "question": "¿cuándo puede comer helado?"}),
        ("recovery", {"procedure": "amigdalectomía", "activity": "escuela"}),
        # A medicine the guide does not know, and symptom words it cannot match.
        ("medication", {"medication": "zolpidem", "question": "¿lo puede tomar?"}),
        ("symptom", {"symptom": "tiene hipo desde ayer"}),
    ],
)
def test_a_decline_is_said_in_spanish_and_the_nurse_gets_an_english_note(call_for, topic, params):
    agent, _ = call_for("es")
    body = _ask(agent, topic, **params)
    assert not body["found"] and body["language"] == "es" and body["document_ids"] == []
    assert body["answer"].startswith("No tengo información sobre") and "enfermera" in body["answer"]
    assert english_words(body["answer"]) == []
    assert body["nurse_note"].startswith("No document in the patient's language answered")


def test_a_red_flag_in_a_symptom_lookup_gives_its_escalation_line_in_spanish(call_for):
    agent, _ = call_for("es")
    body = _ask(agent, "symptom", symptom="le duele el pecho y le falta el aire")
    assert body["red_flags"][0]["tier"] == "emergent"
    assert body["escalation"]["say"] == "Por favor, cuelgue y llame al 911 ahora. Ya avisamos a la enfermera."
    assert all(english_words(line) == [] for line in _heard(body))
    # The nurse's side stays English: the escalation's title is the catalogue's.
    assert Escalation.objects.get(pk=body["escalation"]["id"]).reason == body["escalation"]["title"]

    body = _ask(agent, "symptom", symptom="tiene fiebre de 102")
    assert body["red_flags"][0]["tier"] == "urgent"
    assert body["escalation"]["say"].startswith("Una enfermera le devolverá la llamada hoy, antes del ")
    assert all(english_words(line) == [] for line in _heard(body))


def test_an_english_call_still_hears_english(call_for):
    agent, _ = call_for("en")
    body = _ask(agent, "symptom", symptom="he has a fever of 102")
    assert body["escalation"]["say"].startswith("A nurse will call the patient back today")
    body = _ask(agent, "recovery", procedure="", activity="skydiving")
    assert not body["found"] and body["answer"].startswith("I don't have information about skydiving")


def _switch(agent: Client, call_id: int, language: str) -> None:
    response = agent.post(
        f"/api/v1/agent/calls/{call_id}/events/",
        {"event_id": f"lang-{language}", "kind": "language", "text": language},
        content_type="application/json",
    )
    assert response.status_code in (200, 201), response.content


def test_lookups_follow_a_switch_to_spanish_mid_call(call_for):
    agent, call_id = call_for("en")
    _switch(agent, call_id, "es")
    body = _ask(agent, "recovery", procedure="", activity="nadar")
    assert body["found"] and body["language"] == "es"
    assert set(KnowledgeDocument.objects.filter(pk__in=body["document_ids"]).values_list("language", flat=True)) == {
        "es"
    }
    body = _ask(agent, "symptom", symptom="tiene fiebre de 102")
    assert body["red_flags"][0]["key"] == "fever"
    assert english_words(body["answer"]) == [] and english_words(body["escalation"]["say"]) == []


def test_lookups_follow_a_switch_to_english_mid_call(call_for):
    agent, call_id = call_for("es")
    _switch(agent, call_id, "en")
    body = _ask(agent, "recovery", procedure="", activity="swimming")
    assert body["found"] and body["language"] == "en" and "nurse_note" not in body
    body = _ask(agent, "symptom", symptom="he has a fever of 102")
    assert body["escalation"]["say"].startswith("A nurse will call the patient back today")


def test_when_no_spanish_document_is_published_the_english_one_is_never_read(call_for):
    agent, _ = call_for("es")
    KnowledgeDocument.objects.filter(language="es", category="symptom").update(active=False)
    reset_index()
    body = _ask(agent, "symptom", symptom="¿es normal un poco de hinchazón en la herida?")
    assert not body["found"] and body["answer"].startswith("No tengo información sobre")
    assert "English guidance exists" in body["nurse_note"]


def test_the_note_the_decline_promises_is_kept_for_the_nurse_once(call_for):
    agent, call_id = call_for("es")
    for _ in range(2):  # the agent asking again does not add a second note
        body = _ask(agent, "recovery", procedure="", activity="paracaidismo")
        assert "dejar una nota para que una enfermera le llame" in body["answer"]
    [note] = PatientResponse.objects.filter(record__call_id=call_id)
    assert note.question == "Question the care guide could not answer"
    assert note.response.startswith("Recovery: paracaidismo (asked in Spanish). No document in the patient's")
    call = CallScheduleItem.objects.get(pk=call_id)
    assert call.needs_attention and call.status_reason.endswith("follow up in Spanish.")


def test_an_answered_question_or_a_red_flag_leaves_no_unanswered_note(call_for):
    agent, call_id = call_for("es")
    assert _ask(agent, "recovery", procedure="", activity="nadar")["found"]
    assert _ask(agent, "symptom", symptom="tiene fiebre de 102")["escalation"]
    assert not PatientResponse.objects.filter(record__call_id=call_id).exists()


def test_an_english_calls_decline_is_noted_too(call_for):
    agent, call_id = call_for("en")
    assert not _ask(agent, "recovery", procedure="", activity="skydiving")["found"]
    [note] = PatientResponse.objects.filter(record__call_id=call_id)
    assert note.response == "Recovery: skydiving"
    assert CallScheduleItem.objects.get(pk=call_id).status_reason.endswith("could not answer; follow up.")
