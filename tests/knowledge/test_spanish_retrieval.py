"""Spanish knowledge without a database: the analyzer, the sample translations and the held-out question set."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from knowledge.evaluation import (
    SPANISH_PATH,
    TOOLS,
    evaluate,
    lookup_ranker,
    sample_passages,
    spanish_engine,
    spanish_question_sets,
)
from knowledge.models import Category, Language
from knowledge.rag import lookup_medication_info, lookup_symptom_guidance
from knowledge.services import SAMPLE_CORPUS, SAMPLE_CORPUS_ES, sample_corpus_read
from knowledge.text_es import fold, intent_terms, tokenize

ROWS = json.loads(SPANISH_PATH.read_text(encoding="utf-8"))
ENGLISH = {row["slug"]: row for row in sample_corpus_read(SAMPLE_CORPUS)}
SPANISH = sample_corpus_read(SAMPLE_CORPUS_ES)


@pytest.fixture(scope="module")
def engine():
    return spanish_engine()


def test_accents_are_folded_after_stemming_so_a_transcript_without_them_matches():
    assert fold("Hinchazón, ÑANDÚ") == "hinchazon, nandu"
    assert tokenize("hinchazón") == tokenize("hinchazon") == tokenize("HINCHAZON")
    assert tokenize("moretón") == tokenize("moretones") == tokenize("moreton")
    assert tokenize("inflamación") == tokenize("inflamado")
    assert tokenize("sangrando") == tokenize("sangrado")


def test_spanish_stop_words_and_callers_fillers_are_dropped():
    assert tokenize("oiga, mi hijo tiene la pierna hinchada") == tokenize("pierna hinchada")
    assert tokenize("¿es normal que esté así?") == tokenize("normal así")
    # A baby is not a filler: "bebé con fiebre" is its own emergency.
    assert tokenize("bebé") != []


def test_spanish_intents_and_temperatures_use_the_spanish_documents_words():
    assert set(tokenize("cada horas")) <= set(intent_terms("¿cada cuánto le doy el tylenol?"))
    assert set(tokenize("fiebre alta 101")) <= set(intent_terms("tiene 39 de temperatura"))
    assert set(tokenize("fiebre baja")) <= set(intent_terms("tiene 99.5"))


def test_every_english_sample_document_has_a_spanish_translation_with_the_same_clinical_fields():
    assert len(SPANISH) == len(ENGLISH)
    assert {row["translation_of"] for row in SPANISH} == set(ENGLISH)
    for row in SPANISH:
        source = ENGLISH[row["translation_of"]]
        assert row["slug"] == f"{source['slug']}-es" and row["language"] == Language.SPANISH
        for name in ("category", "urgency", "procedure_groups"):
            assert row[name] == source[name], (row["slug"], name)
        # Numbers patients act on (doses, days, temperatures, 911) survive the translation.
        for number in ("911", "101", "38.3", "24", "48", "7", "10"):
            assert (number in source["content"]) == (number in row["content"]), (row["slug"], number)


def test_every_procedure_group_has_spanish_symptom_and_care_documents():
    groups: dict[str, set[str]] = {}
    for row in SPANISH:
        for group in row["procedure_groups"]:
            groups.setdefault(group, set()).add(row["category"])
    for group in ("venous-malformation", "laparoscopic-cholecystectomy", "tonsillectomy", "general"):
        assert {Category.SYMPTOM} <= groups[group], group
        assert groups[group] & {Category.RECOVERY, Category.PROCEDURE, Category.GENERAL}, group


def test_the_spanish_question_set_is_large_lay_and_labelled_with_spanish_documents():
    assert len(ROWS) >= 120 and len({r["id"] for r in ROWS}) == len(ROWS)
    spanish_slugs = {row["slug"] for row in SPANISH}
    for row in ROWS:
        assert row["expected"] and set(row["expected"]) <= spanish_slugs, row["id"]
        assert row["tool"] in TOOLS and row["procedure_groups"] and row["split"] in ("dev", "test")
    assert Counter(r["persona"] for r in ROWS).keys() >= {"parent", "typos", "elder", "nonnative"}
    # Patients' words, not the documents': no question is a sentence copied from a document.
    contents = " ".join(row["content"].lower() for row in SPANISH)
    assert not [r["id"] for r in ROWS if r["question"].lower() in contents]


def test_the_split_is_fixed_and_half_per_tool():
    by_tool = Counter((r["tool"], r["split"]) for r in ROWS)
    for tool in TOOLS:
        assert abs(by_tool[(tool, "dev")] - by_tool[(tool, "test")]) <= 1
    sets = spanish_question_sets()
    assert {q.id for q in sets["dev"]}.isdisjoint({q.id for q in sets["test"]})
    assert len(sets["dev"]) + len(sets["test"]) == len(ROWS)


def test_the_spanish_test_half_meets_recall_at_3(engine):
    report = evaluate(lookup_ranker(engine), spanish_question_sets()["test"], warmup=0)
    assert report.recall_at_3 >= 0.9, report.misses


def test_spanish_questions_read_spanish_passages_only(engine):
    answer = lookup_symptom_guidance(
        "le salieron moretones donde le pusieron las inyecciones",
        engine=engine,
        procedure_groups=["venous-malformation"],
    )
    assert answer.found and answer.slugs[0] == "bruising-es" and answer.language == "es"
    assert all(slug.endswith("-es") for slug in answer.slugs)
    assert "moretones" in answer.answer.lower()


@pytest.mark.parametrize(
    ("said", "slug"),
    [("tiene un moretón enorme", "bruising-es"), ("está muy hinchazón la pierna", "swelling-expected-es")],
)
def test_spanish_topic_synonyms_name_their_documents(engine, said, slug):
    answer = lookup_symptom_guidance(said, engine=engine, procedure_groups=["venous-malformation"])
    assert answer.slugs[0] == slug


def test_the_everyday_word_for_a_bandage_finds_the_puncture_care_document(engine):
    from knowledge.rag import lookup_procedure_info

    answer = lookup_procedure_info(
        "escleroterapia", "cuándo le quito la curita", engine=engine, procedure_groups=["venous-malformation"]
    )
    assert answer.slugs[0] == "wound-puncture-site-care-es"


def test_spanish_typos_are_repaired_against_the_spanish_vocabulary(engine):
    answer = lookup_medication_info("ibuprofenno", "cada cuanto se lo doy", engine=engine)
    assert answer.found and "ibuprofen-basics-es" in answer.slugs[:3]
    assert answer.corrections == {"ibuprofenn": "ibuprofen"}


def test_an_emergency_is_said_in_spanish(engine):
    answer = lookup_symptom_guidance("le sale mucha sangre y no para de sangrar", engine=engine)
    assert answer.urgency == "emergency" and answer.answer.startswith("Esto podría ser una emergencia.")
    assert "911" in answer.answer


def test_nothing_found_is_said_honestly_in_spanish(engine):
    answer = lookup_symptom_guidance("se le cayó un diente", engine=engine)
    assert not answer.found and answer.language == "es"
    assert answer.answer.startswith("No tengo información") and "enfermera" in answer.answer and "911" in answer.answer


def test_english_sample_passages_are_untouched_by_the_spanish_corpus():
    assert {p.meta["language"] for p in sample_passages()} == {"en"}
    assert {p.meta["language"] for p in sample_passages(SAMPLE_CORPUS_ES)} == {"es"}
