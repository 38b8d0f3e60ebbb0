"""The order catalog, knowledge search and worker stats endpoints."""

from __future__ import annotations

import pytest

from knowledge import rag
from knowledge.models import KnowledgeDocument
from knowledge.services import knowledge_document_publish
from tests.factories import CallScheduleItemFactory, DischargeOrderFactory
from tests.knowledge.helpers import clinical_lead


def test_it_lists_the_catalog_with_parameters_and_the_call(api):
    DischargeOrderFactory(
        key="school",
        parameters=[{"name": "return_date", "label": "Return date", "type": "date", "required": True}],
    )
    DischargeOrderFactory(key="retired", active=False)
    body = api.get("/api/v1/orders/?active=true").json()
    (order,) = body["results"]
    assert order["key"] == "school"
    assert order["parameters"][0]["name"] == "return_date"
    assert order["call"]["timing"] == "24_hours_after_discharge"
    assert "prompt_template" not in order["call"]


def test_it_reads_one_order_by_key_and_404s_an_unknown_key(api):
    DischargeOrderFactory(key="bandage", call_template={})
    assert api.get("/api/v1/orders/bandage/").json()["call"] is None
    assert api.get("/api/v1/orders/nope/").status_code == 404


def test_the_catalog_is_read_only(api, admin_user):
    from rest_framework.test import APIClient

    assert api.post("/api/v1/orders/", {"key": "x"}, format="json").status_code == 403
    admin = APIClient()
    admin.force_login(admin_user)
    assert admin.post("/api/v1/orders/", {"key": "x"}, format="json").status_code == 405


@pytest.fixture
def knowledge(db):
    rag.reset_index()
    KnowledgeDocument.objects.create(
        title="Swelling after sclerotherapy",
        category="symptom",
        topic="swelling",
        synonyms="puffy, swollen",
        content="Some swelling for two or three days after sclerotherapy is expected. Keep the leg raised.",
        urgency="routine",
        source="Clinic aftercare handout",
        procedure_groups=["general"],
    )
    # Only published documents answer; this one was reviewed against the clinic's own handout.
    knowledge_document_publish(
        document=KnowledgeDocument.objects.get(), by=clinical_lead(), basis="hospital", source_title="Aftercare handout"
    )
    yield
    rag.reset_index()


def test_knowledge_search_answers_with_sources_and_urgency(api, knowledge):
    response = api.get("/api/v1/knowledge/search/", {"topic": "symptom", "subject": "swelling"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["found"] is True
    assert "swelling" in body["answer"].lower()
    assert body["urgency"] == "routine"
    assert body["document_ids"] == [KnowledgeDocument.objects.get().pk]


def test_knowledge_search_validates_the_topic(api):
    response = api.get("/api/v1/knowledge/search/", {"topic": "astrology", "subject": "x"})
    assert response.status_code == 400
    assert "topic" in response.json()


def test_knowledge_search_needs_the_view_permission(db):
    from django.contrib.auth.models import Permission

    from postop.services import api_key_create
    from tests.api.conftest import key_client
    from tests.factories import UserFactory

    user = UserFactory(username="calls-only")
    user.user_permissions.add(Permission.objects.get(codename="view_callscheduleitem"))
    _key, raw = api_key_create(name="calls-only", user=user)
    client = key_client(raw)
    assert client.get("/api/v1/knowledge/search/", {"topic": "symptom", "subject": "x"}).status_code == 403
    assert client.get("/api/v1/worker-stats/").status_code == 200


def test_worker_stats_report_calls_by_status(api):
    CallScheduleItemFactory.create_batch(2)
    body = api.get("/api/v1/worker-stats/").json()
    assert body["calls_by_status"]["pending"] == 2
