"""Only published versions reach patients; publishing is permissioned, recorded and audited."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError

from knowledge.models import KnowledgeDocument, KnowledgeDocumentVersion, Status
from knowledge.rag import ask, lookup_medication_info, passages_from_database
from knowledge.services import knowledge_document_publish, knowledge_document_save, knowledge_document_submit
from tests.factories import NurseFactory
from tests.knowledge.helpers import clinical_lead

pytestmark = pytest.mark.django_db


def _draft(**fields: object) -> KnowledgeDocument:
    values = {
        "title": "Gabapentin for nerve pain",
        "slug": "gabapentin",
        "category": "medication",
        "topic": "gabapentin",
        "synonyms": "neurontin",
        "content": "Gabapentin eases burning nerve pain. Take it at bedtime at first.",
        "procedure_groups": ["general"],
        **fields,
    }
    return knowledge_document_save(document=KnowledgeDocument(**values))


def _publish(doc: KnowledgeDocument, **kwargs: object) -> KnowledgeDocumentVersion:
    return knowledge_document_publish(
        document=doc,
        by=kwargs.pop("by", None) or clinical_lead(),
        basis=kwargs.pop("basis", "hospital"),
        source_title=kwargs.pop("source_title", "Pharmacy handout: gabapentin (2025)"),
        **kwargs,
    )


def test_drafts_and_documents_in_review_are_never_retrieved():
    doc = _draft()
    assert not lookup_medication_info("neurontin", "what is it for").found
    knowledge_document_submit(document=doc)
    assert doc.status == Status.IN_REVIEW
    assert not lookup_medication_info("neurontin", "what is it for").found
    assert not ask("neurontin nerve pain").found
    assert passages_from_database() == []


def test_publishing_records_the_reviewer_the_time_and_the_basis():
    doc = _draft()
    lead = clinical_lead()
    version = _publish(
        doc,
        by=lead,
        basis="public",
        source_title="Gabapentin (MedlinePlus)",
        source_url="https://medlineplus.gov/druginfo/meds/a694007.html",
        note="Matches our leaflet.",
    )
    doc.refresh_from_db()
    assert doc.status == Status.PUBLISHED and doc.published_version == version
    assert version.reviewed_by == lead and version.reviewer_label == "Grace Ho" and version.reviewed_at
    assert version.review_basis == "public" and version.review_source_url.endswith("a694007.html")
    assert version.content == doc.content and version.procedure_groups == ["general"]
    assert lookup_medication_info("neurontin", "what is it for").found


def test_only_a_clinical_reviewer_may_publish():
    doc = _draft()
    with pytest.raises(PermissionDenied, match="clinical reviewer"):
        _publish(doc, by=NurseFactory())
    assert not KnowledgeDocumentVersion.objects.exists()


@pytest.mark.parametrize(
    ("basis", "title", "url", "message"),
    [
        ("public", "Gabapentin (MedlinePlus)", "", "public page's web address"),
        ("public", "Gabapentin (MedlinePlus)", "medlineplus dot gov", "public page's web address"),
        ("hospital", "  ", "", "Name the source"),
        ("friend", "A friend", "", "Choose what you reviewed it against"),
    ],
)
def test_a_review_without_a_usable_basis_is_refused_and_nothing_is_published(basis, title, url, message):
    doc = _draft()
    with pytest.raises(ValidationError, match=message):
        _publish(doc, basis=basis, source_title=title, source_url=url)
    doc.refresh_from_db()
    assert doc.status == Status.DRAFT and not KnowledgeDocumentVersion.objects.exists()


def test_an_edit_makes_a_new_draft_and_patients_keep_the_published_version():
    doc = _draft()
    _publish(doc)
    doc.content = "Our clinic no longer prescribes gabapentin after sclerotherapy."
    knowledge_document_save(document=doc)
    assert doc.status == Status.DRAFT and doc.version == 2 and doc.published_version.number == 1
    assert "burning nerve pain" in lookup_medication_info("neurontin", "what is it for").answer

    second = _publish(doc)
    assert second.number == 2
    assert "no longer prescribes" in lookup_medication_info("neurontin", "what is it for").answer
    with pytest.raises(ValidationError, match="already published"):
        _publish(doc)


def test_a_save_that_changes_nothing_a_patient_hears_keeps_it_published():
    doc = _draft()
    _publish(doc)
    doc.active = True
    knowledge_document_save(document=doc)
    assert doc.status == Status.PUBLISHED and doc.version == 1


def test_an_inactive_document_is_not_retrieved_even_when_published():
    doc = _draft()
    _publish(doc)
    KnowledgeDocument.objects.filter(pk=doc.pk).update(active=False)
    assert not lookup_medication_info("neurontin", "what is it for").found


def test_versions_and_publications_are_audited():
    doc = _draft()
    version = _publish(doc)
    created = LogEntry.objects.get_for_object(version).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.changes_dict["review_source_title"][1] == "Pharmacy handout: gabapentin (2025)"
    published = LogEntry.objects.get_for_object(doc).filter(action=LogEntry.Action.UPDATE).first()
    assert published.changes_dict["status"] == ["draft", "published"]
