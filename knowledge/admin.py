from __future__ import annotations

from django.contrib import admin

from knowledge.models import KnowledgeDocument, KnowledgeDocumentVersion
from postop.admin_base import ReadOnlyAdmin


@admin.register(KnowledgeDocument)
class KnowledgeDocumentAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "slug",
        "language",
        "category",
        "topic",
        "urgency",
        "status",
        "version",
        "translation_of",
        "is_sample",
        "active",
    )
    list_filter = ("language", "status", "category", "urgency", "is_sample", "active")
    list_select_related = ("translation_of",)
    raw_id_fields = ("translation_of",)
    search_fields = ("title", "slug", "topic", "synonyms", "content")
    prepopulated_fields = {"slug": ("title",)}
    # Publishing goes through the portal's review step, which records the reviewer and the basis.
    readonly_fields = ("status", "version", "published_version", "created_at", "updated_at")


@admin.register(KnowledgeDocumentVersion)
class KnowledgeDocumentVersionAdmin(ReadOnlyAdmin):
    """Published versions are the record of what patients heard: never edited after the fact."""

    list_display = ("document", "number", "language", "reviewer_label", "reviewed_at", "review_basis", "is_demo")
    list_filter = ("language", "review_basis", "is_demo")
    search_fields = ("document__slug", "title", "review_source_title")
