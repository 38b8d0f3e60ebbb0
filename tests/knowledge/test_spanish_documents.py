"""Spanish documents in the database: linked translations, the review workflow, one index per language,
and a Spanish-speaking patient's call through the agent API."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from calls.models import CallStatus
from calls.tokens import make_agent_token
from knowledge.models import KnowledgeDocument, Status
from knowledge.rag import get_index, lookup_symptom_guidance, reset_index
from knowledge.services import (
    SAMPLE_CORPUS,
    SAMPLE_CORPUS_ES,
    knowledge_document_publish,
    knowledge_document_save,
    sample_corpus_load,
    sample_corpus_read,
)
from orders.catalog import VENOUS_MALFORMATION
from orders.models import DischargeOrder
from tests.factories import CallRecordFactory, DischargeFactory
from tests.knowledge.helpers import clinical_lead

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    sample_corpus_load()


def test_the_sample_loads_each_spanish_document_linked_to_its_english_source(corpus):
    spanish = KnowledgeDocument.objects.filter(language="es").select_related("translation_of", "published_version")
    assert spanish.count() == len(sample_corpus_read(SAMPLE_CORPUS_ES))
    for doc in spanish:
        assert doc.translation_of.language == "en" and doc.slug == f"{doc.translation_of.slug}-es"
        assert doc.status == Status.PUBLISHED and doc.published_version.language == "es"
        assert not doc.translation_outdated
    assert KnowledgeDocument.objects.filter(language="en").count() == len(sample_corpus_read(SAMPLE_CORPUS))
    assert sample_corpus_load() == (0, 0)


def test_each_language_has_its_own_index(corpus):
    english, _ = get_index("en")
    spanish, _ = get_index("es")
    assert {p.meta["language"] for p in english.passages} == {"en"}
    assert {p.meta["language"] for p in spanish.passages} == {"es"}
    assert "moreton" in spanish.vocab and "moreton" not in english.vocab


def test_changing_the_english_document_flags_its_translation_for_review(corpus):
    english = KnowledgeDocument.objects.get(slug="bruising")
    spanish = KnowledgeDocument.objects.get(slug="bruising-es")
    english.content += "\n\nCall the clinic if a bruise is bigger than your palm."
    knowledge_document_save(document=english)
    spanish.refresh_from_db()
    assert spanish.translation_outdated
    assert [t.slug for t in english.outdated_translations()] == ["bruising-es"]

    # A reviewer checks the translation against the new English version and records it.
    spanish.content += "\n\nLlame a la clínica si un moretón es más grande que la palma de su mano."
    spanish.source_version = english.version
    knowledge_document_save(document=spanish)
    assert not spanish.translation_outdated


def test_a_translation_links_only_to_an_english_document(corpus):
    spanish = KnowledgeDocument.objects.get(slug="bruising-es")
    other = KnowledgeDocument.objects.get(slug="pain-expected-es")
    spanish.translation_of = other
    with pytest.raises(ValidationError, match="English document it translates"):
        spanish.full_clean()
    english = KnowledgeDocument.objects.get(slug="pain-expected")
    english.translation_of = KnowledgeDocument.objects.get(slug="bruising")
    with pytest.raises(ValidationError, match="not a translation"):
        english.full_clean()


def test_a_spanish_draft_answers_no_patient_until_a_reviewer_publishes_it(corpus):
    doc = KnowledgeDocument(
        title="Hipo después de la anestesia",
        slug="hipo-es",
        category="symptom",
        urgency="routine",
        language="es",
        topic="hipo",
        synonyms="hipo, tiene hipo",
        content="El hipo después de la anestesia es común y se quita solo en unas horas.",
        procedure_groups=["general"],
    )
    knowledge_document_save(document=doc)
    reset_index()
    assert not lookup_symptom_guidance("tiene hipo desde la operación", language="es").found

    knowledge_document_publish(
        document=doc, by=clinical_lead(), basis="hospital", source_title="Instrucciones de alta (2026)"
    )
    reset_index()
    answer = lookup_symptom_guidance("tiene hipo desde la operación", language="es")
    assert answer.found and answer.slugs[0] == "hipo-es"
    # The English index never holds a Spanish document, even for the Spanish word itself.
    assert "hipo-es" not in lookup_symptom_guidance("tiene hipo", language="en").slugs


# -- through the agent API ------------------------------------------------------------------------


def _agent_for(order_keys: list[str], language: str = "es") -> Client:
    """An agent on a call to a patient in `language` with these orders (the order catalog already loaded)."""
    sample_corpus_load()
    discharge = DischargeFactory(procedure="Sclerotherapy", patient__preferred_language=language)
    discharge.orders.set(DischargeOrder.objects.filter(key__in=order_keys))
    record = CallRecordFactory(
        call__status=CallStatus.IN_PROGRESS,
        call__attempts=1,
        call__patient=discharge.patient,
        call__discharge=discharge,
    )
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=record.call_id, attempt=1)}")


def _vm_orders() -> list[str]:
    keys = list(DischargeOrder.objects.filter(procedure_group=VENOUS_MALFORMATION).values_list("key", flat=True)[:3])
    assert keys, "the order catalog has venous-malformation orders"
    return keys


def _languages_of(document_ids: list[int]) -> set[str]:
    return set(KnowledgeDocument.objects.filter(pk__in=document_ids).values_list("language", flat=True))


def test_a_spanish_patients_question_is_answered_from_spanish_documents():
    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    agent = _agent_for(_vm_orders())
    response = agent.post(
        "/api/v1/agent/knowledge/symptom/",
        {"symptom": "le salieron moretones morados donde lo inyectaron, es normal?"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["found"] and body["language"] == "es" and body["red_flags"] == []
    assert _languages_of(body["document_ids"]) == {"es"}
    assert "moretones" in body["answer"].lower() and "bruis" not in body["answer"].lower()
    assert any(source.startswith("Moretones después del tratamiento") for source in body["sources"])


def test_a_spanish_red_flag_leads_with_the_spanish_instruction_then_spanish_guidance():
    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    agent = _agent_for(_vm_orders())
    response = agent.post(
        "/api/v1/agent/knowledge/symptom/",
        {"symptom": "no para de sangrar, ya empapó la venda"},
        content_type="application/json",
    )
    body = response.json()
    assert body["red_flags"][0]["tier"] == "emergent" and body["urgency"] == "emergency"
    assert body["answer"].startswith("Por favor, cuelgue y llame al 911")
    assert "Our care guide" not in body["answer"] and "call 911" not in body["answer"]
    if "Nuestra guía de cuidados también dice:" in body["answer"]:
        assert _languages_of(body["document_ids"]) == {"es"}
    assert body["escalation"]["tier"] == "emergent"


def test_no_spanish_document_means_an_honest_spanish_answer_and_a_note_for_the_nurse():
    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    agent = _agent_for(_vm_orders())
    KnowledgeDocument.objects.filter(language="es", category="medication").update(active=False)
    reset_index()
    response = agent.post(
        "/api/v1/agent/knowledge/medication/",
        {"medication": "motrin", "question": "cada cuánto le doy el motrin"},
        content_type="application/json",
    )
    body = response.json()
    assert not body["found"] and body["document_ids"] == [] and body["language"] == "es"
    assert body["answer"].startswith("No tengo información sobre motrin") and "enfermera" in body["answer"]
    assert "ibuprofen" not in body["answer"].lower()
    assert "English guidance exists (ibuprofen-basics" in body["nurse_note"]


def test_an_english_patient_still_hears_english():
    call_command("load_order_catalog", stdout=open("/dev/null", "w"))  # noqa: SIM115
    agent = _agent_for(_vm_orders(), language="en")
    response = agent.post(
        "/api/v1/agent/knowledge/symptom/",
        {"symptom": "he has bruises where they injected"},
        content_type="application/json",
    )
    body = response.json()
    assert body["found"] and body["language"] == "en" and _languages_of(body["document_ids"]) == {"en"}
    assert "nurse_note" not in body


# -- the knowledge portal -------------------------------------------------------------------------


def test_the_list_shows_and_filters_by_language(nurse_client):
    sample_corpus_load()
    page = nurse_client.get(reverse("knowledge:list"), {"language": "es", "q": "moret"})
    assert page.status_code == 200
    assert "Moretones después del tratamiento" in page.text and "Bruising after treatment" not in page.text
    assert "Spanish" in page.text and "translates" in page.text
    english = nurse_client.get(reverse("knowledge:list"), {"language": "en", "q": "bruis"})
    assert "Bruising after treatment" in english.text and "Moretones" not in english.text


def test_the_detail_pages_link_a_translation_and_flag_it_when_the_english_changes(nurse_client):
    sample_corpus_load()
    english = KnowledgeDocument.objects.get(slug="bruising")
    page = nurse_client.get(reverse("knowledge:detail", args=["bruising-es"]))
    assert "translation of" in page.text and "Bruising after treatment" in page.text
    assert "changed since this translation" not in page.text
    english.content += "\n\nNew advice."
    knowledge_document_save(document=english)
    page = nurse_client.get(reverse("knowledge:detail", args=["bruising-es"]))
    assert "changed since this translation was checked against its version 1" in page.text
    source_page = nurse_client.get(reverse("knowledge:detail", args=["bruising"]))
    assert "Moretones después del tratamiento" in source_page.text and "needs review" in source_page.text


def test_asking_as_a_spanish_speaking_patient_reads_spanish(nurse_client):
    sample_corpus_load()
    reset_index()
    page = nurse_client.get(
        reverse("knowledge:ask"),
        {"question": "tiene moretones", "tool": "symptom", "language": "es", "patient_group": "venous-malformation"},
    )
    assert page.status_code == 200
    assert 'lang="es"' in page.text and "Los moretones alrededor de la zona tratada" in page.text


def test_a_spanish_translation_is_written_and_published_through_the_portal(db):
    from django.contrib.auth.models import Group

    from postop.roles import CLINICAL_LEAD_GROUP
    from tests.factories import UserFactory

    sample_corpus_load()
    lead = UserFactory(username="lead.rosa", first_name="Rosa", last_name="Diaz", is_staff=True)
    lead.groups.add(Group.objects.get(name=CLINICAL_LEAD_GROUP))
    client = Client()
    client.force_login(lead)
    english = KnowledgeDocument.objects.get(slug="recovery-driving")
    response = client.post(
        reverse("knowledge:create"),
        {
            "title": "Manejar (versión de la clínica)",
            "slug": "manejar-clinica-es",
            "language": "es",
            "translation_of": english.pk,
            "category": "recovery",
            "topic": "manejar",
            "synonyms": "manejar, conducir",
            "urgency": "",
            "content": "No maneje por 24 horas después de la anestesia.",
            "source": "Clínica",
            "active": "on",
            "procedure_groups": "general",
        },
    )
    assert response.status_code == 302
    doc = KnowledgeDocument.objects.get(slug="manejar-clinica-es")
    assert doc.language == "es" and doc.translation_of == english and doc.source_version == english.version
    assert doc.status == Status.DRAFT
    client.post(reverse("knowledge:publish", args=[doc.slug]), {"basis": "hospital", "source_title": "Alta 2026"})
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED and doc.published_version.language == "es"
