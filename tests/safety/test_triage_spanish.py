"""Red-flag triage in Spanish: the same concepts and tiers, Spanish context cues, fever in C and F,
and instructions a Spanish-speaking patient can follow.
"""

from __future__ import annotations

import json

import pytest

from calls.triage import evaluate_rules
from calls.triage.catalogue import CatalogueError, load_catalogue
from calls.triage.catalogue_es import (
    CATALOGUE_ES_PATH,
    EMERGENT_OPENING_ES,
    load_catalogue_es,
    parse_catalogue_es,
    spoken_numbers,
)
from calls.triage.evaluation import KEY_TIERS, load
from calls.triage.evaluation.split import DATA_DIR


def keys(text: str) -> list[str]:
    return [m.key for m in evaluate_rules(text, language="es")]


def test_every_concept_has_a_spanish_entry_with_the_english_tier_and_title():
    english = {flag.key: flag for flag in load_catalogue()}
    spanish = load_catalogue_es()
    assert [flag.key for flag in spanish] == list(english)
    for flag in spanish:
        assert (flag.tier, flag.title, flag.language) == (english[flag.key].tier, english[flag.key].title, "es")
        if flag.key == "self_harm":
            assert "988" in flag.instruction and "911" in flag.instruction
        elif flag.tier == "emergent":
            assert flag.instruction.startswith(EMERGENT_OPENING_ES)


def _catalogue_without(key: str) -> str:
    import yaml

    data = yaml.safe_load(CATALOGUE_ES_PATH.read_text(encoding="utf-8"))
    data["red_flags"] = [entry for entry in data["red_flags"] if entry["key"] != key]
    return yaml.safe_dump(data, allow_unicode=True)


def test_a_missing_concept_stops_loading_and_names_it():
    with pytest.raises(CatalogueError, match="no Spanish entry for: seizure"):
        parse_catalogue_es(_catalogue_without("seizure"), load_catalogue())


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"key": "chest_pain", "instruction": "Llame al 911.", "phrasings": ["dolor"]}, "must start with"),
        ({"key": "chest_pain", "instruction": EMERGENT_OPENING_ES, "phrasings": ["presión"]}, "without accents"),
        ({"key": "chest_pains", "instruction": EMERGENT_OPENING_ES, "phrasings": ["dolor"]}, "no English concept"),
        ({"key": "fever", "instruction": "Llame a la clínica.", "phrasings": ["fiebre"]}, "keep {callback}"),
        ({"key": "fever", "tier": "routine", "instruction": "{callback}", "phrasings": ["x"]}, "unknown field"),
        ({"key": "fever", "instruction": "{callback}", "phrasings": ["(fiebre"]}, "not a valid regular expression"),
        (
            {"key": "stroke", "instruction": EMERGENT_OPENING_ES, "phrasings": ["x"], "unless": ["cirugía"]},
            "without accents",
        ),
        ({"key": "stroke", "instruction": EMERGENT_OPENING_ES, "phrasings": ["x"], "unless": "yeso"}, "must be a list"),
    ],
)
def test_a_bad_entry_is_refused_with_what_to_fix(entry, message):
    with pytest.raises(CatalogueError, match=r"redflags_es\.yaml red flag") as error:
        parse_catalogue_es(json.dumps({"red_flags": [entry]}), load_catalogue())
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sí, tengo dolor de pecho.", ["chest_pain"]),
        ("No sé si es algo, pero tengo los labios morados.", ["cyanosis"]),
        ("tiene fever de 102", ["fever"]),
        ("Tengo fiebre de treinta y nueve.", ["fever"]),
        ("La niña tiene 38 grados y medio.", ["fever"]),
        ("El termómetro marcó 101.5", ["fever"]),
        ("Tengo 37.9 de temperatura.", ["mild_fever"]),
        ("I passed out en el baño.", ["fainting"]),
    ],
)
def test_spanish_red_flags_fire(text, expected):
    assert keys(text)[:1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "No tengo fiebre.",
        "Si me da fiebre, ¿a quién llamo?",
        "Mi mamá tiene dolor de pecho.",
        "Tuve fiebre antes de la cirugía, pero ya se me quitó.",
        "Tengo 36.8 de temperatura.",
        "La nena anda chillona pero está tomando líquidos.",
    ],
)
def test_spanish_context_keeps_quiet(text):
    assert keys(text) == []


def test_the_instruction_is_in_spanish_with_the_clinic_number():
    match = evaluate_rules("Tengo fiebre de 39 y escalofríos.", language="es")[0]
    assert match.language == "es"
    assert match.instruction_for("555-010-0199").startswith("Una fiebre de 101")
    assert "555-010-0199" in match.instruction_for("555-010-0199")
    assert "el número de la clínica" in match.instruction_for("")


def test_spoken_temperatures_keep_every_offset():
    text = "fiebre de treinta y ocho punto cinco y tos"
    assert (
        spoken_numbers(text) == "fiebre de 38.5" + " " * (len(text) - len("fiebre de 38.5") - len(" y tos")) + " y tos"
    )
    assert spoken_numbers("hacer del dos, dolor de diez") == "hacer del dos, dolor de diez"


def test_an_unknown_language_is_read_as_english():
    assert [m.key for m in evaluate_rules("I have chest pain", language="vi")] == ["chest_pain"]


def test_probes_written_during_tuning_all_hold():
    """Phrasings written while tuning (not from the evaluation set): each at its concept's tier or above."""
    rank = {"routine": 1, "urgent": 2, "emergent": 3}
    dataset = {u.text.casefold() for u in load("all", language="es")}
    for line in (DATA_DIR / "probes_es.jsonl").read_text(encoding="utf-8").splitlines():
        probe = json.loads(line)
        assert probe["text"].casefold() not in dataset
        matches = evaluate_rules(probe["text"], language="es")
        if probe["key"] is None:
            assert not matches, probe["text"]
        else:
            assert matches and rank[matches[0].tier] >= rank[KEY_TIERS[probe["key"]]], probe["text"]


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("la erida esta inchada", "la herida esta hinchada"),
        ("me duele el pexo", "me duele el pecho"),
        ("estoy bomitando", "estoy vomitando"),
        ("¿Cuándo puedo bañarme?", "¿Cuándo puedo bañarme?"),
        ("Sí, me estoy tomando las pastillas.", "Sí, me estoy tomando las pastillas."),
    ],
)
def test_misspelt_spanish_is_read_as_meant_and_real_words_are_left_alone(said, read):
    from calls.triage.spelling_es import normalize_es

    assert normalize_es(said) == read


def test_a_misspelt_red_flag_quotes_the_patients_own_words():
    match = evaluate_rules("se me abrio la erida de abajo", language="es")[0]
    assert match.key == "wound_opening"
    assert match.words == "se me abrio la erida de abajo"
