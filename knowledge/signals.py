from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from knowledge.models import KnowledgeDocument


@receiver(post_save, sender=KnowledgeDocument)
@receiver(post_delete, sender=KnowledgeDocument)
def knowledge_document_changed(**_: Any) -> None:
    # This process rebuilds on its next lookup; other processes notice through the version check.
    from knowledge.rag import mark_index_stale

    mark_index_stale()
