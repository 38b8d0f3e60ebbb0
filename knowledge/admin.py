from __future__ import annotations

from django.contrib import admin

from knowledge.models import KnowledgeDocument


@admin.register(KnowledgeDocument)
class KnowledgeDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "category", "topic", "urgency", "is_sample", "active", "reviewed_at")
    list_filter = ("category", "urgency", "is_sample", "active")
    search_fields = ("title", "slug", "topic", "synonyms", "content")
    prepopulated_fields = {"slug": ("title",)}
    raw_id_fields = ("reviewed_by",)
    readonly_fields = ("created_at", "updated_at")
