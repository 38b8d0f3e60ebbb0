"""A nurse is looking at the dashboard when a patient reports chest pain on a call: the emergent alert
appears without a reload (the agent API, with the call's own token, raised it) and she acknowledges it."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from calls.models import CallStatus, Escalation, EscalationStatus
from calls.tokens import make_agent_token
from tests.factories import TEST_PASSWORD, CallRecordFactory, CallScheduleItemFactory, NurseFactory, PatientFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_emergent_escalation_appears_while_the_nurse_watches(page, artifacts):
    from playwright.sync_api import expect

    nurse = NurseFactory(username="nurse.triage", first_name="Carla", last_name="Espinosa")
    patient = PatientFactory(first_name="Sam", last_name="Rivera")
    call = CallScheduleItemFactory(
        patient=patient, status=CallStatus.IN_PROGRESS, attempts=1, call_type="warning_signs"
    )
    CallRecordFactory(call=call, attempt=1, answered_at=timezone.now())

    page.goto("/login/")
    page.get_by_label("Username").fill(nurse.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/")
    expect(page.locator("#escalation-count")).to_have_text("0")
    expect(page.get_by_role("alert")).to_have_count(0)

    # The voice agent posts the patient's words with its per-call token, as on a real call.
    agent = Client(HTTP_AUTHORIZATION=f"Bearer {make_agent_token(call_id=call.pk, attempt=1)}")
    response = agent.post(
        f"/api/v1/agent/calls/{call.pk}/events/",
        {"event_id": "msg-1", "kind": "turn", "speaker": "patient", "text": "I have chest pain right now."},
        content_type="application/json",
    )
    assert response.status_code == 201

    alert = page.locator("#emergent-alert")
    expect(alert).to_be_visible(timeout=10_000)  # the panel polls every 5 seconds; no reload
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("EMERGENT")
    expect(alert).to_contain_text("Sam Rivera")
    expect(alert).to_contain_text("told to call 911")
    expect(page.locator("#escalation-count")).to_have_text("1")
    box_escalations = page.locator("#escalations").bounding_box()
    box_today = page.locator("#today-heading").bounding_box()
    assert box_escalations["y"] < box_today["y"]  # first thing on the page
    page.screenshot(path=artifacts / "dashboard-emergent.png", full_page=False)

    alert.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_text("You acknowledged the escalation for Sam Rivera.")).to_be_visible()
    expect(page.locator("#emergent-alert")).to_have_count(0)
    expect(page.get_by_text("Acknowledged by Carla Espinosa")).to_be_visible()
    escalation = Escalation.objects.get()
    assert escalation.status == EscalationStatus.ACKNOWLEDGED and escalation.acknowledged_by == nurse
