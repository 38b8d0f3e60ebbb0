"""0002_review_workflow: documents a clinician reviewed before versioning stay heard; sample rows do not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("knowledge", "0001_initial")]
AFTER = [("knowledge", "0002_review_workflow")]


@pytest.mark.django_db(transaction=True)
def test_existing_documents_are_versioned_by_what_was_reviewed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="dr.old", first_name="Ada", last_name="Old")
    document = old.get_model("knowledge", "KnowledgeDocument")
    reviewed_at = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
    document.objects.create(
        title="Our aspirin rule",
        slug="clinic-aspirin",
        category="medication",
        topic="aspirin",
        content="We restart aspirin on day two.",
        source="Clinic handout 2025",
        reviewed_by=user,
        reviewed_at=reviewed_at,
        is_sample=False,
    )
    document.objects.create(
        title="Sample bruising",
        slug="bruising",
        category="symptom",
        topic="bruising",
        urgency="routine",
        content="Bruising is common.",
        is_sample=True,
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    migrated = new.get_model("knowledge", "KnowledgeDocument")
    reviewed = migrated.objects.get(slug="clinic-aspirin")
    assert reviewed.status == "published" and reviewed.procedure_groups == ["general"]
    version = new.get_model("knowledge", "KnowledgeDocumentVersion").objects.get(document=reviewed)
    assert reviewed.published_version_id == version.pk and version.number == 1
    assert version.reviewed_by_id == user.pk and version.reviewer_label == "Ada Old"
    assert version.reviewed_at == reviewed_at and version.review_basis == "hospital"
    assert version.review_source_title == "Clinic handout 2025" and version.content == "We restart aspirin on day two."
    sample = migrated.objects.get(slug="bruising")
    assert sample.status == "draft" and sample.published_version_id is None

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
