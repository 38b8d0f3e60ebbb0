"""Spanish red flags that generalize: every catalogue concept caught in words its phrasings were not
written from, hard "none" utterances left alone, and the development-only set of new phrasings
(`utterances_es_dev_extra.jsonl`) meeting the targets.

The phrasings in UNSEEN were written after the rules and checked once, before any rule change that
followed (each one fired its concept then); they are not in any evaluation or tuning file.
"""

from __future__ import annotations

from collections import Counter

import pytest

from calls.triage import evaluate_rules
from calls.triage.catalogue import TIER_RANK, load_catalogue
from calls.triage.evaluation.dev_extra_es import load_dev_extra_es
from calls.triage.evaluation.report import run
from calls.triage.evaluation.split import CONTEXTS, KEY_TIERS, STYLES_BY_LANGUAGE, load

UNSEEN = {
    "chest_pain": "me agarró un dolor en el pecho que me dejó sin fuerzas",
    "shortness_of_breath": "estoy respirando cortito y rápido, no me alcanza",
    "fainting": "perdió el conocimiento en la silla",
    "cyanosis": "el niño se puso azul y no respiraba bien",
    "seizure": "le dio un ataque convulsivo",
    "stroke": "tiene la mitad de la cara paralizada",
    "anaphylaxis": "siento la lengua hinchada y pesada",
    "blood_coughed_or_vomited": "cuando tose escupe sangre",
    "unresponsive": "está muy desorientado y dice puras incoherencias",
    "self_harm": "estoy pensando en hacerme algo",
    "bleeding_uncontrolled": "la sangre no para de salir",
    "fever": "le di la medicina y la calentura sigue en 102",
    "wound_infection": "la herida tiene un olor feo y está colorada",
    "wound_opening": "se le zafaron los puntos de la herida",
    "bleeding_soaked_dressing": "se empapó el vendaje con sangre",
    "blood_clot": "me duele mucho la pantorrilla izquierda y está caliente",
    "circulation": "no siento los dedos del pie con la férula",
    "skin_damage": "la piel de alrededor se está poniendo negra",
    "uncontrolled_pain": "las pastillas no me quitan el dolor",
    "urinary_retention": "tengo la vejiga a reventar y no puedo orinar",
    "vomiting_no_fluids": "vomita todo lo que toma, hasta el agua",
    "child_dehydration": "la niña llora pero sin lágrimas",
    "medication_reaction": "tengo ronchas desde que empecé a tomar el antibiótico",
    "medication_overdose": "le di más jarabe de lo que dijo el doctor",
    "mild_fever": "tengo 37.6",
    "constipation": "tengo días sin evacuar",
    "nurse_request": "quiero que me llame una enfermera",
}


def test_every_concept_has_an_unseen_phrasing():
    assert set(UNSEEN) == {flag.key for flag in load_catalogue()}


@pytest.mark.parametrize(("key", "said"), sorted(UNSEEN.items()))
def test_an_unseen_spanish_phrasing_fires_its_concept_with_a_spanish_instruction(key, said):
    matches = evaluate_rules(said, language="es")
    assert key in [m.key for m in matches], (said, [m.key for m in matches])
    assert TIER_RANK[matches[0].tier] >= TIER_RANK[KEY_TIERS[key]]
    match = next(m for m in matches if m.key == key)
    assert match.language == "es" and match.instruction and "{callback}" not in match.instruction_for("555-0100")


@pytest.mark.parametrize(
    "said",
    [
        "no me duele el pecho para nada",  # negated
        "no se me ha abierto la herida",  # "no se" without its accent is not doubt
        "tuve neumonía antes de la cirugía",  # history
        "la primera vez que me operaron me dio infección",  # history
        "si me falta el aire, ¿llamo al 911?",  # a question: "si" reaches the next word
        "¿debo preocuparme si se me duermen los dedos?",
        "mi tía tiene ronchas",  # "tía" is not the English TIA
        "se me cayó el pantalón de la pijama",  # "pantalón" is not "panting"
        "¿cuándo puedo cargar a mi bebé?",
        "le cambié la gasa y estaba limpia",
    ],
)
def test_hard_spanish_negatives_raise_nothing_serious(said):
    serious = [m.key for m in evaluate_rules(said, language="es") if m.tier in ("emergent", "urgent")]
    assert serious == [], said


def test_a_circulation_phrasing_is_not_read_as_self_harm():
    assert [m.key for m in evaluate_rules("no siento los dedos de la mano", language="es")] == ["circulation"]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("le veo la boquita morada", "le veo la boca morada"),
        ("los deditos están fríos", "los dedos están fríos"),
        ("tiene los ojitos hundidos", "tiene los ojos hundidos"),
        ("me duele la pancita", "me duele la panza"),
        ("el piecito", "el pie"),
        ("la camisa se manchó", "la camisa se manchó"),  # "ch" keeps its h: not "mano"
        ("una cita bonita", "una cita bonita"),  # not diminutives of a catalogue word
    ],
)
def test_diminutives_are_read_as_their_word(said, read):
    from calls.triage.spelling_es import normalize_es

    assert normalize_es(said) == read


def test_the_development_extra_set_is_new_varied_and_development_only():
    rows = load_dev_extra_es()
    labelled = {u.text.casefold().strip() for u in load("all", language="es")}
    assert not [u.id for u in rows if u.text.casefold().strip() in labelled]
    assert all(u.half == "dev_extra" and u.language == "es" for u in rows)
    # Written before the batches' extra styles (caregiver, regional, non-native): the language's own only.
    assert {u.style for u in rows} <= set(STYLES_BY_LANGUAGE["es"])
    per_key = Counter(u.key for u in rows if u.key)
    assert set(per_key) == set(KEY_TIERS) and min(per_key.values()) >= 8
    negatives = [u for u in rows if u.tier == "none"]
    assert len(negatives) >= 100
    assert {u.context for u in negatives} == set(CONTEXTS) - {"affirmed", "uncertain"}
    assert sum(u.style == "code_switch" for u in rows) >= 27


def test_the_development_extra_set_meets_the_targets():
    report = run("dev", list(load_dev_extra_es()), language="es")
    assert report.recall("emergent") == 1.0
    assert report.recall("urgent") >= 0.97
    assert report.false_alarm_rate <= 0.05


@pytest.mark.parametrize(
    ("said", "fires"),
    [
        # "si" without its accent, as speech-to-text writes it: a yes when nothing is asked ...
        ("si me duele el pecho", "chest_pain"),
        ("bueno si se le hincharon los labios", "anaphylaxis"),
        ("si la herida huele feo desde ayer", "wound_infection"),
        # ... and a condition when the caller asks or says what they would then do.
        ("si me da fiebre que hago", None),
        ("si me falta el aire llamo al 911", None),
        ("si se desmaya lo llevo al hospital", None),
        ("si tuviera fiebre le llamo", None),
        ("si le sube la calentura le doy tylenol", None),
    ],
)
def test_si_without_its_accent_is_yes_unless_it_is_a_condition(said, fires):
    keys = [m.key for m in evaluate_rules(said, language="es")]
    assert keys == ([fires] if fires else []), (said, keys)


@pytest.mark.parametrize(
    ("said", "key"),
    [
        ("no está respirando bien", "shortness_of_breath"),
        ("no siento la cara", "stroke"),
        ("no está reaccionando", "unresponsive"),
        ("no hay manera de que pare la sangre", "bleeding_uncontrolled"),
        ("sin poder respirar desde hace rato", "shortness_of_breath"),
    ],
)
def test_a_red_flag_said_with_a_negation_in_it_still_fires(said, key):
    assert key in [m.key for m in evaluate_rules(said, language="es")]
