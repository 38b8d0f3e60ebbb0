"""How the triage hears context, the way a nurse does (medspaCy ConText with lay-speech rules).

Negated, historical, hypothetical and someone else's symptoms do not fire; uncertain ones do.
"""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules


def keys(text: str) -> list[str]:
    return [m.key for m in evaluate_rules(text)]


@pytest.mark.parametrize(
    "text",
    ["No fever, no chills.", "I don't have any chest pain.", "There's no pus and no bad smell.", "she denies fainting"],
)
def test_negated(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "I had chest pain before the surgery, it's gone.",
        "I fainted once years ago when I gave blood.",
        "I had the chills in the recovery room but they went away.",
        "He had a rash from penicillin when he was little.",
    ],
)
def test_historical(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "What if I get a fever?",
        "What should I do if the incision opens?",
        "When should I worry about bleeding through the bandage?",
        "Is there a chance he could have a seizure from the anesthesia?",
    ],
)
def test_hypothetical(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    "text", ["My mom has chest pain.", "My neighbor passed out yesterday.", "my friend had a stroke last week"]
)
def test_someone_else(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("I don't think it's infected but it's red and hot.", "wound_infection"),
        ("I'm not sure, but I think my lips look a bit blue.", "cyanosis"),
        ("maybe it's nothing but my calf is swollen and sore", "blood_clot"),
    ],
)
def test_uncertain_still_fires(text, key):
    assert keys(text) == [key]


def test_a_doubtful_report_fires_marked_uncertain():
    [match] = evaluate_rules("I'm not sure if her lips are blue")
    assert match.key == "cyanosis" and match.uncertain


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("My son fainted in the bathroom.", "fainting"),  # a parent speaks for the child patient
        ("i'm calling for my wife she's the patient she just had a seizure", "seizure"),
        ("My husband says my incision smells bad.", "wound_infection"),  # the incision is the patient's
    ],
)
def test_the_patient_spoken_for_is_still_the_patient(text, key):
    assert keys(text) == [key]


def test_a_negation_does_not_reach_into_a_later_clause_of_run_on_speech():
    assert keys("no fever or anything like that and my chest feels really tight since this morning") == ["chest_pain"]


def test_thoughts_of_suicide_fire_even_put_as_a_question():
    [match] = evaluate_rules("what if I just ended it all")
    assert match.key == "self_harm" and "988" in match.instruction and "911" in match.instruction


def test_misspelt_words_are_read_and_the_patients_own_words_are_quoted():
    [match] = evaluate_rules("there is bloood and the bandaje is soakd")
    assert match.key == "bleeding_soaked_dressing" and match.words == "there is bloood and the bandaje is soakd"
    assert keys("I paint the fence.") == []  # a real word is never "corrected" into a red flag


@pytest.mark.parametrize(
    ("text", "key"),
    [("my temp is 101.2 F", "fever"), ("it says 38.6 C", "fever"), ("100.4 this morning, a low fever", "mild_fever")],
)
def test_temperatures_in_f_and_c(text, key):
    assert keys(text) == [key]


@pytest.mark.parametrize("text", ["my temperature is 98.6, no fever", "37 degrees this morning"])
def test_a_normal_temperature_is_no_fever(text):
    assert keys(text) == []


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Fever? Yes, 102 this morning"),
        ("en", "Fever? Yeah, it was 102."),
        ("en", "Did I take my temp? Yes, 101 last night"),
        ("es", "¿Fiebre? Sí, 39 esta mañana"),
    ],
)
def test_a_bare_number_answering_a_fever_question_is_the_temperature(language, text):
    # The agent's question echoed, then answered: the number is read with the question's fever word
    # (it was read as a fever with no temperature, the routine tier).
    assert [m.key for m in evaluate_rules(text, language=language)][:1] == ["fever"]


@pytest.mark.parametrize(
    "text", ["Fever? No. My pulse was 102.", "Fever? No. I weigh 102 now.", "Any fever? No, it was 98.6"]
)
def test_a_number_after_a_fever_question_that_is_no_temperature_stays_quiet(text):
    assert keys(text) == []
