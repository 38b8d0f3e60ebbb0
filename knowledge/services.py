"""Writes to the knowledge base: editing, the review workflow (draft -> in review -> published) and the sample loader.

Patients only ever hear a document's published version (KnowledgeDocumentVersion). Editing a
published document makes a new draft version of the working copy; the published version keeps
answering until the new one is published by someone with `knowledge.publish_knowledgedocument`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from knowledge.models import (
    VERSIONED_FIELDS,
    KnowledgeDocument,
    KnowledgeDocumentVersion,
    ReviewBasis,
    Status,
)

SAMPLE_CORPUS = Path(__file__).resolve().parent / "sample" / "corpus.json"
# Spanish versions of the sample documents, each naming the English slug it translates ("translation_of").
SAMPLE_CORPUS_ES = SAMPLE_CORPUS.with_name("corpus_es.json")
SAMPLE_CORPORA = (SAMPLE_CORPUS, SAMPLE_CORPUS_ES)
SAMPLE_FIELDS = VERSIONED_FIELDS  # a sample document sets exactly what a published version freezes
PUBLISH_PERMISSION = "knowledge.publish_knowledgedocument"
DEMO_REVIEWER = "PostOp AI demo loader (not a clinician)"
DEMO_NOTE = (
    "DEMO CONTENT: published automatically by the sample loader so the demo can answer questions. "
    "It was written from the named public page and has not been reviewed by a clinician of this clinic."
)


def sample_corpus_read(path: Path | None = None) -> list[dict[str, Any]]:
    """One sample corpus's rows; with no path, every language's (English first: translations link to it)."""
    if path is None:
        return [row for each in SAMPLE_CORPORA for row in sample_corpus_read(each)]
    return json.loads(path.read_text(encoding="utf-8"))


def _changed(document: KnowledgeDocument, values: dict[str, Any]) -> bool:
    return any(getattr(document, name) != value for name, value in values.items())


@transaction.atomic
def sample_corpus_load(*, path: Path | None = None, publish: bool = True) -> tuple[int, int]:
    """Create or refresh the sample documents by slug; returns (created, updated).

    With `publish` (the demo), each new or changed sample document is published as demo content,
    recording the named public page it was written from as the review basis. A sample document the
    clinic has taken over (no longer is_sample) is left alone. A translation (a row naming
    `translation_of`) links to its English document and records the version it was checked against.
    """
    created = updated = 0
    for row in sample_corpus_read(path):
        values = {name: row.get(name, "") for name in SAMPLE_FIELDS}
        values["language"] = row.get("language") or "en"
        values["procedure_groups"] = list(row.get("procedure_groups") or ["general"])
        source = None
        if row.get("translation_of"):
            source = KnowledgeDocument.objects.filter(slug=row["translation_of"]).first()
            if source is None:
                raise ValidationError(
                    f"Sample document {row['slug']!r} translates {row['translation_of']!r}, which is not loaded; "
                    "load the English sample first."
                )
            values["translation_of"] = source
        doc = KnowledgeDocument.objects.filter(slug=row["slug"]).first()
        if doc is None:
            doc = KnowledgeDocument(slug=row["slug"], is_sample=True, active=True, **values)
            doc.full_clean()
            doc.save()
            created += 1
        elif doc.is_sample and (_changed(doc, values) or (publish and doc.status != Status.PUBLISHED)):
            knowledge_document_save(document=_apply(doc, values))
            updated += 1
        else:
            continue
        if source is not None:
            # Written from the English document as it is now: not outdated until that one changes.
            doc.source_version = source.version
            doc.save(update_fields=["source_version"])
        if publish:
            review = row.get("review_source") or {}
            _publish(
                document=doc,
                by=None,
                reviewer_label=DEMO_REVIEWER,
                basis=review.get("kind", ReviewBasis.PUBLIC),
                source_title=review.get("title", ""),
                source_url=review.get("url", ""),
                note=DEMO_NOTE,
                is_demo=True,
            )
    return created, updated


def _apply(document: KnowledgeDocument, values: dict[str, Any]) -> KnowledgeDocument:
    for name, value in values.items():
        setattr(document, name, value)
    return document


@transaction.atomic
def knowledge_document_save(*, document: KnowledgeDocument) -> KnowledgeDocument:
    """Save the working copy. Changing a published (or in-review) document makes it a draft again.

    A published document gets the next version number; its published version keeps answering patients.
    """
    document.full_clean()
    if document.pk is not None:
        stored = KnowledgeDocument.objects.select_for_update().get(pk=document.pk)
        # The workflow fields belong to the services: a stale copy in hand never rolls them back.
        document.status, document.version = stored.status, stored.version
        document.published_version_id = stored.published_version_id
        if any(getattr(stored, name) != getattr(document, name) for name in VERSIONED_FIELDS):
            if stored.status == Status.PUBLISHED:
                document.version = stored.version + 1
            document.status = Status.DRAFT
    document.save()
    return document


@transaction.atomic
def knowledge_document_submit(*, document: KnowledgeDocument) -> KnowledgeDocument:
    """Ask a reviewer to publish this draft."""
    if document.status != Status.DRAFT:
        raise ValidationError(
            f"Only a draft can be sent for review; this document is {document.get_status_display().lower()}."
        )
    document.status = Status.IN_REVIEW
    document.save(update_fields=["status", "updated_at"])
    return document


def can_publish(user: AbstractBaseUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm(PUBLISH_PERMISSION))


def _validate_review(*, basis: str, source_title: str, source_url: str) -> None:
    errors: dict[str, str] = {}
    if basis not in ReviewBasis.values:
        errors["basis"] = "Choose what you reviewed it against: your hospital's instructions or a public page."
    if not source_title.strip():
        errors["source_title"] = (
            "Name the source you checked it against, e.g. “Discharge instructions: gallbladder surgery (2025)”."
        )
    if basis == ReviewBasis.PUBLIC:
        try:
            URLValidator(schemes=["https", "http"])(source_url)
        except ValidationError:
            errors["source_url"] = "Give the public page's web address, starting with https://."
    elif source_url:
        try:
            URLValidator(schemes=["https", "http"])(source_url)
        except ValidationError:
            errors["source_url"] = "The web address is not valid; leave it blank or start it with https://."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def knowledge_document_publish(
    *,
    document: KnowledgeDocument,
    by: AbstractBaseUser,
    basis: str,
    source_title: str,
    source_url: str = "",
    note: str = "",
) -> KnowledgeDocumentVersion:
    """Publish the working copy as the version patients hear, recording the reviewer and the review basis."""
    if not can_publish(by):
        raise PermissionDenied("Only a clinical reviewer may publish knowledge for patients.")
    name = (by.get_full_name() or by.get_username()).strip()  # type: ignore[attr-defined]
    return _publish(
        document=document,
        by=by,
        reviewer_label=name[:150],
        basis=basis,
        source_title=source_title,
        source_url=source_url,
        note=note,
        is_demo=False,
    )


def _publish(
    *,
    document: KnowledgeDocument,
    by: AbstractBaseUser | None,
    reviewer_label: str,
    basis: str,
    source_title: str,
    source_url: str,
    note: str,
    is_demo: bool,
) -> KnowledgeDocumentVersion:
    given, document = document, KnowledgeDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == Status.PUBLISHED and document.published_version_id is not None:
        raise ValidationError("This version is already published; edit the document to make a new draft.")
    _validate_review(basis=basis, source_title=source_title, source_url=source_url)
    document.full_clean()
    version = KnowledgeDocumentVersion.objects.create(
        document=document,
        number=document.version,
        reviewed_by=by,
        reviewer_label=reviewer_label,
        reviewed_at=timezone.now(),
        review_basis=basis,
        review_source_title=source_title.strip()[:300],
        review_source_url=source_url.strip(),
        review_note=note.strip(),
        is_demo=is_demo,
        **document.content_fields(),
    )
    document.published_version = version
    document.status = Status.PUBLISHED
    if not is_demo:
        document.is_sample = False
    document.save(update_fields=["published_version", "status", "is_sample", "updated_at"])
    for name in ("published_version", "status", "is_sample", "version", "updated_at"):
        setattr(given, name, getattr(document, name))
    return version
