from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from knowledge.models import KnowledgeDocument, KnowledgeDocumentVersion
from knowledge.rag import (
    get_index,
    lookup_medication_info,
    lookup_procedure_info,
    lookup_recovery_timeline,
    lookup_symptom_guidance,
)
from knowledge.services import knowledge_document_publish, sample_corpus_load
from tests.knowledge.helpers import clinical_lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    sample_corpus_load()


def test_procedure_info_answers_from_the_procedure_documents(corpus):
    answer = lookup_procedure_info("sclerotherapy", "how many more treatments will she need")
    assert answer.found
    assert answer.slugs[0] == "sclerotherapy-results-and-sessions"
    assert "session" in answer.answer
    assert answer.urgency is None
    assert answer.document_ids[0] == KnowledgeDocument.objects.get(slug=answer.slugs[0]).pk


def test_medication_info_understands_brand_names(corpus):
    answer = lookup_medication_info("motrin", "can I give him motrin")
    assert answer.found
    assert answer.slugs[0] == "ibuprofen-basics"
    assert "ibuprofen" in answer.topics
    assert answer.sources[0].startswith("Ibuprofen (Motrin, Advil)")


def test_medication_info_repairs_misspellings(corpus):
    answer = lookup_medication_info("ibuprofin", "how often can she have it")
    assert answer.found and answer.slugs[0] == "ibuprofen-basics"


def test_symptom_guidance_for_an_expected_symptom_is_routine(corpus):
    answer = lookup_symptom_guidance("my leg is really puffy, is that ok")
    assert answer.found
    assert answer.urgency == "routine"
    assert answer.slugs[0] == "swelling-expected"
    assert answer.answer.startswith("More swelling in the treated arm, leg or face is expected")


@pytest.mark.parametrize(
    "said",
    [
        "he can't breathe and his chest hurts",
        "the bleeding wont stop, it's soaking through the bandage",
        "his toes are ice cold and blue",
        "her lips are swelling and she has hives all over",
        "he passed out in the bathroom",
    ],
)
def test_emergencies_say_call_911(corpus, said):
    answer = lookup_symptom_guidance(said)
    assert answer.urgency == "emergency"
    assert "911" in answer.answer
    assert answer.answer.startswith("This could be an emergency")


def test_a_clinic_call_symptom_tells_the_patient_to_call(corpus):
    answer = lookup_symptom_guidance("there's yellow pus and it smells bad")
    assert answer.urgency == "call_clinic"
    assert "clinic" in answer.answer.lower()


def test_recovery_timeline_for_daycare(corpus):
    answer = lookup_recovery_timeline("sclerotherapy", "when can she go back to daycare")
    assert answer.found
    assert answer.slugs[0] == "recovery-school-daycare"
    assert "daycare" in answer.answer


@pytest.mark.parametrize(
    ("call", "args", "subject"),
    [
        (lookup_medication_info, ("metformin", "can she keep taking it"), "metformin"),
        (lookup_medication_info, ("blood pressure pills", "should he take them"), "blood pressure pills"),
        (lookup_procedure_info, ("knee replacement", "how long is the scar"), "knee replacement"),
        (lookup_recovery_timeline, ("hip replacement", "driving"), "recovery after hip replacement"),
        (lookup_recovery_timeline, ("sclerotherapy", "skydiving"), "skydiving"),
        (lookup_symptom_guidance, ("my hair is falling out",), "my hair is falling out"),
    ],
)
def test_an_unknown_topic_is_never_answered_with_a_guess(corpus, call, args, subject):
    answer = call(*args)
    assert not answer.found
    assert answer.slugs == [] and answer.document_ids == [] and answer.sources == []
    assert f"I don't have information about {subject}" in answer.answer
    assert "nurse can follow up" in answer.answer


def test_an_empty_knowledge_base_answers_nothing():
    assert not lookup_symptom_guidance("my leg is puffy").found


def test_an_inactive_document_is_not_used(corpus):
    KnowledgeDocument.objects.filter(slug="aspirin").update(active=False)
    get_index()  # let the version check see it
    answer = lookup_medication_info("aspirin", "can I give my kid aspirin")
    assert "aspirin" not in answer.slugs


def test_as_dict_is_what_the_agent_api_returns(corpus):
    data = lookup_symptom_guidance("a little blood on the bandaid").as_dict()
    assert set(data) >= {"found", "answer", "sources", "urgency", "document_ids"}
    assert "passages" not in data
    assert data["found"] is True and data["urgency"] == "routine"


def test_a_change_made_by_another_process_is_seen_after_the_check_interval(corpus, settings):
    settings.KNOWLEDGE_INDEX_CHECK_SECONDS = 0
    assert not lookup_medication_info("gabapentin", "what is it for").found
    doc = KnowledgeDocument.objects.create(
        title="Gabapentin for nerve pain",
        slug="gabapentin",
        category="medication",
        topic="gabapentin",
        synonyms="neurontin",
        content="Gabapentin eases nerve pain such as burning or tingling after treatment.",
        procedure_groups=["general"],
    )
    knowledge_document_publish(document=doc, by=clinical_lead(), basis="hospital", source_title="Pharmacy handout")
    index, _ = get_index()
    # queryset.update sends no signal, as when another process (the portal) publishes a new version.
    KnowledgeDocumentVersion.objects.filter(document=doc).update(content="Neurontin helps burning nerve pain at night.")
    KnowledgeDocument.objects.filter(slug="gabapentin").update(updated_at=timezone.now() + timedelta(seconds=1))
    answer = lookup_medication_info("neurontin", "what is it for")
    assert answer.found and answer.slugs == ["gabapentin"]
    assert "burning nerve pain at night" in answer.answer
    assert get_index()[0] is not index


def test_a_named_medication_is_answered_with_its_dosing_interval(corpus):
    answer = lookup_medication_info("ibuprofen", "how often can I take it")
    assert answer.found and answer.slugs[0] == "ibuprofen-basics"
    assert "every six to eight hours" in answer.answer


def test_a_brand_name_restricts_to_passages_about_that_medicine(corpus):
    answer = lookup_medication_info("advil", "how long should I keep taking it")
    assert answer.found
    for passage in answer.passages:
        text = f"{passage['title']} {passage['content']}".lower()
        assert "ibuprofen" in text or "advil" in text, passage["slug"]


def test_the_procedure_name_scopes_and_the_question_decides(corpus):
    answer = lookup_procedure_info("venous malformation", "recovery time")
    assert answer.found and answer.slugs[0] == "recovery-overall-timeline"
    assert "feel much better within one week" in answer.answer


def test_agreeing_passages_are_read_together(corpus):
    answer = lookup_procedure_info("venous malformation", "recovery time")
    used = [p for p in answer.passages if p["used"]]
    assert len(used) >= 2 and {p["slug"] for p in used} == {"recovery-overall-timeline"}
    assert "sports and gym after 7 days" in answer.answer


def test_nothing_relevant_is_said_plainly(corpus):
    answer = lookup_medication_info("metformin", "how often can I take it")
    assert not answer.found and answer.answer.startswith("I don't have information about metformin")
    assert lookup_symptom_guidance("the wifi router is blinking orange").found is False


def test_a_spoken_temperature_is_read_against_the_101_line(corpus):
    assert lookup_symptom_guidance("his temperature is 101.6").slugs[0] == "fever-high"
    assert lookup_symptom_guidance("temp is 99.8 this morning").slugs[0] == "fever-low-grade"
