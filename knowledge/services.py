from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from knowledge.models import KnowledgeDocument

SAMPLE_CORPUS = Path(__file__).resolve().parent / "sample" / "corpus.json"
SAMPLE_FIELDS = ("title", "category", "topic", "synonyms", "content", "urgency", "source")


def sample_corpus_read(path: Path = SAMPLE_CORPUS) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def sample_corpus_load(*, path: Path = SAMPLE_CORPUS) -> tuple[int, int]:
    """Create or refresh the sample documents by slug; returns (created, updated).

    A sample document a clinic has edited (no longer is_sample) is left alone.
    """
    created = updated = 0
    for row in sample_corpus_read(path):
        values = {name: row.get(name, "") for name in SAMPLE_FIELDS}
        doc = KnowledgeDocument.objects.filter(slug=row["slug"]).first()
        if doc is None:
            KnowledgeDocument.objects.create(slug=row["slug"], is_sample=True, active=True, **values)
            created += 1
        elif doc.is_sample and any(getattr(doc, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(doc, name, value)
            doc.save()
            updated += 1
    return created, updated


@transaction.atomic
def knowledge_document_save(
    *, document: KnowledgeDocument, by: AbstractBaseUser | None = None, reviewed: bool = False
) -> KnowledgeDocument:
    """Save a document from the portal; a reviewed save records the reviewer and clears the sample flag."""
    if reviewed and by is not None:
        document.reviewed_by = by  # type: ignore[assignment]
        document.reviewed_at = timezone.now()
        document.is_sample = False
    document.full_clean()
    document.save()
    return document
