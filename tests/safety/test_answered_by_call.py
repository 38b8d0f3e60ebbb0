"""Simulated calls end to end (scripted model and patient, live portal): who answered reaches the triage.

An adult patient's wife answers, says she is his wife, and then says a red flag about "my husband":
the 911 line is the agent's next line and the escalation is the patient's, titled with the concept.
The patient answering and naming his wife's chest pain gets the 911 line for her and no escalation.
"""

from __future__ import annotations

from datetime import date

import pytest

from calls.models import AnsweredBy, CallStatus, CallType, Escalation, PatientResponse
from calls.tasks import process_pending_calls
from calls.triage.escalations import BYSTANDER_QUESTION
from tests.capture.helpers import daytime_zone
from tests.factories import CallScheduleItemFactory, PatientFactory
from tests.spanish.spanish_check import problems_with

pytestmark = pytest.mark.django_db(transaction=True)


def simulated_call(monkeypatch, scenario: str, *, language: str = "en"):
    """An adult patient's warning-signs call, placed with the scripted patient `scenario`; (call, record, turns)."""
    from calls.dialing.simulated import SimulatedDialer

    dialer = SimulatedDialer(scenario=scenario)
    monkeypatch.setattr("calls.dialing.backends.get_backend", lambda name=None: dialer)
    patient = PatientFactory(
        first_name="Roberto" if language == "es" else "Robert",
        date_of_birth=date(1958, 6, 2),
        time_zone=daytime_zone(),
        preferred_language=language,
    )
    call = CallScheduleItemFactory(
        patient=patient, call_type=CallType.WARNING_SIGNS, llm_prompt="You are checking for warning signs."
    )
    assert process_pending_calls() == 1
    call.refresh_from_db()
    record = call.records.get()
    return call, record, list(record.turns.order_by("sequence").values_list("speaker", "text"))


def line_after(turns, words: str) -> str:
    index = next(i for i, (speaker, text) in enumerate(turns) if speaker == "patient" and words in text)
    return next(text for speaker, text in turns[index + 1 :] if speaker == "agent")


@pytest.mark.parametrize(
    ("language", "words", "key", "first"),
    [
        ("en", "My husband's face is drooping", "stroke", "Please hang up and call 911 now."),
        ("es", "Mi esposo está vomitando sangre", "blood_coughed_or_vomited", "Por favor, cuelgue y llame al 911"),
    ],
)
def test_a_spouse_answers_and_the_red_flag_about_the_patient_is_escalated(
    portal, monkeypatch, language, words, key, first
):
    call, record, turns = simulated_call(monkeypatch, "caregiver_red_flag", language=language)
    assert call.status == CallStatus.COMPLETED
    assert record.answered_by == AnsweredBy.CAREGIVER
    assert any(s == "tool" and '"speaking_with": "caregiver"' in t for s, t in turns)
    assert line_after(turns, words).startswith(first)
    [escalation] = Escalation.objects.filter(record=record)
    assert (escalation.tier, escalation.rule_key) == ("emergent", key)
    assert escalation.reason.endswith(" (said by a caregiver)") and words in escalation.patient_words
    assert escalation.created_at < record.ended_at
    assert "caregiver speaking for the patient" in record.summary
    if language == "es":
        said = [text for speaker, text in turns if speaker == "agent"]
        assert problems_with(said, names=("PostOp AI Demo Clinic", "Roberto")) == []


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "my wife has chest pain"), ("es", "mi esposa tiene dolor de pecho")],
)
def test_the_patient_naming_his_wifes_chest_pain_gets_the_911_line_for_her_and_no_escalation(
    portal, monkeypatch, language, words
):
    call, record, turns = simulated_call(monkeypatch, "bystander_spouse", language=language)
    assert call.status == CallStatus.COMPLETED
    assert record.answered_by == AnsweredBy.PATIENT
    line = line_after(turns, words)
    assert "911" in line
    assert line.startswith("If they are with you" if language == "en" else "Si esa persona está con usted")
    assert not Escalation.objects.filter(record=record).exists()
    assert PatientResponse.objects.filter(record=record, question=BYSTANDER_QUESTION).exists()
