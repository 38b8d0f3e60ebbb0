from __future__ import annotations

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "knowledge"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from knowledge import signals  # noqa: F401  (connects index invalidation)
        from knowledge.models import KnowledgeDocument

        auditlog.register(KnowledgeDocument)
