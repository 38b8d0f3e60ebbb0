"""End to end on a live portal: a due call -> process_pending_calls -> execute_followup_call
(simulated) -> the real agent, the scripted model and a scripted patient talk to the portal
over HTTP -> the call's record holds the transcript, responses, extra reminder and outcome.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.models import CallScheduleItem, CallStatus, CallType, CreatedBy
from calls.tasks import process_pending_calls
from tests.factories import CallScheduleItemFactory, DischargeOrderFactory, NurseFactory, PatientFactory

pytestmark = pytest.mark.django_db(transaction=True)

ZONES = [
    "Pacific/Honolulu", "America/Los_Angeles", "America/New_York", "Europe/London", "Europe/Berlin",
    "Asia/Dubai", "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
]  # fmt: skip


def daytime_zone() -> str:
    """A zone where it is now mid-day, so the call is inside its calling window whenever the test runs."""
    now = timezone.now()
    return next(z for z in ZONES if 10 <= now.astimezone(ZoneInfo(z)).hour < 16)


def due_call(call_type: str, prompt: str) -> CallScheduleItem:
    patient = PatientFactory(first_name="Maya", last_name="Okafor", time_zone=daytime_zone())
    order = DischargeOrderFactory(title="Return to school", instructions="Maya may return to school on Monday.")
    return CallScheduleItemFactory(patient=patient, order=order, call_type=call_type, llm_prompt=prompt)


def test_a_due_call_runs_simulated_and_fills_its_record(portal):
    call = due_call(CallType.SCHOOL_RETURN, "You are calling about school. Is Maya ready to go back on Monday?")
    assert process_pending_calls() == 1

    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED
    record = call.records.get()
    assert record.backend == "simulated" and record.outcome == "completed" and record.ended_at is not None
    assert "Reminder call scheduled for" in record.summary

    turns = list(record.turns.order_by("sequence"))
    assert [t.sequence for t in turns] == list(range(1, len(turns) + 1))
    assert turns[0].speaker == "agent" and "automated assistant" in turns[0].text
    assert {"agent", "patient", "tool"} <= {t.speaker for t in turns}
    assert any("could you remind me again tomorrow morning" in t.text for t in turns)
    assert any(t.text.startswith("schedule_reminder_call(") for t in turns)

    [response] = record.responses.all()
    assert (response.question, response.response) == (
        "Is Maya ready to go back on Monday?",
        "Yes, we're ready for that.",
    )

    reminder = CallScheduleItem.objects.get(parent_record=record)
    local = reminder.scheduled_for.astimezone(call.patient.zone)
    today = datetime.now(call.patient.zone).date()
    assert (local.date() - today).days == 1 and (local.hour, local.minute) == (9, 0)
    assert reminder.call_type == CallType.PATIENT_REQUESTED and reminder.created_by == CreatedBy.AGENT
    assert reminder.status == CallStatus.PENDING

    client = Client()
    client.force_login(NurseFactory())
    page = client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert "Simulated" in page
    assert "could you remind me again tomorrow morning" in page
    assert "Yes, we&#x27;re ready for that." in page or "Yes, we're ready for that." in page


def test_no_answer_leaves_a_voicemail_without_health_information(portal):
    call = due_call(CallType.FOLLOWUP_APPOINTMENT, "You are calling about the follow-up visit for the sclerotherapy.")
    process_pending_calls()
    call.refresh_from_db()
    assert call.status == CallStatus.VOICEMAIL
    record = call.records.get()
    voicemail = record.turns.filter(speaker="agent").order_by("sequence").last().text
    assert "Maya" in voicemail and "sclerotherapy" not in voicemail.lower() and "school" not in voicemail.lower()
    assert "Okafor" not in voicemail


def test_a_red_flag_is_escalated_for_a_nurse(portal):
    call = due_call(CallType.WARNING_SIGNS, "You are checking for warning signs. How are you feeling today?")
    process_pending_calls()
    call.refresh_from_db()
    assert call.status == CallStatus.COMPLETED and call.needs_attention
    # "chest pain and trouble breathing": one escalation per red-flag concept, each titled with it.
    escalations = {e.rule_key: e for e in call.escalations.all()}
    assert set(escalations) == {"chest_pain", "shortness_of_breath"}
    assert {e.tier for e in escalations.values()} == {"emergent"}
    assert escalations["chest_pain"].reason == "Chest pain or pressure"
    assert "chest pain" in escalations["chest_pain"].patient_words


def test_an_unreachable_portal_fails_the_attempt_for_retry_and_flags_the_setup(portal, settings, monkeypatch):
    settings.PORTAL_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    monkeypatch.setattr("calls.dialing.simulated.FLUSH_TIMEOUT_SECONDS", 1.0)
    call = due_call(CallType.DISCHARGE_REMINDER, "Has the bandage been removed?")
    process_pending_calls()
    call.refresh_from_db()
    record = call.records.get()
    assert record.outcome == "failed" and record.configuration_problem
    assert "PORTAL_URL" in record.error
    assert call.status == CallStatus.PENDING and call.needs_attention
