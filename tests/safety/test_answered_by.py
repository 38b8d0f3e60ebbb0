"""Who answered: the identity check records the patient or a caregiver, and the triage hears it.

A wife's "my husband's face is drooping" is the adult patient's red flag once she said she is his
caregiver, and also while nobody has said who is speaking (a drooping face is told by whoever is beside
the person); the patient's own "my wife has chest pain" stays someone else's emergency (a 911 line for
her, no escalation). Phrasings written for these tests, not taken from the evaluation files.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from calls.models import AnsweredBy, Escalation, PatientResponse
from calls.triage.escalations import BYSTANDER_QUESTION, speaker_for
from tests.factories import NurseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def adult(record):
    patient = record.call.patient
    patient.date_of_birth = date(1958, 6, 2)
    patient.save(update_fields=["date_of_birth"])
    return patient


def verify(agent, **extra: str) -> object:
    return agent.post_to("identity", {"first_name": "Maya", "identifier": "June 2, 1958", **extra})


def test_a_caregiver_is_recorded_once_verified_and_the_answer_names_the_speaker(agent, record, adult):
    response = verify(agent, speaking_with="caregiver")
    assert response.status_code == 200
    assert response.json() == {"verified": True, "attempts_left": 1, "method": "dob", "speaker": "caregiver"}
    record.refresh_from_db()
    assert record.answered_by == AnsweredBy.CAREGIVER
    assert speaker_for(record.call) == "caregiver"


def test_the_patient_answering_is_recorded_and_read_as_the_patient(agent, record, adult):
    assert verify(agent, speaking_with="patient").json()["speaker"] == "patient"
    record.refresh_from_db()
    assert record.answered_by == AnsweredBy.PATIENT


def test_without_speaking_with_nothing_is_known_and_the_words_decide(agent, record, adult):
    assert verify(agent).json() == {"verified": True, "attempts_left": 1, "method": "dob", "speaker": None}
    record.refresh_from_db()
    assert record.answered_by == ""


def test_a_failed_check_stores_no_speaker(agent, record, adult):
    data = agent.post_to(
        "identity", {"first_name": "Maya", "identifier": "January 1, 1990", "speaking_with": "caregiver"}
    ).json()
    assert data["verified"] is False
    record.refresh_from_db()
    assert record.answered_by == ""


@pytest.mark.parametrize("value", ["wife", "Patient", "", "nurse"])
def test_any_other_speaking_with_is_refused_naming_the_allowed_values(agent, record, adult, value):
    response = verify(agent, speaking_with=value)
    assert response.status_code == 400
    message = " ".join(response.json()["speaking_with"])
    assert '"patient"' in message and '"caregiver"' in message
    record.refresh_from_db()
    assert (record.answered_by, record.identity_attempts, record.identity_verified_at) == ("", 0, None)


def test_a_later_check_on_a_verified_attempt_may_correct_who_answered(agent, record, adult):
    verify(agent, speaking_with="patient")
    assert verify(agent, speaking_with="caregiver").json()["speaker"] == "caregiver"
    record.refresh_from_db()
    assert record.answered_by == AnsweredBy.CAREGIVER


def test_who_answered_wins_over_the_age_rule(record):
    patient = record.call.patient
    patient.date_of_birth = date(date.today().year - 8, 1, 1)
    patient.save(update_fields=["date_of_birth"])
    assert speaker_for(record.call) == "caregiver"  # a child: a parent speaks for them
    record.answered_by = AnsweredBy.PATIENT  # the child said "this is Maya"
    record.save(update_fields=["answered_by"])
    assert speaker_for(record.call) == "patient"


def test_a_caregivers_red_flag_about_the_adult_patient_is_escalated_and_says_so(agent, record, adult):
    verify(agent, speaking_with="caregiver")
    data = agent.post_to("triage", {"text": "My husband's face is drooping on one side."}).json()
    assert data["tier"] == "emergent" and data["say"].startswith("Please hang up and call 911 now.")
    [escalation] = Escalation.objects.filter(record=record)
    assert (escalation.tier, escalation.rule_key) == ("emergent", "stroke")
    assert escalation.reason.startswith("Possible stroke") and escalation.reason.endswith(" (said by a caregiver)")
    record.call.refresh_from_db()
    assert "(said by a caregiver)" in record.call.status_reason
    # the caregiver, not the patient, heard the 911 line: the nurse's note does not say the patient was told
    assert "The person on the call was told to call 911" in record.call.status_reason


def test_the_same_words_with_nobody_known_are_the_patients_emergency(agent, record, adult):
    # A drooping face is told by whoever is beside the person: on the patient's line, most likely a carer.
    verify(agent)
    data = agent.post_to("triage", {"text": "My husband's face is drooping on one side."}).json()
    assert data["tier"] == "emergent" and data["say"].startswith("Please hang up and call 911 now.")
    [escalation] = Escalation.objects.filter(record=record)
    assert (escalation.tier, escalation.rule_key) == ("emergent", "stroke")
    assert escalation.patient_words == "My husband's face is drooping on one side."


def test_a_pain_told_of_oneself_with_nobody_known_stays_someone_elses_emergency(agent, record, adult):
    verify(agent)
    data = agent.post_to("triage", {"text": "My husband has chest pain right now."}).json()
    assert data["tier"] is None and data["say"].endswith("call 911 for them.")
    assert not Escalation.objects.filter(record=record).exists()


def test_the_patient_naming_a_spouses_chest_pain_gets_the_bystander_line_and_no_escalation(agent, record, adult):
    verify(agent, speaking_with="patient")
    data = agent.post_to("triage", {"text": "I'm fine, but my wife has chest pain right now."}).json()
    assert data["tier"] is None and data["escalation"] is None
    assert data["say"].startswith("If they are with you") and "911" in data["say"]
    assert not Escalation.objects.filter(record=record).exists()
    assert PatientResponse.objects.filter(record=record, question=BYSTANDER_QUESTION).exists()


def test_a_spanish_caregivers_red_flag_is_the_patients(agent, record, adult):
    patient = record.call.patient
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    verify(agent, speaking_with="caregiver")
    data = agent.post_to("triage", {"text": "Mi esposo está vomitando sangre."}).json()
    assert data["tier"] == "emergent" and data["say"].startswith("Por favor, cuelgue y llame al 911")
    [escalation] = Escalation.objects.filter(record=record)
    assert escalation.rule_key == "blood_coughed_or_vomited" and escalation.reason.endswith("(said by a caregiver)")


def test_the_nurse_sees_who_answered_on_the_call_page_and_in_the_api(record, adult):
    nurse = Client()
    nurse.force_login(NurseFactory())
    page = nurse.get(f"/calls/{record.call_id}/").content.decode()
    assert "Answered by:" not in page
    record.answered_by = AnsweredBy.CAREGIVER
    record.save(update_fields=["answered_by"])
    page = nurse.get(f"/calls/{record.call_id}/").content.decode()
    assert "Answered by: a caregiver" in page
    record.answered_by = AnsweredBy.PATIENT
    record.save(update_fields=["answered_by"])
    assert "Answered by: the patient" in nurse.get(f"/calls/{record.call_id}/").content.decode()
    api = nurse.get(f"/api/v1/call-records/{record.pk}/").json()
    assert api["answered_by"] == "patient"
