"""A simulated call for a Spanish-speaking patient, end to end through the portal: every agent line is
Spanish from the reviewed tables, the answers said in Spanish are recorded as typed values, and a
red flag said in Spanish is raised at its tier with the Spanish instruction as the agent's next line."""

from __future__ import annotations

from decimal import Decimal

import pytest

from calls.capture.models import AnswerStatus
from calls.models import CallStatus
from calls.tasks import process_pending_calls
from tests.capture.helpers import daytime_zone
from tests.factories import CallScheduleItemFactory, PatientFactory
from tests.spanish.spanish_check import problems_with

pytestmark = pytest.mark.django_db(transaction=True)

CLINIC = ("PostOp AI Demo Clinic",)


def _run(order, scripted_dialer, scenario: str | None, *, language: str = "es", answers: dict | None = None):
    scripted_dialer(scenario, answers)
    patient = PatientFactory(first_name="Lucía", time_zone=daytime_zone(), preferred_language=language)
    call = CallScheduleItemFactory(
        patient=patient,
        order=order,
        call_type=order.call_template["call_type"],
        llm_prompt="You are checking on the bandage. Has the bandage been removed as instructed?",
    )
    assert process_pending_calls() == 1
    call.refresh_from_db()
    record = call.records.get()
    turns = list(record.turns.order_by("sequence").values_list("speaker", "text"))
    return call, record, turns


def agent_lines(turns) -> list[str]:
    return [text for speaker, text in turns if speaker == "agent"]


def test_a_spanish_patients_call_is_all_spanish_records_answers_and_raises_the_red_flag(
    catalog, portal, scripted_dialer, settings
):
    call, record, turns = _run(catalog["vm_compression"], scripted_dialer, "urgent")

    assert call.status == CallStatus.COMPLETED and record.outcome == "completed"
    said = agent_lines(turns)
    assert len(said) >= 6
    assert problems_with(said, names=(*CLINIC, "Lucía")) == []
    assert said[0].startswith("Hola, le habla el asistente automatizado")
    assert "no una persona" in said[0]

    # The red flag, said in Spanish, raised at its tier; the Spanish instruction is the agent's next line.
    index = next(i for i, (s, t) in enumerate(turns) if s == "patient" and "fiebre de ciento uno" in t)
    next_line = next(t for s, t in turns[index + 1 :] if s == "agent")
    assert next_line.startswith("Una fiebre de 101 grados")
    tiers = {(e.tier, e.rule_key) for e in call.escalations.all()}
    assert ("urgent", "fever") in tiers
    assert all(e.tier != "emergent" for e in call.escalations.all())
    # The nurse reads the concept's English title.
    assert call.escalations.get(rule_key="fever").reason.isascii()

    # Every declared question asked in Spanish and recorded as a typed value.
    answers = {a.question_id: a for a in call.capture.answers.all()}
    assert answers["bandage_removed"].value_boolean is True
    assert answers["pain_score"].value_integer == 3  # "Como un tres."
    assert answers["temperature"].value_decimal == Decimal("37.2") and answers["temperature"].unit == "Cel"
    assert answers["red_flag_understanding"].status == AnswerStatus.ANSWERED
    assert "¿Se quitó el vendaje de compresión como le indicaron?" in " ".join(said)
    assert "Spanish" in record.summary


def test_a_spanish_pain_in_words_is_asked_again_then_recorded_as_eight(catalog, portal, scripted_dialer):
    call, _, turns = _run(catalog["vm_pain_medication"], scripted_dialer, "high_pain")
    said = agent_lines(turns)
    assert problems_with(said, names=(*CLINIC, "Lucía")) == []
    assert any(line.startswith("Perdone, necesito preguntarle otra vez.") for line in said)
    pain = call.capture.answers.get(question_id="pain_score")
    assert (pain.status, pain.value_integer, pain.abnormal) == (AnswerStatus.ANSWERED, 8, True)


def test_an_emergency_said_in_spanish_gets_911_first_in_spanish(catalog, portal, scripted_dialer):
    call, _, turns = _run(catalog["vm_warning_signs"], scripted_dialer, "red_flag")
    said = agent_lines(turns)
    assert problems_with(said, names=(*CLINIC, "Lucía")) == []
    index = next(i for i, (s, t) in enumerate(turns) if s == "patient" and "dolor de pecho" in t)
    assert next(t for s, t in turns[index + 1 :] if s == "agent").startswith("Por favor, cuelgue y llame al 911 ahora.")
    assert call.escalations.filter(tier="emergent").exists()


@pytest.mark.parametrize(
    "scenario", ["cooperative", "question", "reminder", "opt_out", "no_answer", "screening", "identity_fail", "routine"]
)
def test_every_spanish_scenario_speaks_only_spanish(catalog, portal, scripted_dialer, scenario):
    call, record, turns = _run(catalog["vm_compression"], scripted_dialer, scenario)
    said = agent_lines(turns)
    assert said and problems_with(said, names=(*CLINIC, "Lucía")) == []
    if scenario == "reminder":
        assert any("programé una llamada de recordatorio para el" in line and " de " in line for line in said)
    if scenario == "no_answer":
        assert record.outcome == "voicemail"
        assert said[-1].startswith("Hola, Lucía, le habla el asistente automatizado")
        assert "vendaje" not in said[-1]  # no health detail in a voicemail
    if scenario == "opt_out":
        call.patient.refresh_from_db()
        assert call.patient.do_not_call and "No recibirá más llamadas automatizadas" in said[-1]


def test_an_english_patient_who_asks_for_spanish_gets_the_rest_of_the_call_in_spanish(catalog, portal, scripted_dialer):
    call, record, turns = _run(catalog["vm_compression"], scripted_dialer, "switch_to_spanish", language="en")
    said = agent_lines(turns)
    assert said[0].startswith("Hello, this is the automated assistant")
    asked = next(i for i, (s, t) in enumerate(turns) if s == "patient" and "¿Habla español?" in t)
    after = [t for s, t in turns[asked + 1 :] if s == "agent"]
    assert after[0].startswith("Claro que sí, seguimos en español.")
    assert problems_with(after, names=(*CLINIC, "Lucía")) == []
    record.refresh_from_db()
    assert record.language == "es"  # the record notes the language used
    assert "Switched language at the patient's request: Spanish" in record.summary
    assert any(s == "tool" and t.startswith("switch_language(") for s, t in turns)
    assert call.capture.answers.get(question_id="pain_score").value_integer == 3


@pytest.mark.parametrize(
    ("scenario", "words", "tier", "first"),
    [
        ("red_flag_lay", "Se me cayó un lado de la cara", "emergent", "Por favor, cuelgue y llame al 911 ahora."),
        ("urgent_lay", "le sale una cosa amarilla", "urgent", ""),
    ],
)
def test_lay_spanish_red_flags_get_their_tier_and_a_spanish_instruction_next(
    catalog, portal, scripted_dialer, scenario, words, tier, first
):
    call, _, turns = _run(catalog["vm_wound_care"], scripted_dialer, scenario)
    said = agent_lines(turns)
    assert problems_with(said, names=(*CLINIC, "Lucía")) == []
    index = next(i for i, (s, t) in enumerate(turns) if s == "patient" and words in t)
    line = next(t for s, t in turns[index + 1 :] if s == "agent")
    assert line.startswith(first)
    assert call.escalations.filter(tier=tier).exists()
