from __future__ import annotations

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "knowledge"

    def ready(self) -> None:
        # Documents and their published versions are audited through postop.audit.AUDITED_MODELS.
        from knowledge import signals  # noqa: F401  (connects index invalidation)
