from __future__ import annotations

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command

from knowledge.models import Category, KnowledgeDocument, KnowledgeDocumentVersion, Status, Urgency
from knowledge.rag import build_sample_medical_rag_database
from knowledge.services import knowledge_document_save, sample_corpus_load, sample_corpus_read

pytestmark = pytest.mark.django_db


def test_sample_corpus_covers_the_issue():
    rows = sample_corpus_read()
    assert len(rows) >= 60
    assert len({r["slug"] for r in rows}) == len(rows)
    categories = {r["category"] for r in rows}
    assert categories == {c.value for c in Category}
    symptoms = [r for r in rows if r["category"] == "symptom"]
    assert {r["urgency"] for r in symptoms} == {u.value for u in Urgency}
    assert all(r["urgency"] == "" for r in rows if r["category"] != "symptom")


def test_loading_the_sample_twice_changes_nothing():
    created, updated = sample_corpus_load()
    assert created == len(sample_corpus_read()) and updated == 0
    first = dict(KnowledgeDocument.objects.values_list("slug", "updated_at"))

    assert sample_corpus_load() == (0, 0)
    assert dict(KnowledgeDocument.objects.values_list("slug", "updated_at")) == first
    assert KnowledgeDocument.objects.filter(is_sample=False).count() == 0


def test_the_command_loads_the_sample_and_builds_the_index():
    out = StringIO()
    call_command("build_knowledge", "--sample", stdout=out)
    call_command("build_knowledge", "--sample", stdout=out)
    text = out.getvalue()
    assert f"{len(sample_corpus_read())} created" in text
    assert "0 created, 0 updated" in text
    assert "Knowledge index ready" in text


def test_build_sample_medical_rag_database_as_in_the_guide():
    assert build_sample_medical_rag_database() == len(sample_corpus_read())
    assert build_sample_medical_rag_database() == 0
    assert KnowledgeDocument.objects.filter(is_sample=True, active=True).count() == len(sample_corpus_read())


def test_a_reviewed_document_is_not_overwritten_by_the_sample():
    sample_corpus_load()
    doc = KnowledgeDocument.objects.get(slug="ibuprofen-basics")
    doc.content = "Our clinic does not use ibuprofen after embolization."
    doc.is_sample = False
    knowledge_document_save(document=doc)

    sample_corpus_load()
    doc.refresh_from_db()
    assert doc.content == "Our clinic does not use ibuprofen after embolization."


def test_a_changed_sample_document_is_refreshed_and_republished_as_demo_content():
    sample_corpus_load()
    KnowledgeDocument.objects.filter(slug="bruising").update(content="stale")
    assert sample_corpus_load() == (0, 1)
    doc = KnowledgeDocument.objects.get(slug="bruising")
    assert doc.content != "stale" and doc.status == Status.PUBLISHED and doc.version == 2
    assert doc.published_version.content == doc.content and doc.published_version.is_demo


def test_the_sample_loader_publishes_demo_content_against_a_named_public_source():
    sample_corpus_load()
    versions = KnowledgeDocumentVersion.objects.all()
    assert versions.count() == len(sample_corpus_read())
    for version in versions:
        assert version.is_demo and version.reviewed_by is None
        assert version.reviewer_label == "PostOp AI demo loader (not a clinician)"
        assert version.review_basis == "public" and version.review_source_url.startswith("https://")
        assert version.review_source_title and version.review_note.startswith("DEMO CONTENT")
    assert set(KnowledgeDocument.objects.values_list("status", flat=True)) == {Status.PUBLISHED}


def test_symptoms_need_an_urgency_and_only_symptoms_have_one():
    symptom = KnowledgeDocument(title="Hiccups", slug="hiccups", category="symptom", topic="hiccups", content="x")
    with pytest.raises(ValidationError, match="how urgent"):
        symptom.full_clean()
    medicine = KnowledgeDocument(
        title="Zinc", slug="zinc", category="medication", topic="zinc", content="x", urgency="routine"
    )
    with pytest.raises(ValidationError, match="Only symptom documents"):
        medicine.full_clean()


def test_the_slug_defaults_to_the_title():
    doc = KnowledgeDocument.objects.create(title="Hiccups after anesthesia", category="general", topic="hiccups")
    assert doc.slug == "hiccups-after-anesthesia"


def test_changes_are_audited():
    doc = KnowledgeDocument.objects.create(
        title="Hiccups", category="general", topic="hiccups", content="x", procedure_groups=["general"]
    )
    doc.content = "Hiccups after anesthesia stop on their own."
    doc.save()
    entries = LogEntry.objects.get_for_object(doc)
    assert entries.count() == 2
    assert "content" in entries.first().changes_dict


def test_a_document_needs_procedure_groups_a_nurse_can_read():
    doc = KnowledgeDocument(title="Hiccups", slug="hiccups", category="general", topic="hiccups", content="x")
    with pytest.raises(ValidationError, match="at least one procedure group"):
        doc.full_clean()
    doc.procedure_groups = ["Venous Malformation"]
    with pytest.raises(ValidationError, match="lower-case words joined by dashes"):
        doc.full_clean()
    doc.procedure_groups = ["venous-malformation"]
    doc.full_clean()
