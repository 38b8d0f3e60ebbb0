"""Who is on the line, and someone else's emergency.

A caregiver answering a follow-up call speaks about the patient: with speaker="caregiver" a close
relative named with a red flag is the patient, unless the words say otherwise. An emergency named of
someone else raises nothing for the patient but gets a reviewed 911 line for them and a note for the nurse.
Phrasings written for these tests, not taken from the evaluation files.
"""

from __future__ import annotations

from datetime import date

import pytest

from calls.models import CallStatus, CallType, Escalation, PatientResponse
from calls.triage.escalations import BYSTANDER_QUESTION, speaker_for
from calls.triage.rules import bystander_emergencies, evaluate_rules


def keys(text: str, **options: object) -> list[str]:
    return [m.key for m in evaluate_rules(text, **options)]


# --- who is speaking ---------------------------------------------------------------------------------

CAREGIVER_SAYS = [
    ("my dad's lips look bluish", "en", "cyanosis"),
    ("my mom is talking funny, her words are slurred", "en", "stroke"),
    ("mi papá tiene la boca moradita", "es", "cyanosis"),
    ("my grandson's lips went kind of blue this afternoon", "en", "cyanosis"),
    ("a mi esposa le está dando una convulsión", "es", "seizure"),
    ("la abuela tiene los labios morados y está bien pálida", "es", "cyanosis"),  # the family's own "la abuela"
    ("my wife is slurring her words all of a sudden", "en", "stroke"),
]


@pytest.mark.parametrize("text,language,key", CAREGIVER_SAYS)
def test_a_caregivers_close_relative_is_the_patient(text, language, key):
    assert key in keys(text, language=language, speaker="caregiver")


@pytest.mark.parametrize("text,language,key", CAREGIVER_SAYS)
def test_the_patient_naming_a_relatives_sign_is_someone_elses_emergency(text, language, key):
    assert keys(text, language=language, speaker="patient") == []
    assert [b.key for b in bystander_emergencies(text, language=language, speaker="patient")] == [key]


@pytest.mark.parametrize("text,language,key", CAREGIVER_SAYS)
def test_with_nobody_known_a_sign_seen_in_a_close_relative_is_the_patients(text, language, key):
    # Blue lips, a drooping face and slurred words, a fit: told by whoever is beside them, on the patient's own line.
    assert key in keys(text, language=language)
    assert bystander_emergencies(text, language=language) == []


@pytest.mark.parametrize(
    "text,language,key",
    [
        ("my mom has chest pain right now", "en", "chest_pain"),  # told of oneself: CLINICAL.md's someone else
        ("a mi mamá le duele el pecho", "es", "chest_pain"),
        ("my husband is having a seizure, I'm fine by the way", "en", "seizure"),
        ("my brother's lips look blue", "en", "cyanosis"),  # a sibling stays someone else
        ("mi vecina está convulsionando", "es", "seizure"),
        ("yo soy la paciente, pero mi esposo tiene los labios morados", "es", "cyanosis"),
        ("my husband's lips are always a bit blue from his heart condition", "en", "cyanosis"),
        ("my wife gets seizures sometimes, she's on medicine for it", "en", "seizure"),
        ("a mi suegra le dan convulsiones", "es", "seizure"),
        ("mi esposo tiene los labios morados siempre por su corazón", "es", "cyanosis"),
    ],
)
def test_with_nobody_known_other_relatives_signs_stay_someone_elses(text, language, key):
    assert keys(text, language=language) == []
    assert key in [b.key for b in bystander_emergencies(text, language=language)]


@pytest.mark.parametrize(
    "text,language",
    [
        ("my husband has a cough but he's not the one who had surgery", "en"),
        ("my husband has chest pain but he's not the one who had surgery", "en"),
        ("I'm the patient, but my wife's lips look blue", "en"),
        ("my brother's lips look blue", "en"),  # a sibling stays someone else
        ("my neighbour is having a seizure", "en"),
        ("mi papá, el que no operaron, tiene los labios morados", "es"),
        ("mi vecina está convulsionando", "es"),
        ("my mom had chest pain years ago", "en"),
        ("my dad doesn't have any chest pain", "en"),
    ],
)
def test_a_caregiver_saying_it_is_someone_else_raises_nothing(text, language):
    assert keys(text, language=language, speaker="caregiver") == []


def test_an_unknown_speaker_is_refused():
    with pytest.raises(ValueError):
        evaluate_rules("chest pain", speaker="nurse")


# --- someone else's emergency ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,language,key",
    [
        ("my neighbour here is having a seizure", "en", "seizure"),
        ("my mom has chest pain right now", "en", "chest_pain"),
        ("my husband has chest pain but he's not the one who had surgery", "en", "chest_pain"),
        ("mi vecino está convulsionando aquí en la sala", "es", "seizure"),
        ("a mi mamá le duele el pecho", "es", "chest_pain"),
    ],
)
def test_another_persons_emergency_gets_a_911_line_for_them_and_no_red_flag(text, language, key):
    assert keys(text, language=language) == []
    [other] = bystander_emergencies(text, language=language)
    assert other.key == key
    assert "911" in other.instruction
    opening = "If they are with you" if language == "en" else "Si esa persona está con usted"
    assert other.instruction.startswith(opening)


@pytest.mark.parametrize(
    "text,language",
    [
        ("my mom had chest pain years ago", "en"),
        ("what if my dad gets chest pain", "en"),
        ("my neighbour doesn't have a seizure disorder anymore", "en"),
        ("mi mamá tuvo dolor de pecho hace años", "es"),
        ("my sister had a fever yesterday", "en"),  # not emergent: no 911 line
        ("I have chest pain", "en"),  # the patient's own: the red flag, not a bystander line
    ],
)
def test_past_questions_denials_and_the_patients_own_are_no_bystander_emergency(text, language):
    assert bystander_emergencies(text, language=language) == []


def test_a_close_relative_is_no_bystander_when_a_caregiver_speaks():
    assert bystander_emergencies("my dad's lips look bluish", speaker="caregiver") == []
    assert keys("my dad's lips look bluish", speaker="caregiver") == ["cyanosis"]


# --- on a call -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_child_patient_is_spoken_for_by_a_caregiver(record):
    patient = record.call.patient
    patient.date_of_birth = date(date.today().year - 6, 1, 1)
    patient.save(update_fields=["date_of_birth"])
    assert speaker_for(record.call) == "caregiver"
    patient.date_of_birth = date(date.today().year - 40, 1, 1)
    patient.save(update_fields=["date_of_birth"])
    assert speaker_for(record.call) is None


@pytest.mark.django_db
def test_a_bystander_turn_raises_no_escalation_and_notes_the_call(agent, record):
    data = agent.post_to("triage", {"text": "Sorry, my neighbour here is having a seizure"}).json()
    assert data["tier"] is None and data["escalation"] is None
    assert data["say"] == "If they are with you and having a seizure now, please hang up and call 911 for them."
    assert data["bystander"] == "Seizure"
    assert agent.patient_says("Sorry, my neighbour here is having a seizure").status_code == 201
    assert not Escalation.objects.filter(record=record).exists()
    [note] = PatientResponse.objects.filter(record=record, question=BYSTANDER_QUESTION)
    assert note.response.startswith("Seizure, said of someone else:")
    record.call.refresh_from_db()
    assert record.call.needs_attention and "another person's emergency" in record.call.status_reason


@pytest.mark.django_db
def test_a_spanish_bystander_line_is_in_spanish(agent, record):
    patient = record.call.patient
    patient.preferred_language = "es"
    patient.save(update_fields=["preferred_language"])
    data = agent.post_to("triage", {"text": "a mi vecino le está dando una convulsión"}).json()
    assert data["say"].startswith("Si esa persona está con usted") and "911" in data["say"]
    assert not Escalation.objects.filter(record=record).exists()


@pytest.mark.django_db
def test_the_agents_escalation_for_someone_elses_emergency_is_not_the_patients_emergency(agent, record):
    body = {"reason": "Mother has chest pain", "severity": "emergent", "patient_words": "my mom has chest pain"}
    data = agent.post_to("escalations", body).json()
    assert data["tier"] == "routine"
    assert data["instruction"].startswith("If they are with you and have chest pain now")


@pytest.mark.django_db
def test_a_past_emergency_of_someone_else_says_and_notes_nothing(agent, record):
    data = agent.post_to("triage", {"text": "my mom had chest pain years ago"}).json()
    assert data["say"] == "" and "bystander" not in data
    assert not PatientResponse.objects.filter(record=record, question=BYSTANDER_QUESTION).exists()


# --- a simulated call --------------------------------------------------------------------------------


@pytest.fixture
def simulated(live_server, settings, monkeypatch):
    from django_q.conf import Conf

    settings.PORTAL_URL = live_server.url
    settings.DIALER_BACKEND = "simulated"
    settings.OPENAI_API_KEY = ""  # the offline scripted model
    monkeypatch.setattr(Conf, "SYNC", True)
    return live_server


def scripted_call(monkeypatch, lines: list[str], *, born: date | None = None):
    from agent_worker import scripted, scripted_patients
    from tests.calls.test_simulated_end_to_end import due_call

    monkeypatch.setitem(scripted_patients.SCRIPTS, "speaker_test", lines)
    monkeypatch.setitem(scripted.SCENARIO_FOR_CALL_TYPE, "warning_signs", "speaker_test")
    call = due_call(CallType.WARNING_SIGNS, "You are checking for warning signs. How are you feeling today?")
    if born is not None:
        call.patient.date_of_birth = born
        call.patient.save(update_fields=["date_of_birth"])
    return call


def agent_line_after(record, words: str) -> str:
    turns = list(record.turns.order_by("sequence"))
    index = next(i for i, t in enumerate(turns) if t.speaker == "patient" and words in t.text)
    return next(t.text for t in turns[index + 1 :] if t.speaker == "agent")


@pytest.mark.django_db(transaction=True)
def test_a_caregiver_answering_for_a_child_gets_the_relatives_red_flag_escalated(simulated, monkeypatch):
    from calls.tasks import process_pending_calls

    words = "My grandson's lips went kind of blue"
    call = scripted_call(
        monkeypatch,
        ["Hello, I'm his grandma.", "{first_name}, {identifier}.", f"{words} after his nap.", "Okay, calling now."],
        born=date(date.today().year - 7, 3, 1),
    )
    process_pending_calls()
    call.refresh_from_db()
    record = call.records.get()
    assert call.status == CallStatus.COMPLETED
    assert agent_line_after(record, words).startswith("Please hang up and call 911 now. Blue or grey lips")
    [escalation] = call.escalations.all()
    assert (escalation.tier, escalation.rule_key, escalation.reason) == (
        "emergent",
        "cyanosis",
        "Blue or grey lips or face",
    )
    assert words in escalation.patient_words


@pytest.mark.django_db(transaction=True)
def test_a_neighbours_seizure_on_a_call_gets_the_bystander_line_and_no_escalation(simulated, monkeypatch):
    from calls.tasks import process_pending_calls

    words = "my neighbour here is having a seizure"
    call = scripted_call(
        monkeypatch,
        ["Yes, this is {first_name}.", "{first_name}, {identifier}.", f"Hold on, {words}!", "Okay, calling now."],
    )
    process_pending_calls()
    call.refresh_from_db()
    record = call.records.get()
    assert call.status == CallStatus.COMPLETED
    assert agent_line_after(record, words) == (
        "If they are with you and having a seizure now, please hang up and call 911 for them."
    )
    assert not call.escalations.exists()
    assert record.responses.filter(question=BYSTANDER_QUESTION).count() == 1
    assert call.needs_attention


@pytest.mark.django_db
def test_a_symptom_lookup_about_someone_elses_emergency_opens_with_the_line_for_them(agent, record):
    from knowledge.rag import build_sample_medical_rag_database

    build_sample_medical_rag_database()
    response = agent.post(
        "/api/v1/agent/knowledge/symptom/",
        {"symptom": "my mom has chest pain right now, is that from my medicine?"},
        content_type="application/json",
    )
    data = response.json()
    assert data["answer"].startswith("If they are with you and have chest pain now, please hang up and call 911")
    assert data["red_flags"] == [] and data["escalation"] is None
    assert not Escalation.objects.filter(record=record).exists()
    assert PatientResponse.objects.filter(record=record, question=BYSTANDER_QUESTION).count() == 1


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_emergent_concept_has_a_reviewed_bystander_line_with_911(language):
    from calls.triage.catalogue import load_bystander_lines, load_catalogue

    lines = load_bystander_lines(language)
    emergent = {flag.key for flag in load_catalogue() if flag.tier == "emergent"}
    assert emergent <= set(lines) and "default" in lines
    assert all("911" in line for line in lines.values())
    assert "988" in lines["self_harm"]
