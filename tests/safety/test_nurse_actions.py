"""Nurses acknowledge and resolve escalations (POST, CSRF, calls.change_escalation), and it is all audited."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.test import Client

from calls.models import Escalation, EscalationStatus
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalation(agent):
    agent.patient_says("I have chest pain.")
    return Escalation.objects.get()


def test_a_nurse_acknowledges_then_resolves_with_a_note(escalation, nurse, nurse_client):
    ack = nurse_client.post(f"/calls/escalations/{escalation.pk}/acknowledge/", {"next": "/"})
    assert ack.status_code == 302 and ack["Location"] == "/"
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.ACKNOWLEDGED and escalation.acknowledged_by == nurse
    assert escalation.time_to_acknowledge is not None and escalation.time_to_acknowledge.total_seconds() >= 0
    # Acknowledged emergencies leave the red alert but stay on the list until resolved.
    page = nurse_client.get("/").content.decode()
    assert 'role="alert"' not in page and "Acknowledged by Jackie Peyton" in page

    blank = nurse_client.post(f"/calls/escalations/{escalation.pk}/resolve/", {"note": " "})
    assert blank.status_code == 400 and "Write what you did" in blank.content.decode()
    done = nurse_client.post(f"/calls/escalations/{escalation.pk}/resolve/", {"note": "Spoke with patient; in the ED."})
    assert done.status_code == 302
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.RESOLVED and escalation.resolved_by == nurse
    assert escalation.resolution_note == "Spoke with patient; in the ED."
    assert "No open escalations." in nurse_client.get("/").content.decode()

    entries = LogEntry.objects.get_for_object(escalation).order_by("timestamp", "id")
    assert [e.actor for e in entries] == [None, nurse, nurse]  # raised by the system, then the nurse
    assert entries[2].changes_dict["status"] == ["acknowledged", "resolved"]
    detail = nurse_client.get(f"/calls/escalations/{escalation.pk}/").content.decode()
    assert "status acknowledged → resolved" in detail and "Spoke with patient; in the ED." in detail


def test_resolving_an_open_one_also_records_who_acknowledged(escalation, nurse, nurse_client):
    nurse_client.post(f"/calls/escalations/{escalation.pk}/resolve/", {"note": "Called; fine."})
    escalation.refresh_from_db()
    assert escalation.acknowledged_by == nurse and escalation.acknowledged_at == escalation.resolved_at


def test_a_second_acknowledgement_says_who_was_first(escalation, nurse_client, nurse):
    nurse_client.post(f"/calls/escalations/{escalation.pk}/acknowledge/")
    again = nurse_client.post(f"/calls/escalations/{escalation.pk}/acknowledge/", follow=True)
    assert "already acknowledged by Jackie Peyton" in again.content.decode()


def test_staff_without_the_permission_cannot_act_and_csrf_is_enforced(escalation, nurse):
    clerk = Client()
    clerk.force_login(UserFactory(username="clerk", is_staff=True))
    assert clerk.post(f"/calls/escalations/{escalation.pk}/acknowledge/").status_code == 403
    assert clerk.get("/calls/escalations/").status_code == 403
    assert "escalation-count" not in clerk.get("/").content.decode()

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(nurse)
    assert strict.post(f"/calls/escalations/{escalation.pk}/acknowledge/").status_code == 403
    assert nurse.has_perm("calls.change_escalation")
    escalation.refresh_from_db()
    assert escalation.status == EscalationStatus.OPEN


def test_the_worklist_call_and_patient_pages_show_escalations(escalation, nurse_client):
    listing = nurse_client.get("/calls/escalations/").content.decode()
    assert "Chest pain or pressure" in listing and "EMERGENT" in listing
    assert "Chest pain or pressure" not in nurse_client.get("/calls/escalations/?tier=urgent").content.decode()
    for url in (f"/calls/{escalation.call_id}/", f"/patients/{escalation.patient_id}/"):
        page = nurse_client.get(url).content.decode()
        assert "Chest pain or pressure" in page and "I have chest pain." in page
