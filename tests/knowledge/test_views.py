from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from knowledge.models import KnowledgeDocument
from knowledge.rag import lookup_medication_info
from knowledge.services import sample_corpus_load
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_DOCUMENT = {
    "title": "Gabapentin for nerve pain",
    "slug": "",
    "category": "medication",
    "topic": "gabapentin",
    "synonyms": "neurontin, gabapenton",
    "urgency": "",
    "content": "Gabapentin eases burning or tingling nerve pain. Take it at bedtime at first: it makes you sleepy.",
    "source": "Clinic pharmacist, 2025",
    "active": "on",
    "mark_reviewed": "on",
}


@pytest.fixture
def read_only_staff() -> Client:
    """Clinic staff who may read the knowledge base but not write it."""
    user = UserFactory(username="front.desk", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_knowledgedocument"))
    client = Client()
    client.force_login(user)
    return client


def test_the_list_page_shows_and_searches_documents(nurse_client):
    sample_corpus_load()
    page = nurse_client.get(reverse("knowledge:list"))
    assert page.status_code == 200
    assert "Knowledge base" in page.text and "Sample, needs review" in page.text
    found = nurse_client.get(reverse("knowledge:list"), {"q": "motrin"}, headers={"HX-Request": "true"})
    assert found.status_code == 200
    assert "<h1>" not in found.text  # the fragment only
    assert "Ibuprofen (Motrin, Advil) after the procedure" in found.text
    assert "Bruising after treatment" not in found.text


def test_the_detail_and_form_pages_render(nurse_client):
    sample_corpus_load()
    assert "call 911" in nurse_client.get(reverse("knowledge:detail", args=["bleeding-heavy"])).text
    assert nurse_client.get(reverse("knowledge:create")).status_code == 200
    assert nurse_client.get(reverse("knowledge:edit", args=["bruising"])).status_code == 200


def test_ask_shows_what_the_agent_would_retrieve_and_why(nurse_client):
    sample_corpus_load()
    question = {"question": "my leg is really puffy, is that ok", "tool": "symptom"}
    page = nurse_client.get(reverse("knowledge:ask"), question)
    assert page.status_code == 200
    assert "The agent would say" in page.text and "Swelling after treatment" in page.text
    assert "topic phrase: “puffy”" in page.text
    fragment = nurse_client.get(
        reverse("knowledge:ask"), {"question": "he cant breathe and his chest hurts"}, headers={"HX-Request": "true"}
    )
    assert "<h1>" not in fragment.text
    assert "Emergency: the agent tells the patient to call 911" in fragment.text


def test_ask_about_an_unknown_topic_says_so(nurse_client):
    sample_corpus_load()
    page = nurse_client.get(reverse("knowledge:ask"), {"question": "metformin", "tool": "medication"})
    assert "I don&#x27;t have information about metformin" in page.text


def test_a_nurse_adds_a_document_and_the_agent_finds_it(nurse_client, nurse):
    sample_corpus_load()
    assert not lookup_medication_info("neurontin", "what is it for").found

    response = nurse_client.post(reverse("knowledge:create"), NEW_DOCUMENT)
    assert response.status_code == 302
    doc = KnowledgeDocument.objects.get(slug="gabapentin-for-nerve-pain")
    assert response.url == reverse("knowledge:detail", args=[doc.slug])
    assert doc.reviewed_by == nurse and doc.reviewed_at and not doc.is_sample

    answer = lookup_medication_info("neurontin", "what is it for")
    assert answer.found and answer.document_ids[0] == doc.pk
    assert "burning or tingling nerve pain" in answer.answer


def test_a_nurse_edits_a_document(nurse_client):
    sample_corpus_load()
    data = {**NEW_DOCUMENT, "title": "Aspirin", "slug": "aspirin", "topic": "aspirin", "synonyms": "bayer"}
    data["content"] = "Our clinic restarts aspirin two days after treatment."
    assert nurse_client.post(reverse("knowledge:edit", args=["aspirin"]), data).status_code == 302
    assert "two days after treatment" in lookup_medication_info("bayer", "when do I restart it").answer


def test_the_form_explains_a_missing_urgency(nurse_client):
    data = {**NEW_DOCUMENT, "category": "symptom"}
    response = nurse_client.post(reverse("knowledge:create"), data)
    assert response.status_code == 200
    assert "Choose how urgent this symptom is" in response.text
    assert not KnowledgeDocument.objects.exists()


def test_staff_without_the_add_permission_cannot_add(read_only_staff):
    assert read_only_staff.get(reverse("knowledge:list")).status_code == 200
    assert read_only_staff.get(reverse("knowledge:create")).status_code == 403
    assert read_only_staff.post(reverse("knowledge:create"), NEW_DOCUMENT).status_code == 403
    assert not KnowledgeDocument.objects.exists()


def test_staff_without_the_change_permission_cannot_edit(read_only_staff):
    sample_corpus_load()
    before = KnowledgeDocument.objects.get(slug="aspirin").content
    response = read_only_staff.post(reverse("knowledge:edit", args=["aspirin"]), {**NEW_DOCUMENT, "slug": "aspirin"})
    assert response.status_code == 403
    assert KnowledgeDocument.objects.get(slug="aspirin").content == before


def test_non_staff_and_anonymous_users_are_kept_out(stranger):
    client = Client()
    assert client.get(reverse("knowledge:list")).status_code == 302
    client.force_login(stranger)
    assert client.get(reverse("knowledge:ask")).status_code == 403
