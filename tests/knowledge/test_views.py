from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from knowledge.models import KnowledgeDocument, Status
from knowledge.rag import lookup_medication_info
from knowledge.services import sample_corpus_load
from postop.roles import CLINICAL_LEAD_GROUP
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
    "procedure_groups": "general",
}
PUBLISH = {"basis": "hospital", "source_title": "Clinic pharmacy handout: gabapentin (2025)", "source_url": ""}


@pytest.fixture
def lead_client(db) -> Client:
    """The clinical lead: reviews and publishes what patients hear."""
    user = UserFactory(username="lead.grace", first_name="Grace", last_name="Ho", is_staff=True)
    user.groups.add(Group.objects.get(name=CLINICAL_LEAD_GROUP))
    client = Client()
    client.force_login(user)
    return client


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
    assert "Knowledge base" in page.text and "Demo content" in page.text and "Published v1" in page.text
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
    assert "The agent would say" in page.text and "Swelling after sclerotherapy or embolization" in page.text
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


def test_a_new_document_is_heard_only_after_a_clinical_lead_publishes_it(nurse_client, lead_client):
    sample_corpus_load()
    response = nurse_client.post(reverse("knowledge:create"), NEW_DOCUMENT)
    assert response.status_code == 302
    doc = KnowledgeDocument.objects.get(slug="gabapentin-for-nerve-pain")
    assert response.url == reverse("knowledge:detail", args=[doc.slug])
    assert doc.status == Status.DRAFT and doc.published_version is None and doc.procedure_groups == ["general"]
    assert not lookup_medication_info("neurontin", "what is it for").found

    assert nurse_client.post(reverse("knowledge:publish", args=[doc.slug]), PUBLISH).status_code == 403
    assert nurse_client.post(reverse("knowledge:submit", args=[doc.slug])).status_code == 302
    doc.refresh_from_db()
    assert doc.status == Status.IN_REVIEW
    assert not lookup_medication_info("neurontin", "what is it for").found
    assert "Review and publish version 1" in lead_client.get(reverse("knowledge:detail", args=[doc.slug])).text

    assert lead_client.post(reverse("knowledge:publish", args=[doc.slug]), PUBLISH).status_code == 302
    doc.refresh_from_db()
    version = doc.published_version
    assert doc.status == Status.PUBLISHED and version.number == 1
    assert version.reviewer_label == "Grace Ho" and version.review_basis == "hospital"
    assert version.review_source_title == PUBLISH["source_title"]
    answer = lookup_medication_info("neurontin", "what is it for")
    assert answer.found and answer.document_ids[0] == doc.pk
    assert "burning or tingling nerve pain" in answer.answer


def test_editing_a_published_document_keeps_patients_on_the_published_version(nurse_client, lead_client):
    sample_corpus_load()
    data = {**NEW_DOCUMENT, "title": "Aspirin", "slug": "aspirin", "topic": "aspirin", "synonyms": "bayer"}
    data["content"] = "Our clinic restarts aspirin two days after treatment."
    assert nurse_client.post(reverse("knowledge:edit", args=["aspirin"]), data).status_code == 302
    doc = KnowledgeDocument.objects.get(slug="aspirin")
    assert doc.status == Status.DRAFT and doc.version == 2 and doc.published_version.number == 1
    assert "two days after treatment" not in lookup_medication_info("bayer", "when do I restart it").answer
    page = lead_client.get(reverse("knowledge:detail", args=["aspirin"]))
    assert "Patients still hear published version 1" in page.text

    publish = {**PUBLISH, "basis": "public", "source_title": "Aspirin (MedlinePlus)"}
    refused = lead_client.post(reverse("knowledge:publish", args=["aspirin"]), publish)
    assert refused.status_code == 400 and "web address" in refused.text
    publish["source_url"] = "https://medlineplus.gov/druginfo/meds/a682878.html"
    assert lead_client.post(reverse("knowledge:publish", args=["aspirin"]), publish).status_code == 302
    assert "two days after treatment" in lookup_medication_info("bayer", "when do I restart it").answer
    assert KnowledgeDocument.objects.get(slug="aspirin").versions.count() == 2


def test_the_form_explains_a_missing_urgency(nurse_client):
    data = {**NEW_DOCUMENT, "category": "symptom"}
    response = nurse_client.post(reverse("knowledge:create"), data)
    assert response.status_code == 200
    assert "Choose how urgent this symptom is" in response.text
    no_groups = nurse_client.post(reverse("knowledge:create"), {**NEW_DOCUMENT, "procedure_groups": " , "})
    assert "Name at least one procedure group" in no_groups.text
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


def test_ask_previews_what_a_patient_of_one_procedure_would_hear(nurse_client):
    sample_corpus_load()
    question = {
        "question": "is some swelling normal?",
        "tool": "symptom",
        "patient_group": "laparoscopic-cholecystectomy",
    }
    page = nurse_client.get(reverse("knowledge:ask"), question)
    assert page.status_code == 200
    assert "Swelling and bruising around an incision" in page.text
    assert "Swelling after sclerotherapy or embolization" not in page.text
