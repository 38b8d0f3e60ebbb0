"""The Spanish lexicon (lexicon_es.yaml) and the Spanish cues fixed by class after the first fresh batch:
red flags described without their clinical name fire, each emergent concept has word classes, and the
words a red flag shares with everyday speech (air conditioning, a bruise, "pero ya se me pasó", a
question about how much fever is too much) stay quiet. None of these sentences is in an evaluation file."""

from __future__ import annotations

import pytest

from calls.triage import evaluate_rules
from calls.triage.catalogue_es import spoken_numbers
from calls.triage.evaluation.split import KEY_TIERS
from calls.triage.lexicon import candidates, load_lexicon


def keys(text: str) -> list[str]:
    return [m.key for m in evaluate_rules(text, language="es")]


def test_every_emergent_and_urgent_concept_has_spanish_word_classes():
    concepts = {c.key for c in load_lexicon("es")}
    wanted = {key for key, tier in KEY_TIERS.items() if tier in ("emergent", "urgent")}
    # A reaction to a new medicine is named in so few words that the phrasings cover it; child dehydration has
    # a class since the third fresh batch (a child not passing urine said far from the child).
    assert wanted - concepts == {"medication_reaction"}


@pytest.mark.parametrize(
    ("said", "key"),
    [
        ("siento como si tuviera un elefante sentado encima de mi pecho", "chest_pain"),
        ("me dio el soponcio en la cocina", "fainting"),
        ("se me apagaron las luces y cuando abrí los ojos estaba en el suelo", "fainting"),
        ("tiene la jeta bien morada", "cyanosis"),
        ("empezó a sacudirse con los ojos en blanco", "seizure"),
        ("de pronto se le cae la baba de un lado", "stroke"),
        ("de repente no podía decir nada", "stroke"),
        ("la campanilla se me está cerrando", "anaphylaxis"),
        ("escupió unos gargajos con sangre", "blood_coughed_or_vomited"),
        ("le hablo y no me contesta, tiene los ojos abiertos", "unresponsive"),
        ("a veces quisiera ya no estar aquí", "self_harm"),
        ("la sangre sale a borbotones de la cortada", "bleeding_uncontrolled"),
        ("tiene escalofríos y está hirviendo", "fever"),
        ("de la herida sale un líquido verdoso", "wound_infection"),
        ("se le zafaron las grapas", "wound_opening"),
        ("la gasa ya está ensopada", "bleeding_soaked_dressing"),
        ("el chamorro lo tiene duro y caliente", "blood_clot"),
        ("tiene los deditos helados con el yeso", "circulation"),
        ("se le hicieron ampollas alrededor de la herida", "skin_damage"),
        ("el tramadol no me calma nada", "uncontrolled_pain"),
        ("tengo la vejiga llena y no puedo orinar", "urinary_retention"),
        ("todo lo que toma lo devuelve, hasta el suero", "vomiting_no_fluids"),
        ("me tomé todo el frasco de pastillas", "medication_overdose"),
        ("desde el sábado no puedo obrar", "constipation"),
    ],
)
def test_a_red_flag_described_in_everyday_spanish_fires(said, key):
    assert key in keys(said), (said, keys(said))


@pytest.mark.parametrize(
    "said",
    [
        "se fue la luz y nos quedamos sin aire acondicionado",  # air conditioning is not breath
        "tengo el brazo morado donde me sacaron sangre",  # a bruise is not circulation
        "tuve un dolor en el pecho, pero ya se me pasó",  # gone now, said after "pero"
        "¿cuánta fiebre es mucha para un bebé?",  # a question about a threshold
        "¿a partir de cuántos grados es calentura?",
        "tengo los pies fríos en la noche",  # cold feet with no cast or bandage
        "me tiembla todo el cuerpo de frío pero no tengo calentura",  # chills denied, no seizure
        "la herida huele bien, a jabón",
        "hace tres días hice popó normal",
        "me voy a morir de la risa con mi nieto",
    ],
)
def test_everyday_spanish_sharing_red_flag_words_raises_nothing_urgent(said):
    serious = [m.key for m in evaluate_rules(said, language="es") if m.tier in ("emergent", "urgent")]
    assert serious == [], said


def test_a_spanish_contrast_ends_a_clause_for_the_word_classes():
    # The swelling is the leg's in one clause, the wound's after "pero".
    assert [key for _, _, key in candidates("tengo la pierna y la herida hinchada", {"blood_clot"}, "es")]
    assert not [key for _, _, key in candidates("tengo la pierna bien pero la herida hinchada", {"blood_clot"}, "es")]


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("treinta y siete nueve", "37.9"),
        ("ciento uno cinco de fiebre", "101.5"),
        ("treinta y ocho y medio", "38.5"),
    ],
)
def test_a_temperature_said_in_words_with_its_tenth_is_read_as_a_number(said, value):
    assert spoken_numbers(said).split()[0] == value
    assert len(spoken_numbers(said)) == len(said)


def test_a_tenth_is_not_read_into_a_count():
    assert spoken_numbers("treinta y ocho dos veces").split()[:2] == ["38", "dos"]


def test_a_temperature_with_its_tenth_sets_the_tier():
    assert keys("tiene treinta y ocho cinco de calentura") == ["fever"]
    assert keys("tiene unas líneas de fiebre, treinta y siete nueve") == ["mild_fever"]
