"""The Spanish content tables: complete, consistent with the English ones, and read as Spanish."""

from __future__ import annotations

import re
import string
from datetime import datetime
from decimal import Decimal

import pytest

from agent_worker.speech import conversation_language, en, es, requested_language
from agent_worker.speech.prompts import build_instructions, voicemail_text
from calls.capture.questions import QUESTION_LIBRARY, AnswerError, parse_answer
from calls.capture.questions_es import QUESTION_TEXT_ES, localize
from calls.language import language_notice, spoken_time
from orders.catalog import ORDER_CATALOG
from orders.catalog_es import ORDER_TEXT_ES

NOW = datetime(2026, 12, 1, 9, 0)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_spanish_table_has_every_english_line_with_the_same_placeholders():
    assert set(es.LINES) == set(en.LINES)
    for key, line in en.LINES.items():
        # English-only values the Spanish line leaves out: the portal's reason and the procedure's name.
        if key in ("ask_again", "off_topic"):
            assert _fields(es.LINES[key]) == _fields(line) - {"reason", "procedure"}
            continue
        assert _fields(es.LINES[key]) == _fields(line), key


def test_every_shipped_order_that_calls_has_reviewed_spanish_with_the_same_numbers():
    for entry in ORDER_CATALOG:
        if not entry.get("call_template"):
            continue
        spanish = entry["call_template"]["translations"]["es"]
        assert spanish == ORDER_TEXT_ES[entry["key"]]
        assert set(spanish) == {"instructions", "purpose", "spoken_purpose"}
        numbers = re.findall(r"\d+(?:\.\d+)?", entry["instructions"])
        assert re.findall(r"\d+(?:\.\d+)?", spanish["instructions"]) == numbers, entry["key"]


def test_every_library_question_has_spanish_words_and_spanish_choice_names():
    assert set(QUESTION_TEXT_ES) == set(QUESTION_LIBRARY)
    wound = localize({"id": "wound_appearance", **QUESTION_LIBRARY["wound_appearance"]}, "es")
    assert [c["display"] for c in wound["choices"]] == [
        "Limpia y seca",
        "Roja o hinchada",
        "Con supuración",
        "Sangrando",
    ]


def test_an_order_without_spanish_text_says_what_a_spanish_call_would_lack(catalog):
    order = catalog["vm_compression"]
    assert order.missing_language("es") == [] and order.missing_language("en") == []
    order.call_template = {k: v for k, v in order.call_template.items() if k != "translations"}
    assert order.missing_language("es") == [
        "the order's instructions",
        "the order's purpose",
        "the order's spoken purpose",
    ]
    order.call_template = {**order.call_template, "questions": [{"id": "own", "text": "Any rash?", "type": "boolean"}]}
    assert "question 'own'" in order.missing_language("es")


@pytest.mark.parametrize(
    ("qid", "said", "expected"),
    [
        ("pain_score", "Ocho.", 8),
        ("pain_score", "Como un tres.", 3),
        ("pain_score", "Un siete de diez.", 7),
        ("pain_score", "Nada, no me duele.", 0),
        ("temperature", "Treinta y ocho punto cinco.", Decimal("38.5")),
        ("temperature", "Ciento uno.", Decimal("101.0")),
        ("bandage_removed", "Sí, ya me lo quité.", True),
        ("bandage_removed", "No, todavía no.", False),
        ("side_effects", "No, ninguno.", False),
        ("wound_appearance", "Está roja y un poco hinchada.", "red_swollen"),
        ("wound_appearance", "Limpia y seca.", "clean_dry"),
        ("wound_appearance", "Clean and dry.", "clean_dry"),  # an English answer in a Spanish call
    ],
)
def test_spanish_answers_are_read_as_typed_values(qid, said, expected):
    item = {"id": qid, **QUESTION_LIBRARY[qid]}
    typed = parse_answer(item, said, now=NOW, language="es")
    value = {"boolean": typed.boolean, "scale": typed.integer, "quantity": typed.decimal}.get(item["type"], typed.text)
    assert value == expected


def test_an_unsure_spanish_yes_no_is_refused():
    with pytest.raises(AnswerError):
        parse_answer({"id": "q", **QUESTION_LIBRARY["bandage_removed"]}, "No sé, tal vez.", now=NOW, language="es")


def test_times_are_read_back_in_spanish_words():
    assert spoken_time(datetime(2026, 12, 1, 9, 0), "es") == "martes 1 de diciembre a las 9:00 de la mañana"
    assert spoken_time(datetime(2026, 12, 5, 13, 30), "es") == "sábado 5 de diciembre a la 1:30 de la tarde"
    assert spoken_time(datetime(2026, 12, 1, 9, 0), "en") == "Tuesday, December 1 at 9:00 AM"


@pytest.mark.parametrize(
    ("said", "language"),
    [
        ("¿Habla español?", "es"),
        ("In Spanish, please.", "es"),
        ("No hablo inglés.", "es"),
        ("¿Habla inglés?", "en"),
        ("English, please.", "en"),
        ("Sí, soy yo.", None),
        ("I speak a little Spanish but English is fine", None),
    ],
)
def test_a_request_for_the_other_language_is_heard(said, language):
    assert requested_language(said) == language


def test_the_last_request_wins():
    assert conversation_language("en", ["Yes.", "¿Habla español?", "Sí."]) == "es"
    assert conversation_language("es", ["¿Habla español?", "In English, please."]) == "en"


CONTEXT = {
    "language": "es",
    "patient": {"first_name": "Lucía", "language": "es"},
    "clinic": {"name": "Clínica Demo", "callback_number": "+12125550100"},
    "identity_check": "dob",
    "order": {"title": "Compression bandage", "instructions": "Leave it on.", "spoken_purpose": "your bandage"},
    "questions": [{"id": "pain_score", "text": "How much pain?", "type": "scale", "min": 0, "max": 10}],
    "texts": {
        "es": {
            "order": {"instructions": "Déjelo puesto.", "spoken_purpose": "su vendaje"},
            "questions": {"pain_score": {"text": "¿Cuánto dolor tiene?"}},
        }
    },
}


def test_the_instructions_tell_the_model_to_speak_spanish_in_the_reviewed_words():
    prompt = build_instructions(CONTEXT)
    assert "speak Spanish for the whole call" in prompt
    assert '"Hola, le habla el asistente automatizado de Clínica Demo; llamo para Lucía.' in prompt
    assert "¿Cuánto dolor tiene?" in prompt and "Déjelo puesto." in prompt
    assert "How much pain?" not in prompt and "Leave it on." not in prompt
    english = build_instructions(CONTEXT, "en")
    assert "How much pain?" in english and 'call switch_language with "es"' in english


def test_the_voicemail_is_spanish_with_no_health_detail():
    text = voicemail_text(CONTEXT)
    assert text == (
        "Hola, Lucía, le habla el asistente automatizado de Clínica Demo. Por favor, devuélvanos la llamada al "
        "212-555-0100. Gracias, adiós."
    )


@pytest.mark.parametrize(
    ("preferred", "label", "spoken", "interpreter"),
    [("es", "Spanish", "es", False), ("en", "English", "en", False), ("vi", "Vietnamese", "en", True)],
)
def test_the_language_notice(preferred, label, spoken, interpreter):
    notice = language_notice(preferred, label)
    assert (notice.spoken, notice.interpreter_needed) == (spoken, interpreter)
    if interpreter:
        assert "Calls will be in English" in notice.note and "interpreter" in notice.note


def test_english_guide_text_is_recognised_so_a_spanish_call_never_reads_it():
    from agent_worker.speech import looks_english

    assert looks_english("Some swelling at the site is normal for the first week. Call us if it gets worse.")
    assert not looks_english("Un poco de hinchazón es normal la primera semana. Llámenos si empeora.")


@pytest.mark.parametrize(
    "said", ["4 de marzo de 2015", "cuatro de marzo del dos mil quince", "el cuatro de marzo de dos mil quince"]
)
def test_a_date_of_birth_said_in_spanish_is_understood(said):
    from datetime import date

    from calls.agent_api.services import _parse_birth_date

    assert _parse_birth_date(said) == date(2015, 3, 4)


def test_every_english_scenario_has_a_spanish_one():
    from agent_worker.scripted_patients import SCRIPTS, SCRIPTS_ES

    assert set(SCRIPTS) - set(SCRIPTS_ES) == {"switch_to_spanish"}  # an English call that switches
